"""Public pages of decided grants per municipality, and the same as 360Giving open data.

The downloads are files built once per version of the municipality's grants and served
from the storage (``grants.opendata``): tens of megabytes for the largest municipality."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from grants import opendata
from portal.models import Municipality


def _municipality(slug):
    return get_object_or_404(Municipality, slug=slug, is_active=True)


def granted(request, slug):
    municipality = _municipality(slug)
    grants = opendata.GrantedList(municipality)
    page = Paginator(grants, 50).get_page(request.GET.get("sida"))
    return render(request, "grants/granted.html", {"municipality": municipality, "page": page})


def _download(municipality, kind, content_type, **kwargs):
    return opendata.FILES.download(municipality, kind, content_type, **kwargs)


def granted_json(request, slug):
    return _download(_municipality(slug), "json", "application/json")


def granted_csv(request, slug):
    return _download(
        _municipality(slug),
        "csv",
        "text/csv; charset=utf-8",
        as_attachment=True,
        filename=f"360giving-{slug}.csv",
    )
