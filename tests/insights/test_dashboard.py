"""Dashboard figures equal hand-computed totals on a fixed data set; filters combine;
exports match the page; drill-down lists the grants behind a figure; politicians see no
personal data and other municipalities get 404; query count constant."""

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grants import services as grant_services
from grants.models import Application, Decision, FollowUpReport
from insights.rollups import rollups_refresh
from insights.selectors import Filters, dashboard_tables
from networks import services as network_services
from networks.models import Attendance, Meeting, NetworkMember
from organisations.models import PayoutAccount
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


@dataclass
class Data:
    trygghet: object
    gemenskap: object
    d1: object
    d2: object
    youth: object
    elderly: object
    applications: dict


def _in_year(application, year):
    """Submitted and decided in ``year`` (grants.years: a case belongs to its decision's)."""
    moment = datetime(year, 6, 1, 12, tzinfo=timezone.get_current_timezone())
    Application.objects.filter(pk=application.pk).update(submitted_at=moment)
    Decision.objects.filter(application=application).update(decided_at=moment)


@pytest.fixture
def data(world):
    x, officer = world.x, world.users["officer_x"]
    committee = x.committees.get()
    trygghet = FocusArea.objects.get(municipality=x, slug="trygghet")
    gemenskap = FocusArea.objects.create(
        municipality=x, name="Gemenskap", slug="gemenskap", ordering=1
    )
    d1, d2 = DistrictFactory(municipality=x), DistrictFactory(municipality=x)
    youth = TargetGroupFactory(municipality=x, name="Barn och unga")
    elderly = TargetGroupFactory(municipality=x, name="Äldre")
    project = GrantProgrammeFactory(committee=committee, kind="projektbidrag")
    project.target_groups.add(youth)
    operating = GrantProgrammeFactory(committee=committee, kind="verksamhetsbidrag")
    operating.target_groups.add(elderly)
    operating.focus_areas.add(gemenskap)
    c1 = CallFactory(programme=project, focus_area=trygghet, budget=10**6)
    c2 = CallFactory(programme=operating, budget=10**6)
    org_a, org_b, org_c = (eligible_organisation(x) for _ in range(3))
    for org, district in ((org_a, d1), (org_b, d2), (org_c, d1)):
        org.district = district
        org.save()
        PayoutAccount.objects.create(
            organisation=org, method="bankgiro", number="5050-1055", account_holder=org.name
        )
    a1 = submitted(c1, "10000", organisation=org_a)
    a2 = submitted(c1, "5000", organisation=org_b)
    a3 = submitted(c2, "20000", organisation=org_a)
    a4 = submitted(
        CallFactory(programme=project, focus_area=trygghet, budget=10**6),
        "3000",
        organisation=org_c,
    )
    d_a1 = decide(a1, officer, amount="8000", outcome="partly_approved")
    decide(a2, officer, amount="0", outcome="rejected")
    decide(a3, officer, amount="20000")
    decide(a4, officer, amount="3000")
    batch, _refused = grant_services.payout_batch_create(
        committee=committee, decisions=[d_a1], payment_date=timezone.localdate(), by=officer
    )
    grant_services.payout_batch_transition(batch=batch, to_status="sent", by=officer)
    grant_services.payout_batch_transition(batch=batch, to_status="paid", by=officer)
    for application in (a1, a2, a3):
        _in_year(application, YEAR)
    _in_year(a4, YEAR - 1)
    report = FollowUpReport.objects.create(
        decision=d_a1,
        due_on=timezone.localdate(),
        status="submitted",
        money_used=8000,
        unused_amount=0,
        participants={"counts": {"7-12|women": 5, "13-20|men": 3}, "total": 8},
    )
    assert report.pk
    network = NetworkFactory(municipality=x)
    network.focus_areas.add(trygghet)
    NetworkFactory(municipality=x).focus_areas.add(gemenskap)
    member = NetworkMember.objects.create(network=network, kind="partner", partner_name="Polisen")
    past = timezone.now() - timedelta(days=3)
    meeting = Meeting.objects.create(
        network=network,
        title="Träff",
        mode="online",
        online_url="https://meet.example/x",
        starts_at=past,
        ends_at=past + timedelta(hours=2),
    )
    Attendance.objects.create(meeting=meeting, member=member, people=4)
    network_services.action_create(
        network=network,
        title="Sen",
        owner_member=member,
        due_on=timezone.localdate() - timedelta(days=1),
        by=world.users["coordinator_x"],
    )
    rollups_refresh(x)  # what the Celery job does every few minutes
    return Data(
        trygghet, gemenskap, d1, d2, youth, elderly, {"a1": a1, "a2": a2, "a3": a3, "a4": a4}
    )


