"""The submit button of the applicant's page finds, locks and checks the case in one
statement (grants.services.member_submit): who may not read it gets the 404 of every
other page, who reads but does not apply gets the case page, an ended membership counts
as none, and a second click finds the receipt. Nothing of the case changes for them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from grants import services
from grants.emails import NUMBER_TO_COME
from grants.models import Application, ApplicationEvent
from organisations.models import Membership
from portal.models import Notification
from tests.factories import MembershipFactory, OrganisationFactory
from tests.grants.conftest import COMPLETE

pytestmark = pytest.mark.django_db
S = Application.Status


@pytest.fixture
def draft(applicant, project_call):
    return services.application_start(
        call=project_call, organisation=applicant.organisation, by=applicant.user
    )


def submit(client, application):
    url = reverse("grants:application", args=[application.pk])
    return client.post(url, {**COMPLETE, "action": "submit"})


def assert_untouched(application):
    application.refresh_from_db()
    assert application.status == S.DRAFT
    assert not application.diarienummer
    assert not ApplicationEvent.objects.filter(application=application).exists()


def test_a_member_of_another_organisation_gets_404_and_nothing_changes(client, draft):
    outsider = MembershipFactory(
        organisation=OrganisationFactory(municipality=draft.organisation.municipality)
    )
    client.force_login(outsider.user)
    assert submit(client, draft).status_code == 404
    assert_untouched(draft)


def test_an_ended_membership_is_none(client, applicant, draft):
    Membership.objects.filter(pk=applicant.pk).update(
        valid_until=timezone.localdate() - timedelta(days=1)
    )
    client.force_login(applicant.user)
    assert submit(client, draft).status_code == 404
    assert_untouched(draft)


def test_a_member_who_reads_but_does_not_apply_gets_the_case_page(client, draft):
    reader = MembershipFactory(organisation=draft.organisation, role=Membership.Role.MEMBER)
    client.force_login(reader.user)
    response = submit(client, draft)
    assert response.status_code == 200
    assert draft.call.title in response.content.decode()
    assert_untouched(draft)


def test_the_second_click_finds_the_receipt_and_the_case_is_submitted_once(
    client, applicant, draft
):
    client.force_login(applicant.user)
    receipt = reverse("grants:receipt", args=[draft.pk])
    assert submit(client, draft)["Location"] == receipt
    assert submit(client, draft)["Location"] == receipt
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED
    assert ApplicationEvent.objects.filter(application=draft).count() == 1


def test_a_decided_case_answers_with_its_page_not_a_submit(client, applicant, draft):
    client.force_login(applicant.user)
    submit(client, draft)
    Application.objects.filter(pk=draft.pk).update(status=S.DECIDED)
    response = submit(client, draft)
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == S.DECIDED
    assert ApplicationEvent.objects.filter(application=draft).count() == 1


def test_what_kept_it_from_being_submitted_is_shown_with_what_was_typed(client, applicant, draft):
    client.force_login(applicant.user)
    data = {**COMPLETE, "q_syfte": "Läxhjälp på lördagar", "action": "submit"}
    data.pop("q_belopp")
    response = client.post(reverse("grants:application", args=[draft.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Läxhjälp på lördagar" in page
    assert "Ansökan har inte skickats in ännu" in page
    draft.refresh_from_db()
    assert draft.status == S.DRAFT
    assert draft.answers.get("q_syfte") == "Läxhjälp på lördagar"


def test_the_receipt_names_the_diarienummer_taken_in_the_lock(client, applicant, draft):
    """The receipt is rendered before the number is taken (the sequence row's lock is held
    only for the number and the insert): what is queued names the real number."""
    second = MembershipFactory(organisation=applicant.organisation, role="board")
    second.user.preferred_language = "en"
    second.user.save()
    client.force_login(applicant.user)
    assert submit(client, draft).status_code == 302
    draft.refresh_from_db()
    receipts = Notification.objects.filter(
        kind="grants.receipt", key__startswith=f"application:{draft.pk}:"
    )
    assert {row.recipient for row in receipts} == {applicant.user.email, second.user.email}
    for row in receipts:
        assert draft.diarienummer in row.subject
        assert draft.diarienummer in row.body
        assert NUMBER_TO_COME not in row.subject + row.body
        assert row.key == f"application:{draft.pk}:submitted:{draft.updated_at.timestamp():.0f}"
    english = receipts.get(recipient=second.user.email)
    assert english.language == "en"
    assert "has been received" in english.body
