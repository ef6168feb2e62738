"""The audit trail cannot be written, changed or deleted from the admin by anyone,
superusers included: no add, change or delete, and no actions (so no bulk delete)."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from portal.models import AuditEvent
from portal.services import audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(world):
    return audit_record(
        actor=world.users["officer_x"],
        action="decision.made",
        target=world.x,
        municipality=world.x,
        before={"status": "under_review"},
        after={"status": "decided"},
    )


@pytest.mark.parametrize("who", ["superuser", "admin_x", "officer_x"])
def test_no_one_can_add_change_or_delete_audit_events(client, world, event, who):
    client.force_login(world.users[who])
    change = reverse("admin:portal_auditevent_change", args=[event.pk])
    assert client.get(change).status_code == 200  # it can be read ...
    assert client.get(reverse("admin:portal_auditevent_add")).status_code == 403
    response = client.post(change, {"action": "tampered", "after": "{}"})
    assert response.status_code == 403
    delete = reverse("admin:portal_auditevent_delete", args=[event.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert (event.action, event.after) == ("decision.made", {"status": "decided"})


@pytest.mark.parametrize("who", ["superuser", "admin_x"])
def test_the_list_has_no_actions_and_bulk_delete_does_nothing(client, world, event, who):
    client.force_login(world.users[who])
    changelist = reverse("admin:portal_auditevent_changelist")
    page = client.get(changelist)
    assert page.status_code == 200
    assert page.context["action_form"] is None
    assert ACTION_CHECKBOX_NAME not in page.content.decode()
    count = AuditEvent.objects.count()
    client.post(
        changelist,
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [event.pk], "post": "yes"},
    )
    assert AuditEvent.objects.count() == count
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_admin_class_grants_nothing_but_viewing_even_to_superusers(rf, world):
    from django.contrib import admin

    model_admin = admin.site._registry[AuditEvent]
    request = rf.get("/")
    request.user = world.users["superuser"]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert model_admin.get_actions(request) == {}
    assert model_admin.has_view_permission(request)
