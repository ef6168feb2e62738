"""People with roles in two municipalities, and officers of two committees, act in
volunteering only with the role they hold where the thing is."""

import pytest
from django.core.exceptions import PermissionDenied

from portal.models import Role
from portal.services import role_assign
from tests.volunteering.test_posts_signup import post_in
from volunteering import permissions
from volunteering.models import CallOut


def test_a_coordinator_elsewhere_does_not_mobilise_here(vol):
    # Ekerö's coordinator is also an officer in Nacka
    role_assign(
        user=vol.other_coordinator, municipality=vol.municipality, role=Role.OFFICER,
        committee=vol.municipality.committees.get(slug="son"),
    )  # fmt: skip
    assert permissions.may_coordinate(vol.other_coordinator, vol.other)
    assert not permissions.may_coordinate(vol.other_coordinator, vol.municipality)
    callout = CallOut.objects.create(municipality=vol.municipality, title="Värme", description="x")
    from volunteering.services import callouts

    with pytest.raises(PermissionDenied):
        callouts.callout_send(callout=callout, by=vol.other_coordinator)
    callout.refresh_from_db()
    assert callout.status == "draft"


def test_an_officer_of_two_committees_hosts_both_administrations_posts_only(vol):
    officer = vol.culture_officer
    assert permissions.may_host(officer, vol.municipality, vol.culture)
    assert not permissions.may_host(officer, vol.municipality, vol.social)
    social_post = post_in(vol, administration=vol.social, by=vol.coordinator)
    assert not permissions.may_run_post(officer, social_post)
    role_assign(
        user=officer, municipality=vol.municipality, role=Role.OFFICER,
        committee=vol.municipality.committees.get(slug="son"),
    )  # fmt: skip
    assert permissions.may_run_post(officer, social_post)
    assert not permissions.may_host(officer, vol.other)
