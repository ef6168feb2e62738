"""The volunteer's certificate (intyg): what they did in a municipality, as a page and as an
accessible PDF they can show an employer or a school.

It is written in the volunteer's own language (their account's preferred language), names
the person, the municipality, each activity with its dates and hours (shifts attended per
post; call-outs where their pledge was accepted, with the hours given), the total, the
recognitions published to them, the date and who issues it. The PDF is made the way the
decision letter is (grants.letters): WeasyPrint as PDF/UA, tagged, with the language and a
title, so that screen readers can read it; the same stylesheet serves the page and the PDF.
"""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify

from volunteering.models import Volunteer
from volunteering.selectors.figures import volunteer_record

CERTIFICATE_CSS = "css/certificate.css"


def language_of(volunteer: Volunteer) -> str:
    """The volunteer's language, if the portal speaks it; else the portal's default."""
    chosen = getattr(volunteer.user, "preferred_language", "") or ""
    known = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in known else settings.LANGUAGE_CODE


def certificate_html(volunteer: Volunteer, *, for_pdf: bool = False) -> str:
    """The certificate's HTML in the volunteer's language; in the browser its styles come
    from a static file (CSP forbids inline styles), for the PDF WeasyPrint is handed the
    same file instead of a link."""
    language = language_of(volunteer)
    with translation.override(language):
        context = {
            "volunteer": volunteer,
            "person": volunteer.user,
            "municipality": volunteer.municipality,
            "record": volunteer_record(volunteer),
            "issued_on": timezone.localdate(),
            "language": language,
            "for_pdf": for_pdf,
        }
        return render_to_string("volunteering/certificate.html", context)


def certificate_pdf(volunteer: Volunteer, *, uncompressed: bool = False) -> bytes:
    """The certificate as PDF/UA; ``uncompressed`` leaves its structure and text streams
    readable (tests check what a screen reader is given)."""
    from weasyprint import CSS, HTML  # imported late: needs Pango, only for this one view

    html = certificate_html(volunteer, for_pdf=True)
    stylesheet = CSS(
        filename=finders.find(CERTIFICATE_CSS) or staticfiles_storage.path(CERTIFICATE_CSS)
    )
    return HTML(string=html).write_pdf(
        stylesheets=[stylesheet], pdf_variant="pdf/ua-1", uncompressed_pdf=uncompressed
    )


def certificate_pdf_response(volunteer: Volunteer) -> HttpResponse:
    response = HttpResponse(certificate_pdf(volunteer), content_type="application/pdf")
    name = slugify(f"intyg {volunteer.municipality.slug} {timezone.localdate():%Y-%m-%d}")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
