"""Which Wagtail Site rows route to which government website.

A website answers on several hostnames (English domain, Chinese domain in
punycode, extra domains, and on a developer's machine ``<domain>.localhost``);
each is a Wagtail ``Site`` sharing the website's home page, so Wagtail's own
routing serves them all. Links to another website use its canonical root:
the English domain, or its local alias where ``LOCAL_DOMAIN_SUFFIX`` is set."""

from django.conf import settings
from django.core.cache import cache
from wagtail.models import Site

from core import cache as generational

# Cache namespace of everything derived from the registry and column trees;
# signal_handlers bumps it when any of them changes.
NAMESPACE = "cluster"


def local_hostname(hostname: str) -> str | None:
    suffix = settings.LOCAL_DOMAIN_SUFFIX
    return f"{hostname}.{suffix}" if suffix else None


def _canonical_roots() -> dict[int, tuple[int, str]]:
    from .models import SiteRecord

    sites = list(Site.objects.all())
    by_hostname = {site.hostname: site for site in sites}
    canonical_by_root = {}
    for record in SiteRecord.objects.select_related("site"):
        site = by_hostname.get(local_hostname(record.site.hostname) or "", record.site)
        canonical_by_root[record.site.root_page_id] = (site.pk, site.root_url)
    return {site.pk: canonical_by_root[site.root_page_id] for site in sites if site.root_page_id in canonical_by_root}


def canonical_root(site_id: int, *, default: tuple[int, str]) -> tuple[int, str]:
    """(site id, root URL) to use for links into the website of ``site_id``."""
    key = generational.key(NAMESPACE, "canonical-roots")
    roots = cache.get(key)
    if roots is None:
        roots = _canonical_roots()
        cache.set(key, roots, 3600)
    return roots.get(site_id, default)
