"""报送: proposing a resource for a 信息报送 column, the reviewers' listing
with 采用 / 退回, and the submitting unit's own listing of outcomes."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.tables import BaseColumn, Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from .. import permissions
from ..admin_selectors import column_labels, review_stages, submissions_for_review, submissions_of
from ..forms import ReviewForm, SubmitForm, add_service_error
from ..models import Submission, SubmissionStatus
from ..models.submissions import DECLARATION
from ..selectors import submission_columns
from ..services import submission_approve, submission_create, submission_reject
from .base import RefusalMixin, ResourceFormView, resource_edit_url


class SubmitView(ResourceFormView):
    """报送: propose one of the unit's resources for a 信息报送 column (部门动态,
    县区动态 …); it appears there once the column's reviewers accept it."""

    form_class = SubmitForm
    template_name = "library/admin/submit.html"
    page_title = "报送"
    header_icon = "upload"
    submit_button_label = "报送"

    def check_permission(self):
        user = self.request.user
        if user.unit_id is None or not permissions.user_can_use_resource(user, self.resource):
            raise PermissionDenied("只有登记了所属单位的账号才能报送,且只能报送本单位的信息资源。")

    @cached_property
    def columns(self):
        return submission_columns(unit=self.request.user.unit)

    @cached_property
    def history(self):
        return list(self.resource.submissions.select_related("column").order_by("-submitted_at"))

    @cached_property
    def labels(self):
        return column_labels([*self.columns, *(submission.column for submission in self.history)])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "columns": self.columns, "labels": self.labels}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = [(submission, self.labels[submission.column_id]) for submission in self.history]
        return context

    def get_initial(self):
        user = self.request.user
        return {"contact_name": user.get_full_name(), "contact_phone": user.mobile, "summary": self.resource.title}

    def form_valid(self, form):
        column = form.cleaned_data["column"]
        try:
            submission_create(resource=self.resource, user=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已报送到“{self.labels[column.pk]}”,等待审核。")
        return redirect(self.get_success_url())


class ColumnLabelsMixin:
    """Label each listed submission's column, in one query for the page."""

    def get_table(self, object_list):
        object_list = list(object_list)
        labels = column_labels(submission.column for submission in object_list)
        for submission in object_list:
            submission.column_label = labels[submission.column_id]
        return super().get_table(object_list)


class SubmissionIndexView(ColumnLabelsMixin, generic.IndexView):
    model = Submission
    # Who sees which submissions is the library's rule (selectors below),
    # not Django's model permissions.
    permission_policy = None
    any_permission_required = None
    paginate_by = 30


class ReviewActionsColumn(BaseColumn):
    cell_template_name = "library/admin/includes/review_actions_cell.html"


class ReviewIndexView(SubmissionIndexView):
    """信息报送: submissions waiting for the user's review."""

    page_title = "信息报送"
    header_icon = "tasks"
    index_url_name = "library_review:index"
    index_results_url_name = "library_review:index_results"

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label="标题",
                accessor="resource.title",
                get_url=lambda submission: reverse("library_review:review", args=[submission.pk]),
            ),
            Column("type", label="类型", accessor="resource.page_type_display_name", width="8%"),
            Column("unit", label="报送单位", accessor="unit.short_name", width="10%"),
            Column(
                "submitted_by",
                label="报送人",
                accessor=lambda submission: submission.submitted_by.get_full_name() if submission.submitted_by else "",
                width="8%",
            ),
            Column("column", label="报送栏目", accessor="column_label", width="22%"),
            DateColumn("submitted_at", label="报送时间", width="10%"),
            ReviewActionsColumn("actions", label="审核", width="14%"),
        ]

    def get_base_queryset(self):
        return submissions_for_review(self.request.user)

    @cached_property
    def no_results_message(self):
        return "没有等待您审核的报送信息。"


class MySubmissionsView(SubmissionIndexView):
    """我的报送: what the user's unit has submitted and what became of it."""

    page_title = "我的报送"
    header_icon = "upload"
    index_url_name = "library_mine:index"
    index_results_url_name = "library_mine:index_results"
    list_filter = ["status"]

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label="标题",
                accessor="resource.title",
                get_url=lambda submission: resource_edit_url(submission.resource_id),
            ),
            Column("column", label="报送栏目", accessor="column_label"),
            DateColumn("submitted_at", label="报送时间"),
            StatusTagColumn(
                "status",
                label="审核结果",
                accessor="public_status",
                primary=lambda submission: submission.status == SubmissionStatus.ACCEPTED and submission.resource.live,
            ),
            Column("reason", label="退回理由"),
            DateColumn("reviewed_at", label="审核时间"),
        ]

    def get_base_queryset(self):
        return submissions_of(self.request.user)

    @cached_property
    def no_results_message(self):
        return "本单位还没有报送过信息。"


class SubmissionMixin(RefusalMixin):
    """Views on one submission, open to the reviewers of its column."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.submission = get_object_or_404(
            Submission.objects.select_related("resource__unit", "column", "unit", "submitted_by"), pk=kwargs["pk"]
        )

    def check_permission(self):
        if not permissions.user_can_review(self.request.user, self.submission):
            task = self.submission.current_workflow_task
            where = f"“{task.name}”环节" if task else f"栏目“{self.submission.column.title}”"
            raise PermissionDenied(f"您不是{where}的审核人员,不能审核此报送。")


class ReviewView(SubmissionMixin, WagtailAdminTemplateMixin, FormView):
    """审核 one submission at its current stage: the 附件2 form, each earlier
    stage's opinion, and approve with an opinion or send back with a reason."""

    form_class = ReviewForm
    template_name = "library/admin/review.html"
    page_title = "审核报送信息"
    header_icon = "tasks"

    def get_page_subtitle(self):
        return self.submission.resource.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("library_review:index"), "label": "信息报送"},
            {"url": "", "label": self.get_page_subtitle()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        resource = self.submission.resource.specific
        task_state = self.submission.current_workflow_task_state
        context.update(
            submission=self.submission,
            resource=resource,
            column_label=column_labels([self.submission.column])[self.submission.column_id],
            public_url=resource.url if resource.live else None,
            stage=task_state.task.name if task_state else None,
            stages=review_stages(self.submission),
            is_pending=self.submission.status == SubmissionStatus.PENDING,
        )
        return context

    def form_valid(self, form):
        opinion = form.cleaned_data["opinion"].strip()
        try:
            if "reject" in self.request.POST:
                submission_reject(submission=self.submission, reason=opinion, user=self.request.user)
                message = f"已退回“{self.submission.resource.title}”,报送单位可看到退回理由。"
            else:
                submission = submission_approve(submission=self.submission, user=self.request.user, opinion=opinion)
                message = (
                    f"已采用“{submission.resource.title}”,已在栏目“{submission.column.title}”发布。"
                    if submission.status == SubmissionStatus.ACCEPTED and submission.resource.live
                    else f"已采用“{submission.resource.title}”,资源发布后将在栏目“{submission.column.title}”显示。"
                    if submission.status == SubmissionStatus.ACCEPTED
                    else f"已审核通过“{submission.resource.title}”,转下一环节审核。"
                )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, message)
        return redirect("library_review:index")


class PrintView(SubmissionMixin, TemplateView):
    """The completed 附件2 form, laid out as the paper form for printing."""

    template_name = "library/admin/submission_print.html"

    def check_permission(self):
        if not permissions.user_can_view_submission(self.request.user, self.submission):
            raise PermissionDenied("只有报送单位和审核人员可以查看此申请审核表。")

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "submission": self.submission,
            "stages": review_stages(self.submission),
            "declaration": DECLARATION,
        }
