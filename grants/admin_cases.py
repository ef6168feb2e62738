"""The officers' case list and case actions in the admin: assign, review, ask for completion,
decide. Rules live in grants.services; this module only wires forms to them."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants import services
from grants.models import Application, ApplicationEvent, Decision
from grants.selectors import committed_amount
from organisations.forms import StatusMessageForm
from portal.admin_mixins import MunicipalityScopedAdmin, action_form_response, apply_to_each


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = [
            "outcome",
            "amount",
            "reasons",
            "conditions",
            "decided_by_kind",
            "minutes_paragraph",
            "minutes_approved_on",
            "announced_on",
        ]
        widgets = {
            "minutes_approved_on": forms.DateInput(attrs={"type": "date"}),
            "announced_on": forms.DateInput(attrs={"type": "date"}),
        }


class ApplicationEventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "actor", "from_status", "to_status", "message"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class DecisionInline(admin.StackedInline):
    model = Decision
    extra = 0
    can_delete = False
    fields = [
        "outcome",
        "amount",
        "reasons",
        "conditions",
        "decided_by_kind",
        "minutes_paragraph",
        "minutes_approved_on",
        "announced_on",
        "appeal_ends_on",
        "decided_by",
        "decided_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("appeal period ends"))
    def appeal_ends_on(self, obj):
        return obj.appeal_ends_on or "–"


class ApplicationAdmin(MunicipalityScopedAdmin):
    """The queue: submitted cases of the officer's municipality, filtered and assigned."""

    municipality_lookup = "call__programme__committee__municipality"
    list_display = [
        "diarienummer",
        "organisation",
        "call",
        "status",
        "assigned_to",
        "days_waiting",
        "amount_requested",
    ]
    list_filter = [
        "status",
        ("assigned_to", admin.RelatedOnlyFieldListFilter),
        "call__programme",
        "call",
        "call__focus_area",
        "organisation__district",
    ]
    search_fields = ["diarienummer", "organisation__name"]
    list_select_related = ["organisation", "call", "assigned_to"]
    ordering = ["submitted_at"]
    readonly_fields = [
        "call",
        "organisation",
        "status",
        "diarienummer",
        "submitted_at",
        "amount_requested",
        "late_deduction_percent",
        "assigned_to",
        "answers",
    ]
    exclude = ["created_by"]
    inlines = [DecisionInline, ApplicationEventInline]
    actions = ["assign_to_me", "take_under_review"]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(status=Application.Status.DRAFT)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("days waiting"), ordering="submitted_at")
    def days_waiting(self, obj):
        if obj.status == Application.Status.DECIDED or obj.submitted_at is None:
            return "–"
        return (timezone.now() - obj.submitted_at).days

    @admin.action(description=_("Assign the selected cases to me"))
    def assign_to_me(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset,
            lambda a: services.application_assign(
                application=a, officer=request.user, by=request.user
            ),
            _("%(count)s cases updated."),
        )

    @admin.action(description=_("Take the selected cases under review"))
    def take_under_review(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset,
            lambda a: services.application_transition(
                application=a, to_status=Application.Status.UNDER_REVIEW, by=request.user
            ),
            _("%(count)s cases updated."),
        )

    def get_urls(self):
        own = [
            path(
                "<int:pk>/request-completion/",
                self.admin_site.admin_view(self.completion_view),
                name="grants_application_completion",
            ),
            path(
                "<int:pk>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="grants_application_decide",
            ),
        ]
        return [*own, *super().get_urls()]

    def _case(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(self.get_queryset(request), pk=pk)

    def completion_view(self, request, pk):
        application = self._case(request, pk)
        form = StatusMessageForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.application_transition(
                    application=application,
                    to_status=Application.Status.COMPLETION_REQUESTED,
                    by=request.user,
                    message=form.cleaned_data["message"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request, _("The applicant has been asked to complete the application.")
                )
                return redirect("admin:grants_application_change", application.pk)
        return action_form_response(self, request, application, form, _("Ask for completion"))

    def decide_view(self, request, pk):
        application = self._case(request, pk)
        form = DecisionForm(request.POST or None, initial={"amount": application.amount_requested})
        if request.method == "POST" and form.is_valid():
            try:
                services.decision_make(
                    application=application, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                self.message_user(request, _("The decision has been registered."))
                return redirect("admin:grants_application_change", application.pk)
        intro = _("Applied for: %(amount)s kr. Left in the call's budget: %(left)s kr.") % {
            "amount": application.amount_requested or "–",
            "left": application.call.budget - committed_amount(application.call),
        }
        return action_form_response(self, request, application, form, _("Decide"), intro)
