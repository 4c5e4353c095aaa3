"""开放接口 in the admin: API keys (the secret shown once, at creation),
webhook subscriptions, and the log of webhook deliveries."""

from django.db import models
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from .auth import key_generate
from .models import ApiKey, WebhookDelivery, WebhookSubscription


class ApiKeyCreateView(generic.CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        self.key = key_generate(self.form.instance)
        return super().save_instance()

    def save_action(self):
        # Only a hash is kept: this response is the one chance to copy the key.
        return TemplateResponse(
            self.request,
            "api/admin/key_created.html",
            {"api_key": self.object, "key": self.key, "index_url": reverse(self.index_url_name)},
        )


class ApiKeyViewSet(ModelViewSet):
    model = ApiKey
    name = "api_keys"
    icon = "key"
    add_view_class = ApiKeyCreateView
    copy_view_enabled = False
    form_fields = ["name", "contact", "can_read_drafts", "rate_limit", "revoked"]
    list_display = ["name", "prefix", "can_read_drafts", "rate_limit", "revoked", "last_used_at", "created_at"]
    list_filter = ["revoked", "can_read_drafts"]


class WebhookSubscriptionViewSet(ModelViewSet):
    model = WebhookSubscription
    name = "webhook_subscriptions"
    icon = "link-external"
    copy_view_enabled = False
    form_fields = ["name", "url", "secret", "sites", "active"]
    list_display = ["name", "url", "active", "created_at"]

    def formfield_for_dbfield(self, db_field, **kwargs):
        if isinstance(db_field, models.URLField):
            # Typed without a scheme, a receiver's address is taken as https.
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, **kwargs)


class DeliveryLogPolicy(ModelPermissionPolicy):
    """The delivery log is written by the system only: it can be read and
    cleared, never added to or edited."""

    def user_has_permission(self, user, action):
        return action not in ("add", "change") and super().user_has_permission(user, action)


class WebhookDeliveryViewSet(ModelViewSet):
    model = WebhookDelivery
    name = "webhook_deliveries"
    icon = "history"
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        "created_at",
        "event",
        "title",
        "site",
        "subscription",
        "status",
        "attempts",
        "response_status",
        "delivered_at",
    ]
    list_filter = ["status", "event", "subscription"]
    inspect_view_fields = [
        "event",
        "resource_id",
        "title",
        "site",
        "subscription",
        "status",
        "attempts",
        "response_status",
        "last_error",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "delivered_at",
        "payload",
    ]
    form_fields = []


class ApiViewSetGroup(ViewSetGroup):
    menu_label = "开放接口"
    menu_icon = "code"
    items = (ApiKeyViewSet, WebhookSubscriptionViewSet, WebhookDeliveryViewSet)
