"""The decision letter (beslut): one template rendered as HTML and as a tagged PDF.

The letter is always in Swedish (the language of the municipality's records). The PDF is
made by WeasyPrint as PDF/UA (tagged, with a language and a title) so that screen readers
can read it; WeasyPrint needs Pango from the operating system.
"""

from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

from grants.models import Application, Decision


def _context(application: Application) -> dict:
    decision = Decision.objects.filter(application=application).select_related("decided_by").first()
    if decision is None:
        raise Http404
    report = getattr(decision, "report", None)
    account = getattr(application.organisation, "payout_account", None)
    return {
        "application": application,
        "decision": decision,
        "programme": application.call.programme,
        "committee": application.call.programme.committee,
        "municipality": application.call.programme.committee.municipality,
        "organisation": application.organisation,
        "calculation": decision.calculation or None,
        "report": report,
        "account": account,
    }


def decision_letter_html(application: Application) -> str:
    with translation.override("sv"):
        return render_to_string("grants/decision_letter.html", _context(application))


def decision_letter_pdf(application: Application) -> bytes:
    from weasyprint import HTML  # imported late: needs Pango, only for this one view

    html = decision_letter_html(application)
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def decision_letter_pdf_response(application: Application) -> HttpResponse:
    response = HttpResponse(decision_letter_pdf(application), content_type="application/pdf")
    name = (application.diarienummer or str(application.pk)).replace(" ", "-").replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="beslut-{name}.pdf"'
    return response