def tables(world, **filters):
    return {t.key: t for t in dashboard_tables(Filters(world.x, years=(YEAR,), **filters))}


def rows(table):
    return {row[0]: row[1:] for row in table.rows}


def test_figures_per_focus_area_equal_hand_computed_totals(world, data):
    t = tables(world)
    # count, applied, decided, approved, rate, granted, paid, organisations reached
    assert rows(t["focus_areas"]) == {
        "Trygghet": [2, Decimal(15000), 2, 1, 50, Decimal(8000), Decimal(8000), 1],
        "Gemenskap": [1, Decimal(20000), 1, 1, 100, Decimal(20000), Decimal(0), 1],
    }
    assert rows(t["kind"]) == {
        "Projektbidrag": [2, Decimal(15000), 2, 1, 50, Decimal(8000), Decimal(8000), 1],
        "Verksamhetsbidrag": [1, Decimal(20000), 1, 1, 100, Decimal(20000), Decimal(0), 1],
    }
    assert {k: v[5] for k, v in rows(t["district"]).items()} == {
        data.d1.name: Decimal(28000),
        data.d2.name: Decimal(0),
    }
    assert {k: v[0] for k, v in rows(t["target_group"]).items()} == {"Barn och unga": 2, "Äldre": 1}


def test_summary_compares_with_the_year_before(world, data):
    summary = rows(tables(world)["summary"])
    assert summary["Ansökningar"] == [3, 1, 2]
    assert summary["Sökt (kr)"] == [Decimal(35000), Decimal(3000), Decimal(32000)]
    assert summary["Beviljat (kr)"] == [Decimal(28000), Decimal(3000), Decimal(25000)]
    assert summary["Utbetalt (kr)"] == [Decimal(8000), Decimal(0), Decimal(8000)]
    assert summary["Nya organisationer"][:2] == [1, 1]  # A this year, C the year before


def test_organisations_reached_are_counted_once_across_cells_and_years(world, data):
    # A has approved grants in two cells this year (two kinds, two focus areas), C one the
    # year before, B only a rejection: the bit strings OR-ed count A once.
    assert rows(tables(world)["summary"])["Organisationer som nåtts"][:2] == [1, 1]
    both = {t.key: t for t in dashboard_tables(Filters(world.x, years=(YEAR - 1, YEAR)))}
    assert rows(both["summary"])["Organisationer som nåtts"][0] == 2
    assert {k: v[7] for k, v in rows(both["focus_areas"]).items()} == {
        "Trygghet": 2,
        "Gemenskap": 1,
    }
    assert {k: v[7] for k, v in rows(both["district"]).items()} == {
        data.d1.name: 2,
        data.d2.name: 0,
    }


def test_participants_networks_and_actions(world, data):
    t = tables(world)
    participants = rows(t["participants"])
    assert participants["7–12 år"][:2] == [5, 0]
    assert participants["13–20 år"][:3] == [0, 3, 0]
    assert rows(t["networks"]) == {"Trygghet": [1, 1, 4, 1, 1], "Gemenskap": [1, 0, 0, 0, 0]}


