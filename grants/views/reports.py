"""The applicant's pages after a decision: the decision letter and the follow-up report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from grants import letters, selectors, services
from grants.forms import follow_up_report_form
from grants.models import FollowUpReport
from grants.selectors.reports import releases_text, report_money_basis
from organisations.permissions import APPLY, PAYOUT, may_for_organisation
from portal.forms import add_service_errors
from portal.money import format_amount


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
    report = (
        FollowUpReport.objects.filter(decision__application=application, number=number)
        .select_related("decision")
        .first()
    )
    if report is None:
        raise Http404
    if not report.is_editable:
        return redirect("grants:application", pk)
    report.decision.application = application  # the page's own, with its programme
    basis = report_money_basis(report)
    money_help = _money_help(report, basis)
    if request.method == "POST":
        form = follow_up_report_form(report, request.POST, request.FILES, money_help=money_help)
    else:
        form = follow_up_report_form(report, money_help=money_help)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_submit(
                report=report, by=request.user, **form.fixed_data(),
                answers=form.answers(), files=form.uploads(),
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you: the report has been sent to the municipality."))
            return redirect("grants:application", pk)
    attachments = application.attachments.filter(
        question_key__startswith=f"report-{report.number}-"
    )
    context = {
        "application": application,
        "report": report,
        "form": form,
        "basis": basis,
        "releases": releases_text(report),
        "attachments": {a.question_key.split("-", 2)[2]: a for a in attachments},
    }
    return render(request, "grants/report_form.html", context)


def _money_help(report, basis) -> str:
    if basis is None:
        return _("How much of the grant has been used so far. An interim report claims "
                 "nothing back; unused money is settled in the final report.")  # fmt: skip
    if report.kind == FollowUpReport.Kind.YEARLY:
        return _("Of the %(amount)s for %(year)s. What is not used must be paid back.") % {
            "amount": format_amount(basis), "year": report.year}  # fmt: skip
    return _("Of the %(amount)s the report accounts for. What is not used must be paid "
             "back.") % {"amount": format_amount(basis)}  # fmt: skip
