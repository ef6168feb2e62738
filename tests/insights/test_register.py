"""The coordinating view of the collaboration register: filters, the counts by level and
kind, the grants beside the register, the gaps, who may read it, and constant queries."""

from datetime import timedelta

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from collaborations.models import Agreement, CoApplication, Collaboration, OutsidePartner, Party
from insights.register import selectors
from portal.models import Administration
from tests.factories import (
    CallFactory,
    DistrictFactory,
    FocusAreaFactory,
    GrantProgrammeFactory,
    NetworkFactory,
    OrganisationFactory,
)
from tests.grants.helpers import decide, eligible_organisation, submitted
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _administration(municipality, name, committees=()):
    administration = Administration.objects.create(
        municipality=municipality, name=name, slug=name.lower().replace(" ", "-")
    )
    administration.committees.set(committees)
    return administration


def _entry(
    municipality, title, *, administration=None, partners=(), focus_areas=(), districts=(), **extra
):
    values = {"kind": "iop", "level": "operational", "status": "active", **extra}
    entry = Collaboration.objects.create(
        municipality=municipality, title=title, administration=administration, **values
    )
    entry.partners.set(partners)
    entry.focus_areas.set(focus_areas)
    entry.districts.set(districts)
    return entry  # fmt: skip


def _url(world, name="insights:register", *args):
    return reverse(name, args=[world.x.slug, *args])


def _names(response):
    return response.content.decode()


def test_coordinator_filters_the_register(client, world):
    social = _administration(world.x, "Socialförvaltningen")
    culture = _administration(world.x, "Kultur och fritid")
    area = world.x.focusareas.get(slug="trygghet")
    district = DistrictFactory(municipality=world.x, name="Fisksätra")
    shelter = OrganisationFactory(municipality=world.x, name="Kvinnojouren Nacka")
    _entry(world.x, "IOP kvinnojour", administration=social, partners=[shelter],
           focus_areas=[area], districts=[district])  # fmt: skip
    police = _entry(world.x, "Medborgarlöfte Fisksätra", administration=culture, kind="police",
                    level="strategic", districts=[district])  # fmt: skip
    OutsidePartner.objects.create(collaboration=police, kind="police", name="Polisen Nacka")
    _entry(world.x, "Boskola volontärer", administration=culture, kind="volunteer_hosting",
           status="ended")  # fmt: skip
    _entry(world.y, "Ekerös samverkan")  # another municipality's register
    client.force_login(world.users["coordinator_x"])

    everything = _names(client.get(_url(world)))
    assert "IOP kvinnojour" in everything
    assert "Medborgarlöfte Fisksätra" in everything
    assert "Ekerös samverkan" not in everything
    assert "Polisen Nacka" in everything  # outside partners are shown with the partners

    cases = {
        "level=strategic": {"Medborgarlöfte Fisksätra"},
        "kind=volunteer_hosting": {"Boskola volontärer"},
        f"administration={social.pk}": {"IOP kvinnojour"},
        f"focus_area={area.pk}": {"IOP kvinnojour"},
        f"district={district.pk}": {"IOP kvinnojour", "Medborgarlöfte Fisksätra"},
        "partner=kvinnojouren": {"IOP kvinnojour"},
        "status=ended": {"Boskola volontärer"},
        "q=polisen": {"Medborgarlöfte Fisksätra"},
    }
    titles = {"IOP kvinnojour", "Medborgarlöfte Fisksätra", "Boskola volontärer"}
    for query, expected in cases.items():
        page = _names(client.get(f"{_url(world)}?{query}"))
        for title in titles:
            assert (f">{title}</a>" in page) == (title in expected), (query, title)


def test_counts_by_level_and_kind(client, world):
    _entry(world.x, "A", kind="iop", level="operational")
    _entry(world.x, "B", kind="iop", level="operational")
    _entry(world.x, "C", kind="police", level="strategic")
    client.force_login(world.users["politician_x"])
    counts = client.get(_url(world)).context["counts"]
    assert counts.total == 3
    assert counts.cells == {("operational", "iop"): 2, ("strategic", "police"): 1}
    assert [value for value, _label in counts.kinds] == ["iop", "police"]  # kinds present
    assert [total for _label, _cells, total in counts.rows()] == [0, 1, 2]  # by level order
    assert counts.kind_totals() == [2, 1]


def test_grants_shown_beside_the_register_per_programme(client, world):
    programme = GrantProgrammeFactory(committee=world.x.committees.get(), name="Föreningsstöd")
    call = CallFactory(programme=programme)
    decide(submitted(call, "1000"), world.users["officer_x"], amount="900")
    decide(submitted(call, "1000"), world.users["officer_x"], amount="600")
    decide(submitted(call, "1000"), world.users["officer_x"], outcome="rejected", amount="0")
    client.force_login(world.users["politician_x"])
    [row] = client.get(_url(world)).context["grants"]
    assert (row.name, row.organisations, row.granted) == ("Föreningsstöd", 2, 1500)


