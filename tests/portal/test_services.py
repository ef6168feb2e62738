import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from grants.roles import HANDLE_GRANT_CASES
from portal.models import AuditEvent, Role, RoleAssignment
from portal.permissions import may
from portal.roles import permissions_for_roles
from portal.services import role_assign, role_revoke
from tests.factories import CommitteeFactory, MunicipalityFactory, UserFactory


@pytest.mark.django_db
def test_role_assign_is_idempotent_and_audited_once():
    user, municipality = UserFactory(), MunicipalityFactory()
    first = role_assign(user=user, municipality=municipality, role=Role.POLITICIAN)
    again = role_assign(user=user, municipality=municipality, role=Role.POLITICIAN)
    assert first.pk == again.pk
    assert AuditEvent.objects.filter(action="role.assigned", target_id=str(user.pk)).count() == 1


@pytest.mark.django_db
def test_an_officers_committee_must_be_of_the_same_municipality():
    user, municipality = UserFactory(), MunicipalityFactory()
    with pytest.raises(ValidationError):
        role_assign(
            user=user, municipality=municipality, role=Role.OFFICER, committee=CommitteeFactory()
        )
    assert not RoleAssignment.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_an_officer_without_a_committee_covers_every_committee():
    """No committee given: the role holds for all committees of the municipality."""
    user, municipality = UserFactory(), MunicipalityFactory()
    first, second = (
        CommitteeFactory(municipality=municipality),
        CommitteeFactory(municipality=municipality),
    )
    role_assign(user=user, municipality=municipality, role=Role.OFFICER)
    for committee in (first, second):
        assert may(user, HANDLE_GRANT_CASES, municipality, committee)
    assert not may(user, HANDLE_GRANT_CASES, CommitteeFactory().municipality)


@pytest.mark.django_db
def test_role_revoke_removes_and_audits():
    user, municipality = UserFactory(), MunicipalityFactory()
    assignment = role_assign(user=user, municipality=municipality, role=Role.COORDINATOR)
    role_revoke(assignment=assignment)
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert AuditEvent.objects.get(action="role.revoked").before["role"] == Role.COORDINATOR


def test_permissions_follow_the_role_table():
    officer = permissions_for_roles({Role.OFFICER})
    assert "organisations.change_organisation" in officer
    assert "portal.change_committee" not in officer
    assert permissions_for_roles({Role.POLITICIAN}) == set()
    assert "portal.add_roleassignment" in permissions_for_roles({Role.MUNICIPAL_ADMIN})


@pytest.mark.django_db
def test_user_email_is_unique_case_insensitively():
    UserFactory(email="anna@example.se")
    with pytest.raises(IntegrityError):
        UserFactory(email="Anna@Example.se")
