"""Builders for test data, going through the same services as the admin."""

from cluster.models import ColumnPage, SiteRecord
from library.models import Article
from library.services import placement_create, resource_create
from units.models import OrgUnit


def portal():
    return SiteRecord.objects.get(domain="www.jdz.gov.cn")


def column(domain: str, path: str) -> ColumnPage:
    """The column of site ``domain`` at ``path`` (names from level 1, '/'-joined)."""
    parent = SiteRecord.objects.get(domain=domain).site.root_page
    for name in path.split("/"):
        parent = ColumnPage.objects.child_of(parent).get(title=name)
    return parent


def article(*, unit: str = "市政数局", title: str = "测试新闻", body: str = "<p>正文</p>", **fields) -> Article:
    return resource_create(
        resource=Article(title=title, unit=OrgUnit.objects.get(short_name=unit), body=body, **fields)
    )


def placed_article(domain: str, path: str, **fields) -> Article:
    resource = article(**fields)
    placement_create(resource=resource, column=column(domain, path))
    return resource
