"""Recognition's pages: the municipality's public thanks and awards with a short summary of
volunteering there (no login, no personal data beyond the names published with consent),
and the volunteer's own certificate (intyg) as a page and as an accessible PDF."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from portal.caching import public_page
from portal.models import FocusArea, Municipality
from volunteering import certificate
from volunteering.models import Recognition, Volunteer
from volunteering.selectors.figures import municipality_summary

PAGE_SIZE = 50


def _municipality(slug) -> Municipality:
    return get_object_or_404(Municipality, slug=slug, is_active=True)


@public_page
def recognitions(request, slug):
    """The published thanks and awards, newest year first, and volunteering in figures."""
    municipality = _municipality(slug)
    published = (
        Recognition.objects.filter(municipality=municipality, status=Recognition.Status.PUBLISHED)
        .select_related("district")
        .prefetch_related(Prefetch("focus_areas", queryset=FocusArea.objects.only("pk", "name")))
        .order_by("-year", "kind", "-published_at", "pk")
    )
    page = Paginator(published, PAGE_SIZE).get_page(request.GET.get("sida"))
    context = {
        "municipality": municipality,
        "page": page,
        "summary": municipality_summary(municipality),
    }
    return render(request, "volunteering/recognition/list.html", context)


def _own_volunteer(request, slug) -> Volunteer:
    """The logged-in person's volunteer profile in the municipality; 404 without one."""
    municipality = _municipality(slug)
    return get_object_or_404(
        Volunteer.objects.select_related("user", "municipality"),
        user=request.user,
        municipality=municipality,
    )


@login_required
def certificate_page(request, slug):
    """The certificate as a page (the same document as the PDF)."""
    volunteer = _own_volunteer(request, slug)
    return HttpResponse(certificate.certificate_html(volunteer))


@login_required
def certificate_pdf(request, slug):
    return certificate.certificate_pdf_response(_own_volunteer(request, slug))


urlpatterns = [
    path(_("municipality/<slug:slug>/recognition/"), recognitions, name="recognitions"),
    path(_("municipality/<slug:slug>/certificate/"), certificate_page, name="certificate_page"),
    path(_("municipality/<slug:slug>/certificate.pdf"), certificate_pdf, name="certificate"),
]
