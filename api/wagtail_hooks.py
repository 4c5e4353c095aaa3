from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import WebhookDelivery
from .viewsets import ApiViewSetGroup, DeliveryLogPolicy

register_permission_policy(WebhookDelivery, DeliveryLogPolicy(WebhookDelivery))


@hooks.register("register_admin_viewset")
def register_api_viewsets():
    return ApiViewSetGroup()
