"""Reads of the site registry and column trees for public pages."""

from dataclasses import dataclass, field

from django.core.cache import cache
from wagtail.models import Site

from core import cache as generational

from .models import ColumnPage, SiteRecord
from .models.pages import HOME_DEPTH
from .routing import NAMESPACE


@dataclass(frozen=True)
class ColumnNode:
    id: int
    path: str
    depth: int
    title: str
    url: str
    external: bool
    column_type: str


@dataclass
class ColumnTree:
    """A site's live columns, enough to draw navigation and breadcrumbs
    without a query per column."""

    home_path: str
    nodes: list[ColumnNode] = field(default_factory=list)

    def __post_init__(self):
        self._by_path = {node.path: node for node in self.nodes}

    def children(self, path: str | None = None) -> list[ColumnNode]:
        parent = path or self.home_path
        depth = len(parent) // 4 + 1
        return [n for n in self.nodes if n.depth == depth and n.path.startswith(parent)]

    def ancestors(self, path: str) -> list[ColumnNode]:
        """Columns from level 1 down to the column at ``path``, inclusive."""
        return [
            self._by_path[path[:end]]
            for end in range(len(self.home_path) + 4, len(path) + 1, 4)
            if path[:end] in self._by_path
        ]

    def section(self, path: str) -> ColumnNode | None:
        chain = self.ancestors(path)
        return chain[0] if chain else None


def _build_tree(home) -> ColumnTree:
    columns = (
        ColumnPage.objects.live()
        .descendant_of(home)
        .order_by("path")
        .only("id", "path", "depth", "title", "url_path", "mode", "link_url", "column_type")
    )
    prefix = len(home.url_path) - 1
    nodes = [
        ColumnNode(
            id=c.id,
            path=c.path,
            depth=c.depth,
            title=c.title,
            url=c.nav_url or c.url_path[prefix:],
            external=bool(c.nav_url),
            column_type=c.column_type,
        )
        for c in columns
    ]
    return ColumnTree(home_path=home.path, nodes=nodes)


def column_tree(home) -> ColumnTree:
    key = generational.key(NAMESPACE, "tree", home.pk)
    tree = cache.get(key)
    if tree is None:
        tree = _build_tree(home)
        cache.set(key, tree, 3600)
    return tree


def site_record_for_home_path(home_path: str) -> SiteRecord | None:
    """The website whose home page has tree path ``home_path``."""
    key = generational.key(NAMESPACE, "record", home_path)
    record = cache.get(key)
    if record is None:
        record = (
            SiteRecord.objects.select_related("site__root_page", "unit", "host_unit", "operator_unit", "parent__site")
            .filter(site__root_page__path=home_path)
            .first()
        )
        cache.set(key, record, 3600)
    return record


def site_record_for_page(page) -> SiteRecord | None:
    return site_record_for_home_path(page.path[: HOME_DEPTH * page.steplen])


def site_record_for_request(request) -> SiteRecord | None:
    site = Site.find_for_request(request)
    return site_record_for_home_path(site.root_page.path) if site else None
