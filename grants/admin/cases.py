"""The officers' case list and case page in the admin: assign, review, ask for completion,
assess, decide (one case or a batch), plan payouts and read the decision letter. Rules live
in grants.services; this module only wires forms to them."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from grants import letters, selectors, services
from grants.admin.fast_track import MicroGrantFilter, decision_promise_column
from grants.admin.forms import AssessmentForm, BatchDecisionForm, DecisionForm, PayoutPlanForm
from grants.admin.paper import PAPER_ACTIONS, PaperApplicationAdminMixin
from grants.admin.plans import PaymentPlanAdminMixin
from grants.admin.scoping import CaseScopedAdmin
from grants.models import Application, ApplicationEvent, Decision
from grants.roles import GRANT_ROLES
from grants.selectors.queue import IN_QUEUE, queue_search
from organisations.forms import StatusMessageForm
from organisations.models import Organisation
from organisations.selectors import current_eligibility
from portal.admin.audit import AuditedAdmin
from portal.admin.mixins import (
    MunicipalityScopedAdmin,
    action_form_response,
    admin_municipalities,
    apply_to_each,
    bulk_action_form_response,
)
from portal.admin.money import amount_display
from portal.admin.object_actions import ObjectAction
from portal.forms import add_service_errors
from portal.models import AuditEvent
from portal.money import format_amount
from portal.selectors import staff_with_roles


class ApplicationEventInline(admin.TabularInline):
    """The case's timeline: columns with translated headers, statuses by their names, and no
    row label (the event's text, "KFN 2026/10: draft → submitted", is not for people)."""

    model = ApplicationEvent
    template = "admin/edit_inline/tabular_unlabelled.html"
    verbose_name_plural = _("Case timeline")
    extra = 0
    can_delete = False
    fields = ["created_at", "who", "from_label", "to_label", "note"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")  # no query per row

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("who"))
    def who(self, event):
        return event.actor or _("The system")

    @admin.display(description=_("from status"))
    def from_label(self, event):
        return event.get_from_status_display()

    @admin.display(description=_("to status"))
    def to_label(self, event):
        return event.get_to_status_display()

    @admin.display(description=_("message"))
    def note(self, event):
        return event.message or "–"


class DecisionInline(admin.StackedInline):
    model = Decision
    extra = 0
    can_delete = False
    fields = [
        "outcome",
        "amount_granted",
        "calculated",
        "override_reason",
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

    amount_granted = amount_display("amount", _("amount granted"))
    calculated = amount_display("calculated_amount", _("calculated amount"))

    def get_queryset(self, request):
        # The row's title names its case (Decision.__str__); who decided is a field.
        return super().get_queryset(request).select_related("application", "decided_by")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("appeal period ends"))
    def appeal_ends_on(self, obj):
        return obj.appeal_ends_on or "–"


class AssignedOfficerFilter(admin.RelatedFieldListFilter):
    """Cases go only to those who handle grants: the filter offers them, not every member of
    the municipality's staff (politicians, network coordinators)."""

    def field_choices(self, field, request, model_admin):
        officers = staff_with_roles(admin_municipalities(request), GRANT_ROLES)
        return [(user.pk, str(user)) for user in officers]


class PaperFilter(admin.SimpleListFilter):
    """Cases entered by an officer from a paper application (grants.services.paper)."""

    title = _("received on paper")
    parameter_name = "paper"
    field_path = "paper_received_on"  # as the field filters beside it say what they filter

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(paper_received_on__isnull=False)
        if self.value() == "no":
            return queryset.filter(paper_received_on__isnull=True)
        return queryset


class ApplicationAdmin(
    PaperApplicationAdminMixin,
    PaymentPlanAdminMixin,
    CaseScopedAdmin,
    AuditedAdmin,
    MunicipalityScopedAdmin,
):
    """The queue: submitted cases of the officer's municipality, filtered and assigned."""

    municipality_lookup = "municipality"
    committee_lookup = "call__programme__committee"
    list_display = [
        "diarienummer",
        "organisation",
        "call",
        "status",
        "assigned_to",
        "days_waiting",
        decision_promise_column,
        "amount_applied_for",
        "on_paper",
    ]
    list_filter = [
        "status",
        ("submitted_at", MicroGrantFilter),
        "call__programme__committee",
        ("assigned_to", AssignedOfficerFilter),
        "call__programme",
        "call",
        "call__focus_area",
        "organisation__district",
        PaperFilter,
    ]
    search_fields = ["diarienummer", "organisation__name"]
    show_full_result_count = False  # one count of a large municipality's cases is enough
    list_select_related = ["organisation", "call__programme", "assigned_to"]
    ordering = ["submitted_at", "pk"]  # as the index (municipality, submitted_at, id)
    readonly_fields = [
        "call",
        "organisation",
        "status",
        "diarienummer",
        "submitted_at",
        "submitted_by_note",
        "amount_applied_for",
        "late_deduction_percent",
        "assigned_to",
        "answers_display",
    ]
    exclude = [
        "created_by", "answers", "submitted_by", "submitted_by_role", "entered_by",
        "paper_received_on", "paper_reference",
    ]  # fmt: skip
    inlines = [DecisionInline, ApplicationEventInline]
    actions = ["assign_to_me", "take_under_review", "decide_in_batch", "plan_payouts"]
    object_actions = (
        ObjectAction("completion", "request-completion/", "completion_view"),
        ObjectAction("decide", "decide/", "decide_view"),
        ObjectAction("plan", "plan/", "plan_view"),  # grants.admin.plans
        ObjectAction("instalment_cancel", "plan/cancel/", "instalment_cancel_view"),
        ObjectAction("assess", "assess/", "assess_view"),
        ObjectAction("message", "message/", "message_view"),
        ObjectAction("letter", "decision-letter/", "letter_view", permission="view"),
        ObjectAction("letter_pdf", "decision-letter.pdf", "letter_pdf_view", permission="view"),
        *PAPER_ACTIONS,  # grants.admin.paper
    )
    amount_applied_for = amount_display(
        "amount_requested", _("amount applied for"), ordering="amount_requested"
    )

    def get_queryset(self, request):
        # "days waiting" reads and sorts on the case's own waiting_since, kept by the
        # submission (grants.services.applications.event_record) and indexed for the queue;
        # worked out from the timeline per case, the sort read all 70 000 (bench/: 3.8 s).
        return super().get_queryset(request).filter(IN_QUEUE)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_search_results(self, request, queryset, search_term):
        """Every word must match the diarienummer or the organisation's name, as in the
        admin's own search; names are looked up among the municipality's organisations
        first (a small table, a trigram index) instead of being joined to every case
        (grants.selectors.queue.queue_search)."""
        organisations = Organisation.objects.all()
        if not request.user.is_superuser:
            organisations = organisations.filter(municipality__in=admin_municipalities(request))
        return queue_search(queryset, organisations=organisations, search_term=search_term), False

    @admin.display(description=_("days waiting"), ordering="waiting_since")
    def days_waiting(self, obj):
        """Days the municipality has had the case since it was last (re)submitted; the clock
        stops while the applicant completes the application."""
        waiting = (Application.Status.SUBMITTED, Application.Status.UNDER_REVIEW)
        if obj.status not in waiting or obj.waiting_since is None:
            return "–"
        return (timezone.now() - obj.waiting_since).days

    @admin.display(boolean=True, description=_("on paper"), ordering="paper_received_on")
    def on_paper(self, obj):
        return obj.is_paper

    @admin.display(description=_("submitted by"))
    def submitted_by_note(self, obj):
        text = render_to_string("grants/_submitted_by.html", {"application": obj}).strip()
        if text:
            return text
        return obj.submitted_by or "–"

    @admin.display(description=_("answers"))
    def answers_display(self, obj):
        return render_to_string("grants/_answers.html", {"answer_rows": selectors.answer_rows(obj)})

    # --- list actions -------------------------------------------------------------------

    @admin.action(description=_("Assign the selected cases to me"), permissions=["change"])
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

    @admin.action(description=_("Take the selected cases under review"), permissions=["change"])
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

    @admin.action(description=_("Decide the selected cases together"), permissions=["change"])
    def decide_in_batch(self, request, queryset):
        form = BatchDecisionForm(request.POST if "apply" in request.POST else None)
        cases = queryset.select_related("call__programme").order_by("submitted_at", "pk")
        if form.is_bound and form.is_valid():
            result = services.decisions_batch(applications=cases, by=request.user,
                                              **form.cleaned_data)  # fmt: skip
            for application, reason in result.refused:
                self.message_user(request, f"{application}: {reason}", "error")
            if result.decided:
                self.message_user(
                    request, _("%(count)s cases decided.") % {"count": len(result.decided)}
                )
            return None
        intro = _(
            "Approving grants each case the amount proposed: the formula's amount, or what was "
            "applied for less any late deduction. Cases are decided in order of submission "
            "while the call's budget lasts."
        )
        return bulk_action_form_response(self, request, cases, form, _("Batch decision"), intro)

    @admin.action(
        description=_("Plan payouts of the selected decided cases"), permissions=["change"]
    )
    def plan_payouts(self, request, queryset):
        form = PayoutPlanForm(request.POST if "apply" in request.POST else None)
        cases = queryset.select_related("call__programme__committee")
        if form.is_bound and form.is_valid():
            by_committee = {}
            for application in cases.filter(decision__isnull=False).select_related("decision"):
                committee = application.call.programme.committee
                by_committee.setdefault(committee, []).append(application.decision)
            if not by_committee:
                self.message_user(request, _("None of the selected cases is decided."), "error")
            for committee, decisions in by_committee.items():
                try:
                    batch, refused = services.payout_batch_create(
                        committee=committee, decisions=decisions, by=request.user,
                        **form.cleaned_data,
                    )  # fmt: skip
                except ValidationError as error:
                    self.message_user(request, " ".join(error.messages), "error")
                    continue
                for decision, reason in refused:
                    self.message_user(request, f"{decision.application}: {reason}", "warning")
                url = reverse("admin:grants_payoutbatch_change", args=[batch.pk])
                self.message_user(
                    request,
                    format_html(
                        '{} <a href="{}">{}</a>', _("Payout batch planned:"), url, batch.reference
                    ),
                )
            return None
        return bulk_action_form_response(self, request, cases, form, _("Plan payouts"))

    # --- case page ------------------------------------------------------------------------

    def get_object(self, request, object_id, from_field=None):
        """Django's get_object (the scoped queryset: another municipality's case is not
        found), with the relations the case page shows joined (CASE_PAGE_RELATIONS): the
        page's sections and permission checks read them from this one object."""
        queryset = self.get_queryset(request).select_related(*selectors.CASE_PAGE_RELATIONS)
        model = queryset.model
        field = model._meta.pk if from_field is None else model._meta.get_field(from_field)
        try:
            return queryset.get(**{field.name: field.to_python(object_id)})
        except (model.DoesNotExist, ValidationError, ValueError):
            return None

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "show_save": False,  # the case page is read-only; changes go through actions
            "show_save_and_continue": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="",
                           obj=None):  # fmt: skip
        """The case's sections, worked out from the object Django has read (once) and
        checked: only for a page that is shown."""
        if obj is not None:
            context.update(self._case_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _case_context(self, request, application):
        """Each section from the case as read with its relations: the questions, the
        attachments and the decision's instalments read once for all sections
        (grants.selectors.cases.case_page_prefetch)."""
        organisation = application.organisation
        decision = getattr(application, "decision", None)
        selectors.case_page_prefetch(application)
        summary, assessments = selectors.assessment_summary(application)
        return {
            "organisation": organisation,
            "eligibility": current_eligibility(organisation),
            "board": organisation.board_members.all(),
            "documents": organisation.documents.all(),
            "payout_account": getattr(organisation, "payout_account", None),
            "earlier": selectors.earlier_grants(application),
            "criteria_summary": summary,
            "assessments": assessments,
            "calculation": selectors.activity_calculation(application),
            "thread": application.messages.select_related("author"),
            "attachments": selectors.attachment_rows(application),
            "audit": AuditEvent.objects.filter(
                target_type="grants.application", target_id=str(application.pk)
            ).select_related("actor"),
            "money": selectors.kept_call_money(application.call),
            "decision_exists": decision is not None,
            "plan": selectors.decision_plan(
                decision, decision.instalments.all() if decision is not None else None
            ),
            "host_invoices": selectors.case_host_and_invoices(application, decision),
            "follow_up": selectors.case_follow_up(application, decision),
        }

    def completion_view(self, request, application):
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

    def message_view(self, request, application):
        form = StatusMessageForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            services.application_message_post(
                application=application, by=request.user, body=form.cleaned_data["message"]
            )
            self.message_user(request, _("The message has been sent."))
            return redirect("admin:grants_application_change", application.pk)
        return action_form_response(self, request, application, form, _("Write to the applicant"))

    def assess_view(self, request, application):
        criteria = application.call.programme.criteria.all()
        existing = application.assessments.filter(assessor=request.user).first()
        initial = {}
        if existing:
            initial = {
                "recommendation": existing.recommendation,
                "recommended_amount": existing.recommended_amount,
                "notes": existing.notes,
                **{
                    f"criterion_{s.criterion_id}": AssessmentForm.NOT_APPLICABLE
                    if s.value is None
                    else str(s.value)
                    for s in existing.scores.all()
                },
            }
        form = AssessmentForm(request.POST or None, criteria=criteria, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.assessment_save(
                    application=application,
                    by=request.user,
                    scores=form.scores(),
                    recommendation=form.cleaned_data["recommendation"],
                    recommended_amount=form.cleaned_data["recommended_amount"],
                    notes=form.cleaned_data["notes"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                self.message_user(request, _("Your assessment has been saved."))
                return redirect("admin:grants_application_change", application.pk)
        return action_form_response(self, request, application, form, _("Assess"))

    def decide_view(self, request, application):
        calculation = selectors.activity_calculation(application)
        form = DecisionForm(
            request.POST or None,
            formula=calculation is not None,
            application=application,
            initial={
                "amount": calculation.amount
                if calculation
                else selectors.proposed_amount(application)
            },
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.decision_make(
                    application=application, by=request.user, **form.decision_kwargs()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                self.message_user(request, _("The decision has been registered."))
                return redirect("admin:grants_application_change", application.pk)
        money = selectors.call_money(application.call)
        intro = _("Applied for: %(amount)s. Left in the call's budget: %(left)s.") % {
            "amount": format_amount(application.amount_requested),
            "left": format_amount(money.left),
        }
        if calculation is not None:
            intro += " " + _("The programme's rules give %(amount)s.") % {
                "amount": format_amount(calculation.amount)
            }
        return action_form_response(
            self, request, application, form, _("Decide"), intro,
            template="admin/grants/application/decide.html",
        )  # fmt: skip

    def letter_view(self, request, application):
        return HttpResponse(letters.decision_letter_html(application, full_account=True))

    def letter_pdf_view(self, request, application):
        return letters.decision_letter_pdf_response(application, full_account=True)
