"""What the operator's admin views share: forms whose save goes through an
app's service function, which validates the whole change again and may
refuse it as a whole."""

import functools

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.shortcuts import render
from django.urls import path
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy


def add_service_errors(form: Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: each message beside its field
    when the form has that field, above the form otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class ServiceSaveMixin:
    """For Wagtail's generic create and edit views: ``save_instance`` calls a
    service instead of saving the form's instance. The service runs in its
    own transaction, so when it refuses (``ValidationError``) nothing has
    been written, and the form is shown again with the service's reasons.
    The change is entered in the object's history as Wagtail's own save would."""

    log_action = "wagtail.edit"

    def form_valid(self, form):
        self.form = form
        try:
            self.object = self.save_instance()
        except ValidationError as error:
            add_service_errors(form, error)
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        log(self.object, self.log_action, user=self.request.user, content_changed=True)
        response = self.save_action()
        return self.run_after_hook() or response


class KeepRecordsPolicy(ModelPermissionPolicy):
    """For registries whose rows are never deleted from the admin: a website
    closes for good as 永久下线 and stays readable as an archive (第七条),
    and a unit is referred to by sites, columns, accounts and the library."""

    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)


def _refusal(request, refusal: PermissionDenied):
    reason = str(refusal) or "此页面仅供平台管理员(市政数局)使用,您没有权限访问。"
    return render(request, "core/admin/forbidden.html", {"reason": reason}, status=403)


def forbidden_as_403(view):
    """Answer a refused request with 403 and the reason. Wagtail's admin turns
    a PermissionDenied into a redirect to the dashboard, which tells neither
    the browser nor a script that the request was refused."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as refusal:
            return _refusal(request, refusal)

    return wrapped


class ForbiddenViewSetMixin:
    """Every view of a viewset, its own views of ``get_extra_urlpatterns``
    included, answers a refusal with 403 (see ``forbidden_as_403``)."""

    def get_extra_urlpatterns(self) -> list:
        return []

    def get_urlpatterns(self):
        return [
            path(str(pattern.pattern), forbidden_as_403(pattern.callback), name=pattern.name)
            for pattern in [*super().get_urlpatterns(), *self.get_extra_urlpatterns()]
        ]
