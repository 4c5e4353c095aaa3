"""The checks the editor form asks before a resource is published or sent for
review: sensitive words, blocked links and the 保密审查 clearance. They are
the ``review`` app's, which sits above the library and registers them here
when it is ready (``review.apps``), as it answers the publishing gate
(``library.signals.resource_publishing``)."""

from dataclasses import dataclass
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured


class Vetting(Protocol):
    def vetting_problems(self, *, resource, user, override_reason: str = "") -> list[str]: ...

    def clearance_record(self, *, resource, user, override_reason: str = "") -> Any: ...

    def publication_problems(self, *, resource, user=None) -> list[str]: ...


@dataclass
class _Registry:
    vetting: Vetting | None = None


_registry = _Registry()


def register(vetting: Vetting) -> None:
    _registry.vetting = vetting


def vetting() -> Vetting:
    if _registry.vetting is None:
        raise ImproperlyConfigured("No installed app vets resources before they are published.")
    return _registry.vetting
