from urllib.parse import quote

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def placement_url(context, placement):
    """The page of a placed resource, under its column on its own site."""
    column_url = placement.column.get_url(context.get("request"))
    return f"{column_url}{placement.resource_id}/" if column_url else ""


@register.simple_tag(takes_context=True)
def error_report_url(context, record):
    """我为政府网站找错: the national error-report form for this page."""
    request = context.get("request")
    if not record:
        return ""
    page_url = request.build_absolute_uri() if request else ""
    return f"https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code={record.site_code}&url={quote(page_url, safe='')}"


@register.filter
def pubdate(value):
    """PubDate as national checks read it: YYYY-MM-DD HH:MM, local time."""
    from django.utils import timezone

    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


@register.filter
def get_item(mapping, key):
    return mapping.get(key, [])


@register.filter
def within(path, node_path):
    """Whether the page at ``path`` is the column at ``node_path`` or below it."""
    return path.startswith(node_path)


@register.simple_tag(takes_context=True)
def current_site_record(context):
    """The website a request reached, for pages rendered outside a page
    model such as the 404 page."""
    from cluster.selectors import site_record_for_request

    request = context.get("request")
    return site_record_for_request(request) if request else None
