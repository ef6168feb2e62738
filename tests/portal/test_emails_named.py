"""Every email names the portal and the municipality, in the recipient's language.

Each kind of email the portal sends is made here the way the portal makes it (submitting,
deciding, inviting, the reminder jobs, the monthly report, removing an account, and
allauth's account emails), for a Swedish-speaking and an English-speaking person; the test
fails if a kind is added without being made here. Every message must begin its subject with
"[Samverkan – Nacka kommun]", end with a signature naming both, and be written in the
recipient's language. Never the server's host name ("[127.0.0.1:8000]", "Hej från …").
"""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from collaborations import reminders as collaboration_reminders
from collaborations import services as collaboration_services
from grants import reminders as grant_reminders
from grants import services as grant_services
from grants.models import Application, FollowUpReport
from insights.reports import monthly_report
from networks import reminders as network_reminders
from networks import services as network_services
from networks.models import Meeting, NetworkMember
from organisations import reminders as organisation_reminders
from organisations import services as organisation_services
from organisations.models import EligibilityPeriod, Organisation
from portal import notifications
from portal.gdpr import erasure
from portal.models import Administration, Notification, ReminderPolicy
from portal.tasks import outbox_drain
from tests.factories import CallFactory, GrantProgrammeFactory, NetworkFactory, UserFactory
from tests.grants.helpers import decide, eligible_organisation, submitted
from volunteering.delivery import queue_callout
from volunteering.models import CallOut, Volunteer

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
NAMED = "[Samverkan – Nacka kommun] "
SIGNATURE = {
    "sv": "-- \nMed vänlig hälsning\nSamverkan – Nacka kommun\nhttps://samverkan.example/",
    "en": "-- \nKind regards\nSamverkan – Nacka kommun\nhttps://samverkan.example/",
}
GREETING = {"sv": "Hej", "en": "Hello"}  # "Hej!" or "Hej,"
HOST_NAMES = ("127.0.0.1", "testserver", "example.com", "epost")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _email_templates() -> set[str]:
    """Every template pair the outbox renders (``…/x_subject.txt`` and ``…/x.txt``)."""
    root = Path(settings.BASE_DIR) / "templates"
    return {
        str(path.relative_to(root))[: -len("_subject.txt")]
        for path in root.rglob("*_subject.txt")
        if path.parts[len(root.parts)] not in {"account", "mfa", "socialaccount"}
    }


@pytest.fixture(autouse=True)
def _portal_address(settings):
    settings.PORTAL_BASE_URL = "https://samverkan.example"


@pytest.fixture
def rendered(monkeypatch):
    """The templates the outbox rendered, through the real ``notifications.render``."""
    seen = set()
    real = notifications.render

    def spy(template, *args, **kwargs):
        seen.add(template)
        return real(template, *args, **kwargs)

    monkeypatch.setattr(notifications, "render", spy)
    return seen


