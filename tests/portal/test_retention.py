"""Data retention: the dry run lists and changes nothing; carrying out thins rejected
applications (not granted ones), deletes stale drafts and old messages, anonymises unused
accounts, and audits what it did."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from grants import services as grant_services
from grants.models import Application, Decision
from portal import retention
from portal.models import AuditEvent, Notification, User
from tests.factories import CallFactory, GrantProgrammeFactory, MembershipFactory, UserFactory
from tests.grants.helpers import decide, eligible_organisation, submitted

pytestmark = pytest.mark.django_db
LONG_AGO = timezone.now() - timedelta(days=3 * 366)


@pytest.fixture
def old_data(world):
    officer = world.users["officer_x"]
    call = CallFactory(programme=GrantProgrammeFactory(committee=world.x.committees.get()))
    rejected = submitted(call)
    rejected.answers = {"q_syfte": "Anna Svensson, 070-123 45 67, leder gruppen"}
    rejected.save()
    grant_services.application_message_post(application=rejected, by=officer, body="Hej Anna!")
    decide(rejected, officer, outcome="rejected", amount="0")
    granted = submitted(call)
    granted.answers = {"q_syfte": "Läxhjälp"}
    granted.save()
    decide(granted, officer, amount="1000")
    Decision.objects.update(decided_at=LONG_AGO)
    applying = eligible_organisation(world.x)
    draft = grant_services.application_start(
        call=CallFactory(programme=call.programme),
        organisation=applying,
        by=MembershipFactory(organisation=applying).user,
    )
    Application.objects.filter(pk=draft.pk).update(updated_at=LONG_AGO)
    unused = UserFactory(email="borta@example.se", full_name="Bo Borta")
    User.objects.filter(pk=unused.pk).update(last_login=LONG_AGO)
    Notification.objects.create(
        kind="x",
        key="old",
        recipient="a@example.se",
        subject="s",
        body="b",
        status="sent",
        municipality=world.x,
        created_at=LONG_AGO,
    )
    return {"rejected": rejected, "granted": granted, "draft": draft, "unused": unused}


def test_dry_run_lists_and_changes_nothing(world, old_data, capsys):
    call_command("retention")
    out = capsys.readouterr().out
    for what in (
        "rejected_applications: 1",
        "old_drafts: 1",
        "old_notifications: 1",
        "inactive_accounts: 1",
        "Dry run",
    ):
        assert what in out
    old_data["rejected"].refresh_from_db()
    assert old_data["rejected"].answers
    assert Application.objects.filter(pk=old_data["draft"].pk).exists()
    assert User.objects.get(pk=old_data["unused"].pk).email == "borta@example.se"


def test_carrying_out_removes_personal_data_but_keeps_the_archive(world, old_data):
    retention.carry_out(retention.plan())
    rejected = Application.objects.get(pk=old_data["rejected"].pk)
    assert rejected.answers == {}
    assert rejected.diarienummer  # the registration number stays
    assert rejected.decision.outcome == "rejected"  # and the decision
    assert rejected.messages.get().body == "[gallrat]"
    assert Application.objects.get(pk=old_data["granted"].pk).answers == {"q_syfte": "Läxhjälp"}
    assert not Application.objects.filter(pk=old_data["draft"].pk).exists()
    assert not Notification.objects.filter(key="old").exists()
    unused = User.objects.get(pk=old_data["unused"].pk)
    assert (unused.email, unused.full_name, unused.is_active) == (
        f"removed-{unused.pk}@invalid.example",
        "",
        False,
    )
    assert AuditEvent.objects.filter(action="retention.rejected_applications").exists()
    assert retention.plan() == []  # nothing left to do: running again changes nothing
    assert world.users["officer_x"].is_active  # staff with roles are never touched
