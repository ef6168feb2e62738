"""A grant belongs to the year of its decision (Stockholm time), and every place that shows
grants agrees on it: the public list of granted support, the dashboard (summary and the
focus-area table), its drill-down, its CSV export and the 360Giving open data (JSON, CSV).

The data set has the cases that used to disagree: a grant submitted the year before and
decided this year (it was counted under "the year before" while the public list showed this
year's decision date), and decisions around midnight on New Year's Eve, where the UTC and
the Stockholm years differ.
"""

import csv
import io
import json
import re
from datetime import datetime
from decimal import Decimal
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from grants.models import Application, Decision
from grants.opendata import published_grants
from insights.rollups import rollups_refresh
from portal.models import Municipality, User
from tests.factories import CallFactory, GrantProgrammeFactory
from tests.grants.helpers import decide, eligible_organisation, submitted

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")
YEAR = datetime.now(STOCKHOLM).year - 1  # a whole year in the past: every choice is valid


def _at(year, month, day, hour=12, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


@pytest.fixture
def cases(world):
    """Trygghet cases of Nacka: (organisation name, granted, submitted, decided, outcome)."""
    x, officer = world.x, world.users["officer_x"]
    trygghet = x.focusareas.get(slug="trygghet")
    call = CallFactory(
        programme=GrantProgrammeFactory(committee=x.committees.get()),
        focus_area=trygghet,
        budget=10**6,
    )
    plan = [
        # Submitted the year before, decided this year: a grant of this year.
        ("Klimatnätverket Boo", "5000", _at(YEAR - 1, 11, 20), _at(YEAR, 12, 4), "approved"),
        # 00:30 on 1 January in Stockholm is still 31 December in UTC: this year.
        ("Nyårsföreningen", "7000", _at(YEAR - 1, 12, 1), _at(YEAR, 1, 1, 0, 30), "approved"),
        # 23:45 on New Year's Eve in Stockholm... and 00:15 the next day, already next year.
        ("Sena föreningen", "3000", _at(YEAR, 12, 1), _at(YEAR, 12, 31, 23, 45), "approved"),
        ("Tidiga föreningen", "2000", _at(YEAR, 12, 1), _at(YEAR + 1, 1, 1, 0, 15), "approved"),
        # Decided the year before: not this year's, whatever the diarienummer says.
        ("Förra årets förening", "4000", _at(YEAR - 1, 3, 1), _at(YEAR - 1, 4, 1), "approved"),
        # A rejection this year: decided, but no grant.
        ("Avslagna föreningen", "0", _at(YEAR, 5, 1), _at(YEAR, 5, 20), "rejected"),
    ]
    made = {}
    for name, amount, submitted_at, decided_at, outcome in plan:
        organisation = eligible_organisation(x)
        organisation.name = name
        organisation.save()
        application = submitted(call, "9000", organisation=organisation)
        decide(application, officer, amount=amount, outcome=outcome)
        Application.objects.filter(pk=application.pk).update(submitted_at=submitted_at)
        Decision.objects.filter(application=application).update(decided_at=decided_at)
        made[name] = application
    # Submitted this year and not decided: an application of this year, not a grant.
    waiting = eligible_organisation(x)
    waiting.name = "Väntande föreningen"
    waiting.save()
    Application.objects.filter(pk=submitted(call, "1500", organisation=waiting).pk).update(
        submitted_at=_at(YEAR, 6, 1)
    )
    rollups_refresh(x)
    return {"trygghet": trygghet, "applications": made}


GRANTED_THIS_YEAR = {"Klimatnätverket Boo", "Nyårsföreningen", "Sena föreningen"}
AMOUNT_THIS_YEAR = Decimal(5000 + 7000 + 3000)


class _Rows(HTMLParser):
    """The text of each body row's cells of a page's first table."""

    def __init__(self):
        super().__init__()
        self.rows, self._row, self._cell, self._in_body = [], None, None, False

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self._row = []
        elif tag == "td" and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        elif tag == "tbody":
            self._in_body = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _rows(html: str) -> list[list[str]]:
    parser = _Rows()
    parser.feed(html)
    return parser.rows


def _kronor(text) -> Decimal:
    """An amount as a page or file writes it ("15 000", "15000.00", "15 000 kr")."""
    match = re.search(r"\d[\d\s\u00a0\u202f]*(?:[.,]\d{1,2})?", str(text))
    number = re.sub(r"[\s\u00a0\u202f]", "", match.group(0)).replace(",", ".")
    return Decimal(number)


def _dashboard_query(**extra):
    return {"year_from": YEAR, "year_to": YEAR, **extra}


def test_every_place_counts_the_same_grants_in_the_same_year(client, world, cases):
    trygghet = cases["trygghet"]

    # The public list: every grant with the date of its decision.
    public = client.get(reverse("grants:granted", args=["nacka"]))
    listed = {row[0]: row for row in _rows(public.content.decode())}
    this_year = {name for name, row in listed.items() if row[3].startswith(f"{YEAR}-")}
    assert this_year == GRANTED_THIS_YEAR
    assert listed["Klimatnätverket Boo"][3] == f"{YEAR}-12-04"
    assert listed["Nyårsföreningen"][3] == f"{YEAR}-01-01"
    assert listed["Tidiga föreningen"][3] == f"{YEAR + 1}-01-01"
    assert sum(_kronor(listed[name][2]) for name in this_year) == AMOUNT_THIS_YEAR

    # The open data, JSON and CSV: the award date is the decision's Stockholm date.
    package = json.loads(client.get(reverse("grants:granted_json", args=["nacka"])).getvalue())
    awarded = [g for g in package["grants"] if g["awardDate"].startswith(f"{YEAR}-")]
    assert {g["recipientOrganization"][0]["name"] for g in awarded} == GRANTED_THIS_YEAR
    assert sum(Decimal(str(g["amountAwarded"])) for g in awarded) == AMOUNT_THIS_YEAR
    assert all(g["classifications"][0]["title"] == "Trygghet" for g in awarded)
    flat = client.get(reverse("grants:granted_csv", args=["nacka"])).getvalue().decode("utf-8-sig")
    records = [r for r in csv.DictReader(io.StringIO(flat)) if r["Award Date"][:4] == str(YEAR)]
    assert {r["Recipient Org:Name"] for r in records} == GRANTED_THIS_YEAR
    assert sum(_kronor(r["Amount Awarded"]) for r in records) == AMOUNT_THIS_YEAR

    # The dashboard of the year: the same grants, and the year before does not have them.
    client.force_login(world.users["politician_x"])
    page = client.get(reverse("insights:dashboard", args=["nacka"]), _dashboard_query())
    tables = {t.key: t for t in page.context["tables"]}
    summary = {row[0]: row[1:] for row in tables["summary"].rows}
    granted_now, granted_before = summary["Beviljat (kr)"][:2]
    assert granted_now == AMOUNT_THIS_YEAR
    assert granted_before == Decimal(4000)  # only the grant decided the year before
    # Applications: the four decided this year and the one waiting since then; one before.
    assert summary["Ansökningar"][:2] == [5, 1]
    focus = {row[0]: row for row in tables["focus_areas"].rows}
    approved, granted = focus["Trygghet"][4], focus["Trygghet"][6]
    assert (approved, granted) == (3, AMOUNT_THIS_YEAR)
    html = page.content.decode()
    assert "Trygghet" in html

    # Its drill-down into Trygghet lists exactly those grants (and this year's rejection).
    drill = client.get(
        reverse("insights:dashboard_grants", args=["nacka"]),
        _dashboard_query(drill_focus_area=trygghet.pk),
    )
    drilled = {row[0]: row for row in _rows(drill.content.decode())}
    assert set(drilled) == GRANTED_THIS_YEAR | {"Avslagna föreningen"}
    assert all(row[4].startswith(f"{YEAR}-") for row in drilled.values())
    assert sum(_kronor(row[3]) for row in drilled.values()) == AMOUNT_THIS_YEAR

    # The dashboard's CSV of the focus-area table says the same.
    export = client.get(
        reverse("insights:dashboard_export", args=["nacka", "csv"]),
        _dashboard_query(table="focus_areas"),
    )
    lines = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    columns = tables["focus_areas"].columns  # the table follows the lines saying what it covers
    header = next(i for i, line in enumerate(lines) if line[:3] == columns[:3])
    exported = {line[0]: line for line in lines[header + 1 :] if line}
    assert _kronor(exported["Trygghet"][lines[header].index(columns[6])]) == AMOUNT_THIS_YEAR


def test_the_next_year_has_the_grant_decided_after_midnight(client, world, cases):
    """00:15 on 1 January in Stockholm (23:15 UTC on New Year's Eve) is next year's."""
    client.force_login(world.users["politician_x"])
    page = client.get(
        reverse("insights:dashboard", args=["nacka"]),
        {"year_from": YEAR + 1, "year_to": YEAR + 1},
    )
    summary = {row[0]: row[1:] for row in page.context["tables"][0].rows}
    assert summary["Beviljat (kr)"][:2] == [Decimal(2000), AMOUNT_THIS_YEAR]
    drill = client.get(
        reverse("insights:dashboard_grants", args=["nacka"]),
        {"year_from": YEAR + 1, "year_to": YEAR + 1},
    )
    assert [row[0] for row in _rows(drill.content.decode())] == ["Tidiga föreningen"]


def test_in_the_demo_data_the_public_list_and_the_dashboard_agree(client):
    """What a politician compares: the demo's public list against the dashboard, each year and
    focus area. The demo's grant of the year before was also decided (and numbered) then."""
    call_command("seed_demo", verbosity=0)
    nacka = Municipality.objects.get(slug="nacka")
    rollups_refresh(nacka)
    for application in published_grants(nacka):
        number_year = int(application.diarienummer.split()[1].split("/")[0])
        assert number_year <= timezone.localtime(application.decision.decided_at).year
    public = _rows(client.get(reverse("grants:granted", args=["nacka"])).content.decode())
    years = {int(row[3][:4]) for row in public}
    assert len(years) == 2  # this year's grants and the year before's
    client.force_login(User.objects.get(email="politiker.nacka@example.se"))
    for year in years:
        query = {"year_from": year, "year_to": year}
        listed = [row for row in public if row[3].startswith(f"{year}-")]
        page = client.get(reverse("insights:dashboard", args=["nacka"]), query)
        tables = {t.key: t for t in page.context["tables"]}
        summary = {row[0]: row[1:] for row in tables["summary"].rows}
        assert summary["Beviljat (kr)"][0] == sum(_kronor(row[2]) for row in listed), year
        focus = tables["focus_areas"]
        for row, params in zip(focus.rows, focus.drill, strict=True):
            area = row[0]
            in_area = {r[0] for r in listed if area in r[4]}
            assert row[6] == sum(_kronor(r[2]) for r in listed if area in r[4]), (year, area)
            drill = client.get(
                reverse("insights:dashboard_grants", args=["nacka"]),
                {**query, **{f"drill_{k}": v for k, v in params.items()}},
            )
            drilled = {r[0] for r in _rows(drill.content.decode()) if len(r) > 1}
            assert drilled == in_area, (year, area)
