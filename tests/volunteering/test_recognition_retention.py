"""Retention in volunteering: expressions of interest older than two years are deleted; the
messages of pledges to call-outs closed more than five years ago are emptied while the
pledges (and their hours) stay; both audited and read as sentences."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from portal import audit_text, retention
from portal.models import AuditEvent
from volunteering.models import CallOut, Interest, Pledge, Post
from volunteering.selectors.figures import volunteer_hours

pytestmark = pytest.mark.django_db


def _steps(what):
    return [s for s in retention.plan() if s.what == what]


def test_interests_older_than_two_years_are_deleted(vol):
    post = Post.objects.create(
        municipality=vol.municipality, organisation=vol.organisation_2, activity="Fotboll",
        title="Ledare", description="Knattefotboll.", contact_name="Fia",
        contact_email="fia@example.se", status="published",
    )  # fmt: skip
    now = timezone.now()
    old = Interest.objects.create(post=post, volunteer=vol.volunteer, message="Jag kan!",
                                  created_at=now - timedelta(days=2 * 366))  # fmt: skip
    recent = Interest.objects.create(post=post, volunteer=vol.volunteer_2,
                                     created_at=now - timedelta(days=300))  # fmt: skip
    [step] = _steps("volunteer_interests")
    assert step.count == 1
    retention.carry_out([step])
    assert list(Interest.objects.all()) == [recent]
    assert not Interest.objects.filter(pk=old.pk).exists()
    event = AuditEvent.objects.get(action="retention.volunteer_interests")
    assert event.after == {"count": 1}
    assert "intresseanmälningar" in audit_text.sentence(event)


def test_old_pledge_messages_are_emptied_and_the_pledges_kept(vol):
    now = timezone.now()
    closed = now - timedelta(days=5 * 366)
    old = CallOut.objects.create(
        municipality=vol.municipality, title="Översvämning", description="Sandsäckar.",
        status="closed", sent_at=closed - timedelta(days=3), closed_at=closed,
    )  # fmt: skip
    recent = CallOut.objects.create(
        municipality=vol.municipality, title="Värmestuga", description="Värme.",
        status="closed", sent_at=now - timedelta(days=40), closed_at=now - timedelta(days=30),
    )  # fmt: skip
    kept_old = Pledge.objects.create(
        callout=old, volunteer=vol.volunteer, status="accepted", hours_given=Decimal("5"),
        message="Min granne Anna kan också hjälpa till.",
    )  # fmt: skip
    kept_recent = Pledge.objects.create(callout=recent, volunteer=vol.volunteer,
                                        message="Jag har bil.")  # fmt: skip
    [step] = _steps("pledge_messages")
    assert step.count == 1
    retention.carry_out([step])
    kept_old.refresh_from_db()
    kept_recent.refresh_from_db()
    assert kept_old.message == ""
    assert kept_old.hours_given == Decimal("5")  # the record and its hours stay
    assert kept_recent.message == "Jag har bil."
    assert volunteer_hours(vol.volunteer) == Decimal("5")
    assert _steps("pledge_messages") == []  # nothing left to do: not counted again
    event = AuditEvent.objects.get(action="retention.pledge_messages")
    assert "erbjudanden" in audit_text.sentence(event)