def _every_kind(world):
    """Make each kind of email the way the portal does (see the module's docstring)."""
    x, officer = world.x, world.users["officer_x"]
    coordinator = world.users["coordinator_x"]
    politician = world.users["politician_x"]
    politician.preferred_language = "en"
    politician.save()
    organisation = eligible_organisation(x)
    sv = UserFactory(email="ordforande@example.se", preferred_language="sv")
    en = UserFactory(email="chair@example.se", preferred_language="en")
    for person in (sv, en):
        organisation.memberships.create(user=person, role="responsible")
    committee = x.committees.get()
    programme = GrantProgrammeFactory(committee=committee, report_due_days=10)
    closing = timezone.now() + timedelta(days=2)
    call = CallFactory(programme=programme, closes_at=closing, budget=10**6)

    # Grants: the receipt, the decision, and the reminders about the follow-up report.
    application = submitted(call, organisation=organisation, by=sv)
    report = decide(application, officer, amount="9000").reports.get()
    assert grant_reminders.reports(x, TODAY) == 2  # due soon, to both
    FollowUpReport.objects.filter(pk=report.pk).update(due_on=TODAY - timedelta(days=20))
    assert grant_reminders.reports(x, TODAY) == 3  # overdue to both, escalated to the officer

    # A paper application entered by the officer (#24): its own receipt to the contact email.
    from grants.services import paper

    on_paper = paper.paper_application_start(
        call=CallFactory(programme=programme), organisation=organisation,
        received_on=TODAY, by=officer,
    )  # fmt: skip
    paper.paper_application_submit(application=on_paper, data={}, files={}, by=officer)

    # A draft in a call that closes soon; a completion nobody answered; a late case.
    other = CallFactory(programme=programme, closes_at=closing, budget=10**6)
    grant_services.application_start(call=other, organisation=organisation, by=sv)
    assert grant_reminders.call_closing(x, TODAY) == 2
    waiting = submitted(CallFactory(programme=programme), organisation=organisation, by=sv)
    grant_services.application_transition(
        application=waiting, to_status="completion_requested", by=officer, message="Budget?"
    )
    waiting.events.update(created_at=timezone.now() - timedelta(days=30))
    assert grant_reminders.completion_unanswered(x, TODAY) == 2
    late = submitted(CallFactory(programme=programme), organisation=organisation, by=sv)
    Application.objects.filter(pk=late.pk).update(submitted_at=timezone.now() - timedelta(60))
    ReminderPolicy.objects.create(municipality=x, target_handling_days=20)
    monday = TODAY - timedelta(days=TODAY.weekday())
    assert grant_reminders.officer_digest(x, monday) == 1

    # An informal group asks a host, which declines; an invoice of the group is rejected.
    informal = GrantProgrammeFactory(committee=committee, informal_groups_allowed=True)
    group = Organisation.objects.create(
        municipality=x, kind="informal_group", name="Föräldranärvaro", status="approved",
        contact_name="Kim", contact_email="kim@example.se",
    )  # fmt: skip
    group.memberships.create(user=sv, role="responsible")
    asked = submitted(CallFactory(programme=informal), organisation=group, by=sv)
    agreement = grant_services.host_request(application=asked, host=organisation, by=sv)
    grant_services.host_answer(agreement=agreement, accept=False, by=en)
    invoiced = decide(
        submitted(CallFactory(programme=informal), organisation=group, by=sv),
        officer, amount="3000", payment_route="invoices",
    )  # fmt: skip
    invoice = grant_services.invoice_submit(
        decision=invoiced, by=sv, file=SimpleUploadedFile("f.pdf", PDF),
        data={"supplier_name": "Buss AB", "method": "bankgiro", "account_number": "5050-1055",
              "invoice_number": "F-1", "amount": "100", "due_on": TODAY, "description": "Buss"},
    )  # fmt: skip
    grant_services.invoice_review(invoice=invoice, approve=False, by=officer, comment="Fel belopp.")

    # The registry: renewal, an invitation to an address, a registration approved.
    EligibilityPeriod.objects.filter(organisation=organisation).update(
        valid_until=TODAY + timedelta(days=10)
    )
    assert organisation_reminders.renewal(x, TODAY) == 2
    organisation_services.invitation_create(
        organisation=organisation, email="ny@example.se", role="member", by=sv
    )
    pending = Organisation.objects.create(
        municipality=x, kind="informal_group", name="Nattvandrarna", status="pending",
        contact_name="Kim", contact_email="kim@example.se",
    )  # fmt: skip
    pending.memberships.create(user=en, role="responsible")
    organisation_services.organisation_transition(
        organisation=pending, to_status="approved", by=officer
    )

    # Networks: an invitation to a meeting tomorrow, its reminder, an overdue action.
    network = NetworkFactory(municipality=x, name="BRÅ Fisksätra", coordinator=coordinator)
    member = NetworkMember.objects.create(network=network, kind="individual", user=en)
    starts = timezone.now() + timedelta(days=1)
    meeting = Meeting.objects.create(
        network=network, title="Trygghetsvandring", mode="online",
        online_url="https://meet.example/t", starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )  # fmt: skip
    network_services.meeting_invite(meeting=meeting, by=coordinator)
    assert (
        network_reminders.meetings_tomorrow(x, timezone.localdate(starts) - timedelta(days=1)) == 1
    )
    network_services.action_create(
        network=network, title="Kartlägg", owner_member=member,
        due_on=TODAY - timedelta(days=2), by=coordinator,
    )  # fmt: skip
    assert network_reminders.actions_overdue(x, TODAY) == 2  # the owner and the coordinator

    # The register: an IOP ending soon, its yearly follow-ups due and overdue.
    social = Administration.objects.create(municipality=x, name="Socialförvaltningen", slug="sof")
    social.committees.add(committee)
    entry = collaboration_services.collaboration_create(
        municipality=x, by=officer,
        data={"title": "IOP Kvinnojouren", "kind": "iop", "level": "strategic",
              "administration": social, "responsible": officer, "partners": [organisation],
              "starts_on": date(TODAY.year - 2, 1, 1), "ends_on": TODAY + timedelta(days=30)},
    )  # fmt: skip
    agreement = collaboration_services.agreement_save(
        collaboration=entry, by=officer, data={"legal_form": "iop", "follow_up_month": 3}
    )
    collaboration_services.agreement_assess(
        agreement=agreement, by=officer, legal_form="iop", assessed_on=TODAY,
        assessment="Föreningen bidrar med egna insatser; inget köp och inget bidrag.",
    )  # fmt: skip
    agreement.parties.create(organisation=organisation)
    agreement.parties.create(administration=social)
    collaboration_services.collaboration_set_status(
        collaboration=entry, status="active", by=officer
    )
    assert collaboration_reminders.agreements_ending(x, TODAY) == 2  # responsible, coordinator
    due = collaboration_services.follow_up_due_on(agreement, TODAY.year - 1)
    # last year's due soon, the year before's overdue: the responsible and both chairs each
    assert collaboration_reminders.follow_ups_due(x, due - timedelta(days=5)) == 6
    # The chair sends in last year's follow-up from the organisation's page: the responsible hears.
    follow_up = collaboration_services.follow_up_open(
        agreement=agreement, year=TODAY.year - 1, by=sv, organisation=organisation
    )
    collaboration_services.follow_up_set_status(
        follow_up=follow_up, status="submitted", by=sv, organisation=organisation
    )
    # An organisation's proposal reaches the coordinator; the answer reaches its people.
    proposal = collaboration_services.proposal_submit(
        organisation=organisation, by=sv, kind="offer", title="Läxhjälp",
        description="Vi kan hjälpa till med läxor.",
    )  # fmt: skip
    collaboration_services.proposal_decide(
        proposal=proposal, status="declined", by=coordinator, response="Inte i år."
    )

    # The politicians' monthly report; a person removing their own account.
    assert monthly_report(x, TODAY) is not None
    leaving = UserFactory(email="leaving@example.se", preferred_language="en")
    organisation.memberships.create(user=leaving, role="member")
    erasure.account_delete(user=leaving)

    # Volunteering: an acute call-out reaches the volunteers, each in their language.
    for person in (sv, en):
        Volunteer.objects.create(user=person, municipality=x, consent_version="2026-12")
    callout = CallOut.objects.create(
        municipality=x, title="Evakuering", description="Sängplatser behövs.", urgency="acute",
        status="open", to_organisations=False, place="Skolan",
    )  # fmt: skip
    assert queue_callout(callout) == 2

    # Call-outs' answers: a pledge accepted (sv) and one declined (en), the practical
    # information to the accepted, and the call-out cancelled (the accepted one told).
    from volunteering.services import callouts as callout_services

    needed = callout_services.callout_create(
        municipality=x, by=coordinator,
        data={"title": "Vinterkläder", "description": "Vi samlar vinterkläder.",
              "practical_information": "Lämna kläderna i receptionen."},
    )  # fmt: skip
    callout_services.callout_send(callout=needed, by=coordinator)
    pledges = {}
    for person in (sv, en):
        giver = callout_services.Giver(volunteer=person.volunteer_profiles.get())
        pledges[person] = callout_services.pledge_make(
            callout=needed, by=person, giver=giver, data={"people": 1, "hours": 2}
        )
    callout_services.pledge_accept(pledge=pledges[sv], by=coordinator)
    callout_services.pledge_decline(pledge=pledges[en], by=coordinator)
    assert callout_services.callout_inform(callout=needed, by=coordinator) == 1
    callout_services.callout_cancel(callout=needed, by=coordinator)

    # Volunteer posts (#23): a person signs up as a volunteer (welcomed); the chair (sv)
    # books the last place of a shift, the chair (en) waits and gets it when it is given
    # up, is reminded the day before, and hears that the host cancelled it; the contact of
    # a post hears of a volunteer's interest.
    from volunteering import reminders as volunteering_reminders
    from volunteering.services import posts as post_services
    from volunteering.services import volunteers as volunteer_services

    volunteer_services.volunteer_register(
        user=UserFactory(email="ny.frivillig@example.se", preferred_language="en"),
        municipality=x, data={"reach_by": ["email"]}, consent=True,
    )  # fmt: skip
    contact = {"contact_name": "Kim", "contact_email": "kim@nacka.example.se"}
    post = post_services.post_create(
        by=officer, administration=social,
        data={"activity": "MeetingPoint", "title": "Värd", "description": "Fika.", **contact},
    )  # fmt: skip
    post_services.post_set_status(post=post, status="published", by=officer)
    starts = timezone.now() + timedelta(days=1)
    shift = post_services.shift_create(
        post=post, by=officer, starts_at=starts, ends_at=starts + timedelta(hours=2), places=1
    )
    booked = {}
    for person in (sv, en):
        booked[person] = post_services.shift_sign_up(
            shift=shift, volunteer=person.volunteer_profiles.get(), by=person
        )
    post_services.signup_cancel(signup=booked[sv], by=sv)  # en gets the place
    the_day_before = timezone.localdate(starts) - timedelta(days=1)
    assert volunteering_reminders.shifts_tomorrow(x, the_day_before) == 1
    post_services.shift_cancel(shift=shift, by=officer)
    post_services.interest_send(post=post, volunteer=sv.volunteer_profiles.get(), by=sv)

    # Stories of good practice (#24): the chair (sv) hears that a proposed story is
    # published, the chair (en) that theirs is declined, with the coordinator's message.
    from information.services import stories as story_services

    for person, status in ((sv, "published"), (en, "rejected")):
        story = story_services.story_propose(
            organisation=organisation, by=person,
            data={"title_sv": f"Läxhjälp {status}", "summary_sv": "Kort.", "body_sv": "<p>Ja</p>"},
        )  # fmt: skip
        story_services.story_set_status(
            story=story, status=status, by=coordinator, note="Tack för förslaget."
        )

    # Mailings to segments (#24): a coordinator's mailing to the eligible organisations
    # reaches their people, each in their language, with the one-click opt-out.
    from outreach.mailing_tasks import mailing_send
    from outreach.services import mailings as mailing_services
    from outreach.services import segments as segment_services

    segment = segment_services.segment_create(
        municipality=x, by=coordinator, data={"name": "Bidragsberättigade", "only_eligible": True}
    )
    mailing = mailing_services.mailing_create(
        municipality=x, by=coordinator,
        data={"segment": segment, "subject_sv": "Föreningsträff", "body_sv": "Välkomna!",
              "subject_en": "Associations' meeting", "body_en": "Welcome!"},
    )  # fmt: skip
    mailing_services.mailing_send(mailing=mailing, by=coordinator)
    assert mailing_send.apply(args=[mailing.pk]).get() == 2

    # Following (#24): a person following Trygghet hears at once of a new call (sv), another
    # in the daily digest (en), each with the one-click link that stops the alerts.
    from outreach import digests
    from outreach.models import AlertSetting, Follow
    from outreach.services import alerts as alert_services
    from portal import announcements

    area = x.focusareas.get(slug="trygghet")
    for person, frequency in ((sv, "at_once"), (en, "daily")):
        Follow.objects.create(user=person, municipality=x, focus_area=area)
        AlertSetting.objects.create(user=person, municipality=x, frequency=frequency)
    alert_services.alerts_create(announcements.Announcement(
        kind=announcements.CALL, key="call:trygga-somrar", municipality_id=x.pk,
        title="Trygga somrar", path="/bidrag/1/", focus_area_ids=[area.pk],
    ))  # fmt: skip
    assert alert_services.send_at_once("call:trygga-somrar", x.pk) == 1
    assert digests.alert_digests(x, TODAY) == 1

    # Surveys (#24): a survey to every registered organisation invites its people, each in
    # their language; three days before it closes those who have not answered are reminded.
    from surveys import reminders as survey_reminders
    from surveys.models import Survey, SurveyQuestion
    from surveys.services import surveys as survey_services
    from surveys.tasks import survey_invite

    survey = Survey.objects.create(
        municipality=x, title_sv="Behovsinventering", title_en="Needs inventory",
        audience="everyone", closes_at=timezone.now() + timedelta(days=2),
    )  # fmt: skip
    SurveyQuestion.objects.create(survey=survey, key="behov", label_sv="Behov?",
                                  field_type="textarea")  # fmt: skip
    survey_services.survey_send(survey=survey, by=coordinator)
    assert survey_invite.apply(args=[survey.pk]).get() >= 2
    assert survey_reminders.surveys_closing(x, TODAY) >= 2

    # Open forums (#24): a visitor without an account takes the last place (sv, by address),
    # another waits and signs up again, gets the place when the first cancels, cancels in
    # turn, and the place goes to a member (en) on the meeting's one waiting list.
    from networks import services_signups
    from networks.models import Invitation

    forum_network = NetworkFactory(municipality=x, visibility="public", name="Forum")
    forum_starts = timezone.now() + timedelta(days=20)
    forum = Meeting.objects.create(
        network=forum_network, title="Civilsamhällesforum", starts_at=forum_starts,
        ends_at=forum_starts + timedelta(hours=3), mode="online",
        online_url="https://mote.nacka.example.se/forum", capacity=1, is_public=True,
        open_signup=True,
    )  # fmt: skip
    visitors = {}
    for name in ("Anna", "Bo", "Bo"):
        visitors[name], _made = services_signups.sign_up(
            meeting=forum, data={"name": name, "email": f"{name.lower()}@forum.example.se",
                                 "places": 1},
        )  # fmt: skip
    waiting_member = NetworkMember.objects.create(network=forum_network, kind="individual", user=en)
    invitation = Invitation.objects.create(meeting=forum, member=waiting_member)
    network_services.rsvp(invitation=invitation, response="waitlist", by=en)
    for name in ("Anna", "Bo"):
        services_signups.signup_cancel(signup=visitors[name], token=visitors[name].token)

    # Advice times (#24): the chair (sv) books a video time for the association (the officer
    # hears of it), is reminded the day before, and the officer cancels it; the chair (en)
    # books another and cancels it (the officer is told).
    from advice import reminders as advice_reminders
    from advice.services import bookings as advice_bookings
    from advice.services import slots as advice_slots

    advice_start = timezone.now() + timedelta(days=1)
    first, second = advice_slots.slot_series(
        municipality=x, officer=officer, by=officer,
        times=[(advice_start, advice_start + timedelta(minutes=30)),
               (advice_start + timedelta(hours=1), advice_start + timedelta(hours=2))],
        data={"title": "Föreningsbidrag", "mode": "video",
              "video_url": "https://video.nacka.example.se/radgivning"},
    )  # fmt: skip
    booking = advice_bookings.book(slot=first, by=sv, question="Hur söker vi projektbidrag?",
                                   organisation=organisation)  # fmt: skip
    day_before = timezone.localdate(first.starts_at) - timedelta(days=1)
    assert advice_reminders.advice_tomorrow(x, day_before) == 1
    advice_bookings.booking_cancel(booking=booking, by=officer)
    other = advice_bookings.book(slot=second, by=en, question="Can we apply twice?")
    advice_bookings.booking_cancel(booking=other, by=en)


