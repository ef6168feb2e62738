"""The case page's payment plan in the admin: change what is not yet paid, cancel an
instalment. Mixed into ApplicationAdmin; its pages are object actions of the case (behind
the admin's one guard) and the rules live in grants.services.plans."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from grants import selectors, services
from grants.admin.forms import InstalmentCancelForm, PlanChangeForm
from grants.models import Decision, FollowUpReport
from portal.admin.mixins import action_form_response
from portal.forms import add_service_errors
from portal.money import format_amount


class PaymentPlanAdminMixin:
    """``plan_view`` and ``instalment_cancel_view`` of a case (an Application)."""

    def _decision_or_none(self, application):
        return Decision.objects.filter(application=application).first()

    def plan_view(self, request, application):
        decision = self._decision_or_none(application)
        plan = selectors.decision_plan(decision)
        open_rows = [row for row in plan.rows if row.is_open]
        report_count = FollowUpReport.objects.filter(decision=decision).count() if decision else 0
        initial = [
            {
                "amount": row.amount,
                "due_on": row.instalment.due_on,
                "year": row.instalment.year,
                "after_report": row.report.number if row.report else None,
            }
            for row in open_rows
        ]
        form = PlanChangeForm(
            request.POST if request.method == "POST" else None,
            report_count=report_count,
            initial_rows=initial,
        )
        if request.method == "POST" and decision is not None and form.is_valid():
            try:
                services.plan_change(decision=decision, rows=form.plan_rows(), by=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                self.message_user(request, _("The payment plan has been changed."))
                return redirect("admin:grants_application_change", application.pk)
        open_total = sum((row.amount for row in open_rows), start=0)
        if open_rows:
            intro = _(
                "Change what is not yet paid nor in a payout batch: %(open)s. The new rows "
                "must add up to the same amount; empty rows are left out. To pay less, "
                "cancel an instalment instead."
            ) % {"open": format_amount(open_total)}
        else:
            intro = _("Nothing in the plan can be changed: it is paid, in a payout batch or "
                      "cancelled.")  # fmt: skip
        response = action_form_response(
            self, request, application, form, _("Change the payment plan"), intro,
            template="admin/grants/application/plan_change.html",
        )  # fmt: skip
        response.context_data.update({"plan": plan, "can_change": bool(open_rows)})
        return response

    def instalment_cancel_view(self, request, application):
        decision = self._decision_or_none(application)
        plan = selectors.decision_plan(decision)
        open_rows = [row for row in plan.rows if row.is_open]
        form = InstalmentCancelForm(
            request.POST if request.method == "POST" else None,
            instalments=[row.instalment for row in open_rows],
            initial={"instalment": request.GET.get("instalment", "")},
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.instalment_cancel(
                    instalment=form.cleaned_data["instalment"],
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                self.message_user(request, _("The instalment has been cancelled."))
                return redirect("admin:grants_application_change", application.pk)
        intro = _(
            "A cancelled instalment will not be paid; it stays in the plan, struck through, "
            "with the reason. Only an instalment not yet in a payout batch can be cancelled."
        )
        return action_form_response(
            self, request, application, form, _("Cancel an instalment"), intro
        )
