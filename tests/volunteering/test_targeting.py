"""Who a call-out reaches (volunteering.selectors.targeting): every dimension narrows, an
empty one matches any; network members count whatever the dimensions; each address once,
whatever its capitals; other municipalities, paused volunteers, unapproved organisations and
organisations that said no to call-outs are never reached; a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from networks.models import NetworkMember
from organisations.models import Membership
from tests.factories import DistrictFactory, NetworkFactory, OrganisationFactory, UserFactory
from tests.query_counts import grown_queries
from volunteering.models import CallOut, Readiness, Volunteer
from volunteering.selectors.targeting import recipient_count, recipients

pytestmark = pytest.mark.django_db


def callout(municipality, **fields):
    many = {
        name: fields.pop(name, []) for name in ("focus_areas", "districts", "skills", "networks")
    }
    made = CallOut.objects.create(
        municipality=municipality, title="Evakuering", description="Vi behöver hjälp.", **fields
    )
    for name, values in many.items():
        getattr(made, name).set(values)
    return made


def reached(made) -> set[str]:
    """The recipients as addresses; a User is marked so that "a user" and "an address" differ."""
    return {f"user:{r.email}" if hasattr(r, "email") else f"address:{r}" for r in recipients(made)}


def user(person):
    return f"user:{person.email}"


def volunteer(vol, municipality=None, **fields):
    person = UserFactory()
    return Volunteer.objects.create(
        user=person,
        municipality=municipality or vol.municipality,
        reach_by=["email"],
        consent_version=Volunteer.CONSENT_VERSION,
        **fields,
    )


def test_no_dimension_reaches_every_approved_organisation_and_available_volunteer(vol, world):
    ekero_org = OrganisationFactory(municipality=vol.other, approved=True)
    Membership.objects.create(user=UserFactory(), organisation=ekero_org, role="responsible")
    volunteer(vol, municipality=vol.other)  # Ekerö's
    volunteer(vol, status=Volunteer.Status.PAUSED)  # not available now
    pending = OrganisationFactory(municipality=vol.municipality)  # not approved
    Membership.objects.create(user=UserFactory(), organisation=pending, role="responsible")
    member = UserFactory()  # a member, not responsible
    Membership.objects.create(user=member, organisation=vol.organisation, role="member")
    made = callout(vol.municipality)
    assert reached(made) == {
        user(vol.org_user),
        user(vol.org_user_2),
        user(vol.volunteer.user),
        user(vol.volunteer_2.user),
    }
    assert recipient_count(made) == 4
    made.to_volunteers = False
    assert reached(made) == {user(vol.org_user), user(vol.org_user_2)}
    made.to_organisations, made.to_volunteers = False, True
    assert reached(made) == {user(vol.volunteer.user), user(vol.volunteer_2.user)}


def test_focus_areas_narrow_organisations_and_volunteers(vol):
    made = callout(vol.municipality, focus_areas=[vol.focus_area])
    assert reached(made) == {user(vol.org_user), user(vol.volunteer.user)}


def test_districts_narrow_organisations_and_a_volunteer_without_districts_goes_anywhere(vol):
    elsewhere = DistrictFactory(municipality=vol.municipality, name="Saltsjöbaden", slug="sb")
    there = volunteer(vol)
    there.districts.add(elsewhere)
    made = callout(vol.municipality, districts=[vol.district])
    assert reached(made) == {
        user(vol.org_user),  # Röda Korset is in Fisksätra; Fisksätra IF has no district
        user(vol.volunteer.user),  # in Fisksätra
        user(vol.volunteer_2.user),  # no district: anywhere
    }
    assert user(there.user) not in reached(made)  # only in Saltsjöbaden


def test_skills_and_languages_are_read_from_the_readiness_and_the_volunteer(vol):
    ready = Readiness.objects.create(organisation=vol.organisation_2, languages=["ar", "so"])
    ready.skills.add(vol.car)
    # Röda Korset has no readiness: it has said nothing about skills or languages.
    assert reached(callout(vol.municipality, skills=[vol.car])) == {
        user(vol.org_user_2),
        user(vol.volunteer_2.user),
    }
    assert reached(callout(vol.municipality, languages=["ar"])) == {
        user(vol.org_user_2),
        user(vol.volunteer.user),
    }
    assert reached(callout(vol.municipality, languages=["ti"])) == set()
    both = callout(vol.municipality, skills=[vol.first_aid], languages=["ar"])
    assert reached(both) == {user(vol.volunteer.user)}  # every dimension must match


def test_an_organisation_is_reached_by_its_responsible_people_and_addresses(vol):
    ready = Readiness.objects.create(organisation=vol.organisation, urgent_email="jour@rk.example")
    made = callout(vol.municipality, to_volunteers=False)
    assert reached(made) == {user(vol.org_user), "address:jour@rk.example", user(vol.org_user_2)}
    # Nobody responsible with an account: the contact address stands in.
    vol.org_user_2.is_active = False
    vol.org_user_2.save()
    assert reached(made) == {
        user(vol.org_user),
        "address:jour@rk.example",
        f"address:{vol.organisation_2.contact_email}",
    }
    ready.receives_callouts = False  # said no to call-outs
    ready.save()
    assert reached(made) == {f"address:{vol.organisation_2.contact_email}"}


def test_each_address_once_whatever_its_capitals_and_a_user_before_an_address(vol):
    Readiness.objects.create(organisation=vol.organisation, urgent_email=vol.org_user.email.upper())
    # Vera is also responsible for Fisksätra IF; Fisksätra IF's contact is Ville's address.
    Membership.objects.create(user=vol.volunteer.user, organisation=vol.organisation_2,
                              role="responsible")  # fmt: skip
    vol.org_user_2.is_active = False
    vol.org_user_2.save()
    vol.organisation_2.contact_email = vol.volunteer_2.user.email.title()
    vol.organisation_2.save()
    made = callout(vol.municipality)
    found = recipients(made)
    emails = [getattr(r, "email", r).lower() for r in found]
    assert len(emails) == len(set(emails)) == 3
    assert all(hasattr(r, "email") for r in found)  # all three have accounts


def test_network_members_count_whatever_the_dimensions(vol):
    network = NetworkFactory(municipality=vol.municipality)
    pending = OrganisationFactory(municipality=vol.municipality)  # in the network, not approved
    chair = UserFactory()
    Membership.objects.create(user=chair, organisation=pending, role="responsible")
    person = UserFactory()
    gone = UserFactory()
    NetworkMember.objects.create(network=network, kind="organisation", organisation=pending)
    NetworkMember.objects.create(network=network, kind="individual", user=person)
    NetworkMember.objects.create(
        network=network, kind="partner", partner_name="Polisen", contact_email="polis@example.se"
    )
    NetworkMember.objects.create(network=network, kind="individual", user=gone, status="left")
    other = NetworkFactory(municipality=vol.municipality)  # not chosen
    NetworkMember.objects.create(network=other, kind="individual", user=UserFactory())
    nobody = DistrictFactory(municipality=vol.municipality, name="Boo", slug="boo")
    made = callout(vol.municipality, districts=[nobody], networks=[network], to_volunteers=False)
    assert reached(made) == {user(chair), user(person), "address:polis@example.se"}
    made.to_organisations, made.to_volunteers = False, True
    assert reached(made) == {
        user(chair),
        user(person),
        "address:polis@example.se",
        user(vol.volunteer_2.user),  # no district: anywhere
    }


def test_an_address_with_an_account_is_the_person_in_their_language(vol):
    english = UserFactory(email="Jour@RK.example", preferred_language="en")
    Readiness.objects.create(organisation=vol.organisation, urgent_email="jour@rk.example")
    [found] = [r for r in recipients(callout(vol.municipality)) if r == english]
    assert found.preferred_language == "en"


def test_the_number_of_queries_does_not_grow_with_the_recipients(vol):
    network = NetworkFactory(municipality=vol.municipality)
    made = callout(
        vol.municipality,
        focus_areas=[vol.focus_area],
        districts=[vol.district],
        skills=[vol.first_aid],
        languages=["ar"],
        networks=[network],
    )
    NetworkMember.objects.create(
        network=network, kind="partner", partner_name="Polisen", contact_email="polis@example.se"
    )
    with CaptureQueriesContext(connection) as few:
        assert len(recipients(made)) == 2  # Vera and the police
    for n in range(5):
        organisation = OrganisationFactory(
            municipality=vol.municipality, approved=True, district=vol.district
        )
        organisation.focus_areas.add(vol.focus_area)
        Membership.objects.create(user=UserFactory(), organisation=organisation, role="responsible")
        ready = Readiness.objects.create(
            organisation=organisation, languages=["ar"], urgent_email=f"jour{n}@example.se"
        )
        ready.skills.add(vol.first_aid)
        person = volunteer(vol, languages=["ar"])
        person.focus_areas.add(vol.focus_area)
        person.skills.add(vol.first_aid)
        NetworkMember.objects.create(network=network, kind="individual", user=UserFactory())
        NetworkMember.objects.create(
            network=network,
            kind="partner",
            partner_name=f"Partner {n}",
            contact_email=f"partner{n}@example.se",
        )
    with CaptureQueriesContext(connection) as many:
        assert len(recipients(made)) == 2 + 5 * 5
    assert len(many) == len(few), grown_queries(few, many)
