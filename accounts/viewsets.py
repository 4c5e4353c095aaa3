"""Wagtail's user and group admin with real-name account forms, where only
superusers hand out the powers of a superuser or a platform administrator."""

from django.contrib import messages
from django.urls import reverse
from wagtail.users.views import groups, users

from . import selectors
from .forms import GroupForm, UserCreationForm, UserEditForm, privilege_refusals
from .services import privilege_refusal_record
from .views import privilege_refused


class _RefusalsMixin:
    """Hands the acting user to the form, and audits the powers it refused."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "actor": self.request.user}

    def form_invalid(self, form):
        refusals = privilege_refusals(form)
        if refusals:
            privilege_refusal_record(
                actor=self.request.user, target=form.instance, attempted=list(refusals), request=self.request
            )
            # Said at the top as well: the group form's permission table shows no field errors.
            for reasons in refusals.values():
                for reason in reasons:
                    messages.error(self.request, reason)
        return super().form_invalid(form)


class UserCreateView(_RefusalsMixin, users.CreateView):
    pass


class UserEditView(_RefusalsMixin, users.EditView):
    def dispatch(self, request, *args, **kwargs):
        if not selectors.user_can_edit_account(actor=request.user, target=self.object):
            return privilege_refused(
                request,
                target=self.object,
                attempted=["edit_account"],
                message="只有超级管理员可以修改超级管理员和平台管理员的账号,包括其密码、邮箱和用户组。",
                back_url=reverse("wagtailusers_users:index"),
            )
        return super().dispatch(request, *args, **kwargs)


class UserViewSet(users.UserViewSet):
    add_view_class = UserCreateView
    edit_view_class = UserEditView

    def get_form_class(self, for_update=False):
        return UserEditForm if for_update else UserCreationForm


class GroupCreateView(_RefusalsMixin, groups.CreateView):
    pass


class GroupEditView(_RefusalsMixin, groups.EditView):
    def dispatch(self, request, *args, **kwargs):
        group = self.get_object()
        if not selectors.user_can_edit_group(actor=request.user, group=group):
            return privilege_refused(
                request,
                target=group,
                attempted=["edit_group"],
                message="只有超级管理员可以修改平台管理员等可以管理账号或用户组的用户组。",
                back_url=reverse("wagtailusers_groups:index"),
            )
        return super().dispatch(request, *args, **kwargs)


class GroupViewSet(groups.GroupViewSet):
    add_view_class = GroupCreateView
    edit_view_class = GroupEditView

    def get_form_class(self, for_update=False):
        return GroupForm