def test_network_entries_link_to_the_network(client, world):
    network = NetworkFactory(municipality=world.x, name="BRÅ Nacka")
    entry = _entry(world.x, "BRÅ Nacka", kind="network", source="network")
    network.register_entry = entry
    network.save(update_fields=["register_entry"])
    client.force_login(world.users["politician_x"])
    page = _names(client.get(_url(world)))
    assert f'href="{reverse("networks:detail", args=[network.pk])}"' in page


def test_politician_reads_without_change_links(client, world):
    entry = _entry(world.x, "IOP kvinnojour", administration=_administration(world.x, "Soc"))
    client.force_login(world.users["politician_x"])
    page = _names(client.get(_url(world)))
    read = reverse("insights:register_entry", args=[world.x.slug, entry.pk])
    assert f'href="{read}"' in page
    assert "/admin/" not in page
    detail = client.get(read)
    assert detail.status_code == 200
    assert "/admin/" not in _names(detail)
    # The gaps are the coordinators'.
    assert client.get(_url(world, "insights:register_gaps")).status_code == 403


def test_coordinator_gets_change_links_where_the_admin_is_installed(client, world):
    entry = _entry(world.x, "IOP kvinnojour")
    client.force_login(world.users["coordinator_x"])
    response = client.get(_url(world))
    [row] = response.context["page"]
    assert row.may_change is True
    try:
        change = reverse("admin:collaborations_collaboration_change", args=[entry.pk])
    except NoReverseMatch:  # the register's admin not yet installed
        change = reverse("insights:register_entry", args=[world.x.slug, entry.pk])
    assert row.link == change


def test_officer_may_change_only_own_administrations_entries(client, world):
    committee = world.x.committees.get()
    own = _entry(world.x, "Egen", administration=_administration(world.x, "KFF", [committee]))
    other = _entry(world.x, "Annan", administration=_administration(world.x, "SOC"))
    client.force_login(world.users["officer_x"])
    rows = {row.pk: row.may_change for row in client.get(_url(world)).context["page"]}
    assert rows == {own.pk: True, other.pk: False}


@pytest.mark.parametrize(
    ("user", "status"),
    [("anonymous", 302), ("member", 404), ("officer_y", 404), ("officer_x", 200),
     ("politician_x", 200), ("coordinator_x", 200)],
)  # fmt: skip
def test_who_may_read_the_register(client, world, user, status):
    entry = _entry(world.x, "IOP")
    if world.users[user] is not None:
        client.force_login(world.users[user])
    for url in (_url(world), _url(world, "insights:register_entry", entry.pk)):
        response = client.get(url)
        assert response.status_code == status
        if status == 302:
            assert "login" in response["Location"]


def test_another_municipalitys_entry_is_not_found(client, world):
    entry = _entry(world.y, "Ekerös samverkan")
    client.force_login(world.users["coordinator_x"])
    assert client.get(_url(world, "insights:register_entry", entry.pk)).status_code == 404


def test_gaps_focus_areas_and_districts_without_operational_collaboration(client, world):
    covered = world.x.focusareas.get(slug="trygghet")
    bare = FocusAreaFactory(municipality=world.x, name="Hållbarhet", slug="hallbar")
    strategic_only = FocusAreaFactory(municipality=world.x, name="Gemenskap", slug="gemenskap")
    fisksatra = DistrictFactory(municipality=world.x, name="Fisksätra")
    saltsjo = DistrictFactory(municipality=world.x, name="Saltsjöbaden")
    network = _entry(world.x, "Nattvandring", kind="network", source="network",
                     focus_areas=[covered], districts=[fisksatra])  # fmt: skip
    _entry(world.x, "Strategiskt", level="strategic", focus_areas=[strategic_only])
    _entry(world.x, "Avslutat", status="ended", districts=[saltsjo], focus_areas=[bare])
    _entry(world.x, "Gammalt", ends_on=TODAY - timedelta(days=1), districts=[saltsjo])
    client.force_login(world.users["coordinator_x"])
    uncovered = client.get(_url(world, "insights:register_gaps")).context["uncovered"]
    assert {a.name for a in uncovered.focus_areas} == {"Hållbarhet", "Gemenskap"}
    assert {d.name for d in uncovered.districts} == {"Saltsjöbaden"}
    assert network.pk  # the network's entry covers Trygghet and Fisksätra


