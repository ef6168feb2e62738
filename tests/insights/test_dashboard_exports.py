"""The dashboard's CSV and XLSX read as the outside tools read them (the csv module, openpyxl):
each says what it covers (municipality, years, filters, the time the figures are as of) in
the file and in its name; the Swedish CSV writes numbers as Swedish Excel reads them, one
format per column; the XLSX has Swedish sheet names, bold and frozen headers with a filter,
and real numbers with number formats. The exports, the open data and the public list of
granted support count a grant under the same year: that of its decision."""

import csv
import io
import json
import re
from datetime import datetime
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from grants.models import Application, Decision
from insights import reports
from insights.models import RollupRefresh
from insights.rollups import rollups_refresh
from tests.factories import CallFactory, DistrictFactory, GrantProgrammeFactory
from tests.grants.helpers import decide, eligible_organisation, submitted

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year
SWEDISH_AMOUNT = re.compile(r"-?\d+,\d\d")  # 208000,00: what Swedish Excel reads as a number
COUNT = re.compile(r"-?\d+")
STOCKHOLM = timezone.get_current_timezone()


def _at(application, submitted_at, decided_at=None):
    Application.objects.filter(pk=application.pk).update(submitted_at=submitted_at)
    Decision.objects.filter(application=application).update(decided_at=decided_at or submitted_at)


@pytest.fixture
def data(world):
    """This year: 208 000,50 kr applied for, 150 000,50 granted (Trygghet) and 5 000 applied
    for and refused (no focus area); the year before: 3 000 granted."""
    x, officer = world.x, world.users["officer_x"]
    trygghet = x.focusareas.get(slug="trygghet")
    district = DistrictFactory(municipality=x, name="Fisksätra", slug="fisksatra")
    programme = GrantProgrammeFactory(committee=x.committees.get(), kind="projektbidrag")
    call = CallFactory(programme=programme, focus_area=trygghet, budget=10**7)
    other = CallFactory(programme=programme, budget=10**7)
    org_a = eligible_organisation(x)
    org_a.district = district
    org_a.save()
    a1 = submitted(call, "208000.50", organisation=org_a)
    decide(a1, officer, amount="150000.50", outcome="partly_approved")
    a2 = submitted(other, "5000")
    decide(a2, officer, amount="0", outcome="rejected")
    a3 = submitted(call, "3000")
    decide(a3, officer, amount="3000")
    june = datetime(YEAR, 6, 1, 12, tzinfo=STOCKHOLM)
    _at(a1, june)
    _at(a2, june)
    _at(a3, june.replace(year=YEAR - 1))
    rollups_refresh(x)
    return {"trygghet": trygghet, "district": district}


def get(client, fmt, language="sv", **params):
    with translation.override(language):
        url = reverse("insights:dashboard_export", args=["nacka", fmt])
    response = client.get(url, params)
    assert response.status_code == 200
    return response


def filename(response) -> str:
    match = re.fullmatch(r'attachment; filename="([^"]+)"', response["Content-Disposition"])
    assert match, response["Content-Disposition"]
    return match[1]


def csv_lines(response, delimiter=";") -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def figures_as_of(world) -> str:
    refreshed = RollupRefresh.objects.get(municipality=world.x).refreshed_at
    with translation.override("sv"):
        return formats.date_format(timezone.localtime(refreshed), "j F Y H:i")


def test_csv_says_what_it_covers_in_the_file_and_its_name(client, world, data):
    client.force_login(world.users["politician_x"])
    chosen = {"year_from": YEAR - 1, "year_to": YEAR, "focus_area": data["trygghet"].pk}
    response = get(client, "csv", table="focus_areas", **chosen)
    lines = csv_lines(response)
    assert lines[0] == ["Samverkan i Nacka kommun"]
    about = dict(line for line in lines[1:] if len(line) == 2)
    assert about["Kommun"] == "Nacka kommun"
    assert about["År"] == f"{YEAR - 1}–{YEAR}"
    assert about["Fokusområde"] == "Trygghet"
    assert about["Nämnd"] == "Alla nämnder"
    assert about["Kommundel"] == "Alla kommundelar"
    assert about["Målgrupp"] == "Alla målgrupper"
    assert about["Siffrorna gäller"] == figures_as_of(world)
    assert ["Bidrag per fokusområde"] in lines
    refreshed = RollupRefresh.objects.get(municipality=world.x).refreshed_at
    day = timezone.localtime(refreshed).date().isoformat()
    name = filename(response)
    assert name == (
        f"samverkan-nacka-bidrag-per-fokusomrade-{YEAR - 1}-{YEAR}-trygghet-per-{day}.csv"
    )
    this_year = get(client, "csv", table="focus_areas", year_from=YEAR, year_to=YEAR)
    assert filename(this_year) == f"samverkan-nacka-bidrag-per-fokusomrade-{YEAR}-per-{day}.csv"
    assert dict(line for line in csv_lines(this_year) if len(line) == 2)["År"] == str(YEAR)


