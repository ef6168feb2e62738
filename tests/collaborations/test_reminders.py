"""The register's reminders: an agreement ending within 60 days (again for a new end date
when it is prolonged) and a yearly follow-up due and overdue; each sent once however often
the job runs."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from collaborations import reminders, services
from collaborations.models import Collaboration
from portal import reminders as runner
from portal.models import Notification
from tests.collaborations.helpers import iop

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def agreement(collab):
    collaboration = iop(collab)  # the women's shelter is a party
    collaboration.responsible = collab.social_officer
    collaboration.starts_on = date(2023, 1, 1)
    collaboration.ends_on = TODAY + timedelta(days=45)
    collaboration.save(update_fields=["responsible", "starts_on", "ends_on"])
    services.collaboration_set_status(
        collaboration=collaboration, status="active", by=collab.social_officer
    )
    collaboration.refresh_from_db()
    return collaboration


def _sent(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient", flat=True))


def test_an_agreement_ending_soon_reminds_the_responsible_and_the_coordinators_once(
    collab, agreement
):
    assert reminders.agreements_ending(collab.municipality, TODAY) == 2
    assert reminders.agreements_ending(collab.municipality, TODAY) == 0  # run again: nothing
    assert _sent("reminder.agreement_ending") == sorted(
        [collab.social_officer.email, collab.coordinator.email]
    )
    row = Notification.objects.filter(kind="reminder.agreement_ending").first()
    assert "IOP Kvinnojouren" in row.subject


def test_a_prolonged_agreement_is_reminded_again_for_its_new_end(collab, agreement):
    assert reminders.agreements_ending(collab.municipality, TODAY) == 2
    Collaboration.objects.filter(pk=agreement.pk).update(ends_on=TODAY + timedelta(days=400))
    assert reminders.agreements_ending(collab.municipality, TODAY) == 0  # far away now
    later = TODAY + timedelta(days=400 - 50)
    assert reminders.agreements_ending(collab.municipality, later) == 2
    assert Notification.objects.filter(kind="reminder.agreement_ending").count() == 4


def test_no_reminder_for_an_agreement_far_from_its_end_or_not_active(collab, agreement):
    assert reminders.agreements_ending(collab.municipality, TODAY - timedelta(days=30)) == 0
    Collaboration.objects.filter(pk=agreement.pk).update(status="ended")
    assert reminders.agreements_ending(collab.municipality, TODAY) == 0


def test_a_follow_up_due_reminds_the_responsible_and_the_partners_people(collab, agreement):
    Collaboration.objects.filter(pk=agreement.pk).update(
        starts_on=date(TODAY.year - 1, 1, 1), ends_on=None
    )  # it owes last year's follow-up only
    due = services.follow_up_due_on(agreement.agreement, TODAY.year - 1)
    before = due - timedelta(days=10)
    assert reminders.follow_ups_due(collab.municipality, before) == 2
    assert reminders.follow_ups_due(collab.municipality, before) == 0
    assert _sent("reminder.follow_up_due") == sorted(
        [collab.social_officer.email, collab.org_user.email]
    )
    assert reminders.follow_ups_due(collab.municipality, due + timedelta(days=1)) == 2
    assert reminders.follow_ups_due(collab.municipality, due + timedelta(days=9)) == 0
    assert len(_sent("reminder.follow_up_overdue")) == 2


def test_an_older_unsubmitted_year_is_overdue_too(collab, agreement):
    Collaboration.objects.filter(pk=agreement.pk).update(
        starts_on=date(TODAY.year - 2, 6, 1), ends_on=None
    )
    due = services.follow_up_due_on(agreement.agreement, TODAY.year - 1)
    assert reminders.follow_ups_due(collab.municipality, due - timedelta(days=10)) == 4
    keys = set(Notification.objects.values_list("kind", "key"))
    pk = agreement.agreement.pk
    assert keys == {
        ("reminder.follow_up_overdue", f"agreement:{pk}:follow_up:{TODAY.year - 2}:overdue"),
        ("reminder.follow_up_due", f"agreement:{pk}:follow_up:{TODAY.year - 1}:due"),
    }


def test_a_submitted_follow_up_is_not_chased(collab, agreement):
    Collaboration.objects.filter(pk=agreement.pk).update(
        starts_on=date(TODAY.year - 1, 1, 1), ends_on=None
    )  # it owes last year's follow-up only
    year = TODAY.year - 1
    indicator = agreement.agreement.indicators.create(goal="Skydd", name="Dygn", target=100)
    follow_up = services.follow_up_open(
        agreement=agreement.agreement, year=year, by=collab.social_officer
    )
    services.follow_up_save_results(
        follow_up=follow_up, by=collab.org_user, results={indicator.pk: ("90", "")}, summary=""
    )
    services.follow_up_set_status(follow_up=follow_up, status="submitted", by=collab.org_user)
    due = services.follow_up_due_on(agreement.agreement, year)
    assert reminders.follow_ups_due(collab.municipality, due - timedelta(days=5)) == 0
    assert reminders.follow_ups_due(collab.municipality, due + timedelta(days=5)) == 0


def test_the_daily_runner_runs_the_registers_rules(collab, agreement):
    counts = runner.run_all(TODAY)
    assert counts["agreements_ending"] == 2
    assert runner.run_all(TODAY)["agreements_ending"] == 0
