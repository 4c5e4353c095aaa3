"""The 栏目使用 tab of a resource's edit view."""

from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, Panel, TabbedInterface

from cluster.models import SiteKind

from . import permissions
from .admin_selectors import placement_rows, responsibility_record
from .views.buttons import resource_buttons


class PlacementsPanel(Panel):
    """Every placement of the resource, with the actions the user may take
    on each. The actions post outside the page form, so they never submit
    (or lose) unsaved edits of the resource itself without warning."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "library/admin/panels/placements.html"

        def is_shown(self):
            # A resource being created has no placements yet.
            return self.instance is not None and self.instance.pk is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            user = self.request.user
            rows = placement_rows(self.instance.placements.all(), user=user, request=self.request)
            portal = next(
                (
                    row.placement.site
                    for row in rows
                    if row.placement.site.kind == SiteKind.PORTAL and row.placement.live
                ),
                None,
            )
            context["rows"] = rows
            context["buttons"] = resource_buttons(
                self.instance,
                user,
                can_syndicate=portal is not None and permissions.user_can_syndicate(user, portal),
            )
            return context


class ResponsibilityPanel(Panel):
    """发布责任: who drafted, entered, approved and published the resource."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "library/admin/panels/responsibility.html"

        def is_shown(self):
            return self.instance is not None and self.instance.pk is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["rows"] = responsibility_record(self.instance)
            return context


def resource_edit_handler(model):
    """The tabs Wagtail gives a page type (内容, 推广, 设置), with 栏目使用
    after 内容, for every resource type at once."""
    if hasattr(model, "edit_handler"):
        return model.edit_handler.bind_to_model(model)
    # The 保密审查 confirmation closes the content tab, right above the
    # publish and submit buttons it is needed for.
    vetting = MultiFieldPanel(
        [
            FieldPanel("secrecy_confirmed"),
            FieldPanel("vetting_override_reason", permission="library.override_vetting"),
        ],
        heading="发布前审查",
    )
    tabs = [
        ObjectList([*model.content_panels, vetting], heading=gettext_lazy("Content")),
        ObjectList(
            [PlacementsPanel(heading="放置的栏目"), ResponsibilityPanel(heading="发布责任")], heading="栏目使用与责任"
        ),
    ]
    if model.promote_panels:
        tabs.append(ObjectList(model.promote_panels, heading=gettext_lazy("Promote")))
    if model.settings_panels:
        tabs.append(ObjectList(model.settings_panels, heading=gettext_lazy("Settings")))
    return TabbedInterface(tabs, base_form_class=model.base_form_class).bind_to_model(model)