def test_networks_in_the_same_cell_add_up(world, data):
    # A second trygghet network lands in the same rollup cell as the first: its network,
    # meeting, attendance and open action add to the cell's sums.
    network = NetworkFactory(municipality=world.x)
    network.focus_areas.add(data.trygghet)
    member = NetworkMember.objects.create(network=network, kind="partner", partner_name="Skolan")
    past = timezone.now() - timedelta(days=2)
    meeting = Meeting.objects.create(
        network=network,
        title="Vandring",
        mode="online",
        online_url="https://meet.example/y",
        starts_at=past,
        ends_at=past + timedelta(hours=1),
    )
    Attendance.objects.create(meeting=meeting, member=member, people=6)
    network_services.action_create(
        network=network,
        title="Ny",
        owner_member=member,
        due_on=timezone.localdate() + timedelta(days=7),
        by=world.users["coordinator_x"],
    )
    rollups_refresh(world.x)
    assert rows(tables(world)["networks"])["Trygghet"] == [2, 2, 10, 2, 1]
    assert rows(tables(world, district=data.d1)["networks"]) == {}


def test_filters_combine(world, data):
    assert rows(tables(world, focus_area=data.trygghet)["summary"])["Ansökningar"][0] == 2
    assert rows(tables(world, district=data.d2)["summary"])["Ansökningar"][0] == 1
    both = tables(world, district=data.d1, focus_area=data.gemenskap)
    assert rows(both["summary"])["Ansökningar"][0] == 1
    assert rows(tables(world, target_group=data.elderly)["summary"])["Beviljat (kr)"][0] == 20000
    earlier = {t.key: t for t in dashboard_tables(Filters(world.x, years=(YEAR - 1, YEAR)))}
    assert rows(earlier["summary"])["Ansökningar"][0] == 4


def test_page_export_and_drill_down_agree(client, world, data):
    client.force_login(world.users["politician_x"])
    url = reverse("insights:dashboard", args=["nacka"])
    page = client.get(url, {"year_from": YEAR, "year_to": YEAR})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Trygghet" in html
    assert "<svg" in html
    focus = next(t for t in page.context["tables"] if t.key == "focus_areas")
    export = reverse("insights:dashboard_export", args=["nacka", "csv"])
    content = client.get(export, {"year_from": YEAR, "year_to": YEAR, "table": "focus_areas"})
    lines = list(csv.reader(io.StringIO(content.content.decode("utf-8-sig")), delimiter=";"))
    header = lines.index(focus.columns)  # after the lines that say what the file covers
    assert lines[header - 1] == [focus.caption]
    swedish = [  # amounts with two decimals and a decimal comma, counts as they are
        ["" if v is None else f"{v:.2f}".replace(".", ",") if isinstance(v, Decimal) else str(v)
         for v in row]
        for row in focus.rows
    ]  # fmt: skip
    assert lines[header + 1 :] == swedish
    xlsx = client.get(
        reverse("insights:dashboard_export", args=["nacka", "xlsx"]),
        {"year_from": YEAR, "year_to": YEAR},
    )
    with zipfile.ZipFile(io.BytesIO(xlsx.content)) as book:
        names = book.namelist()
        assert sum(n.startswith("xl/worksheets/sheet") for n in names) == 1 + len(
            page.context["tables"]
        )  # a first sheet says what the file covers
        assert "Trygghet" in book.read("xl/sharedStrings.xml").decode()
    label, params = focus.drill_links()[0]
    assert label == "Trygghet"
    drill = client.get(
        reverse("insights:dashboard_grants", args=["nacka"])
        + "?"
        + f"year_from={YEAR}&year_to={YEAR}&"
        + params
    )
    listed = {a.pk for a in drill.context["page"]}
    assert listed == {data.applications["a1"].pk, data.applications["a2"].pk}


