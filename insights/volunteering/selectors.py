"""The tables of the volunteering figures page and the focus area page's section: the
volunteering figures from ``volunteering.selectors.figures`` per focus area and district,
and beside them what the dashboards already keep (grants from the rollups) and two cheap
counts (networks, running collaborations). A fixed number of grouped queries, whatever
the number of volunteers, call-outs or shifts; only counts and sums, no names."""

from __future__ import annotations

from django.db.models import Count, F
from django.utils.translation import gettext_lazy as _

from collaborations.models import Collaboration
from collaborations.selectors import current_q
from insights import selectors as dashboard
from insights.selectors import Filters, Table
from networks.models import Network
from portal.models import District, FocusArea
from volunteering.selectors.figures import Figures, figures_by

VOLUNTEERING_COLUMNS = [
    _("Volunteers available"),
    _("Hours given"),
    _("Call-outs sent"),
    _("Of which open"),
    _("Of which closed"),
    _("People needed"),
    _("People accepted"),
    _("Coverage (%)"),
    _("Pledges"),
    _("Posts published"),
    _("Shifts"),
    _("Shifts fully booked"),
]
# The index of "Granted (SEK)" and "Organisations reached" in the dashboard's grant rows
# (insights.selectors._measure_row).
GRANTED, REACHED = 6, 8


def _figures_row(label, f: Figures) -> list:
    return [
        label,
        f.volunteers,
        f.hours,
        f.callouts,
        f.callouts_open,
        f.callouts_closed,
        f.people_needed,
        f.people_accepted,
        f.coverage,
        f.pledges,
        f.posts,
        f.shifts,
        f.shifts_filled,
    ]


def _is_empty(f: Figures) -> bool:
    return not any(_figures_row("", f)[1:])


def _places(municipality, dimension: str) -> list:
    model = FocusArea if dimension == "focus_area" else District
    return list(
        model.objects.filter(municipality=municipality)
        .only("pk", "name", "slug", "ordering")
        .order_by("ordering", "name")
    )


def volunteering_table(municipality, dimension: str, year: int, places=None) -> Table:
    """Volunteering per focus area or district of ``year``; a row "none stated" only when
    something has no focus area or district."""
    figures = figures_by(municipality, dimension, year)
    first = _("Focus area") if dimension == "focus_area" else _("District")
    caption = (
        _("Volunteering and call-outs per focus area, %(year)s")
        if dimension == "focus_area"
        else _("Volunteering and call-outs per district, %(year)s")
    )
    table = Table(
        f"volunteering_{dimension}",
        str(caption) % {"year": year},
        [str(first), *map(str, VOLUNTEERING_COLUMNS)],
        chart_column=2,
    )
    for place in places if places is not None else _places(municipality, dimension):
        table.rows.append(_figures_row(place.name, figures.get(place.pk, Figures(place.pk))))
    unstated = figures.get(None)
    if unstated is not None and not _is_empty(unstated):
        none = _("No focus area") if dimension == "focus_area" else _("No district")
        table.rows.append(_figures_row(str(none), unstated))
    return table


def _granted(table: Table) -> dict:
    """{focus area or district id: (granted, organisations reached)} from a dashboard table
    whose drill parameters carry the ids."""
    found = {}
    for row, drill in zip(table.rows, table.drill, strict=True):
        key = next(iter(drill.values()), "none")
        found[None if key == "none" else int(key)] = (row[GRANTED], row[REACHED])
    return found


def _counted(queryset, path: str) -> dict:
    rows = queryset.values(key=F(path)).annotate(n=Count("pk", distinct=True)).order_by()
    return {r["key"]: r["n"] for r in rows}


def beside_table(municipality, dimension: str, year: int, places=None) -> Table:
    """Grants (from the dashboards' rollups), networks and running collaborations per focus
    area or district, for reading beside the volunteering figures (four queries)."""
    filters = Filters(municipality=municipality, years=(year,))
    if dimension == "focus_area":
        grants = _granted(dashboard.by_focus_area(filters))
        caption = _("Grants, networks and collaborations per focus area, %(year)s")
        first = _("Focus area")
    else:
        grants = _granted(dashboard.by_district(filters))
        caption = _("Grants, networks and collaborations per district, %(year)s")
        first = _("District")
    path = "focus_areas" if dimension == "focus_area" else "districts"
    networks = _counted(Network.objects.filter(municipality=municipality), path)
    running = _counted(Collaboration.objects.filter(current_q(), municipality=municipality), path)
    table = Table(
        f"beside_{dimension}",
        str(caption) % {"year": year},
        [
            str(first),
            str(_("Granted (SEK)")),
            str(_("Organisations reached")),
            str(_("Networks")),
            str(_("Running collaborations")),
        ],
        chart_column=1,
    )
    for place in places if places is not None else _places(municipality, dimension):
        granted, reached = grants.get(place.pk, (0, 0))
        table.rows.append(
            [place.name, granted, reached, networks.get(place.pk, 0), running.get(place.pk, 0)]
        )
    return table


def figures_tables(municipality, year: int) -> dict:
    """Everything the figures page shows: the focus areas and districts (for links), and
    per dimension the volunteering table and the table beside it."""
    areas = _places(municipality, "focus_area")
    districts = _places(municipality, "district")
    return {
        "focus_areas": areas,
        "tables": [
            volunteering_table(municipality, "focus_area", year, areas),
            beside_table(municipality, "focus_area", year, areas),
            volunteering_table(municipality, "district", year, districts),
            beside_table(municipality, "district", year, districts),
        ],
    }


def focus_area_figures(area, year: int) -> Figures:
    """One focus area's volunteering figures, for its page in the register (seven
    queries)."""
    return figures_by(area.municipality, "focus_area", year).get(area.pk, Figures(area.pk))
