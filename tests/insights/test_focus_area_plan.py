"""A focus area for the politicians: the grant and network figures, the collaborations by
level and the action plan (actions on the focus area, on its collaborations and on its
networks), read-only, with overdue actions said in words."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from collaborations.models import Agreement, Collaboration
from insights.register.tables import actions_table
from networks.models import Action, Meeting
from portal.models import Administration
from tests.factories import FocusAreaFactory, NetworkFactory, OrganisationFactory
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _url(world, slug="trygghet"):
    return reverse("insights:focus_area", args=[world.x.slug, slug])


def _plan(world):
    area = world.x.focusareas.get(slug="trygghet")
    social = Administration.objects.create(municipality=world.x, name="Socialförvaltningen",
                                           slug="soc")  # fmt: skip
    shelter = OrganisationFactory(municipality=world.x, name="Kvinnojouren")
    iop = Collaboration.objects.create(
        municipality=world.x, title="IOP kvinnojour", kind="iop", level="operational",
        status="active", administration=social,
    )  # fmt: skip
    iop.focus_areas.add(area)
    agreement = Agreement.objects.create(collaboration=iop, legal_form="iop")
    council = Collaboration.objects.create(
        municipality=world.x, title="Trygghetsrådet", kind="dialogue", level="political",
        status="active",
    )  # fmt: skip
    council.focus_areas.add(area)
    network = NetworkFactory(municipality=world.x, name="BRÅ Nacka")
    network.focus_areas.add(area)
    meeting = Meeting.objects.create(
        network=network, title="Höstmöte", starts_at=timezone.now() - timedelta(days=10),
        ends_at=timezone.now() - timedelta(days=10, hours=-2), mode="online",
        online_url="https://meet.example.se/x",
    )  # fmt: skip
    other_area = FocusAreaFactory(municipality=world.x, name="Hållbarhet", slug="hallbar")
    actions = {
        "own": Action.objects.create(
            municipality=world.x, focus_area=area, title="Kartlägg otrygga platser",
            owner_unit=social, due_on=TODAY - timedelta(days=5), status="in_progress",
            progress_note="Hälften klar",
        ),
        "agreement": Action.objects.create(
            municipality=world.x, collaboration=iop, agreement=agreement,
            title="Starta jourtelefon", owner_organisation=shelter,
            due_on=TODAY + timedelta(days=30),
        ),
        "meeting": Action.objects.create(
            municipality=world.x, network=network, meeting=meeting,
            title="Nattvandring i Fisksätra", owner_officer=world.users["officer_x"],
            due_on=TODAY + timedelta(days=5),
        ),
        "elsewhere": Action.objects.create(
            municipality=world.x, focus_area=other_area, title="Solceller på föreningshus",
            owner_unit=social, due_on=TODAY,
        ),
    }  # fmt: skip
    return area, actions


def test_politician_sees_collaborations_by_level_and_the_action_plan(client, world):
    _area, actions = _plan(world)
    client.force_login(world.users["politician_x"])
    response = client.get(_url(world))
    assert response.status_code == 200
    levels = {level.value: [e.title for e in level.entries] for level in response.context["levels"]}
    assert levels == {"political": ["Trygghetsrådet"], "strategic": [],
                      "operational": ["IOP kvinnojour"]}  # fmt: skip
    plan = [a.pk for a in response.context["actions"]]
    assert plan == [actions["own"].pk, actions["meeting"].pk, actions["agreement"].pk]
    page = response.content.decode()
    assert "Solceller" not in page  # another focus area's action
    assert "Hälften klar" in page  # the progress note
    assert "Kvinnojouren" in page
    assert "Socialförvaltningen" in page
    assert "Höstmöte" in page
    assert "IOP kvinnojour" in page
    # Overdue in words, not only in colour: the one overdue row says so.
    rows = [row for row in page.split("<tr") if "Kartlägg otrygga platser" in row]
    assert "(försenad)" in rows[0] or "(overdue)" in rows[0]
    assert "/admin/" not in page  # read-only


def test_focus_area_access(client, world):
    _plan(world)
    assert client.get(_url(world)).status_code == 302  # anonymous: to the login
    for user, status in [("member", 404), ("officer_y", 404), ("officer_x", 200),
                         ("coordinator_x", 200)]:  # fmt: skip
        client.force_login(world.users[user])
        assert client.get(_url(world)).status_code == status
    client.force_login(world.users["politician_x"])
    assert client.get(_url(world, "no-such-area")).status_code == 404
    other = FocusAreaFactory(municipality=world.y, slug="ekero-trygghet")
    assert client.get(_url(world, other.slug)).status_code == 404


def test_dashboard_links_to_the_focus_area(client, world):
    client.force_login(world.users["politician_x"])
    page = client.get(reverse("insights:dashboard", args=[world.x.slug])).content.decode()
    assert f'href="{_url(world)}"' in page
    assert reverse("insights:register", args=[world.x.slug]) in page


def test_focus_area_queries_constant(client, world):
    area, _actions = _plan(world)
    client.force_login(world.users["politician_x"])

    def grow():
        _n = Collaboration.objects.count()
        for i in range(10):
            administration = Administration.objects.create(
                municipality=world.x, name=f"Förvaltning {i}", slug=f"f-{i}"
            )
            for level in ("political", "strategic", "operational"):
                entry = Collaboration.objects.create(
                    municipality=world.x, title=f"{level} {i}", kind="other", level=level,
                    status="active", administration=administration,
                )  # fmt: skip
                entry.focus_areas.add(area)
                Action.objects.create(
                    municipality=world.x, collaboration=entry, title=f"Åtgärd {level} {i}",
                    owner_organisation=OrganisationFactory(municipality=world.x),
                    due_on=TODAY - timedelta(days=i),
                )  # fmt: skip
            network = NetworkFactory(municipality=world.x)
            network.focus_areas.add(area)
            Action.objects.create(
                municipality=world.x, network=network, title=f"Nätverksåtgärd {i}",
                owner_unit=administration, due_on=TODAY,
            )  # fmt: skip

    response = assert_constant_queries(client, _url(world), grow)
    assert len(response.context["actions"]) == 3 + 40


def test_yearly_mapping_and_monthly_report_read_the_register(world):
    import io
    import zipfile
    from datetime import date

    from collaborations.models import CoApplication, Party
    from insights import reports

    _area, _actions = _plan(world)
    iop = Collaboration.objects.get(title="IOP kvinnojour")
    Party.objects.create(agreement=iop.agreement, organisation=OrganisationFactory(
        municipality=world.x, name="Kvinnojouren Nacka"))  # fmt: skip
    Party.objects.create(agreement=iop.agreement, administration=iop.administration)
    saltis = Collaboration.objects.create(
        municipality=world.x, title="Välkommen till Saltis", kind="co_application",
        level="operational", status="active",
    )  # fmt: skip
    CoApplication.objects.create(
        collaboration=saltis, applicant=OrganisationFactory(municipality=world.x),
        funder="arvsfonden", municipal_role="co_applicant", status="granted",
        applied_ore=150_000_00, granted_ore=120_000_00, decided_on=TODAY,
    )  # fmt: skip
    tables = {t.key: t for t in reports.mapping_tables(world.x, TODAY.year)}
    register = {(row[0], row[2]): row[3:] for row in tables["register"].rows}
    assert register[("Operativ", "Socialförvaltningen")] == [1, 0]  # the IOP, not public
    assert register[("Politisk", "Ej angivet")] == [1, 0]  # the council
    [agreement] = tables["agreements"].rows
    assert agreement[0] == "IOP kvinnojour"
    assert agreement[6] == 2
    [money] = tables["co_applications"].rows
    assert money[2:] == [1, 150_000, 120_000, 0]
    plan = {row[0]: row[1:] for row in tables["action_plan"].rows}
    # Trygghet: one ongoing (overdue), two not started; Hållbarhet: one not started.
    assert plan["Trygghet"] == [2, 1, 0, 0, 1]
    assert plan["Hållbarhet"] == [1, 0, 0, 0, 0]

    report = reports.yearly_mapping(world.x, TODAY.year)
    with zipfile.ZipFile(io.BytesIO(bytes(report.content))) as book:
        strings = book.read("xl/sharedStrings.xml").decode()
    assert "IOP kvinnojour" in strings
    assert "Trygghet" in strings

    first_of_next_month = date(TODAY.year + (TODAY.month == 12), TODAY.month % 12 + 1, 1)
    monthly = reports.monthly_report(world.x, first_of_next_month)
    html = bytes(monthly.content).decode()
    assert "IOP kvinnojour" in html
    assert "Trygghet" in html


def test_an_action_placed_on_another_focus_area_stays_on_that_plan(client, world):
    """An action of a network tagged Trygghet, placed by the meeting on another focus area,
    is on that focus area's plan only; the mapping's "who does what" says the same."""
    area, actions = _plan(world)
    elsewhere = world.x.focusareas.get(slug="hallbar")
    placed = actions["meeting"]
    placed.focus_area = elsewhere
    placed.save(update_fields=["focus_area"])
    client.force_login(world.users["politician_x"])
    shown = {a.pk for a in client.get(_url(world)).context["actions"]}
    assert placed.pk not in shown
    assert {actions["own"].pk, actions["agreement"].pk} <= shown
    assert placed.pk in {a.pk for a in client.get(_url(world, "hallbar")).context["actions"]}

    rows = {row[1]: row for row in actions_table(world.x, TODAY).rows}
    assert rows[placed.title][0] == "Hållbarhet"
    assert rows[placed.title][2] == "BRÅ Nacka"
    assert rows["Starta jourtelefon"][0] == area.name  # from its collaboration's tags
    assert rows["Starta jourtelefon"][3] == "Kvinnojouren"
    assert rows["Kartlägg otrygga platser"][5].endswith("försenad")
    assert rows["Kartlägg otrygga platser"][6] == "Hälften klar"


def test_long_levels_and_plans_stay_readable(client, world):
    """A focus area with many entries names the first of each level and links to the rest
    in the register; the plan shows the actions not yet done, a page at a time, with the
    counts of all, and the done ones on request."""
    area, actions = _plan(world)
    views = __import__("insights.register.views", fromlist=["LEVEL_LIMIT"])
    for i in range(views.LEVEL_LIMIT + 2):
        entry = Collaboration.objects.create(
            municipality=world.x, title=f"Samråd {i:02}", kind="dialogue", level="strategic",
            status="active",
        )  # fmt: skip
        entry.focus_areas.add(area)
    done = actions["agreement"]
    done.status = Action.Status.DONE
    done.save(update_fields=["status"])
    client.force_login(world.users["politician_x"])
    response = client.get(_url(world))
    strategic = next(level for level in response.context["levels"] if level.value == "strategic")
    assert strategic.count == views.LEVEL_LIMIT + 2
    assert len(strategic.entries) == views.LEVEL_LIMIT
    assert strategic.entries[0].title == "Samråd 00"
    page = response.content.decode()
    assert f"?focus_area={area.pk}&amp;level=strategic" in page
    assert "Alla 17 på strategisk nivå i registret" in page
    assert [a.pk for a in response.context["actions"]] == [actions["own"].pk, actions["meeting"].pk]
    progress = response.context["progress"]
    assert (progress["total"], progress["done"], progress["overdue"]) == (3, 1, 1)
    assert "3 åtgärder totalt:" in page
    everything = client.get(_url(world), {"visa": "alla"})
    assert done.pk in [a.pk for a in everything.context["actions"]]
