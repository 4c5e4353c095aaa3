"""The library's actions on a resource, as buttons for the page header, the
page explorer, the 资源库 listing and the 栏目使用 tab."""

from django.urls import reverse
from django.utils.http import urlencode
from wagtail.admin.widgets.button import Button

from .. import permissions


def _url(name: str, resource, next_url: str | None) -> str:
    url = reverse(name, args=[resource.pk])
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def resource_buttons(resource, user, *, next_url=None, can_syndicate=False, priority=90) -> list[Button]:
    """放置到栏目 and 报送 for a resource the user works with, and 转载 when
    the caller has found that the user may syndicate it (that takes a query
    a listing makes once, not once per row)."""
    buttons = []
    if permissions.user_can_use_resource(user, resource):
        buttons.append(
            Button(
                "放置到栏目",
                _url("library:place", resource, next_url),
                icon_name="folder-open-1",
                priority=priority,
            )
        )
    if can_syndicate:
        buttons.append(
            Button(
                "转载到子网站",
                _url("library:syndicate", resource, next_url),
                icon_name="resubmit",
                priority=priority + 1,
            )
        )
    if user.unit_id and permissions.user_can_use_resource(user, resource):
        buttons.append(
            Button(
                "报送",
                _url("library:submit", resource, next_url),
                icon_name="upload",
                priority=priority + 2,
            )
        )
    return buttons
