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


def user_in(unit: str, *, role: str = "editor", username: str | None = None, **fields):
    """An account of ``unit`` in its 编辑 (editor) or 审核 (reviewer) group."""
    from accounts.models import User
    from accounts.roles import unit_roles_ensure

    org = OrgUnit.objects.get(short_name=unit)
    editors, reviewers = unit_roles_ensure(org)
    count = User.objects.count()
    user = User.objects.create_user(
        username=username or f"{role}-{org.pk}-{count}",
        password="Pw-2026-test",
        unit=org,
        real_name=fields.pop("real_name", f"{unit}{role}"),
        mobile=fields.pop("mobile", f"139{count:08d}"),
        **fields,
    )
    user.groups.add(editors if role == "editor" else reviewers)
    return user


def portal_reviewer(stage: int):
    """The demo account of 附件2 stage 1 (经办人), 2 (科室科长) or 3 (分管领导)."""
    from accounts.models import User

    return User.objects.get(username=("shuju-jingban", "shuju-kezhang", "shuju-fenguan")[stage - 1])