def test_swedish_csv_writes_numbers_as_swedish_excel_reads_them(client, world, data):
    client.force_login(world.users["politician_x"])
    lines = csv_lines(get(client, "csv", table="summary", year_from=YEAR, year_to=YEAR))
    rows = {line[0]: line[1:] for line in lines if len(line) == 4}
    assert rows["Sökt (kr)"] == ["213000,50", "3000,00", "210000,50"]
    assert rows["Beviljat (kr)"] == ["150000,50", "3000,00", "147000,50"]
    assert rows["Utbetalt (kr)"] == ["0,00", "0,00", "0,00"]  # an amount, even when nothing
    assert rows["Ansökningar"] == ["2", "1", "1"]
    assert rows["Nya organisationer"] == ["1", "1", "0"]  # the change is there too

    focus = csv_lines(get(client, "csv", table="focus_areas", year_from=YEAR, year_to=YEAR))
    header = next(i for i, line in enumerate(focus) if line[:2] == ["Fokusområde", "Ansökningar"])
    columns, body = focus[header], focus[header + 1 :]
    assert len(body) == 2  # Trygghet and the refused application without a focus area
    for column, title in enumerate(columns[1:], start=1):
        cells = [row[column] for row in body if row[column] != ""]
        pattern = SWEDISH_AMOUNT if "(kr)" in title else COUNT
        assert all(pattern.fullmatch(cell) for cell in cells), (title, cells)


def test_english_csv_is_comma_separated_with_a_decimal_point(client, world, data):
    client.force_login(world.users["politician_x"])
    response = get(client, "csv", "en", table="summary", year_from=YEAR, year_to=YEAR)
    lines = csv_lines(response, delimiter=",")
    assert lines[0] == ["Collaboration in Nacka kommun"]
    rows = {line[0]: line[1:] for line in lines if len(line) == 4}
    assert rows["Applied for (SEK)"] == ["213000.50", "3000.00", "210000.50"]
    assert dict(line for line in lines if len(line) == 2)["Years"] == str(YEAR)


def test_xlsx_says_what_it_covers_with_swedish_sheets_bold_frozen_headers_and_filters(
    client, world, data
):
    client.force_login(world.users["politician_x"])
    response = get(client, "xlsx", year_from=YEAR, year_to=YEAR, district=data["district"].pk)
    refreshed = RollupRefresh.objects.get(municipality=world.x).refreshed_at
    day = timezone.localtime(refreshed).date().isoformat()
    assert filename(response) == f"samverkan-nacka-{YEAR}-fisksatra-per-{day}.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Om filen", "Sammanfattning", "Bidrag per fokusområde", "Bidrag per slag",
        "Bidrag per kommundel", "Bidrag per målgrupp", "Deltagare", "Nätverk",
    ]  # fmt: skip
    about = book["Om filen"]
    assert about["A1"].value == "Samverkan i Nacka kommun"
    lines = {row[0]: row[1] for row in about.iter_rows(min_row=2, values_only=True) if row[0]}
    assert lines["År"] == str(YEAR)
    assert lines["Kommundel"] == "Fisksätra"
    assert lines["Fokusområde"] == "Alla fokusområden"
    assert lines["Siffrorna gäller"] == figures_as_of(world)
    assert about["A3"].font.b

    for sheet in book.worksheets[1:]:
        header = [cell for cell in sheet[3] if cell.value is not None]
        assert header, sheet.title
        assert all(cell.font.b for cell in header), sheet.title
        assert sheet.freeze_panes == "B4", sheet.title
        last = openpyxl.utils.get_column_letter(len(header))
        assert sheet.auto_filter.ref == f"A3:{last}{sheet.max_row}", sheet.title
        assert "Siffrorna gäller" in sheet["A2"].value

    summary = {row[0].value: row[1:] for row in book["Sammanfattning"].iter_rows(min_row=4)}
    applied = summary["Sökt (kr)"]  # Fisksätra: only the grant of 208 000,50 applied for
    assert [c.value for c in applied] == [208000.5, 0, 208000.5]
    assert all(c.data_type == "n" and c.number_format == "#,##0.00" for c in applied)
    count = summary["Ansökningar"]
    assert all(c.data_type == "n" and c.number_format == "#,##0" for c in count)
    assert [c.value for c in summary["Nya organisationer"]] == [1, 0, 1]


