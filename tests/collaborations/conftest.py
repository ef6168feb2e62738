"""The collaboration register's world: Nacka (``world.x``) with two administrations that
serve different committees, an officer of each committee, the coordinator, a politician,
two approved organisations with a person each, a focus area, a district and a target
group; Ekerö (``world.y``) has its own officer (``world.users["officer_y"]``)."""

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


@dataclass
class CollaborationWorld:
    municipality: object  # Nacka
    other: object  # Ekerö
    culture: Administration  # serves the culture and leisure committee (officer_x's)
    social: Administration  # serves the social committee
    culture_officer: object  # world.users["officer_x"]
    social_officer: object
    coordinator: object
    politician: object
    other_officer: object  # an officer of Ekerö
    organisation: object
    organisation_2: object
    org_user: object  # acts for ``organisation``
    org_user_2: object  # acts for ``organisation_2``
    focus_area: FocusArea
    district: object
    target_group: object


@pytest.fixture
def collab(world):
    x = world.x
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
    organisation = OrganisationFactory(municipality=x, approved=True, name="Kvinnojouren Nacka")
    organisation_2 = OrganisationFactory(municipality=x, approved=True, name="Fisksätra IF")
    org_user, org_user_2 = UserFactory(), UserFactory()
    Membership.objects.create(user=org_user, organisation=organisation, role="responsible")
    Membership.objects.create(user=org_user_2, organisation=organisation_2, role="responsible")
    return CollaborationWorld(
        municipality=x,
        other=world.y,
        culture=culture,
        social=social,
        culture_officer=world.users["officer_x"],
        social_officer=social_officer,
        coordinator=world.users["coordinator_x"],
        politician=world.users["politician_x"],
        other_officer=world.users["officer_y"],
        organisation=organisation,
        organisation_2=organisation_2,
        org_user=org_user,
        org_user_2=org_user_2,
        focus_area=FocusArea.objects.get(municipality=x, slug="trygghet"),
        district=DistrictFactory(municipality=x, name="Fisksätra", slug="fisksatra"),
        target_group=TargetGroupFactory(municipality=x, name="Barn och unga", slug="barn"),
    )
