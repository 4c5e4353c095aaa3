"""Rich text is cleaned on save, whoever wrote it (editor, API, import): only
the elements and attributes of Wagtail's rich-text format survive, so no
script, event handler or javascript: URL can reach a page."""

import nh3
from wagtail.fields import RichTextField

TAGS = {
    "a", "b", "blockquote", "br", "code", "div", "em", "embed", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p",
    "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ATTRIBUTES = {
    # Wagtail's stored format links pages and documents by id and embeds images by id.
    "a": {"href", "linktype", "id", "title"},
    "embed": {"embedtype", "id", "format", "alt", "url"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(html: str) -> str:
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None)


def sanitize_rich_text_fields(instance) -> None:
    for field in instance._meta.concrete_fields:
        if isinstance(field, RichTextField):
            value = getattr(instance, field.attname)
            if value:
                setattr(instance, field.attname, sanitize_html(value))
