"""What the second-factor middleware asks on every request (portal.mfa.mfa_state): whether
the person has an authenticator and whether they must have one, in one query."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from portal.mfa import mfa_state
from portal.models import RoleAssignment
from tests.factories import MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def required(settings):
    settings.REQUIRE_STAFF_MFA = True


def officer():
    user = UserFactory()
    RoleAssignment.objects.create(user=user, municipality=MunicipalityFactory(), role="officer")
    return user


def enrolled(user):
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (UserFactory, (False, False)),
        (officer, (False, True)),
        (lambda: enrolled(UserFactory()), (True, False)),
        (lambda: enrolled(officer()), (True, True)),
    ],
)
def test_both_answers_come_in_one_query(required, make, expected, django_assert_num_queries):
    user = make()
    with django_assert_num_queries(1):
        assert mfa_state(user) == expected


def test_portal_administrators_must_enrol_whatever_their_roles(required):
    assert mfa_state(UserFactory(is_staff=True)) == (False, True)
    assert mfa_state(enrolled(UserFactory(is_superuser=True))) == (True, True)


def test_without_the_rule_nobody_must_and_an_authenticator_still_counts(settings):
    settings.REQUIRE_STAFF_MFA = False
    assert mfa_state(officer()) == (False, False)
    assert mfa_state(enrolled(officer())) == (True, False)


def test_a_member_without_a_role_reaches_their_page_and_an_officer_is_sent_to_enrol(
    required, client
):
    client.force_login(UserFactory())
    assert client.get(reverse("portal:my_page")).status_code == 200
    client.force_login(officer())
    response = client.get(reverse("portal:my_page"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