def _many_world(world):
    """Kvinnojouren works with three administrations: as partner of the social services'
    IOP, party to the school's agreement, and granted money by the culture committee."""
    committee = world.x.committees.get()
    social = _administration(world.x, "Socialförvaltningen")
    school = _administration(world.x, "Utbildningsförvaltningen")
    culture = _administration(world.x, "Kultur och fritid", [committee])
    shelter = eligible_organisation(world.x)
    shelter.name = "Kvinnojouren"
    shelter.save(update_fields=["name"])
    _entry(world.x, "IOP kvinnojour", administration=social, partners=[shelter])
    agreement = Agreement.objects.create(
        collaboration=_entry(world.x, "Trygg skola", administration=school, kind="agreement"),
        legal_form="other",
    )
    Party.objects.create(agreement=agreement, organisation=shelter)
    call = CallFactory(programme=GrantProgrammeFactory(committee=committee))
    decide(submitted(call, "1000", organisation=shelter), world.users["officer_x"], amount="500")
    return shelter, social, school, culture, agreement


def test_gaps_organisation_with_administrations_that_do_not_work_together(client, world):
    shelter, social, _school, _culture, agreement = _many_world(world)
    client.force_login(world.users["coordinator_x"])
    [gap] = client.get(_url(world, "insights:register_gaps")).context["many"]
    assert gap.organisation == shelter
    assert [a.administration.name for a in gap.administrations] == [
        "Kultur och fritid", "Socialförvaltningen", "Utbildningsförvaltningen"
    ]  # fmt: skip
    assert gap.unconnected_pairs == 3
    # The school and the social services become parties to one agreement: one pair less.
    Party.objects.create(agreement=agreement, administration=social)
    [gap] = selectors.many_administrations(world.x)
    assert gap.unconnected_pairs == 2
    # Below the threshold: nothing.
    assert selectors.many_administrations(world.x, threshold=4) == []


def test_gaps_count_co_applications(world):
    _shelter, social, school, culture, _agreement = _many_world(world)
    other = OrganisationFactory(municipality=world.x, name="Saltis")
    for administration in (social, school):
        entry = _entry(world.x, f"Medsökt {administration.name}", administration=administration,
                       kind="co_application")  # fmt: skip
        CoApplication.objects.create(
            collaboration=entry, applicant=other, funder="arvsfonden",
            municipal_role="co_applicant",
        )  # fmt: skip
    assert {g.organisation.name for g in selectors.many_administrations(world.x)} == {
        "Kvinnojouren"
    }  # two administrations are not enough
    entry = _entry(world.x, "Medsökt kultur", administration=culture, kind="co_application")
    CoApplication.objects.create(
        collaboration=entry, applicant=other, funder="eu", municipal_role="support_letter"
    )
    assert {g.organisation.name for g in selectors.many_administrations(world.x)} == {
        "Kvinnojouren", "Saltis"
    }  # fmt: skip


def test_register_page_queries_constant(client, world):
    committee = world.x.committees.get()
    area = world.x.focusareas.get(slug="trygghet")
    district = DistrictFactory(municipality=world.x)

    def grow(n, start=0):
        for i in range(start, start + n):
            administration = _administration(world.x, f"Förvaltning {i}", [committee])
            entry = _entry(
                world.x, f"Samverkan {i}", administration=administration, focus_areas=[area],
                districts=[district],
                partners=[OrganisationFactory(municipality=world.x) for _ in range(2)],
                responsible=world.users["officer_x"],
            )  # fmt: skip
            OutsidePartner.objects.create(collaboration=entry, kind="police", name=f"Polis {i}")
        network = NetworkFactory(municipality=world.x, name=f"Nätverk {start}")
        network.register_entry = _entry(world.x, f"Nätverk {start}", kind="network",
                                         source="network")  # fmt: skip
        network.save(update_fields=["register_entry"])

    grow(3)
    for n, user in enumerate(("coordinator_x", "officer_x", "politician_x")):
        client.force_login(world.users[user])
        start = 100 * (n + 1)
        response = assert_constant_queries(client, _url(world), lambda start=start: grow(30, start))
    assert len(response.context["page"]) == 50


def test_gaps_queries_constant(client, world):
    _many_world(world)
    client.force_login(world.users["coordinator_x"])

    def grow():
        committee = world.x.committees.get()
        for i in range(5):
            admins = [_administration(world.x, f"F{i}-{j}", [committee]) for j in range(3)]
            organisation = OrganisationFactory(municipality=world.x)
            for j, administration in enumerate(admins):
                _entry(world.x, f"S{i}-{j}", administration=administration,
                       partners=[organisation])  # fmt: skip
            FocusAreaFactory(municipality=world.x)
            DistrictFactory(municipality=world.x)

    response = assert_constant_queries(client, _url(world, "insights:register_gaps"), grow)
    assert len(response.context["many"]) == 6
