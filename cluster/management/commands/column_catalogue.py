from django.core.management.base import BaseCommand, CommandError

from cluster import domains
from cluster.catalogue import catalogue_render, catalogue_rows
from cluster.models import SiteRecord


class Command(BaseCommand):
    help = "Print a site's 栏目设置及内容保障责任目录 (column catalogue) as JSON or CSV."

    def add_arguments(self, parser):
        parser.add_argument("--site", required=True, help="the site's English or Chinese domain, e.g. www.jdz.gov.cn")
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args, site, format, **options):
        hostname = domains.normalize(site)
        record = (
            SiteRecord.objects.filter(domain=hostname).first()
            or SiteRecord.objects.filter(chinese_domain=domains.to_unicode(hostname)).first()
        )
        if record is None:
            raise CommandError(f"没有域名为 {site} 的网站:用 python manage.py list_sites 查看站群中的网站。")
        self.stdout.write(catalogue_render(catalogue_rows(record), format))
