"""Invitations and reminders through the outbox: to the segment's (or every registered
organisation's) acting people, once per survey and address however often the task runs,
never to an address that opted out of the municipality's mailings; the reminder three days
before closing only to those who have not answered, once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from outreach.models import MailingOptOut
from portal.models import Notification
from surveys import reminders
from surveys.delivery import KIND, REMINDER_KIND, survey_key
from surveys.models import Survey, SurveyResponse
from surveys.tasks import survey_invite
from tests.factories import MembershipFactory, OrganisationFactory
from tests.surveys.conftest import make_survey

pytestmark = pytest.mark.django_db


def _recipients(kind, key):
    return set(Notification.objects.filter(kind=kind, key=key).values_list("recipient", flat=True))


def test_the_task_invites_the_segment_once(world, data, survey):
    outside = MembershipFactory(organisation=OrganisationFactory(municipality=world.x,
                                                                 approved=True)).user  # fmt: skip
    assert survey_invite.apply(args=[survey.pk]).get() == 2
    assert _recipients(KIND, survey_key(survey)) == {data.person_a.email, data.person_b.email}
    assert outside.email not in _recipients(KIND, survey_key(survey))
    assert survey_invite.apply(args=[survey.pk]).get() == 0  # idempotent
    survey.refresh_from_db()
    assert (survey.invited_people, survey.invited_organisations) == (2, 2)
    row = Notification.objects.filter(kind=KIND).first()
    assert "Behovsinventering" in row.subject
    assert f"/enkater/{survey.pk}/" in row.body
    assert row.unsubscribe_url.startswith("http")
    assert row.unsubscribe_url in row.body  # the one-click opt-out of the mailings


def test_never_to_an_address_that_opted_out(world, data, survey):
    MailingOptOut.objects.create(municipality=world.x, email=data.person_b.email.upper())
    survey_invite.apply(args=[survey.pk])
    assert _recipients(KIND, survey_key(survey)) == {data.person_a.email}
    everyone = make_survey(world.x, status=Survey.Status.OPEN)
    survey_invite.apply(args=[everyone.pk])
    assert data.person_b.email not in _recipients(KIND, survey_key(everyone))
    assert data.person_a.email in _recipients(KIND, survey_key(everyone))


def test_everyone_means_every_registered_organisations_acting_people(world, data):
    pending = MembershipFactory(organisation=OrganisationFactory(municipality=world.x)).user
    other_place = MembershipFactory(
        organisation=OrganisationFactory(municipality=world.y, approved=True)
    ).user
    survey = make_survey(world.x, status=Survey.Status.OPEN)
    survey_invite.apply(args=[survey.pk])
    found = _recipients(KIND, survey_key(survey))
    assert {data.person_a.email, data.person_b.email} <= found
    assert data.reader.email not in found  # a member who only reads
    assert pending.email not in found
    assert other_place.email not in found


def test_a_draft_or_cancelled_survey_is_not_sent(world, data):
    draft = make_survey(world.x, segment=data.segment)
    assert survey_invite.apply(args=[draft.pk]).get() == 0
    assert not Notification.objects.exists()


def test_reminder_three_days_before_closing_to_those_who_have_not_answered(world, data):
    survey = make_survey(world.x, segment=data.segment, status=Survey.Status.OPEN,
                         closes_at=timezone.now() + timedelta(days=10))  # fmt: skip
    SurveyResponse.objects.create(survey=survey, organisation=data.org_a,
                                  answered_by=data.person_a, answers={})  # fmt: skip
    today = timezone.localdate()
    assert reminders.surveys_closing(world.x, today) == 0  # not yet
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() + timedelta(days=2))
    assert reminders.surveys_closing(world.x, today) == 1
    assert reminders.surveys_closing(world.x, today) == 0  # run twice, sent once
    assert _recipients(REMINDER_KIND, f"survey:{survey.pk}:reminder") == {data.person_b.email}
