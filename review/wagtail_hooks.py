from django.contrib import messages
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from wagtail import hooks
from wagtail.models import Page

from library.models import Resource

from .services import publication_problems


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_of_uncleared_content(request, action_type, objects, action_class_instance):
    """Bulk publishing passes the same gate as the editor's publish button;
    refusing here names every item and why, instead of failing half-way."""
    if action_type != "publish" or not issubclass(action_class_instance.model, Page):
        return None
    refused = []
    for resource in Resource.objects.filter(pk__in=[page.pk for page in objects]):
        problems = publication_problems(resource=resource.get_latest_revision_as_object(), user=request.user)
        if problems:
            refused.append(f"“{resource.title}”:{';'.join(problems)}")
    if not refused:
        return None
    messages.error(request, f"未发布任何信息。以下{len(refused)}条须先在编辑页处理:{' '.join(refused)}")
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "wagtailadmin_home"
    return redirect(next_url)
