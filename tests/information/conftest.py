"""Information's world: Nacka (``info.x``) with a focus area, a district, an administration
and two committees, the municipal administrator, a coordinator, an officer and a politician;
an approved association with its responsible person and a plain member; Ekerö (``info.y``)
with its own municipal administrator."""

from dataclasses import dataclass

import pytest

from organisations.models import Membership, Organisation
from portal.models import Administration, Role
from portal.services import role_assign
from tests.factories import (
    CommitteeFactory,
    DistrictFactory,
    FocusAreaFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)


@dataclass
class InformationWorld:
    x: object
    y: object
    area: object  # trygghet, Nacka
    area_y: object  # Ekerö's focus area
    district: object  # Fisksätra
    administration: object
    committee: object
    admin: object  # municipal administrator of Nacka
    coordinator: object
    officer: object
    politician: object
    admin_y: object
    association: Organisation
    association_person: object  # responsible: may propose
    association_member: object  # a member: may not
    world: object


@pytest.fixture
def info(world):
    x, y = world.x, world.y
    committee = x.committees.get()
    administration = Administration.objects.create(
        municipality=x, name="Kultur- och fritidsförvaltningen", slug="kff"
    )
    administration.committees.add(committee)
    association = OrganisationFactory(municipality=x, name="Nattvandrarna Fisksätra", approved=True)
    person = MembershipFactory(organisation=association, role=Membership.Role.RESPONSIBLE).user
    member = MembershipFactory(organisation=association, role=Membership.Role.MEMBER).user
    admin_y = UserFactory()
    role_assign(user=admin_y, municipality=y, role=Role.MUNICIPAL_ADMIN)
    return InformationWorld(
        x=x,
        y=y,
        area=x.focusareas.get(slug="trygghet"),
        area_y=FocusAreaFactory(municipality=y, name="Integration", slug="integration"),
        district=DistrictFactory(municipality=x, name="Fisksätra", slug="fisksatra"),
        administration=administration,
        committee=committee,
        admin=world.users["admin_x"],
        coordinator=world.users["coordinator_x"],
        officer=world.users["officer_x"],
        politician=world.users["politician_x"],
        admin_y=admin_y,
        association=association,
        association_person=person,
        association_member=member,
        world=world,
    )


@pytest.fixture
def other_committee(info):
    return CommitteeFactory(municipality=info.x, name="Socialnämnden", slug="son")
