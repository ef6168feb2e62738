"""Public pages of decided grants per municipality, and the same as 360Giving open data."""

import json

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from grants import opendata
from portal.models import Municipality


def _municipality(slug):
    return get_object_or_404(Municipality, slug=slug, is_active=True)


def granted(request, slug):
    municipality = _municipality(slug)
    page = Paginator(opendata.published_grants(municipality), 50).get_page(request.GET.get("sida"))
    return render(request, "grants/granted.html", {"municipality": municipality, "page": page})


def granted_json(request, slug):
    municipality = _municipality(slug)
    data = opendata.package(municipality, opendata.published_grants(municipality))
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json"
    )
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return response


def granted_csv(request, slug):
    municipality = _municipality(slug)
    content = opendata.flat_csv(municipality, opendata.published_grants(municipality))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="360giving-{slug}.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
