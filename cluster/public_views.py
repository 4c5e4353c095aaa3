"""The public views of a site's home page and columns that show content.

What a column lists and which resource a ``<column>/<id>/`` URL shows belong
to the library, which sits above this app; it provides those views here when
it is ready (``library.apps``), so this app never imports it."""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

HOME_INDEX = "home_index"
COLUMN_INDEX = "column_index"
COLUMN_DETAIL = "column_detail"

_views: dict[str, Callable] = {}


def provide(name: str, view: Callable) -> None:
    _views[name] = view


def view(name: str) -> Callable:
    try:
        return _views[name]
    except KeyError:
        raise ImproperlyConfigured(f"No installed app provides the public view {name!r} of a site.") from None