def test_no_personal_data_for_politicians_and_other_municipalities_get_404(client, world, data):
    client.force_login(world.users["politician_x"])
    organisation = data.applications["a1"].organisation
    for url in (
        reverse("insights:dashboard", args=["nacka"]),
        reverse("insights:dashboard_grants", args=["nacka"]),
    ):
        html = client.get(url).content.decode()
        assert organisation.contact_name not in html
        assert organisation.contact_email not in html
        assert world.users["officer_x"].email not in html
    assert client.get(reverse("insights:dashboard", args=["ekero"])).status_code == 404
    client.force_login(world.users["officer_y"])
    assert client.get(reverse("insights:dashboard_grants", args=["nacka"])).status_code == 404
    client.logout()
    assert client.get(reverse("insights:dashboard", args=["nacka"])).status_code == 302


def test_dashboard_query_count_is_constant(client, world, data):
    """Rendered for a new build (session, user, MFA, municipality, role, build, the filter
    choices in one query, eight figure queries), the same however much data; kept, fewer
    (test_dashboard_figures_cache)."""
    client.force_login(world.users["politician_x"])
    url = reverse("insights:dashboard", args=["nacka"])
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    call = data.applications["a1"].call
    for _ in range(10):
        application = submitted(call, "1000")
        decide(application, world.users["officer_x"], amount="1000")
    NetworkFactory(municipality=world.x).focus_areas.add(data.gemenskap)
    DistrictFactory(municipality=world.x)
    rollups_refresh(world.x)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url, {"focus_area": data.trygghet.pk, "district": data.d1.pk})
    assert len(few) == len(many) == 15
    assert "tables" in page.context  # rendered, not kept


def test_bad_year_range_is_an_error_in_the_form(client, world, data):
    client.force_login(world.users["politician_x"])
    page = client.get(
        reverse("insights:dashboard", args=["nacka"]), {"year_from": YEAR, "year_to": YEAR - 2}
    )
    assert page.status_code == 200
    assert page.context["form"].errors["year_to"]
    html = page.content.decode()
    # The error is next to the field, tied to it for screen readers, and the choice is kept.
    select = re.search(r'<select name="year_to"[^>]*>', html).group(0)
    assert 'class="form-select is-invalid"' in select
    assert 'aria-invalid="true"' in select
    assert 'aria-describedby="id_year_to_error"' in select
    error = re.search(
        r'<div id="id_year_to_error" class="invalid-feedback">(.*?)</div>', html, re.S
    )
    assert "Det sista året får inte komma före det första." in error.group(1)
    assert f'<option value="{YEAR - 2}" selected>' in html
    assert '<label for="id_focus_area" class="form-label">Fokusområde</label>' in html
    assert list(page.context["form"].fields) == [
        "focus_area", "year_from", "year_to", "committee", "district", "target_group",
    ]  # fmt: skip


def test_bad_year_range_in_the_comparison_is_an_error_in_the_form(client, world, data):
    client.force_login(world.users["superuser"])
    page = client.get(reverse("insights:compare"), {"year_from": YEAR, "year_to": YEAR - 2})
    assert page.status_code == 200
    assert page.context["form"].errors["year_to"]
    assert "Det sista året får inte komma före det första." in page.content.decode()


def test_portal_administrators_compare_municipalities(client, world, data):
    other = submitted(
        CallFactory(programme=GrantProgrammeFactory(committee=world.y.committees.get())),
        "700",
        organisation=eligible_organisation(world.y),
    )
    decide(other, world.users["officer_y"], amount="700")
    url = reverse("insights:compare")
    for user in (world.users["politician_x"], world.users["admin_x"]):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(world.users["superuser"])
    page = client.get(url)
    grants = {row[0]: row[1:] for row in page.context["tables"][0].rows}
    assert grants["Nacka kommun"][0] == 3
    assert grants["Nacka kommun"][5] == Decimal(28000)
    assert grants["Ekerö kommun"][5] == Decimal(700)
    networks = {row[0]: row[1:] for row in page.context["tables"][1].rows}
    assert networks["Nacka kommun"] == [2, 1]


