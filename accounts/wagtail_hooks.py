from django.contrib.auth import get_user_model
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import selectors
from .views import privilege_refused, two_factor_settings


@hooks.register("register_admin_urls")
def two_factor_urls():
    return [path("two-factor/", two_factor_settings, name="two_factor")]


@hooks.register("register_settings_menu_item")
def two_factor_menu_item():
    return MenuItem("两步验证", reverse("two_factor"), icon_name="key", order=990)


@hooks.register("before_bulk_action")
def refuse_bulk_grants(request, action_type, objects, action_class_instance):
    """The user listing's bulk actions (assign a group, deactivate, delete)
    follow the user editor's rule: superusers and platform administrators,
    and the groups that manage accounts, are for superusers to change."""
    if request.user.is_superuser or not issubclass(action_class_instance.model, get_user_model()):
        return None
    role = action_class_instance.cleaned_form.cleaned_data.get("role") if action_type == "assign_role" else None
    granting = role is not None and selectors.privileged_groups().filter(pk=role.pk).exists()
    privileged = [user for user in objects if user.pk != request.user.pk and selectors.user_is_privileged(user)]
    if not granting and not privileged:
        return None
    return privilege_refused(
        request,
        target=role if granting else privileged[0],
        attempted=[f"bulk_{action_type}"],
        message="只有超级管理员可以授予“平台管理员”等管理用户组,或批量修改超级管理员和平台管理员的账号。",
        back_url=reverse("wagtailusers_users:index"),
    )
