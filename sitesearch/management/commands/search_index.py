from django.core.management.base import BaseCommand

from sitesearch import services
from sitesearch.models import SearchEntry


class Command(BaseCommand):
    help = (
        "Index search entries still marked as pending (after a search engine outage); run it from cron. "
        "--refresh derives every entry from the library first; --rebuild builds the index from scratch."
    )

    def add_arguments(self, parser):
        parser.add_argument("--refresh", action="store_true", help="derive every search entry again from the library")
        parser.add_argument(
            "--rebuild", action="store_true", help="build the index from scratch (alias swap on engines)"
        )

    def handle(self, *args, refresh=False, rebuild=False, **options):
        if refresh:
            services.entries_refresh_all()
        if rebuild:
            count = services.index_rebuild()
            self.stdout.write(f"search index rebuilt with {count} entries")
        else:
            count = services.entries_index_pending()
            self.stdout.write(f"{count} pending search entries indexed")
        left = SearchEntry.objects.pending().count()
        if left:
            self.stderr.write(f"{left} search entries are still pending: is the search engine reachable?")
            raise SystemExit(1)
