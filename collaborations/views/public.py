"""A municipality's public collaborations: the list with its filter, one collaboration's
page, and the same as open data (JSON and CSV), served as stored files
(``collaborations.opendata.FILES``)."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from collaborations import opendata, queries_public
from collaborations.forms import PublicCollaborationFilter
from portal.caching import public_page
from portal.models import Municipality


def _municipality(slug):
    return get_object_or_404(Municipality, slug=slug, is_active=True)


@public_page
def public_list(request, slug):
    municipality = _municipality(slug)
    filterset = PublicCollaborationFilter(
        request.GET,
        queryset=queries_public.public_collaborations(municipality),
        municipality=municipality,
    )
    rows = queries_public.with_public_details(filterset.qs.distinct()).order_by("title", "pk")
    page = Paginator(rows, 25).get_page(request.GET.get("sida"))
    return render(
        request,
        "collaborations/public_list.html",
        {"municipality": municipality, "filter": filterset, "page": page},
    )


@public_page
def public_detail(request, slug, pk):
    municipality = _municipality(slug)
    collaboration = get_object_or_404(
        queries_public.with_public_details(queries_public.public_collaborations(municipality)),
        pk=pk,
    )
    context = {
        "municipality": municipality,
        "collaboration": collaboration,
        "parties": queries_public.public_detail_parties(collaboration),
    }
    return render(request, "collaborations/public_detail.html", context)


def open_data_json(request, slug):
    municipality = _municipality(slug)
    return opendata.FILES.download(municipality, "json", "application/json", variant=get_language())


def open_data_csv(request, slug):
    municipality = _municipality(slug)
    return opendata.FILES.download(
        municipality, "csv", "text/csv; charset=utf-8", variant=get_language(),
        as_attachment=True, filename=f"samverkan-{slug}.csv",
    )  # fmt: skip
