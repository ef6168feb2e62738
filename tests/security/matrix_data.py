"""One data set for the authorisation matrix, built once per test module.

Municipality X holds organisations A and B, a grant case of A with decision, payout batch,
follow-up report, repayment claim, attachment and message, a network with a meeting,
invitation, action and shared document, registry uploads, a notification and a stored
dashboard report. Municipality Y holds organisation C with its own case, so the officer of Y
has data of their own. Every object URL in the matrix points at X's (or A's) objects: the
roles of B and Y are then the "other organisation / other municipality" that must get 404.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)

from grants import services as grant_services
from grants.models import Application, Appropriation, AssessmentCriterion, Question
from insights.models import DashboardReport
from networks import feeds
from networks import services as network_services
from networks.models import AgendaItem, Meeting, MeetingPlace, NetworkMember
from organisations import services as organisation_services
from organisations.models import (
    ActivityArea,
    EligibilityPeriod,
    Membership,
    PayoutAccount,
    RegistryPolicy,
)
from portal.models import AuditEvent, Notification, ReminderPolicy, Role
from portal.services import role_assign
from tests.factories import (
    CallFactory,
    CommitteeFactory,
    DistrictFactory,
    FocusAreaFactory,
    GrantProgrammeFactory,
    MunicipalityFactory,
    NetworkFactory,
    OrganisationFactory,
    TargetGroupFactory,
    UserFactory,
)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

# The columns of the matrix, in this order.
ROLES = (
    "anonymous",
    "member_a",
    "member_b",
    "officer_x",
    "officer_y",
    "coordinator_x",
    "politician_x",
    "admin_x",
    "superuser",
)


def pdf(name="dokument.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@dataclass
class MatrixWorld:
    users: dict
    x: object
    y: object
    org_a: object
    org_b: object
    org_c: object
    org_pending: object
    application: Application  # A's decided case: report due, payout planned
    application_claim: Application  # A's case whose accepted report left a claim
    application_open: Application  # A's submitted, undecided case
    application_draft: Application  # A's draft
    application_c: Application  # C's submitted case in Y
    attachment: object
    document: object  # a registry document of A
    org_invitation: object
    network: object  # invite-only network of X, A is a member
    public_network: object
    meeting: object
    meeting_invitation: object  # A's invitation to the meeting
    action: object
    network_document: object
    join_request: object  # B asked to join the network
    dashboard_report: object
    batch: object
    member_feed_token: str  # member A's personal calendar feed of the network
    # "app_label.model" -> the object of X/A whose admin pages the matrix opens
    admin_objects: dict = field(default_factory=dict)
    collaboration: object = None  # X's public register entry with A as partner
    collaboration_document: object = None  # its document
    # Volunteering, posts (#23): A's own published opportunity and member A's booking
    volunteer_posts: dict = field(default_factory=dict)
    # Open forums and advice times (#24): X's open forum (public network) with member A's
    # sign-up, a free advice time of X and member A's booking of another
    forums_advice: dict = field(default_factory=dict)


def _eligible(municipality, name):
    organisation = OrganisationFactory(municipality=municipality, approved=True, name=name)
    EligibilityPeriod.objects.create(
        organisation=organisation, valid_from="2020-01-01", valid_until="2099-12-31"
    )
    return organisation


def _submitted(call, organisation, by, files=None):
    application = grant_services.application_start(call=call, organisation=organisation, by=by)
    data = MultiValueDict({"q_syfte": ["Läxhjälp för alla"]})
    grant_services.application_submit(application=application, data=data, files=files or {}, by=by)
    application.refresh_from_db()
    application.amount_requested = Decimal("20000")
    application.save(update_fields=["amount_requested"])
    return application


def _decided(application, officer):
    return grant_services.decision_make(
        application=application,
        outcome="approved",
        amount=Decimal("10000"),
        reasons="Uppfyller kriterierna.",
        by=officer,
    )


def _users(x, y):
    committee_x = CommitteeFactory(municipality=x, name="Kulturnämnden X", abbreviation="KNX")
    committee_y = CommitteeFactory(municipality=y, name="Kulturnämnden Y", abbreviation="KNY")
    users = {"anonymous": None, "member_a": UserFactory(), "member_b": UserFactory()}
    users["superuser"] = UserFactory(is_superuser=True, is_staff=True)
    for key, municipality, role, committee in [
        ("officer_x", x, Role.OFFICER, committee_x),
        ("officer_y", y, Role.OFFICER, committee_y),
        ("coordinator_x", x, Role.COORDINATOR, None),
        ("politician_x", x, Role.POLITICIAN, None),
        ("admin_x", x, Role.MUNICIPAL_ADMIN, None),
    ]:
        users[key] = UserFactory()
        role_assign(user=users[key], municipality=municipality, role=role, committee=committee)
    return users, committee_x, committee_y


def _grants(committee_x, committee_y, org_a, org_c, users):
    officer = users["officer_x"]
    member = users["member_a"]
    programme = GrantProgrammeFactory(committee=committee_x, report_due_days=90, max_amount=50000)
    for order, (key, kind) in enumerate([("syfte", "textarea"), ("bilaga", "file")]):
        Question.objects.create(
            programme=programme, key=key, label=key.title(), field_type=kind, required=False,
            ordering=order,
        )  # fmt: skip
    AssessmentCriterion.objects.create(programme=programme, name="Förankring", max_score=5)
    calls = [CallFactory(programme=programme, budget=1_000_000) for _ in range(4)]

    application = _submitted(calls[0], org_a, member, files={"q_bilaga": pdf("budget.pdf")})
    decision = _decided(application, officer)
    grant_services.application_message_post(
        application=application, by=officer, body="Välkomna att rapportera."
    )
    PayoutAccount.objects.create(
        organisation=org_a, method="bankgiro", number="5050-1055", account_holder=org_a.name
    )
    batch, _refused = grant_services.payout_batch_create(
        committee=committee_x, decisions=[decision],
        payment_date=timezone.localdate() + timedelta(days=1), by=officer,
    )  # fmt: skip

    claimed = _submitted(calls[1], org_a, member)
    report = _decided(claimed, officer).reports.get()
    grant_services.report_submit(
        report=report, by=member, outcomes="Tolv träffar.", participants={}, money_used="6000"
    )
    grant_services.report_review(report=report, accept=True, by=officer)

    open_case = _submitted(calls[2], org_a, member)
    draft = grant_services.application_start(call=calls[3], organisation=org_a, by=member)

    programme_y = GrantProgrammeFactory(committee=committee_y)
    person_c = UserFactory()
    Membership.objects.create(user=person_c, organisation=org_c, role="responsible")
    application_c = _submitted(CallFactory(programme=programme_y), org_c, person_c)
    return {
        "programme": programme,
        "call": calls[0],
        "application": application,
        "claimed": claimed,
        "open": open_case,
        "draft": draft,
        "application_c": application_c,
        "batch": batch,
    }


def _hosts_and_invoices(committee_x, org_a, users):
    """An informal group of X asking A to be its host (A's member may sign), and a case of A
    paid by suppliers' invoices, with one invoice sent in."""
    officer, member = users["officer_x"], users["member_a"]
    group = OrganisationFactory(municipality=committee_x.municipality, informal=True,
                                approved=True, name="Nattvandrarna X")  # fmt: skip
    person = UserFactory()
    Membership.objects.create(user=person, organisation=group, role="responsible")
    programme = GrantProgrammeFactory(committee=committee_x, informal_groups_allowed=True)
    asked = _submitted(CallFactory(programme=programme, budget=1_000_000), group, person)
    agreement = grant_services.host_request(application=asked, host=org_a, by=person)
    paid_by_invoices = _submitted(CallFactory(programme=programme, budget=1_000_000), org_a, member)
    decision = grant_services.decision_make(
        application=paid_by_invoices, outcome="approved", amount=Decimal("10000"),
        reasons="Uppfyller kriterierna.", by=officer, payment_route="invoices",
    )  # fmt: skip
    invoice = grant_services.invoice_submit(
        decision=decision, by=member, file=pdf("faktura.pdf"),
        data={"supplier_name": "Bussbolaget AB", "method": "bankgiro",
              "account_number": "5050-1055", "invoice_number": "F-1", "amount": "2500",
              "due_on": timezone.localdate() + timedelta(days=30), "description": "Buss"},
    )  # fmt: skip
    # Listed after A's draft (the walk opens the first listed case for its form).
    Application.objects.filter(pk=paid_by_invoices.pk).update(
        updated_at=timezone.now() - timedelta(days=1)
    )
    return {"grants.hostagreement": agreement, "grants.supplierinvoice": invoice}


def _networks(x, org_a, org_b, users):
    coordinator = users["coordinator_x"]
    network = NetworkFactory(municipality=x, name="Trygghetsnätverket X", visibility="invite_only")
    public_network = NetworkFactory(municipality=x, name="Öppna nätverket X", visibility="public")
    member = NetworkMember.objects.create(
        network=network, kind="organisation", organisation=org_a, listed_publicly=True
    )
    join_request = NetworkMember.objects.create(
        network=network, kind="organisation", organisation=org_b,
        status=NetworkMember.Status.REQUESTED, requested_by=users["member_b"],
    )  # fmt: skip
    place = MeetingPlace.objects.create(
        municipality=x, name="Biblioteket", street_address="Torget 1", city="Staden"
    )
    starts = timezone.now() + timedelta(days=7)
    meeting = Meeting.objects.create(
        network=network, title="Nätverksträff", starts_at=starts,
        ends_at=starts + timedelta(hours=2), place=place, capacity=10,
    )  # fmt: skip
    AgendaItem.objects.create(meeting=meeting, title="Läget i området")
    network_services.meeting_invite(meeting=meeting, by=coordinator)
    action = network_services.action_create(
        network=network, meeting=meeting, title="Kartlägg belysningen",
        due_on=timezone.localdate() + timedelta(days=30), owner_member=member, by=coordinator,
    )  # fmt: skip
    document = network_services.document_upload(
        network=network, uploaded=pdf("protokoll.pdf"), title="Protokoll", by=users["member_a"]
    )
    return {
        "network": network,
        "public_network": public_network,
        "member": member,
        "join_request": join_request,
        "place": place,
        "meeting": meeting,
        "invitation": meeting.invitations.get(member=member),
        "action": action,
        "document": document,
    }


def _public_collaboration(x, org_a, users):
    """X's public collaboration with A as partner, and its document (the association's and
    the public pages of the register)."""
    from collaborations import services as collaboration_services
    from collaborations.models import Collaboration

    entry = Collaboration.objects.create(
        municipality=x, title="Matrisens samverkan", kind="volunteer_hosting",
        level="operational", status="active", is_public=True,
    )  # fmt: skip
    entry.partners.add(org_a)
    document = collaboration_services.document_upload(
        collaboration=entry, uploaded=pdf("avtal.pdf"), title="Avtal", by=users["coordinator_x"]
    )
    return entry, document


def _register_admin_objects(x, committee_x, org_a, users) -> dict:
    """The register's admin objects in X: an IOP of an administration serving officer X's
    committee (agreement, party, follow-up, document), a co-application, a proposal from A."""
    from collaborations import services as collaboration_services
    from portal.models import Administration

    coordinator = users["coordinator_x"]
    administration = Administration.objects.create(municipality=x, name="KFF X", slug="kff")
    administration.committees.add(committee_x)
    entry = collaboration_services.collaboration_create(
        municipality=x, by=coordinator,
        data={"title": "IOP Matrisen", "kind": "iop", "level": "strategic",
              "administration": administration},
    )  # fmt: skip
    agreement = collaboration_services.agreement_save(
        collaboration=entry, by=coordinator, data={"legal_form": "iop"}
    )
    party = agreement.parties.create(organisation=org_a)
    application = collaboration_services.collaboration_create(
        municipality=x, by=coordinator,
        data={"title": "Medsökande Matrisen", "kind": "co_application", "level": "operational",
              "administration": administration},
    )  # fmt: skip
    return {
        "collaborations.collaboration": entry,
        "collaborations.agreement": agreement,
        "collaborations.party": party,
        "collaborations.followup": collaboration_services.follow_up_open(
            agreement=agreement, year=2025, by=coordinator
        ),
        "collaborations.collaborationdocument": collaboration_services.document_upload(
            collaboration=entry, uploaded=pdf("iop.pdf"), title="IOP", by=coordinator
        ),
        "collaborations.coapplication": collaboration_services.co_application_save(
            collaboration=application, by=coordinator,
            data={"applicant": org_a, "funder": "eu", "municipal_role": "co_financing"},
        ),
        "collaborations.proposal": collaboration_services.proposal_submit(
            organisation=org_a, by=users["member_a"], kind="idea", title="Matrisidé",
            description="En idé.",
        ),
    }  # fmt: skip


def _celery_objects():
    interval = IntervalSchedule.objects.create(every=10, period=IntervalSchedule.MINUTES)
    return {
        "django_celery_beat.intervalschedule": interval,
        "django_celery_beat.crontabschedule": CrontabSchedule.objects.create(minute="5"),
        "django_celery_beat.solarschedule": SolarSchedule.objects.create(
            event="sunrise", latitude=Decimal("59.3"), longitude=Decimal("18.0")
        ),
        "django_celery_beat.clockedschedule": ClockedSchedule.objects.create(
            clocked_time=timezone.now() + timedelta(days=1)
        ),
        "django_celery_beat.periodictask": PeriodicTask.objects.create(
            name="matrix-task", task="portal.tasks.noop", interval=interval
        ),
    }


def _account_objects():
    """Another person's authenticator and OpenID Connect login (nobody in the matrix has
    one: a session without the second factor would be ended for them)."""
    person = UserFactory()
    app = SocialApp.objects.create(
        provider="openid_connect", provider_id="matrix-idp", name="Matris IdP", client_id="c",
        secret="hemlig", settings={"server_url": "https://idp.example.se"},
    )  # fmt: skip
    account = SocialAccount.objects.create(user=person, provider="matrix-idp", uid="42")
    return {
        "mfa.authenticator": Authenticator.objects.create(
            user=person,
            type=Authenticator.Type.RECOVERY_CODES,
            data={"seed": "00" * 20, "used_mask": 0},
        ),
        "socialaccount.socialapp": app,
        "socialaccount.socialaccount": account,
        "socialaccount.socialtoken": SocialToken.objects.create(
            app=app, account=account, token="hemlig-token"
        ),
    }


def _volunteering_callouts(x, org_a, users) -> dict:
    """Volunteering, call-outs (#23): X's call-out, sent, with A's pledge (A's people open
    its page; the coordinators work on it in the admin), and A's readiness."""
    from volunteering.services import callouts as callout_services

    coordinator = users["coordinator_x"]
    callout = callout_services.callout_create(
        municipality=x, by=coordinator,
        data={"title": "Matrisens upprop", "description": "Hjälp behövs.", "people_needed": 3},
    )  # fmt: skip
    callout = callout_services.callout_send(callout=callout, by=coordinator)
    pledge = callout_services.pledge_make(
        callout=callout, by=users["member_a"], data={"people": 2, "hours": 4},
        giver=callout_services.Giver(organisation=org_a),
    )  # fmt: skip
    from volunteering.services.readiness import readiness_save

    readiness = readiness_save(
        organisation=org_a, by=users["member_a"], data={"people_available": 4, "skills": []}
    )
    return {
        "volunteering.callout": callout,
        "volunteering.pledge": pledge,
        "volunteering.readiness": readiness,
    }


def _information(x, org_a, users) -> dict:
    """Information (#24): X's published policy page, a focus-area goal, a contact, a
    published story of organisation A and a published news item."""
    from information.services import contacts, news, pages, stories

    admin, coordinator = users["admin_x"], users["coordinator_x"]
    page = pages.page_create(
        municipality=x, by=admin,
        data={"kind": "policy", "title_sv": "Matrisens policy", "body_sv": "<p>Policy.</p>"},
    )  # fmt: skip
    pages.page_set_status(page=page, status="published", by=admin)
    goal = pages.goal_create(
        municipality=x, by=admin,
        data={"focus_area": FocusAreaFactory(municipality=x), "body_sv": "<p>Mål.</p>"},
    )  # fmt: skip
    contact = contacts.contact_create(
        municipality=x, by=admin,
        data={"kind": "politician", "name": "Matris Politiker", "title_sv": "Ordförande",
              "email": "politiker@matris.example.se", "committee": x.committees.first()},
    )  # fmt: skip
    story = stories.story_propose(
        organisation=org_a, by=users["member_a"],
        data={"title_sv": "Matrisens berättelse", "summary_sv": "Kort.", "body_sv": "<p>Ja.</p>"},
    )  # fmt: skip
    stories.story_set_status(story=story, status="published", by=coordinator)
    item = news.news_create(
        municipality=x, by=coordinator, data={"title_sv": "Matrisnytt", "lead_sv": "Nytt."}
    )
    news.news_set_status(item=item, status="published", by=coordinator)
    return {
        "information.page": page,
        "information.focusareagoal": goal,
        "information.contact": contact,
        "information.story": story,
        "information.newsitem": item,
    }


def _volunteering_recognition(x, org_a, users) -> dict:
    """Volunteering, recognition (#23): member A is a volunteer of X (its certificate), and X
    has a nominated recognition of A (the coordinators' admin pages)."""
    from volunteering.models import Volunteer
    from volunteering.services import recognition as recognition_services

    Volunteer.objects.get_or_create(
        user=users["member_a"], municipality=x,
        defaults={"consent_version": Volunteer.CONSENT_VERSION},
    )  # fmt: skip
    recognition = recognition_services.recognition_nominate(
        municipality=x, by=users["coordinator_x"],
        data={"kind": "thanks", "title": "Tack från matrisen", "year": 2026,
              "organisation": org_a, "citation": "För beredskapen."},
    )  # fmt: skip
    return {"volunteering.recognition": recognition}


def _outreach_mailings(x, users) -> dict:
    """Mailings to segments (#24): X's segment of A's and B's organisations and a draft
    mailing to it (the coordinators' admin pages; the segment, used, cannot be deleted)."""
    from outreach.services import mailings as mailing_services
    from outreach.services import segments as segment_services

    coordinator = users["coordinator_x"]
    segment = segment_services.segment_create(
        municipality=x, by=coordinator,
        data={"name": "Matrisens föreningar", "to_organisations": True},
    )  # fmt: skip
    mailing = mailing_services.mailing_create(
        municipality=x, by=coordinator,
        data={"segment": segment, "subject_sv": "Matrisens utskick", "body_sv": "Hej alla."},
    )  # fmt: skip
    return {"outreach.segment": segment, "outreach.mailing": mailing}


def _surveys(x, org_a, network, users) -> dict:
    """Surveys and consultations (#24): X's open consultation, with a draft document and a
    question, sent to a segment of the network's members (A, not B), answered by A."""
    from outreach.models import Segment
    from surveys.models import Survey, SurveyQuestion
    from surveys.services import answers as answer_services
    from surveys.services import surveys as survey_services

    segment = Segment.objects.create(
        municipality=x, name="Matrisens nätverk", to_organisations=False
    )
    segment.networks.set([network])
    survey = Survey(
        municipality=x, kind=Survey.Kind.CONSULTATION, title_sv="Matrisens remiss",
        segment=segment, document_text_sv="# 1. Syfte\nText.",
        closes_at=timezone.now() + timedelta(days=10),
    )  # fmt: skip
    survey_services.document_store(survey, pdf("utkast.pdf"))
    survey.save()
    SurveyQuestion.objects.create(survey=survey, key="lokaler", label_sv="Lokaler?",
                                  field_type="choice", choices="Ja\nNej")  # fmt: skip
    survey_services.survey_send(survey=survey, by=users["coordinator_x"])
    answer_services.response_save(survey=survey, by=users["member_a"], organisation=org_a,
                                  answers={"lokaler": "Ja"})  # fmt: skip
    return {"surveys.survey": survey}


def _volunteering_posts(x, administration, org_a, users) -> dict:
    """Volunteering, posts and volunteers (#23): a published post of X's administration that
    officer X hosts (its committee), with a coming shift member A (X's volunteer) booked;
    A's own published opportunity; a skill of X."""
    from volunteering.models import Post, Skill, Volunteer
    from volunteering.services import posts as post_services

    coordinator = users["coordinator_x"]
    volunteer, _created = Volunteer.objects.get_or_create(
        user=users["member_a"], municipality=x,
        defaults={"consent_version": Volunteer.CONSENT_VERSION, "reach_by": ["email"]},
    )  # fmt: skip
    contact = {"contact_name": "Kim", "contact_email": "kim@matris.example.se"}
    post = post_services.post_create(
        by=coordinator, administration=administration,
        data={"activity": "MeetingPoint", "title": "Matrisens pass", "description": "-", **contact},
    )  # fmt: skip
    post_services.post_set_status(post=post, status=Post.Status.PUBLISHED, by=coordinator)
    start = timezone.now() + timedelta(days=5)
    shift = post_services.shift_create(
        post=post, by=coordinator, starts_at=start, ends_at=start + timedelta(hours=2), places=5
    )
    signup = post_services.shift_sign_up(shift=shift, volunteer=volunteer, by=users["member_a"])
    own = post_services.post_create(
        by=users["member_a"], organisation=org_a,
        data={"activity": "Läxhjälp", "title": "Matrisens föreningsuppdrag", "description": "-",
              **contact},
    )  # fmt: skip
    post_services.post_set_status(post=own, status=Post.Status.PUBLISHED, by=users["member_a"])
    skill = Skill.objects.create(municipality=x, name="Matrisens kunskap", slug="matris")
    return {
        "organisation_post": own,
        "signup": signup,
        "admin_objects": {
            "volunteering.post": post,
            "volunteering.shift": shift,
            "volunteering.volunteer": volunteer,
            "volunteering.skill": skill,
        },
    }


def _forums_and_advice(x, public_network, org_a, users) -> dict:
    """Open forums and advice times (#24): a public meeting of X's public network taking open
    sign-ups, with member A's sign-up; officer X's advice times, one booked by member A for
    organisation A, one free."""
    from advice.services import bookings as advice_bookings
    from advice.services import slots as advice_slots
    from networks import services_signups

    starts = timezone.now() + timedelta(days=10)
    place = MeetingPlace.objects.create(
        municipality=x, name="Matrisens forumsal", street_address="Torget 1", city="X"
    )
    forum = Meeting.objects.create(
        network=public_network, title="Matrisens forum", starts_at=starts,
        ends_at=starts + timedelta(hours=2), place=place, capacity=20, is_public=True,
        open_signup=True,
    )  # fmt: skip
    signup, _made = services_signups.sign_up(
        meeting=forum, by=users["member_a"],
        data={"name": "Medlem A", "email": users["member_a"].email, "places": 1},
    )  # fmt: skip
    times = [(starts + timedelta(hours=h), starts + timedelta(hours=h, minutes=30)) for h in (0, 1)]
    booked, free = advice_slots.slot_series(
        municipality=x, officer=users["officer_x"], by=users["officer_x"], times=times,
        data={"title": "Matrisens rådgivning", "mode": "phone"},
    )  # fmt: skip
    booking = advice_bookings.book(
        slot=booked, by=users["member_a"], question="Hur söker vi?", organisation=org_a,
        contact_phone="070-000 00 00",
    )  # fmt: skip
    return {
        "forum": forum,
        "signup": signup,
        "free_slot": free,
        "admin_objects": {"advice.adviceslot": booked, "advice.advicebooking": booking},
    }


def build_matrix_world() -> MatrixWorld:
    x = MunicipalityFactory(
        name="Matriskommun X", slug="matris-x", municipality_code="9801",
        payer_bankgiro="5050-1055",  # the payer in the batch's pain.001 file
    )  # fmt: skip
    y = MunicipalityFactory(name="Matriskommun Y", slug="matris-y", municipality_code="9802")
    users, committee_x, committee_y = _users(x, y)
    org_a = _eligible(x, "Förening A")
    org_b = _eligible(x, "Förening B")
    org_c = _eligible(y, "Förening C")
    org_pending = OrganisationFactory(municipality=x, name="Förening Väntande")
    Membership.objects.create(user=users["member_a"], organisation=org_a, role="responsible")
    Membership.objects.create(user=users["member_b"], organisation=org_b, role="responsible")

    document = organisation_services.document_upload(
        organisation=org_a, year=timezone.localdate().year, kind="stadgar",
        uploaded=pdf("stadgar.pdf"), by=users["member_a"],
    )  # fmt: skip
    org_invitation = organisation_services.invitation_create(
        organisation=org_a, email="ny.medlem@example.se", role="member", by=users["member_a"]
    )
    grants = _grants(committee_x, committee_y, org_a, org_c, users)
    nets = _networks(x, org_a, org_b, users)
    collaboration, collaboration_document = _public_collaboration(x, org_a, users)

    notification = Notification.objects.create(
        kind="matrix", key="matrix:1", municipality=x, recipient=users["member_a"].email,
        subject="Påminnelse", body="Glöm inte rapporten.", status=Notification.Status.FAILED,
    )  # fmt: skip
    today = timezone.localdate()
    dashboard_report = DashboardReport.objects.create(
        municipality=x, kind=DashboardReport.Kind.MONTHLY, period_start=today.replace(day=1),
        period_end=today, title="Månadsrapport", content=b"<!doctype html><title>R</title>",
        content_type="text/html; charset=utf-8", filename="manadsrapport.html",
    )  # fmt: skip
    application = grants["application"]
    admin_objects = {
        "auth.group": Group.objects.create(name="matrix-group"),
        "account.emailaddress": EmailAddress.objects.get(user=users["member_a"]),
        **_celery_objects(),
        **_account_objects(),
        "portal.user": users["member_a"],
        "portal.municipality": x,
        "portal.committee": committee_x,
        "portal.district": DistrictFactory(municipality=x),
        "portal.focusarea": FocusAreaFactory(municipality=x),
        "portal.targetgroup": TargetGroupFactory(municipality=x),
        "portal.roleassignment": users["officer_x"].role_assignments.get(),
        "portal.auditevent": AuditEvent.objects.filter(municipality=x).first(),
        "portal.notification": notification,
        "portal.reminderpolicy": ReminderPolicy.objects.create(municipality=x),
        "organisations.organisation": org_a,
        "organisations.payoutaccount": org_a.payout_account,
        "organisations.registrypolicy": RegistryPolicy.objects.create(municipality=x),
        "organisations.activityarea": ActivityArea.objects.first()
        or ActivityArea.objects.create(name="Idrott", slug="idrott"),
        "grants.payoutbatch": grants["batch"],
        "grants.grantprogramme": grants["programme"],
        "grants.call": grants["call"],
        "grants.followupreport": application.decision.reports.get(),
        "grants.repaymentclaim": grants["claimed"].decision.reports.get().repayment_claim,
        "grants.application": application,
        "grants.appropriation": Appropriation.objects.create(
            committee=committee_x, year=2026, name="Föreningsstöd", amount=500000
        ),
        **_hosts_and_invoices(committee_x, org_a, users),
        "networks.action": nets["action"],
        "networks.networkdocument": nets["document"],
        "networks.network": nets["network"],
        "networks.networkmember": nets["member"],
        "networks.meetingplace": nets["place"],
        "networks.meeting": nets["meeting"],
        **_register_admin_objects(x, committee_x, org_a, users),
        # Volunteering, call-outs (#23)
        **_volunteering_callouts(x, org_a, users),
        # Volunteering, recognition (#23)
        **_volunteering_recognition(x, org_a, users),
        # Information pages, contacts, stories and news (#24)
        **_information(x, org_a, users),
        # Mailings to segments (#24)
        **_outreach_mailings(x, users),
        # Surveys and consultations (#24)
        **_surveys(x, org_a, nets["network"], users),
    }
    admin_objects["portal.administration"] = admin_objects[
        "collaborations.collaboration"
    ].administration
    # Volunteering, posts and volunteers (#23)
    volunteer_posts = _volunteering_posts(x, admin_objects["portal.administration"], org_a, users)
    admin_objects.update(volunteer_posts.pop("admin_objects"))
    forums_advice = _forums_and_advice(x, nets["public_network"], org_a, users)
    admin_objects.update(forums_advice.pop("admin_objects"))
    return MatrixWorld(
        users=users,
        x=x,
        y=y,
        org_a=org_a,
        org_b=org_b,
        org_c=org_c,
        org_pending=org_pending,
        application=application,
        application_claim=grants["claimed"],
        application_open=grants["open"],
        application_draft=grants["draft"],
        application_c=grants["application_c"],
        attachment=application.attachments.get(),
        document=document,
        org_invitation=org_invitation,
        network=nets["network"],
        public_network=nets["public_network"],
        meeting=nets["meeting"],
        meeting_invitation=nets["invitation"],
        action=nets["action"],
        network_document=nets["document"],
        join_request=nets["join_request"],
        dashboard_report=dashboard_report,
        batch=grants["batch"],
        member_feed_token=feeds.feed_for(users["member_a"], nets["network"]).token,
        admin_objects=admin_objects,
        collaboration=collaboration,
        collaboration_document=collaboration_document,
        volunteer_posts=volunteer_posts,
        forums_advice=forums_advice,
    )