def test_yearly_mapping_says_what_it_covers(client, world, data):
    report = reports.yearly_mapping(world.x, YEAR)
    assert report.filename == f"kartlaggning-nacka-{YEAR}.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(bytes(report.content)))
    assert book.sheetnames == [
        "Om filen",
        "Registrerade organisationer",
        f"Bidrag {YEAR}",
        "Nätverk",
        "Samverkan",
        "Överenskommelser",
        "Medsökta ansökningar",
        "Handlingsplaner",
        "Vem gör vad",
    ]
    lines = {row[0]: row[1] for row in book["Om filen"].iter_rows(values_only=True) if row[0]}
    assert lines["År"] == str(YEAR)
    grants = {row[0].value: row[1:] for row in book[f"Bidrag {YEAR}"].iter_rows(min_row=4)}
    amount = grants["Trygghet"][2]
    assert amount.value == 150000.5
    assert amount.number_format == "#,##0.00"


def test_exports_and_open_data_count_a_grant_under_its_decision_year(client, world, data):
    """A grant applied for in December and decided in January belongs to January's year in
    the dashboard's files, the 360Giving JSON and CSV and the public list alike, also at the
    turn of the year in Stockholm time (23:30 on New Year's Eve is 22:30 UTC)."""
    officer = world.users["officer_x"]
    call = CallFactory(
        programme=GrantProgrammeFactory(committee=world.x.committees.get()), budget=10**6
    )
    december = datetime(YEAR - 1, 12, 20, 10, tzinfo=STOCKHOLM)
    late = submitted(call, "7000")
    decide(late, officer, amount="7000")  # decided 00:30 on 1 January: this year's
    _at(late, december, datetime(YEAR, 1, 1, 0, 30, tzinfo=STOCKHOLM))
    eve = submitted(call, "4000")
    decide(eve, officer, amount="4000")  # decided 23:30 on New Year's Eve: last year's
    _at(eve, december, datetime(YEAR - 1, 12, 31, 23, 30, tzinfo=STOCKHOLM))
    rollups_refresh(world.x)

    open_data = json.loads(client.get(reverse("grants:granted_json", args=["nacka"])).getvalue())
    by_year = {}
    for grant in open_data["grants"]:
        year = int(grant["awardDate"][:4])
        by_year[year] = by_year.get(year, Decimal(0)) + Decimal(str(grant["amountAwarded"]))
    assert by_year == {YEAR: Decimal("157000.50"), YEAR - 1: Decimal("7000")}
    flat = client.get(reverse("grants:granted_csv", args=["nacka"])).getvalue().decode()
    flat_years = sorted(row["Award Date"][:4] for row in csv.DictReader(io.StringIO(flat)))
    assert flat_years == sorted(g["awardDate"][:4] for g in open_data["grants"])
    page = client.get(reverse("grants:granted", args=["nacka"])).content.decode()
    assert f"{YEAR}-01-01" in page
    assert f"{YEAR - 1}-12-31" in page

    client.force_login(world.users["politician_x"])
    for year, total in by_year.items():
        lines = csv_lines(get(client, "csv", table="summary", year_from=year, year_to=year))
        granted = next(line for line in lines if line[:1] == ["Beviljat (kr)"])
        assert granted[1] == f"{total:.2f}".replace(".", ","), year
        book = openpyxl.load_workbook(
            io.BytesIO(get(client, "xlsx", year_from=year, year_to=year).content)
        )
        rows = {row[0].value: row[1] for row in book["Sammanfattning"].iter_rows(min_row=4)}
        assert Decimal(str(rows["Beviljat (kr)"].value)) == total, year
