"""The decision letter (beslut): one template rendered as HTML and as a tagged PDF.

The letter is always in Swedish (the language of the municipality's records). The PDF is
made by WeasyPrint as PDF/UA (tagged, with a language and a title) so that screen readers
can read it; WeasyPrint needs Pango from the operating system.
"""

import hashlib
from functools import cache as once

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

from grants.models import Application, Decision
from organisations.models import PayoutAccount

LETTER_CSS = "css/letter.css"
# Made PDFs are kept by what they are made of (the letter's HTML, the stylesheet, the
# WeasyPrint version): a letter downloaded again costs its HTML only, and any change to the
# decision, the account or the template makes other HTML and so a new PDF at once.
PDF_CACHE_SECONDS = 7 * 24 * 3600


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


def _stylesheet_path() -> str:
    # The source file; in an image without the source tree, the collected copy.
    return finders.find(LETTER_CSS) or staticfiles_storage.path(LETTER_CSS)


@once
def _maker() -> str:
    """What besides the HTML shapes the PDF: the stylesheet's content and WeasyPrint's
    version (both fixed for the life of a process: a deployment brings new ones)."""
    import weasyprint

    with open(_stylesheet_path(), "rb") as css:
        return hashlib.sha256(css.read()).hexdigest() + weasyprint.__version__


def decision_letter_pdf(
    application: Application, *, full_account: bool = False, uncompressed: bool = False
) -> bytes:
    """The letter as PDF/UA; ``uncompressed`` leaves its structure and text streams
    readable (tests check what a screen reader is given). Kept in the cache by its HTML
    (``PDF_CACHE_SECONDS``)."""
    from weasyprint import CSS, HTML  # imported late: needs Pango, only for this one view

    html = decision_letter_html(application, for_pdf=True, full_account=full_account)
    made_of = f"{_maker()}|{uncompressed}|{html}".encode()
    key = "decision-letter-pdf:" + hashlib.sha256(made_of).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        pdf = HTML(string=html).write_pdf(
            stylesheets=[CSS(filename=_stylesheet_path())],
            pdf_variant="pdf/ua-1",
            uncompressed_pdf=uncompressed,
        )
        cache.set(key, pdf, PDF_CACHE_SECONDS)
    return pdf


def decision_letter_pdf_response(
    application: Application, *, full_account: bool = False
) -> HttpResponse:
    pdf = decision_letter_pdf(application, full_account=full_account)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = (application.diarienummer or str(application.pk)).replace(" ", "-").replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="beslut-{name}.pdf"'
    return response
