"""An app adds a reminder, a retention rule, a GDPR export section, an erasure step and a
My page section without touching ``portal/``: it registers them with the portal's runners
(from its ``AppConfig.ready()``; here, in the test) and the runners run them."""

import json

import pytest
from django.urls import reverse

from portal import my_page, reminders, retention
from portal.gdpr import erasure, export
from portal.models import AuditEvent, Notification
from portal.notifications import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered():
    """Register with ``register(registry, key, item)``; forgotten again after the test."""
    done = []

    def register(unregister, key, item):
        done.append((unregister, key))
        return item

    yield register
    for unregister, key in done:
        unregister(key)


def test_a_registered_reminder_rule_runs_for_every_active_municipality(world, registered):
    seen = []

    @reminders.rule
    def fake_rule(municipality, today):
        seen.append((municipality.slug, reminders.policy(municipality).call_closing_days))
        return notify(
            kind="reminder.fake",
            key=f"fake:{municipality.pk}",
            template="portal/email/account_deleted",
            context={"date": today},
            recipients=["someone@example.se"],
            municipality=municipality,
        ).__len__()

    registered(reminders.unregister, "fake_rule", fake_rule)
    assert reminders.rules()[-1] is fake_rule
    counts = reminders.run_all()
    active = len(seen)
    assert counts["fake_rule"] == active >= 2
    assert Notification.objects.filter(kind="reminder.fake").count() == active
    assert reminders.run_all()["fake_rule"] == 0  # idempotent through the outbox's key


def test_a_registered_retention_rule_is_planned_carried_out_and_audited(world, registered):
    x = world.x
    Notification.objects.create(kind="fake", key="1", recipient="a@example.se", subject="s")
    done = []

    @retention.rule
    def fake_old_things(municipality, policy, now):
        if municipality != x:
            return []
        rows = Notification.objects.filter(kind="fake")
        return [retention.Step("fake_things", municipality, rows, action=done.append)]

    registered(retention.unregister, fake_old_things, fake_old_things)
    steps = [s for s in retention.plan() if s.what == "fake_things"]
    assert [(s.municipality, s.count) for s in steps] == [(x, 1)]
    retention.carry_out(steps)
    assert len(done) == 1
    assert len(done[0]) == 1
    event = AuditEvent.objects.get(action="retention.fake_things")
    assert event.after == {"count": 1}


def test_a_registered_gdpr_section_and_erasure_step_run(client, world, registered):
    person = UserFactory(email="person@example.se")

    @export.section
    def fake_section(user):
        return {"fake_things": [{"owner": user.email}]}

    @erasure.step
    def fake_step(user):
        return {"fake_things": 3}

    @erasure.blocker
    def fake_blocker(user):
        return ["Not yet."] if user.phone == "blocked" else []

    for function in (fake_section, fake_step, fake_blocker):
        registered(export.unregister if function is fake_section else erasure.unregister,
                   function, function)  # fmt: skip
    client.force_login(person)
    data = json.loads(client.get(reverse("portal:my_data")).content)
    assert data["fake_things"] == [{"owner": "person@example.se"}]
    keys = list(data)  # the apps' sections between the portal's own
    assert keys.index("roles") < keys.index("fake_things") < keys.index("notifications")

    person.phone = "blocked"
    assert erasure.deletion_blockers(person) == ["Not yet."]
    person.phone = ""
    person.save()
    erasure.account_delete(user=person)
    event = AuditEvent.objects.get(action="gdpr.erasure_requested")
    assert event.after["fake_things"] == 3


def test_a_registered_my_page_section_is_shown(client, world, registered):
    @my_page.section("components/form_errors.html")
    def fake_section(request):
        return {"form": None, "fake_value": request.user.email}

    registered(my_page.unregister, "components/form_errors.html", fake_section)
    person = UserFactory()
    client.force_login(person)
    response = client.get(reverse("portal:my_page"))
    assert response.status_code == 200
    assert response.context["fake_value"] == person.email
    assert "components/form_errors.html" in [t.name for t in response.templates]