def _language_of(row: Notification) -> str:
    if row.user_id:
        return row.user.preferred_language
    return "en" if row.recipient == "leaving@example.se" else settings.LANGUAGE_CODE


def test_every_outbox_email_names_portal_and_municipality_in_the_recipients_language(
    world, rendered
):
    _every_kind(world)
    assert rendered == _email_templates()  # a new kind must be made above too
    rows = list(Notification.objects.select_related("user"))
    languages = set()
    for row in rows:
        language = _language_of(row)
        languages.add(language)
        where = f"{row.kind} to {row.recipient}"
        assert row.language == language, where
        assert row.subject.startswith(NAMED), where
        body = row.body.rstrip()
        if row.unsubscribe_url:  # the one-click line comes last, after the signature
            body, last = body.rsplit("\n\n", 1)
            assert last.endswith(row.unsubscribe_url), where
        assert body.endswith(SIGNATURE[language]), where
        for host in HOST_NAMES:
            assert host not in row.subject + row.body, (where, host)
        other = SIGNATURE["en" if language == "sv" else "sv"].split("\n")[1]
        assert other not in row.body, where
        if row.kind not in {"reminder.officer_digest", "reminder.report_escalated"}:
            assert row.body.startswith(GREETING[language]), where
    assert languages == {"sv", "en"}
    # The same reminder, in each person's language.
    closing = dict(
        Notification.objects.filter(kind="reminder.call_closing").values_list(
            "recipient", "subject"
        )
    )
    assert closing["ordforande@example.se"].startswith(NAMED + "Påminnelse:")
    assert closing["chair@example.se"].startswith(NAMED + "Reminder:")
    # Sending keeps the subject and the body.
    outbox_drain.apply()
    sent = {(m.to[0], m.subject) for m in mail.outbox}
    assert {(row.recipient, row.subject) for row in rows} == sent


