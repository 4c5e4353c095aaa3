from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import two_factor_settings


@hooks.register("register_admin_urls")
def two_factor_urls():
    return [path("two-factor/", two_factor_settings, name="two_factor")]


@hooks.register("register_settings_menu_item")
def two_factor_menu_item():
    return MenuItem("两步验证", reverse("two_factor"), icon_name="key", order=990)
