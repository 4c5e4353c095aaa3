"""Bulk creation of library articles for benchmarks.

Entering resources one by one through treebeard costs a page save, a revision
and a publish each; a benchmark that needs tens of thousands of them builds
the page tree rows directly (paths computed the way treebeard would) and
inserts the multi-table rows with one statement per table and batch."""

import itertools

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Locale, Page

from library.models import Article
from library.services import unit_library
from units.models import OrgUnit

BATCH = 2000


def _rows(table: str, columns: list[str], rows: list[tuple]) -> None:
    placeholders = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", rows)  # noqa: S608


@transaction.atomic
def articles_bulk_create(*, unit: OrgUnit, titles_and_bodies, published_at=None) -> list[int]:
    """Create live Article pages under ``unit``'s shelf; returns their ids."""
    shelf = unit_library(unit)
    content_type = ContentType.objects.get_for_model(Article)
    locale = Locale.get_default()
    now = published_at or timezone.now()
    start = shelf.numchild
    created: list[int] = []
    items = iter(titles_and_bodies)
    while batch := list(itertools.islice(items, BATCH)):
        pages = []
        for offset, (title, _body) in enumerate(batch, start=start + len(created) + 1):
            path = Page._get_path(shelf.path, shelf.depth + 1, offset)
            slug = f"bulk-{offset}"
            pages.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    path=path,
                    depth=shelf.depth + 1,
                    numchild=0,
                    url_path=f"{shelf.url_path}{slug}/",
                    content_type=content_type,
                    locale=locale,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                )
            )
        Page.objects.bulk_create(pages)
        ids = list(Page.objects.filter(path__in=[p.path for p in pages]).order_by("path").values_list("id", flat=True))
        _rows(
            "library_resource",
            ["page_ptr_id", "unit_id", "source", "drafter", "summary", "after_expiry"],
            [(pk, unit.pk, "", "", "", "mark") for pk in ids],
        )
        _rows(
            "library_article",
            ["resource_ptr_id", "author", "body"],
            [(pk, "", body) for pk, (_, body) in zip(ids, batch, strict=True)],
        )
        created.extend(ids)
    Page.objects.filter(pk=shelf.pk).update(numchild=start + len(created))
    return created
