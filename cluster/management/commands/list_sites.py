from django.core.management.base import BaseCommand

from cluster import routing
from cluster.models import SiteRecord


class Command(BaseCommand):
    help = "List every website of the cluster with the URL to open it and its domains."

    def handle(self, *args, **options):
        records = list(SiteRecord.objects.select_related("site", "unit").order_by("sort_order", "id"))
        if not records:
            self.stdout.write("站群中还没有网站:先运行 python manage.py load_demo。")
            return
        width = max(len(r.name) for r in records)
        for record in records:
            url = self._url(record.domain)
            domains = "、".join([record.domain, record.chinese_domain, *record.extra_domains]).strip("、")
            self.stdout.write(f"{record.name:\u3000<{width}}  {url:<42} [{record.get_status_display()}] {domains}")
        portal = records[0]
        self.stdout.write(f"\n管理后台: {self._url(portal.domain)}admin/")

    @staticmethod
    def _url(domain: str) -> str:
        from django.conf import settings

        local = routing.local_hostname(domain)
        if local:
            return f"http://{local}:{settings.LOCAL_DOMAIN_PORT}/"
        return f"https://{domain}/"
