"""The admin's object actions (portal.admin.object_actions) all pass one guard, in one
order: login, the model's permission somewhere (403), the object among the readable rows
(404), the action's permission where the object belongs (403), then the page."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from networks.models import Meeting
from portal.admin.mixins import MunicipalityScopedAdmin
from portal.admin.object_actions import ObjectAction
from tests.factories import NetworkFactory, OrganisationFactory


def _status(client, world, role, url):
    if world.users[role] is not None:
        client.force_login(world.users[role])
    response = client.get(url)
    if response.status_code == 302 and reverse("admin:login") in response["Location"]:
        return "login"
    return response.status_code


@pytest.mark.parametrize(
    ("role", "whose", "expected"),
    [
        ("anonymous", "x", "login"),
        ("coordinator_x", "x", 403),  # reads the registry, changes nothing in it
        ("officer_y", "x", 404),  # another municipality's organisation
        ("officer_x", "unknown", 404),
        ("officer_x", "x", 200),
    ],
)
def test_the_guards_order(client, world, role, whose, expected):
    organisation = OrganisationFactory(municipality=world.x)
    pk = 987654 if whose == "unknown" else organisation.pk
    url = reverse("admin:organisations_organisation_request_changes", args=[pk])
    assert _status(client, world, role, url) == expected


def test_without_the_model_permission_an_unknown_id_is_refused_too(client, world):
    """403 before any lookup: a person without the model's permission anywhere (a
    coordinator and grant cases) learns nothing of ids."""
    url = reverse("admin:grants_application_decide", args=[987654])
    assert _status(client, world, "coordinator_x", url) == 403


def test_reading_is_not_changing(client, world):
    """Officer X may read the municipality's meetings but not invite to them (403); officer
    Y, who reads only Y's, does not find X's meeting (404)."""
    starts = timezone.now() + timedelta(days=7)
    meeting = Meeting.objects.create(
        network=NetworkFactory(municipality=world.x), title="Trygghetsvandring",
        starts_at=starts, ends_at=starts + timedelta(hours=2), mode=Meeting.Mode.ONLINE,
        online_url="https://example.se/m",
    )  # fmt: skip
    url = reverse("admin:networks_meeting_invite", args=[meeting.pk])
    assert _status(client, world, "officer_x", url) == 403
    client.logout()
    assert _status(client, world, "officer_y", url) == 404
    client.logout()
    assert _status(client, world, "coordinator_x", url) == 200


def test_every_object_action_is_declared_and_guarded():
    """Each custom object URL of the scoped admins comes from its ``object_actions``."""
    found = 0
    for model_admin in admin.site._registry.values():
        if not isinstance(model_admin, MunicipalityScopedAdmin):
            continue
        opts = model_admin.opts
        declared = {
            f"{opts.app_label}_{opts.model_name}_{a.name}" for a in model_admin.object_actions
        }
        own = {
            pattern.name
            for pattern in model_admin.get_urls()
            if "<int:pk>" in str(pattern.pattern) or "<path:object_id>" in str(pattern.pattern)
        }
        standard = {
            f"{opts.app_label}_{opts.model_name}_{v}" for v in ("change", "delete", "history")
        }
        assert own - standard - {None} == declared, model_admin
        assert all(isinstance(action, ObjectAction) for action in model_admin.object_actions)
        found += len(declared)
    assert found >= 17
    assert Meeting in admin.site._registry
