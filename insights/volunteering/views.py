"""The politicians' figures of mobilisation and volunteering: per focus area and district,
volunteers, hours, call-outs and their coverage, posts and shifts, beside grants, networks
and collaborations. Read-only, counts and sums only; for those who may read the figures
(``volunteering.permissions.may_view_figures``), 404 for everyone else."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from insights.rollups import rollups_ensure
from insights.volunteering import selectors
from portal.models import Municipality
from volunteering.permissions import may_view_figures

YEARS_BACK = 10


def _year(request) -> int:
    """The year asked for (``?ar=``), within the last ten years; this year otherwise."""
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("ar", this_year))
    except ValueError:
        return this_year
    return year if this_year - YEARS_BACK <= year <= this_year else this_year


@login_required
def figures(request, slug):
    municipality = get_object_or_404(Municipality, slug=slug, is_active=True)
    if not may_view_figures(request.user, municipality):
        raise Http404
    year = _year(request)
    this_year = timezone.localdate().year
    context = {
        "municipality": municipality,
        "year": year,
        "this_year": this_year,
        "years": range(this_year, this_year - YEARS_BACK - 1, -1),
        "freshness": rollups_ensure(municipality),
        **selectors.figures_tables(municipality, year),
    }
    return render(request, "insights/volunteering/figures.html", context)
