"""The decision letter (beslut): one template rendered as HTML and as a tagged PDF.

The letter is always in Swedish (the language of the municipality's records). The PDF is
made by WeasyPrint as PDF/UA (tagged, with a language and a title) so that screen readers
can read it; WeasyPrint needs Pango from the operating system.
"""

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

from grants.models import Application, Decision
from organisations.models import PayoutAccount

LETTER_CSS = "css/letter.css"


def _readable(number: str, method: str) -> str:
    """A bank account's IBAN in groups of four ("SE45 5000 …"), as banks print it; bankgiro
    and plusgiro numbers as they are kept."""
    if method != PayoutAccount.Method.BANK_ACCOUNT:
        return number
    compact = number.replace(" ", "")
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def _context(application: Application, *, full_account: bool) -> dict:
    decision = (
        Decision.objects.filter(application=application)
        .select_related("decided_by", "host")
        .first()
    )
    if decision is None:
        raise Http404
    reports = list(decision.reports.order_by("number"))
    report = reports[0] if reports else None
    # The money goes to the registered account of the payee: the applicant, or for a grant
    # paid through a host organisation, the host (which passes it on to the group); a grant
    # paid by suppliers' invoices has no account of the applicant's at all.
    host = decision.host if decision.payment_route == Decision.Route.HOST else None
    payee = host or application.organisation
    account = (
        None
        if decision.payment_route == Decision.Route.INVOICES
        else PayoutAccount.objects.filter(organisation=payee).first()
    )
    return {
        "application": application,
        "decision": decision,
        "programme": application.call.programme,
        "committee": application.call.programme.committee,
        "municipality": application.call.programme.committee.municipality,
        "organisation": application.organisation,
        "calculation": decision.calculation or None,
        "report": report,
        "reports": reports,
        "account": account,
        "host": host,
        # The account number in full only for those who handle payouts; the organisation's
        # other people and readers of the letter see its last digits, and a host's account
        # is always shown masked (the group does not handle the host's money).
        "account_number": _readable(
            account.number if full_account and host is None else account.masked_number,
            account.method,
        )
        if account
        else "",
    }


def decision_letter_html(
    application: Application, *, for_pdf: bool = False, full_account: bool = False
) -> str:
    """The letter's HTML; in the browser its styles come from a static file (CSP forbids
    inline styles), for the PDF WeasyPrint is handed the same file instead of a link."""
    with translation.override("sv"):
        context = _context(application, full_account=full_account) | {"for_pdf": for_pdf}
        return render_to_string("grants/decision_letter.html", context)


def decision_letter_pdf(
    application: Application, *, full_account: bool = False, uncompressed: bool = False
) -> bytes:
    """The letter as PDF/UA; ``uncompressed`` leaves its structure and text streams
    readable (tests check what a screen reader is given)."""
    from weasyprint import CSS, HTML  # imported late: needs Pango, only for this one view

    html = decision_letter_html(application, for_pdf=True, full_account=full_account)
    # The source file; in an image without the source tree, the collected copy.
    stylesheet = CSS(filename=finders.find(LETTER_CSS) or staticfiles_storage.path(LETTER_CSS))
    return HTML(string=html).write_pdf(
        stylesheets=[stylesheet], pdf_variant="pdf/ua-1", uncompressed_pdf=uncompressed
    )


def decision_letter_pdf_response(
    application: Application, *, full_account: bool = False
) -> HttpResponse:
    pdf = decision_letter_pdf(application, full_account=full_account)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = (application.diarienummer or str(application.pk)).replace(" ", "-").replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="beslut-{name}.pdf"'
    return response
