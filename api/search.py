"""The site search (sitesearch.selectors.search, the one the search box
uses) over a limit/offset window, which may straddle two of its pages."""

from sitesearch.selectors import SearchFilters, SearchResults, search


def search_window(*, query: str, site, filters: SearchFilters, limit: int, offset: int) -> SearchResults:
    """The ``limit`` hits from ``offset`` on, as one SearchResults."""
    number, skip = divmod(offset, limit)

    def page(n: int) -> SearchResults:
        return search(query=query, site=site, filters=filters, page=n + 1, per_page=limit, clamp_page=False)

    found = page(number)
    hits = list(found.hits)[skip:]
    if skip and len(hits) < limit and found.total > offset + len(hits):
        hits += list(page(number + 1).hits)[: limit - len(hits)]
    found.page.object_list = hits
    return found