def test_a_person_of_another_municipality_hears_from_that_municipality(world):
    ekero = world.y
    leaving = UserFactory(email="leaving@example.se", preferred_language="sv")
    eligible_organisation(ekero).memberships.create(user=leaving, role="member")
    erasure.account_delete(user=leaving)
    row = Notification.objects.get(kind=erasure.DELETION_KIND)
    assert row.subject.startswith("[Samverkan – Ekerö kommun] ")
    assert row.body.rstrip().endswith("Samverkan – Ekerö kommun\nhttps://samverkan.example/")


def _reset_password(client, email, path="/konto/password/reset/"):
    response = client.post(path, {"email": email})
    assert response.status_code == 302
    [message] = mail.outbox
    mail.outbox.clear()
    return message


def test_account_emails_name_portal_and_municipality_in_the_recipients_language(client, world):
    """allauth's emails (here: a new password, asked for from the English pages)."""
    swedish = UserFactory(email="svensk@example.se", preferred_language="sv")
    eligible_organisation(world.x).memberships.create(user=swedish, role="member")
    with translation.override("en"):
        english_page = reverse("account_reset_password")
    assert english_page.startswith("/en/")
    message = _reset_password(client, swedish.email, english_page)
    assert message.subject == NAMED + "Återställning av lösenord"
    assert message.body.startswith("Hej,\n")
    assert message.body.rstrip().endswith(SIGNATURE["sv"])

    english = UserFactory(email="english@example.se", preferred_language="en")
    eligible_organisation(world.y).memberships.create(user=english, role="member")
    message = _reset_password(client, english.email)  # from the Swedish pages
    assert message.subject == "[Samverkan – Ekerö kommun] Password Reset Email"
    assert message.body.startswith("Hello,\n")
    assert message.body.rstrip().endswith(
        "-- \nKind regards\nSamverkan – Ekerö kommun\nhttps://samverkan.example/"
    )
    for body in (message.body,):
        assert not re.search(r"127\.0\.0\.1|example\.com|Hej från|Hello from", body)


def test_account_emails_to_an_address_without_account_name_the_municipalities_served(client, world):
    """Nobody's address: the portal of the municipalities it serves, in the page's language."""
    message = _reset_password(client, "okand@example.se")
    assert message.subject.startswith("[Samverkan – Ekerö kommun och Nacka kommun] ")
    assert message.body.startswith("Hej,\n")
    assert "epost" not in message.body.lower()
