"""编辑指南: docs/EDITORS.md, the editors' and reviewers' guide, shown in
the admin so that 帮助 leads to this platform's way of working rather than
Wagtail's English guide."""

from functools import lru_cache
from pathlib import Path

import markdown
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.views.generic import TemplateView
from markdown.extensions.toc import slugify_unicode
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

GUIDE = Path(settings.BASE_DIR) / "docs" / "EDITORS.md"


@lru_cache(maxsize=1)
def _render(mtime: float) -> tuple[SafeString, SafeString]:
    """The guide's body and table of contents as HTML, rendered again only
    when the file changes. The file is part of this repository, written by
    its maintainers, so its HTML is trusted as any template is."""
    converter = markdown.Markdown(
        extensions=["tables", "sane_lists", "toc"],
        # Headings are Chinese: keep them in the anchors rather than "_1".
        extension_configs={"toc": {"slugify": slugify_unicode, "toc_depth": "2-2"}},
    )
    body = converter.convert(GUIDE.read_text(encoding="utf-8"))
    return mark_safe(body), mark_safe(converter.toc)  # noqa: S308 - see above


def guide_html() -> tuple[SafeString, SafeString]:
    return _render(GUIDE.stat().st_mtime)


class EditorsGuideView(WagtailAdminTemplateMixin, TemplateView):
    page_title = "编辑指南"
    header_icon = "help"
    template_name = "library/admin/guide.html"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        body, toc = guide_html()
        return {**super().get_context_data(**kwargs), "guide": body, "toc": toc}
