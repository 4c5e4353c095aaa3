"""Wagtail's scheduled publishing, with the vetting gate asked first: a
scheduled revision that may no longer go live (a word added to the
sensitive-word list since, a blocked link) is taken off the schedule with
the reason reported, and every other scheduled item still goes live."""

from django.utils import timezone
from wagtail.management.commands.publish_scheduled import Command as WagtailCommand
from wagtail.models import Revision

from library.exceptions import PublishingRefused
from library.models import Resource
from library.signals import resource_publishing


class Command(WagtailCommand):
    def handle(self, *args, **options):
        if not options.get("dryrun"):
            self._unschedule_refused()
        super().handle(*args, **options)

    def _unschedule_refused(self):
        due = Revision.objects.filter(approved_go_live_at__lt=timezone.now())
        for revision in due:
            content = revision.as_object()
            if not isinstance(content, Resource):
                continue
            try:
                resource_publishing.send(sender=type(content), resource=content, user=None)
            except PublishingRefused as refused:
                revision.approved_go_live_at = None
                revision.save(update_fields=["approved_go_live_at"])
                self.stderr.write(f"未定时发布“{content.title}”:{refused}")
