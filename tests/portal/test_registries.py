"""An app adds a reminder, a retention rule, a GDPR export section, an erasure step (and
its audit label), a My page section, a municipality page section, its roles' permissions
and a way of belonging to a municipality without touching ``portal/``: it registers them
with the portal's runners (from its ``AppConfig.ready()``; here, in the test) and the
runners run them."""

import json

import pytest
from django.db.models import Q
from django.urls import reverse

from portal import (
    audit_text,
    email_identity,
    municipality_page,
    my_page,
    permissions,
    reminders,
    retention,
    roles,
)
from portal.auth_backends import RolePermissionBackend
from portal.gdpr import erasure, export
from portal.models import AuditEvent, Committee, Notification, Role
from portal.notifications import notify
from portal.services import role_assign
from tests.factories import CommitteeFactory, UserFactory

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


def test_a_registered_municipality_page_section_is_shown(client, world, registered):
    @municipality_page.section("components/form_errors.html")
    def fake_section(request, municipality):
        return {"form": None, "fake_value": municipality.slug}

    registered(municipality_page.unregister, "components/form_errors.html", fake_section)
    client.force_login(UserFactory())  # past the public page cache
    response = client.get(reverse("portal:municipality", args=[world.x.slug]))
    assert response.status_code == 200
    assert response.context["fake_value"] == "nacka"
    assert "components/form_errors.html" in [t.name for t in response.templates]
    assert "networks/_municipality_page.html" in [t.name for t in response.templates]


def test_registered_role_permissions_are_granted_where_the_role_is_held(world, registered):
    roles.register(
        {Role.POLITICIAN: {"fake.thing": (roles.VIEW, roles.CHANGE)}},
        abilities={"fake.ability": {Role.POLITICIAN}},
        committee_bound=["fake.ability", "fake.thing"],
    )
    registered(roles.unregister, "fake.thing", None)
    registered(roles.unregister, "fake.ability", None)
    committee = Committee.objects.get(municipality=world.x)
    other = CommitteeFactory(municipality=world.x)
    person = UserFactory()
    role_assign(user=person, municipality=world.x, role=Role.POLITICIAN, committee=committee)

    assert roles.permissions_for_roles({Role.POLITICIAN}) == {
        "fake.view_thing",
        "fake.change_thing",
    }
    assert RolePermissionBackend().has_perm(person, "fake.change_thing")
    assert permissions.may(person, "fake.ability", world.x, committee)
    assert not permissions.may(person, "fake.ability", world.x, other)  # committee-bound
    assert not permissions.may(person, "fake.ability", world.y)
    assert "fake.view_thing" in permissions.model_permissions()
    assert "fake.delete_thing" in roles.COMMITTEE_SCOPED

    roles.unregister("fake.thing", "fake.ability")
    assert not permissions.may(person, "fake.ability", world.x, committee)
    assert "fake.delete_thing" not in roles.COMMITTEE_SCOPED


def test_a_registered_way_of_belonging_names_the_municipality_in_emails(world, registered):
    person = UserFactory()
    served = email_identity.municipalities_of(person)  # nobody's: the ones the portal serves
    assert world.y in served

    @email_identity.belongs_to
    def fake_belonging(user):
        return Q(slug="nacka") if user == person else Q(pk__in=[])

    registered(email_identity.unregister, fake_belonging, fake_belonging)
    assert email_identity.municipalities_of(person) == [world.x]


def test_a_registered_erasure_count_is_labelled_in_the_audit_trail(registered):
    audit_text.register_erased("fake_things", "Fake things removed")
    registered(audit_text.unregister_erased, "fake_things", None)
    event = AuditEvent(
        action="gdpr.erasure_requested",
        target_repr="someone",
        after={"fake_things": 3, "notifications": 1},
    )
    [row] = audit_text.read([event])
    assert [(c.label, c.after) for c in row.changes][:1] == [("Fake things removed", "3")]
    assert [c.after for c in row.changes][-1] == "1"  # the portal's own count, last
