"""Paper applications (grants.services.paper): an officer of the programme's committee enters
an application that arrived on paper, on the organisation's behalf; the paper's arrival day
counts for the deadline and the late deduction; it gets its diarienummer by the normal
submission and is marked as entered from paper everywhere it is shown."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from grants.models import Application, LateDeduction
from grants.services import paper
from organisations.models import Membership
from portal.models import AuditEvent, Notification, Role
from portal.services import role_assign
from tests.factories import CommitteeFactory, MunicipalityFactory, UserFactory
from tests.grants.conftest import COMPLETE

pytestmark = pytest.mark.django_db


def data(**changes):
    return MultiValueDict({k: [v] for k, v in {**COMPLETE, **changes}.items() if v is not None})


def noon(day: date):
    return timezone.make_aware(datetime.combine(day, time(12)))


@pytest.fixture
def officer(project_call):
    user = UserFactory(full_name="Olle Handläggare")
    committee = project_call.programme.committee
    role_assign(user=user, municipality=committee.municipality, role=Role.OFFICER,
                committee=committee)  # fmt: skip
    return user


@pytest.fixture
def organisation(applicant):
    return applicant.organisation


def start(call, organisation, by, received_on=None, reference="Inkom per post"):
    received_on = received_on or timezone.localdate() - timedelta(days=1)
    return paper.paper_application_start(
        call=call, organisation=organisation, received_on=received_on, reference=reference, by=by
    )


def test_an_officer_enters_a_paper_application_that_gets_a_number_and_the_arrival_date(
    project_call, organisation, officer
):
    project_call.opens_at = timezone.now() - timedelta(days=10)
    project_call.save()
    arrived = timezone.localdate() - timedelta(days=3)
    application = start(project_call, organisation, officer, received_on=arrived)
    assert application.status == Application.Status.DRAFT
    assert application.created_by == officer
    assert application.entered_by == officer

    result = paper.paper_application_submit(
        application=application, data=data(), files={}, by=officer
    )
    assert result is not None
    assert not result.errors
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.diarienummer.startswith(f"KFN {arrived.year}/")
    assert application.submitted_at == noon(arrived)
    assert application.paper_received_on == arrived
    assert application.submitted_by == officer
    assert application.submitted_by_role == ""
    actions = set(
        AuditEvent.objects.filter(target_id=str(application.pk)).values_list("action", flat=True)
    )
    assert {"application.paper_entered", "application.paper_submitted",
            "application.status_changed"} <= actions  # fmt: skip
    # the organisation's people get the normal receipt, marked as entered from paper
    receipt = Notification.objects.get(kind="grants.receipt")
    assert "pappersansökan" in receipt.body.lower() or "paper" in receipt.body.lower()
    # the contact person's own address gets the paper receipt
    paper_receipt = Notification.objects.get(kind="grants.paper_receipt")
    assert paper_receipt.recipient == organisation.contact_email
    assert application.diarienummer in paper_receipt.subject


def test_only_officers_of_the_programmes_committee_enter_paper_applications(
    world, project_call, organisation, applicant
):
    committee = project_call.programme.committee
    municipality = committee.municipality
    other_committee = CommitteeFactory(municipality=municipality, abbreviation="SN")
    elsewhere = MunicipalityFactory()
    refused = {
        "applicant": applicant.user,  # the organisation's own people apply online
        "other committee": UserFactory(),
        "other municipality": UserFactory(),
        "coordinator": UserFactory(),
        "politician": UserFactory(),
    }
    role_assign(user=refused["other committee"], municipality=municipality, role=Role.OFFICER,
                committee=other_committee)  # fmt: skip
    role_assign(user=refused["other municipality"], municipality=elsewhere, role=Role.OFFICER)
    role_assign(user=refused["coordinator"], municipality=municipality, role=Role.COORDINATOR)
    role_assign(user=refused["politician"], municipality=municipality, role=Role.POLITICIAN)
    for who, user in refused.items():
        with pytest.raises(PermissionDenied):
            start(project_call, organisation, user)
        assert not paper.may_enter_paper(user, project_call), who
    assert not Application.objects.exists()
    admin = UserFactory()  # a municipal administrator handles every committee's cases
    role_assign(user=admin, municipality=municipality, role=Role.MUNICIPAL_ADMIN)
    assert start(project_call, organisation, admin).entered_by == admin


def test_a_person_with_roles_in_two_municipalities_enters_papers_only_where_they_handle_cases(
    project_call, organisation
):
    person = UserFactory()
    elsewhere = MunicipalityFactory()
    role_assign(user=person, municipality=elsewhere, role=Role.OFFICER)
    role_assign(user=person, municipality=project_call.programme.committee.municipality,
                role=Role.COORDINATOR)  # fmt: skip
    with pytest.raises(PermissionDenied):
        start(project_call, organisation, person)
    role_assign(user=person, municipality=project_call.programme.committee.municipality,
                role=Role.OFFICER, committee=project_call.programme.committee)  # fmt: skip
    person = type(person).objects.get(pk=person.pk)  # roles are cached on the user object
    assert start(project_call, organisation, person).entered_by == person


def test_an_organisation_of_another_municipality_is_refused(project_call, officer, world):
    from tests.grants.helpers import eligible_organisation

    stranger = eligible_organisation(world.y)
    with pytest.raises(ValidationError) as refused:
        start(project_call, stranger, officer)
    assert "organisation" in refused.value.message_dict


@pytest.mark.parametrize(
    ("days_ago", "message"),
    [(-1, "framtiden|future"), (30, "öppnade|opened")],
)
def test_the_arrival_date_is_not_in_the_future_nor_before_the_call_opened(
    project_call, organisation, officer, days_ago, message
):
    import re

    project_call.opens_at = timezone.now() - timedelta(days=5)
    project_call.save()
    with pytest.raises(ValidationError) as refused:
        start(project_call, organisation, officer,
              received_on=timezone.localdate() - timedelta(days=days_ago))  # fmt: skip
    assert re.search(message, " ".join(refused.value.message_dict["received_on"]))
    assert not Application.objects.exists()


def test_a_paper_that_arrived_before_the_deadline_is_on_time_when_typed_in_after_it(
    project_call, organisation, officer
):
    today = timezone.localdate()
    project_call.opens_at = timezone.now() - timedelta(days=20)
    project_call.closes_at = timezone.make_aware(datetime.combine(today - timedelta(days=4),
                                                                  time(23, 59)))  # fmt: skip
    project_call.save()
    late = today - timedelta(days=2)  # after the deadline, and the programme takes no late ones
    with pytest.raises(ValidationError) as refused:
        start(project_call, organisation, officer, received_on=late)
    assert "received_on" in refused.value.message_dict
    arrived = today - timedelta(days=6)
    application = start(project_call, organisation, officer, received_on=arrived)
    result = paper.paper_application_submit(application=application, data=data(), files={},
                                            by=officer)  # fmt: skip
    assert not result.errors
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.late_deduction_percent == 0
    assert application.submitted_at == noon(arrived)


def test_a_paper_that_arrived_on_the_deadline_day_after_noon_closing_is_still_on_time(
    project_call, organisation, officer
):
    day = timezone.localdate() - timedelta(days=2)
    project_call.opens_at = timezone.now() - timedelta(days=20)
    project_call.closes_at = timezone.make_aware(datetime.combine(day, time(10)))
    project_call.save()
    at = paper.paper_submission_time(project_call, day)
    assert at == project_call.closes_at - timedelta(seconds=1)
    application = start(project_call, organisation, officer, received_on=day)
    paper.paper_application_submit(application=application, data=data(), files={}, by=officer)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.submitted_at < project_call.closes_at


def test_the_late_deduction_counts_from_the_arrival_day_not_the_typing_day(
    project_call, organisation, officer
):
    today = timezone.localdate()
    programme = project_call.programme
    programme.accepts_late_applications = True
    programme.save()
    LateDeduction.objects.create(programme=programme, days_late=2, percent=10)
    LateDeduction.objects.create(programme=programme, days_late=30, percent=50)
    project_call.opens_at = timezone.now() - timedelta(days=40)
    project_call.closes_at = timezone.make_aware(datetime.combine(today - timedelta(days=10),
                                                                  time(23, 59)))  # fmt: skip
    project_call.save()
    arrived = today - timedelta(days=9)  # a day late on paper; typed in ten days after closing
    application = start(project_call, organisation, officer, received_on=arrived)
    paper.paper_application_submit(application=application, data=data(), files={}, by=officer)
    application.refresh_from_db()
    assert application.late_deduction_percent == 10


def test_a_draft_keeps_what_was_typed_when_the_submission_is_refused_and_submits_once(
    project_call, organisation, officer
):
    application = start(project_call, organisation, officer)
    result = paper.paper_application_submit(
        application=application, data=data(q_deltagare=None), files={}, by=officer
    )
    assert "q_deltagare" in result.errors
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert application.answers["q_syfte"] == COMPLETE["q_syfte"]
    assert application.diarienummer is None
    # saving a draft and continuing: the officer's typing is kept
    assert (
        paper.paper_application_save_draft(
            application=application, data=data(q_syfte="Boule för seniorer"), files={}, by=officer
        )
        == []
    )
    application.refresh_from_db()
    assert application.answers["q_syfte"] == "Boule för seniorer"
    # submitting twice (a double click) submits once
    first = paper.paper_application_submit(application=application, data=data(), files={},
                                           by=officer)  # fmt: skip
    application.refresh_from_db()
    number = application.diarienummer
    assert first is not None
    assert number
    second = paper.paper_application_submit(application=application, data=data(), files={},
                                            by=officer)  # fmt: skip
    assert second is None
    application.refresh_from_db()
    assert application.diarienummer == number
    assert AuditEvent.objects.filter(action="application.paper_submitted").count() == 1


def test_an_organisation_that_applied_online_gets_no_paper_application_beside_it(
    project_call, organisation, officer, applicant
):
    from grants import services

    services.application_start(call=project_call, organisation=organisation, by=applicant.user)
    with pytest.raises(ValidationError):
        start(project_call, organisation, officer)
    # a paper draft started again returns the same draft with the new arrival date
    other = applicant.organisation
    Application.objects.all().delete()
    first = start(project_call, other, officer, received_on=timezone.localdate())
    again = start(project_call, other, officer, received_on=timezone.localdate() - timedelta(1))
    assert again.pk == first.pk
    assert again.paper_received_on == timezone.localdate() - timedelta(1)


def test_the_applicants_own_people_cannot_use_the_officers_draft_service(
    project_call, organisation, officer, applicant
):
    application = start(project_call, organisation, officer)
    with pytest.raises(PermissionDenied):
        paper.paper_application_submit(application=application, data=data(), files={},
                                       by=applicant.user)  # fmt: skip
    # a non-paper application is refused by the paper services
    application.paper_received_on = None
    application.entered_by = None
    application.save()
    with pytest.raises(ValidationError):
        paper.paper_application_save_draft(application=application, data=data(), files={},
                                           by=officer)  # fmt: skip


def test_no_email_means_the_receipt_goes_by_post(project_call, officer):
    from tests.grants.helpers import eligible_organisation

    organisation = eligible_organisation(project_call.programme.committee.municipality)
    organisation.contact_email = ""
    organisation.street_address, organisation.postal_code, organisation.city = (
        "Fisksätra torg 1", "133 41", "Saltsjöbaden")  # fmt: skip
    organisation.save()
    application = start(project_call, organisation, officer)
    paper.paper_application_submit(application=application, data=data(), files={}, by=officer)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert paper.receipt_by_post(application)
    assert not Notification.objects.filter(kind="grants.paper_receipt").exists()


def test_the_applicant_sees_the_paper_mark_on_the_case_and_the_receipt(
    client, project_call, organisation, officer, applicant
):
    arrived = timezone.localdate() - timedelta(days=1)
    application = start(project_call, organisation, officer, received_on=arrived)
    paper.paper_application_submit(application=application, data=data(), files={}, by=officer)
    client.force_login(applicant.user)
    for name in ("grants:application", "grants:receipt"):
        page = client.get(reverse(name, args=[application.pk])).content.decode()
        assert "Olle Handläggare" in page
        assert 'data-testid="submitted-by"' in page


def test_a_representative_is_named_as_the_submitter(project_call, organisation):
    from grants import services

    representative = UserFactory(full_name="Rut Ombud")
    Membership.objects.create(
        user=representative,
        organisation=organisation,
        role=Membership.Role.REPRESENTATIVE,
        authorisation="Fullmakt",
    )
    application = services.application_start(call=project_call, organisation=organisation,
                                             by=representative)  # fmt: skip
    services.application_submit(application=application, data=data(), files={}, by=representative)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.submitted_by == representative
    assert application.submitted_by_role == Membership.Role.REPRESENTATIVE
    receipt = Notification.objects.filter(kind="grants.receipt").first()
    assert "Rut Ombud" in receipt.body
