"""Dashboards: politicians and officers see where collaboration stands, drill down to the
decided grants behind a figure and export the tables. Read-only, no personal data."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

from insights import exports, figures, selectors
from insights.forms import CompareForm, DashboardForm, DrillForm
from insights.rollups import rollups_ensure
from portal.access import municipality_for_roles
from portal.roles import DASHBOARD_ROLES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# For stored HTML reports shown in the browser: the page's own inline styles, nothing else.
STORED_HTML_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox"
)


def _form(request, slug):
    municipality = municipality_for_roles(request, slug, DASHBOARD_ROLES)
    return municipality, DashboardForm(request.GET or None, municipality=municipality)


def _keep(form) -> bool:
    """Whether a body may be kept: the defaults, or filters the form accepts."""
    return not form.is_bound or form.is_valid()


@login_required
def dashboard(request, slug):
    """The figures of the rollups, kept rendered per rollup build (insights.figures): the
    form is made only to render them."""
    municipality = municipality_for_roles(request, slug, DASHBOARD_ROLES)
    build = figures.dashboard_build(municipality)
    page = figures.page("dashboard", build, request, DashboardForm.field_order)

    def body():
        form = DashboardForm(request.GET or None, municipality=municipality)
        filters = form.filters()
        context = {
            "municipality": municipality,
            "form": form,
            "filters": filters,
            "freshness": build.freshness,
            "tables": selectors.dashboard_tables(filters),
            "query": page.query,
        }
        return render_to_string("insights/_dashboard_body.html", context), _keep(form)

    context = {"municipality": municipality, "body": figures.kept(page.key, body)}
    response = render(request, "insights/dashboard.html", context)
    response.figures_key = page.key  # for the benchmark's first visitor after a rebuild
    return response


@login_required
def dashboard_grants(request, slug):
    """The decided grants behind a figure (organisation, programme, amount, date)."""
    municipality, form = _form(request, slug)
    drill = DrillForm(request.GET, municipality=municipality)
    if not drill.is_valid():
        raise Http404  # a row that the municipality's figures do not have
    grants = selectors.drill_down(form.filters(), drill.drill())
    page = Paginator(grants, 50).get_page(request.GET.get("sida"))
    context = {
        "municipality": municipality,
        "form": form,
        "page": page,
        "query": request.GET.urlencode(),
    }
    return render(request, "insights/dashboard_grants.html", context)


@login_required
def dashboard_export(request, slug, fmt):
    """The tables as XLSX (all) or CSV (``?table=``), saying what they cover and named so."""
    municipality, form = _form(request, slug)
    freshness = rollups_ensure(municipality)
    filters = form.filters()
    tables = selectors.dashboard_tables(filters)
    about = exports.dashboard_about(filters, freshness.refreshed_at)
    if fmt == "xlsx":
        return _download(exports.tables_xlsx(tables, about), XLSX, about.filename("xlsx"))
    table = next((t for t in tables if t.key == request.GET.get("table")), None)
    if fmt != "csv" or table is None:
        raise Http404
    content = exports.table_csv(table, about)
    return _download(content, "text/csv; charset=utf-8", about.filename("csv", table))


def _download(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
def dashboard_compare(request):
    """Portal administrators compare the municipalities on the same measures."""
    if not request.user.is_superuser:
        raise Http404
    build = figures.compare_build()
    page = figures.page("compare", build, request, CompareForm.base_fields)

    def body():
        form = CompareForm(request.GET or None)
        years = form.years()
        context = {
            "form": form,
            "years": years,
            "freshness": build.freshness,
            "tables": selectors.compare_municipalities(years),
            "query": page.query,
        }
        return render_to_string("insights/_dashboard_compare_body.html", context), _keep(form)

    context = {"body": figures.kept(page.key, body)}
    response = render(request, "insights/dashboard_compare.html", context)
    response.figures_key = page.key  # for the benchmark's first visitor after a rebuild
    return response


@login_required
def reports(request, slug):
    """The stored monthly reports and yearly mappings of the municipality."""
    municipality = municipality_for_roles(request, slug, DASHBOARD_ROLES)
    stored = municipality.dashboard_reports.defer("content")
    context = {"municipality": municipality, "reports": stored}
    return render(request, "insights/reports.html", context)


@login_required
def report_download(request, slug, pk):
    municipality = municipality_for_roles(request, slug, DASHBOARD_ROLES)
    report = get_object_or_404(municipality.dashboard_reports, pk=pk)
    response = HttpResponse(bytes(report.content), content_type=report.content_type)
    disposition = "inline" if report.content_type.startswith("text/html") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{report.filename}"'
    if disposition == "inline":
        # A stored, self-contained document (also sent as an email attachment, so its
        # styles are inline): shown sandboxed, with no scripts and nothing loaded.
        response["Content-Security-Policy"] = STORED_HTML_CSP
    response["X-Content-Type-Options"] = "nosniff"
    return response
