"""Who a segment reaches (outreach.selectors.segments): each registry dimension (kind,
eligible today, focus area, district, target group), the networks' organisations, people
and partners, each address once whatever its capitals, never an address that opted out,
another municipality's networks ignored, and a constant number of queries however many
it reaches. The ``mw`` fixture is the mailings' world, used by the other mailing tests."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from networks.models import NetworkMember
from organisations.models import EligibilityPeriod, Membership
from outreach.models import MailingOptOut, Segment
from outreach.selectors.segments import reach, recipient_count, recipients
from portal.models import FocusArea
from tests.factories import (
    DistrictFactory,
    NetworkFactory,
    OrganisationFactory,
    TargetGroupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@dataclass
class MailingWorld:
    x: object
    y: object
    coordinator: object
    safety: object  # focus area Trygghet
    fisksatra: object
    alta: object
    youth: object  # target group Unga
    youth_club: object  # association in Fisksätra, Trygghet, Unga, eligible today
    anna: object  # responsible of youth_club (sv)
    bo: object  # grant manager of youth_club (en)
    cia: object  # a plain member of youth_club: never reached through it
    parents: object  # informal group in Fisksätra, Trygghet, Unga, not eligible
    dan: object  # responsible of parents
    alta_if: object  # association in Älta, eligible, nobody with an account: its address
    pending: object  # not yet registered, in Fisksätra
    lapsed: object  # association in Fisksätra whose eligibility ended yesterday
    bra: object  # network BRÅ of X
    erik: object  # individual member of BRÅ
    other_network: object  # a network of Y
    gus: object  # individual member of Y's network


def _eligible(organisation, until=None):
    EligibilityPeriod.objects.create(
        organisation=organisation,
        valid_from=TODAY - timedelta(days=200),
        valid_until=until or TODAY + timedelta(days=100),
    )


@pytest.fixture
def mw(world):
    x, y = world.x, world.y
    safety = FocusArea.objects.get(municipality=x, slug="trygghet")
    fisksatra = DistrictFactory(municipality=x, name="Fisksätra", slug="fisksatra")
    alta = DistrictFactory(municipality=x, name="Älta", slug="alta")
    youth = TargetGroupFactory(municipality=x, name="Unga", slug="unga")

    def org(name, district, **fields):
        made = OrganisationFactory(municipality=x, approved=True, name=name, district=district,
                                   **fields)  # fmt: skip
        return made

    youth_club = org("Fisksätra ungdomsförening", fisksatra)
    youth_club.focus_areas.add(safety)
    youth_club.target_groups.add(youth)
    _eligible(youth_club)
    anna = UserFactory(full_name="Anna Ansvarig", email="anna@example.se")
    bo = UserFactory(full_name="Bo Bidrag", email="bo@example.se", preferred_language="en")
    cia = UserFactory(full_name="Cia Medlem", email="cia@example.se")
    Membership.objects.create(user=anna, organisation=youth_club, role="responsible")
    Membership.objects.create(user=bo, organisation=youth_club, role="grant_manager")
    Membership.objects.create(user=cia, organisation=youth_club, role="member")

    parents = org("Föräldrar i Fisksätra", fisksatra, informal=True)
    parents.focus_areas.add(safety)
    parents.target_groups.add(youth)
    dan = UserFactory(full_name="Dan Förälder", email="dan@example.se")
    Membership.objects.create(user=dan, organisation=parents, role="responsible")

    alta_if = org("Älta IF", alta, contact_email="Kansli@AltaIF.example.se")
    _eligible(alta_if)
    pending = OrganisationFactory(municipality=x, name="Ny förening", district=fisksatra)
    Membership.objects.create(user=UserFactory(email="ny@example.se"), organisation=pending,
                              role="responsible")  # fmt: skip
    lapsed = org("Gamla föreningen", fisksatra)
    _eligible(lapsed, until=TODAY - timedelta(days=1))
    lapsed.focus_areas.add(safety)
    Membership.objects.create(user=UserFactory(email="gammal@example.se"), organisation=lapsed,
                              role="responsible")  # fmt: skip

    bra = NetworkFactory(municipality=x, name="BRÅ Nacka", slug="bra")
    erik = UserFactory(full_name="Erik Eldsjäl", email="erik@example.se")
    NetworkMember.objects.create(network=bra, kind="organisation", organisation=alta_if)
    NetworkMember.objects.create(network=bra, kind="individual", user=erik)
    NetworkMember.objects.create(network=bra, kind="partner", partner_name="Polisen",
                                 contact_email="polisen@example.se")  # fmt: skip
    NetworkMember.objects.create(network=bra, kind="individual", status="left",
                                 user=UserFactory(email="lamnat@example.se"))  # fmt: skip
    NetworkMember.objects.create(network=bra, kind="organisation", status="requested",
                                 organisation=lapsed)  # fmt: skip
    other_network = NetworkFactory(municipality=y, name="Ekerö trygghet", slug="trygg")
    gus = UserFactory(full_name="Gus Ekerö", email="gus@example.se")
    NetworkMember.objects.create(network=other_network, kind="individual", user=gus)
    return MailingWorld(
        x=x, y=y, coordinator=world.users["coordinator_x"], safety=safety,
        fisksatra=fisksatra, alta=alta, youth=youth, youth_club=youth_club, anna=anna, bo=bo,
        cia=cia, parents=parents, dan=dan, alta_if=alta_if, pending=pending, lapsed=lapsed,
        bra=bra, erik=erik, other_network=other_network, gus=gus,
    )  # fmt: skip


def segment_of(mw, *, networks=(), focus_areas=(), districts=(), target_groups=(), **fields):
    made = Segment.objects.create(municipality=mw.x, name=fields.pop("name", "Segment"),
                                  **fields)  # fmt: skip
    made.networks.set(networks)
    made.focus_areas.set(focus_areas)
    made.districts.set(districts)
    made.target_groups.set(target_groups)
    return made


def addresses(segment) -> list[str]:
    return [getattr(r, "email", r) for r in recipients(segment)]


def test_every_registered_organisation_through_its_acting_people_or_its_address(mw):
    everyone = segment_of(mw)
    assert addresses(everyone) == [
        "anna@example.se", "bo@example.se", "dan@example.se", "gammal@example.se",
        "Kansli@AltaIF.example.se",
    ]  # fmt: skip
    # The plain member and the organisation not yet registered are not reached.
    assert "cia@example.se" not in addresses(everyone)
    assert "ny@example.se" not in addresses(everyone)


def test_each_registry_dimension_narrows_the_segment(mw):
    assert addresses(segment_of(mw, kinds="informal_group")) == ["dan@example.se"]
    assert addresses(segment_of(mw, name="a", kinds="association")) == [
        "anna@example.se",
        "bo@example.se",
        "gammal@example.se",
        "Kansli@AltaIF.example.se",
    ]
    assert addresses(segment_of(mw, name="b", districts=[mw.alta])) == ["Kansli@AltaIF.example.se"]
    assert addresses(segment_of(mw, name="c", focus_areas=[mw.safety])) == [
        "anna@example.se",
        "bo@example.se",
        "dan@example.se",
        "gammal@example.se",
    ]
    assert addresses(segment_of(mw, name="d", target_groups=[mw.youth])) == [
        "anna@example.se",
        "bo@example.se",
        "dan@example.se",
    ]
    # "eligible associations in Fisksätra working with youth"
    fisksatra_youth = segment_of(mw, name="e", only_eligible=True, districts=[mw.fisksatra],
                                 target_groups=[mw.youth], kinds="association")  # fmt: skip
    assert addresses(fisksatra_youth) == ["anna@example.se", "bo@example.se"]


def test_eligible_means_eligible_today(mw):
    eligible = segment_of(mw, only_eligible=True)
    assert "gammal@example.se" not in addresses(eligible)  # ended yesterday
    assert addresses(eligible) == ["anna@example.se", "bo@example.se", "Kansli@AltaIF.example.se"]
    EligibilityPeriod.objects.filter(organisation=mw.youth_club).update(revoked_at=timezone.now())
    assert addresses(eligible) == ["Kansli@AltaIF.example.se"]
    EligibilityPeriod.objects.filter(organisation=mw.alta_if).update(
        valid_from=TODAY + timedelta(days=1), valid_until=TODAY + timedelta(days=300)
    )
    assert addresses(eligible) == []  # not yet


def test_network_members_organisations_people_and_partners(mw):
    members = segment_of(mw, to_organisations=False, networks=[mw.bra])
    # Älta IF (its address: nobody acts for it with an account), Erik, the police; not the
    # member who left nor the organisation that only asked to join.
    assert addresses(members) == [
        "erik@example.se",
        "Kansli@AltaIF.example.se",
        "polisen@example.se",
    ]
    # Network members are reached whatever the registry's choices.
    both = segment_of(mw, name="b", districts=[mw.fisksatra], kinds="informal_group",
                      networks=[mw.bra])  # fmt: skip
    assert addresses(both) == [
        "dan@example.se",
        "erik@example.se",
        "Kansli@AltaIF.example.se",
        "polisen@example.se",
    ]


def test_another_municipalitys_network_is_ignored(mw):
    segment = segment_of(mw, to_organisations=False, networks=[mw.other_network])
    assert addresses(segment) == []
    assert "gus@example.se" not in addresses(segment_of(mw, name="b", networks=[mw.other_network]))


def test_each_address_once_whatever_its_capitals_and_an_account_over_a_bare_address(mw):
    # The police's address belongs to an account (in English): the account is reached.
    officer = UserFactory(email="Polisen@Example.se", full_name="Polis Pia",
                          preferred_language="en")  # fmt: skip
    # Älta IF's address is also Erik's address, written otherwise.
    mw.alta_if.contact_email = "ERIK@example.se"
    mw.alta_if.save()
    # Erik is also the responsible of the parents' group.
    Membership.objects.create(user=mw.erik, organisation=mw.parents, role="responsible")
    found = recipients(segment_of(mw, networks=[mw.bra]))
    emails = [getattr(r, "email", r).lower() for r in found]
    assert len(emails) == len(set(emails))
    assert officer in found
    assert "polisen@example.se" not in found
    assert mw.erik in found
    assert "ERIK@example.se" not in found


def test_opted_out_addresses_are_never_included(mw):
    segment = segment_of(mw, networks=[mw.bra])
    MailingOptOut.objects.create(municipality=mw.x, email="ANNA@example.se")
    MailingOptOut.objects.create(municipality=mw.x, email="kansli@altaif.example.se")
    MailingOptOut.objects.create(municipality=mw.x, email="POLISEN@example.se")
    MailingOptOut.objects.create(municipality=mw.y, email="erik@example.se")  # Ekerö's only
    found = addresses(segment)
    for gone in ("anna@example.se", "Kansli@AltaIF.example.se", "polisen@example.se"):
        assert gone not in found
    assert "erik@example.se" in found
    assert "bo@example.se" in found


def test_inactive_accounts_are_not_reached(mw):
    mw.bo.is_active = False
    mw.bo.save()
    assert "bo@example.se" not in addresses(segment_of(mw))


def test_reach_names_the_first_organisations_and_recipients(mw):
    found = reach(segment_of(mw, networks=[mw.bra]), limit=3)
    assert found.count == 7 == recipient_count(segment_of(mw, name="b", networks=[mw.bra]))
    assert found.organisation_count == 4
    assert found.organisations == ["Fisksätra ungdomsförening", "Föräldrar i Fisksätra",
                                   "Gamla föreningen"]  # fmt: skip
    assert found.recipients == ["Anna Ansvarig", "Bo Bidrag", "Dan Förälder"]


def test_the_number_of_queries_does_not_grow_with_the_recipients(mw):
    segment = segment_of(mw, networks=[mw.bra])
    with CaptureQueriesContext(connection) as few:
        small = len(recipients(segment))
    for i in range(30):
        organisation = OrganisationFactory(municipality=mw.x, approved=True,
                                           district=mw.fisksatra)  # fmt: skip
        Membership.objects.create(user=UserFactory(), organisation=organisation,
                                  role="responsible")  # fmt: skip
        OrganisationFactory(municipality=mw.x, approved=True)  # its address only
        NetworkMember.objects.create(network=mw.bra, kind="individual", user=UserFactory())
        NetworkMember.objects.create(network=mw.bra, kind="partner", partner_name=f"P{i}",
                                     contact_email=f"partner{i}@example.se")  # fmt: skip
        MailingOptOut.objects.create(municipality=mw.x, email=f"partner{i}@example.se")
    with CaptureQueriesContext(connection) as many:
        large = len(recipients(segment))
    assert large == small + 90
    assert len(many) == len(few)
