"""RSS 2.0 and Atom feeds of each site and of each of its columns (内容推送):
the newest items the site shows, each linking to its page there. The site is
the one whose domain the request reached."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from library.routing import placement_path
from library.selectors import column_placements

from . import selectors
from .representation import SiteLinks

ITEMS = 30


def _newest(placements) -> list:
    """The newest ``ITEMS`` resources, each once (a resource in two columns
    of a site is one item, at its first placement)."""
    seen, items = set(), []
    newest = placements.select_related("site").order_by("-resource__first_published_at", "-id")
    for placement in newest[: ITEMS * 2]:
        if placement.resource_id not in seen:
            seen.add(placement.resource_id)
            items.append(placement)
    return items[:ITEMS]


class SiteFeed(Feed):
    """The newest items published anywhere on the site."""

    def get_object(self, request):
        record = selectors.site_for_request(request)
        if record is None:
            raise Http404
        return record

    def title(self, record):
        return record.name

    def link(self, record):
        return "/"

    def description(self, record):
        return f"{record.name}最新发布的信息"

    def feed_url(self, record):
        return None

    def items(self, record):
        return self._present(_newest(selectors.placements_shown().filter(site=record)), record)

    @staticmethod
    def _present(placements, record) -> list:
        links = SiteLinks(record)
        for placement in placements:
            column_url = links.page(placement.column)
            placement.page_url = placement_path(column_url, placement.resource_id) if column_url else None
        return placements

    def item_title(self, placement):
        resource = placement.resource
        if placement.site.archived_at:
            return f"{resource.title}(已归档)"
        if resource.is_expired:
            return f"{resource.title}(已失效)"
        return resource.title

    def item_description(self, placement):
        return placement.resource.summary

    def item_link(self, placement):
        return placement.page_url

    def item_guid(self, placement):
        return placement.page_url

    def item_pubdate(self, placement):
        return timezone.localtime(placement.resource.first_published_at)

    def item_updateddate(self, placement):
        return timezone.localtime(placement.resource.last_published_at)

    def item_author_name(self, placement):
        return placement.resource.content_source

    def item_categories(self, placement):
        return [placement.column.title]


class SiteAtomFeed(SiteFeed):
    feed_type = Atom1Feed

    def subtitle(self, record):
        return self.description(record)


class ColumnFeed(SiteFeed):
    """The newest items of one column of the site, aggregated ones included."""

    def get_object(self, request, column_id):
        record = super().get_object(request)
        column = selectors.column_find(column_id)
        if column is None or not column.live or not column.path.startswith(record.site.root_page.path):
            raise Http404
        column.record = record
        return column

    def title(self, column):
        return f"{column.record.name} - {column.title}"

    def link(self, column):
        return column.get_url()

    def description(self, column):
        return f"{column.record.name}“{column.title}”栏目最新发布的信息"

    def items(self, column):
        shown = column_placements(column).filter(site_id__in=selectors.public_site_ids())
        return self._present(_newest(shown), column.record)


class ColumnAtomFeed(ColumnFeed):
    feed_type = Atom1Feed

    def subtitle(self, column):
        return self.description(column)