def test_politicians_reach_no_write_view(client, world, data):
    client.force_login(world.users["politician_x"])
    application = data.applications["a1"]
    for url in (
        reverse("admin:index"),
        reverse("admin:grants_application_changelist"),
        reverse("admin:grants_application_decide", args=[application.pk]),
        reverse("admin:grants_payoutbatch_changelist"),
        reverse("admin:networks_meeting_changelist"),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        if response.status_code == 302:
            assert "/admin/login/" in response["Location"], url
    assert client.get(reverse("portal:workspace")).status_code in (403, 404)
    assert client.get(reverse("grants:application", args=[application.pk])).status_code == 404
    before = Application.objects.count()
    client.post(reverse("grants:start", args=[application.call_id]), {"organisation": 1})
    assert Application.objects.count() == before


def test_rollups_wait_for_the_job_which_refreshes_only_changed_municipalities(client, world, data):
    """The page reads rollups: a new decision shows after the job, with the time shown."""
    from django_celery_beat.models import PeriodicTask

    from insights.models import RollupRefresh
    from insights.rollups import rollups_refresh_due

    rollups_refresh(world.y)
    before = RollupRefresh.objects.get(municipality=world.x).refreshed_at
    a5 = submitted(CallFactory(programme=data.applications["a1"].call.programme), "7000")
    decide(a5, world.users["officer_x"], amount="7000")
    assert rows(tables(world)["summary"])["Ansökningar"][0] == 3  # not yet in the rollups

    client.force_login(world.users["politician_x"])
    page = client.get(reverse("insights:dashboard", args=["nacka"]))
    stamp = timezone.localtime(before).strftime("%H:%M")
    assert f"Siffrorna gäller {timezone.localtime(before).day}" in page.content.decode()
    assert stamp in page.content.decode()

    refreshed = rollups_refresh_due()
    assert [state.municipality for state in refreshed] == [world.x]  # Ekerö had no change
    assert rows(tables(world)["summary"])["Ansökningar"][0] == 4
    assert rows(tables(world)["summary"])["Beviljat (kr)"][0] == 35000
    with CaptureQueriesContext(connection) as checked:
        assert rollups_refresh_due() == []  # nothing changed since
    assert len(checked) == 1  # one query however many municipalities
    task = PeriodicTask.objects.get(task="portal.tasks.dashboard_rollups_refresh")
    assert task.enabled
    assert task.interval.every == 5


def test_rollups_are_rebuilt_when_they_grow_old(world, data):
    from insights.models import RollupRefresh
    from insights.rollups import rollups_refresh_due

    rollups_refresh(world.y)
    RollupRefresh.objects.update(refreshed_at=timezone.now() - timedelta(hours=2))
    refreshed = {state.municipality for state in rollups_refresh_due(max_age_minutes=60)}
    assert refreshed == {world.x, world.y}


def test_the_job_builds_rollups_never_built(world, data):
    from insights.models import RollupRefresh
    from insights.rollups import rollups_refresh_due

    assert not RollupRefresh.objects.filter(municipality=world.y).exists()
    refreshed = {state.municipality for state in rollups_refresh_due()}
    assert refreshed == {world.y}  # Nacka's were built by the fixture, nothing changed


def test_first_view_builds_missing_rollups(client, world, data):
    """A municipality never refreshed (new installation) gets its figures on first view."""
    from insights.models import GrantRollup, RollupRefresh

    RollupRefresh.objects.all().delete()
    GrantRollup.objects.all().delete()
    client.force_login(world.users["politician_x"])
    page = client.get(reverse("insights:dashboard", args=["nacka"]), {"year_from": YEAR})
    summary = next(t for t in page.context["tables"] if t.key == "summary")
    assert summary.rows[0][1] == 3
    assert RollupRefresh.objects.filter(municipality=world.x).exists()
