from django.core.management.base import BaseCommand, CommandError

from demo.loader import load_demo


class Command(BaseCommand):
    help = "Build the Jingdezhen demo cluster (idempotent: a second run changes nothing)."

    def handle(self, *args, **options):
        try:
            load_demo(log=self.stdout.write)
        except Exception as exc:
            raise CommandError(f"演示站群加载失败:{exc}") from exc
        self.stdout.write(self.style.SUCCESS("演示站群已就绪。"))
