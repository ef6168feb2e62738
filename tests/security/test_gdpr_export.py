"""A person downloads their data from My page (GDPR art. 15/20): the file holds their own
account, memberships, applications, messages, reports, networks, messages sent to them and
what they did, and nothing of another person's."""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from portal.models import AuditEvent
from tests.security.gdpr_people import people_fixture  # noqa: F401 -- the people fixture

pytestmark = pytest.mark.django_db


def _export(client, user):
    client.force_login(user)
    response = client.get(reverse("portal:my_data"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    return response.content.decode(), json.loads(response.content)


def test_export_holds_the_persons_own_data(client, world, people):
    raw, data = _export(client, people.anna)
    account = data["account"]
    assert account["email"] == "anna.annasdotter@example.se"
    assert account["full_name"] == "Anna Annasdotter"
    assert account["phone"] == "070-111 22 33"
    assert account["preferred_language"] == "sv"
    assert account["date_joined"]
    assert account["email_addresses"] == [
        {"email": "anna.annasdotter@example.se", "verified": True, "primary": True}
    ]
    assert [m["organisation_id"] for m in data["organisation_memberships"]] == [
        people.organisation.pk
    ]
    assert data["organisation_memberships"][0]["role"] == "responsible"
    assert len(data["invitations_received"]) == 1
    (application,) = data["applications"]
    assert application["id"] == people.application.pk
    assert application["diarienummer"] == people.application.diarienummer
    assert application["status"] == "decided"
    assert application["submitted_at"]
    assert [m["message"] for m in data["application_messages"]] == ["Annas fråga om budgeten"]
    assert [r["diarienummer"] for r in data["follow_up_reports"]] == [
        people.application.diarienummer
    ]
    assert [m["network"] for m in data["network_memberships"]] == ["Trygghetsnätverket"]
    assert len(data["meeting_answers"]) == 2
    assert [a["people"] for a in data["meeting_attendance"]] == [1]
    assert [a["title"] for a in data["network_actions"]] == ["Annas uppdrag: affischer"]
    kinds = {n["kind"] for n in data["notifications"]}
    assert {"test.hello", "organisations.invitation"} <= kinds
    assert all(n["subject"] for n in data["notifications"])
    own_events = AuditEvent.objects.filter(actor=people.anna).count()
    assert own_events
    assert len(data["audit_events"]) == own_events
    assert "application.status_changed" in {e["action"] for e in data["audit_events"]}
    assert "Anna Annasdotter" in raw


def test_export_holds_nothing_of_another_person(client, world, people):
    raw, data = _export(client, people.anna)
    for secret in (
        "bertil.bertilsson@example.se",
        "Bertil Bertilsson",
        "070-999 88 77",
        "Bertils tillägg om lokalen",
        world.users["officer_x"].email,
        world.users["officer_x"].full_name,
    ):
        assert secret not in raw
    # ... and Bertil's export is his own, not Anna's.
    raw, data = _export(client, people.bertil)
    assert data["account"]["email"] == "bertil.bertilsson@example.se"
    assert "anna.annasdotter@example.se" not in raw
    assert "Annas fråga om budgeten" not in raw
    assert data["applications"] == []  # Bertil neither started nor submitted it
    assert data["network_actions"] == []


def test_my_page_links_to_the_export_and_anonymous_people_must_log_in(client, world, people):
    with translation.override("en"):
        my_page, export = reverse("portal:my_page"), reverse("portal:my_data")
    response = client.get(export)
    assert response.status_code == 302
    assert "login" in response["Location"]
    client.force_login(people.anna)
    html = client.get(my_page).content.decode()
    assert f'href="{export}"' in html
    assert "Download my data" in html
