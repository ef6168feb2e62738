"""Mobilisation and volunteering's world: Nacka (``vol.municipality``) with two
administrations serving different committees, an officer of each, the coordinator, a
politician, two approved organisations with a person each, two volunteers (each a person of
their own), skills, a focus area, a district and a target group; Ekerö (``vol.other``) has its
own officer and a coordinator."""

from dataclasses import dataclass

import pytest

from organisations.models import Membership
from portal.models import Administration, FocusArea, Role
from portal.services import role_assign
from tests.factories import (
    CommitteeFactory,
    DistrictFactory,
    OrganisationFactory,
    TargetGroupFactory,
    UserFactory,
)
from volunteering.models import Skill, Volunteer


@dataclass
class VolunteeringWorld:
    municipality: object  # Nacka
    other: object  # Ekerö
    culture: Administration  # serves the culture and leisure committee (culture_officer's)
    social: Administration  # serves the social committee (social_officer's)
    culture_officer: object
    social_officer: object
    coordinator: object
    politician: object
    other_officer: object  # an officer of Ekerö
    other_coordinator: object  # a coordinator of Ekerö
    organisation: object
    organisation_2: object
    org_user: object  # acts for ``organisation``
    org_user_2: object  # acts for ``organisation_2``
    volunteer: Volunteer  # Vera, in Nacka, first aid and Arabic, Fisksätra, trygghet
    volunteer_2: Volunteer  # Ville, in Nacka, a car, no district
    first_aid: Skill
    car: Skill
    focus_area: FocusArea
    district: object
    target_group: object


@pytest.fixture
def vol(world):
    x, y = world.x, world.y
    culture_committee = x.committees.get()
    social_committee = CommitteeFactory(
        municipality=x, name="Socialnämnden", slug="son", abbreviation="SON"
    )
    culture = Administration.objects.create(
        municipality=x, name="Kultur- och fritidsförvaltningen", slug="kff"
    )
    culture.committees.add(culture_committee)
    social = Administration.objects.create(municipality=x, name="Socialförvaltningen", slug="sof")
    social.committees.add(social_committee)
    social_officer = UserFactory(full_name="Sara Socialsekreterare")
    role_assign(user=social_officer, municipality=x, role=Role.OFFICER, committee=social_committee)
    other_coordinator = UserFactory(full_name="Ebba Ekerösamordnare")
    role_assign(user=other_coordinator, municipality=y, role=Role.COORDINATOR)
    focus_area = FocusArea.objects.get(municipality=x, slug="trygghet")
    district = DistrictFactory(municipality=x, name="Fisksätra", slug="fisksatra")
    organisation = OrganisationFactory(
        municipality=x, approved=True, name="Röda Korset Nacka", district=district
    )
    organisation.focus_areas.add(focus_area)
    organisation_2 = OrganisationFactory(municipality=x, approved=True, name="Fisksätra IF")
    org_user = UserFactory(full_name="Olle Ordförande")
    org_user_2 = UserFactory(full_name="Fia Fotbollsledare")
    Membership.objects.create(user=org_user, organisation=organisation, role="responsible")
    Membership.objects.create(user=org_user_2, organisation=organisation_2, role="responsible")
    first_aid = Skill.objects.create(municipality=x, name="Första hjälpen", slug="forsta-hjalpen")
    car = Skill.objects.create(municipality=x, name="Körkort och bil", slug="bil")
    volunteer = Volunteer.objects.create(
        user=UserFactory(full_name="Vera Volontär"),
        municipality=x,
        languages=["sv", "ar"],
        reach_by=["email"],
        consent_version=Volunteer.CONSENT_VERSION,
    )
    volunteer.skills.add(first_aid)
    volunteer.districts.add(district)
    volunteer.focus_areas.add(focus_area)
    volunteer_2 = Volunteer.objects.create(
        user=UserFactory(full_name="Ville Volontär"),
        municipality=x,
        languages=["sv"],
        has_car=True,
        reach_by=["email", "sms"],
        consent_version=Volunteer.CONSENT_VERSION,
    )
    volunteer_2.skills.add(car)
    return VolunteeringWorld(
        municipality=x,
        other=y,
        culture=culture,
        social=social,
        culture_officer=world.users["officer_x"],
        social_officer=social_officer,
        coordinator=world.users["coordinator_x"],
        politician=world.users["politician_x"],
        other_officer=world.users["officer_y"],
        other_coordinator=other_coordinator,
        organisation=organisation,
        organisation_2=organisation_2,
        org_user=org_user,
        org_user_2=org_user_2,
        volunteer=volunteer,
        volunteer_2=volunteer_2,
        first_aid=first_aid,
        car=car,
        focus_area=focus_area,
        district=district,
        target_group=TargetGroupFactory(municipality=x, name="Barn och unga", slug="barn"),
    )
