from django.db import models
from wagtail.models import Page


class LibraryRoot(Page):
    """统一信息资源库: the page-tree root every resource lives under. It is no
    site's root, so nothing here is public until it is placed in a column."""

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["library.UnitLibrary"]
    max_count = 1
    # A folder of the library is never a public page, so there is nothing to preview.
    preview_modes = []

    class Meta:
        verbose_name = "信息资源库"


class UnitLibrary(Page):
    """One unit's shelf of the library: resources entered by that unit.
    Page permissions and workflows attach here, one unit at a time."""

    unit = models.OneToOneField("units.OrgUnit", verbose_name="单位", on_delete=models.PROTECT, related_name="library")

    parent_page_types = ["library.LibraryRoot"]
    preview_modes = []
    subpage_types = [
        "library.Article",
        "library.Notice",
        "library.PolicyDocument",
        "library.PolicyInterpretation",
        "library.ServiceGuide",
        "library.LinkResource",
        "library.Overview",
        "library.OrgFunctions",
        "library.LeaderProfile",
        "library.SpecialTopic",
    ]

    class Meta:
        verbose_name = "单位资源库"
        verbose_name_plural = "单位资源库"
