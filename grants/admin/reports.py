"""Follow-up reports and repayment claims in the admin: review reports (accept or ask for
changes) and settle claims."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants import services
from grants.admin.forms import ClaimSettleForm, ReviewForm
from grants.admin.scoping import CaseScopedAdmin
from grants.models import FollowUpReport, RepaymentClaim
from grants.selectors.reports import report_reading
from portal.admin.mixins import MunicipalityScopedAdmin, action_form_response
from portal.admin.money import amount_display
from portal.admin.object_actions import ObjectAction


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("Not overdue"))]

    def queryset(self, request, queryset):
        overdue = {
            "due_on__lt": timezone.localdate(),
            "status__in": FollowUpReport.EDITABLE,
        }
        if self.value() == "yes":
            return queryset.filter(**overdue)
        if self.value() == "no":
            return queryset.exclude(**overdue)
        return queryset


@admin.register(FollowUpReport)
class FollowUpReportAdmin(CaseScopedAdmin, MunicipalityScopedAdmin):
    case_path = ""  # the report keeps its case's municipality and call (index by due date)
    municipality_lookup = "municipality"
    committee_lookup = "call__programme__committee"
    list_display = ["case", "organisation", "report_title", "due_on", "status", "used", "unused"]
    list_filter = ["status", OverdueFilter, "decision__application__call__programme"]
    search_fields = [
        "decision__application__diarienummer",
        "decision__application__organisation__name",
    ]
    list_select_related = ["decision__application__organisation"]
    show_full_result_count = False  # one count of a large municipality's reports is enough
    object_actions = (ObjectAction("review", "review/", "review_view"),)
    readonly_fields = [
        "case", "organisation", "report_title", "granted", "due_on", "status",
        "answers_display", "used", "unused", "submitted_by", "submitted_at",
        "officer_comment", "reviewed_by", "reviewed_at",
    ]  # fmt: skip
    fields = readonly_fields
    granted = amount_display("decision__amount", _("amount granted"))
    used = amount_display("money_used", _("money used"), ordering="money_used")
    unused = amount_display("unused_amount", _("unused amount"), ordering="unused_amount")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("case"), ordering="decision__application__diarienummer")
    def case(self, obj):
        return obj.decision.application.diarienummer

    @admin.display(description=_("organisation"))
    def organisation(self, obj):
        return obj.decision.application.organisation

    @admin.display(description=_("report"), ordering="number")
    def report_title(self, obj):
        return obj.title

    @admin.display(description=_("the report"))
    def answers_display(self, obj):
        return render_to_string("admin/grants/followupreport/_reading.html",
                                {"reading": report_reading(obj)})  # fmt: skip

    def review_view(self, request, report):
        form = ReviewForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            accept = request.POST.get("decision") == "accept"
            try:
                services.report_review(
                    report=report, accept=accept, by=request.user,
                    comment=form.cleaned_data["comment"],
                )  # fmt: skip
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    _("The report has been accepted.")
                    if accept
                    else _("The association has been asked to change the report."),
                )
                return redirect("admin:grants_followupreport_change", report.pk)
        response = action_form_response(
            self, request, report, form, _("Review the report"),
            template="admin/grants/followupreport/review.html",
        )  # fmt: skip
        response.context_data["reading"] = report_reading(report)
        return response


@admin.register(RepaymentClaim)
class RepaymentClaimAdmin(CaseScopedAdmin, MunicipalityScopedAdmin):
    case_path = "report__"  # the report keeps its case's municipality and call
    municipality_lookup = "report__municipality"
    committee_lookup = "report__call__programme__committee"
    list_display = ["case", "organisation", "claimed", "status", "created_at", "settled_at"]
    list_filter = ["status"]
    list_select_related = ["report__decision__application__organisation"]
    object_actions = (ObjectAction("settle", "settle/", "settle_view"),)
    readonly_fields = ["case", "organisation", "claimed", "status", "created_at", "settled_at",
                       "note"]  # fmt: skip
    fields = readonly_fields
    claimed = amount_display("amount", _("amount"), ordering="amount")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("case"))
    def case(self, obj):
        return obj.report.decision.application.diarienummer

    @admin.display(description=_("organisation"))
    def organisation(self, obj):
        return obj.report.decision.application.organisation

    def settle_view(self, request, claim):
        form = ClaimSettleForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.repayment_claim_settle(claim=claim, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, _("The claim has been settled."))
                return redirect("admin:grants_repaymentclaim_change", claim.pk)
        return action_form_response(self, request, claim, form, _("Settle the claim"))
