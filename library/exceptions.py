from django.core.exceptions import PermissionDenied


class PublishingRefused(PermissionDenied):
    """The content may not go live: the reasons are for the person who tried,
    in words they can act on. A permission error, so a route that does not
    catch it answers 403 rather than failing."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__(";".join(self.problems))
