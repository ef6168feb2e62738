"""The applicant's pages after a decision: the decision letter and the follow-up report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from grants import letters, selectors, services
from grants.forms import FollowUpReportForm
from grants.models import FollowUpReport
from organisations.permissions import APPLY, PAYOUT, may_for_organisation
from portal.forms import add_service_errors


@login_required
def decision_letter(request, pk):
    application = selectors.application_for_member(request.user, pk)
    full = may_for_organisation(request.user, application.organisation_id, PAYOUT)
    return HttpResponse(letters.decision_letter_html(application, full_account=full))


@login_required
def decision_letter_pdf(request, pk):
    application = selectors.application_for_member(request.user, pk)
    full = may_for_organisation(request.user, application.organisation_id, PAYOUT)
    return letters.decision_letter_pdf_response(application, full_account=full)


@login_required
def report(request, pk, number):
    application = selectors.application_for_member(request.user, pk, right=APPLY)
    report = FollowUpReport.objects.filter(decision__application=application, number=number).first()
    if report is None:
        raise Http404
    if not report.is_editable:
        return redirect("grants:application", pk)
    initial = {}
    if report.status == FollowUpReport.Status.CHANGES_REQUESTED:
        initial = {"outcomes": report.outcomes, "participants": report.participants or None,
                   "money_used": report.money_used}  # fmt: skip
    form = FollowUpReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_submit(report=report, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you: the report has been sent to the municipality."))
            return redirect("grants:application", pk)
    context = {"application": application, "report": report, "form": form}
    return render(request, "grants/report_form.html", context)
