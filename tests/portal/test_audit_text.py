"""The audit trail as people read it (portal.audit_text): each event a sentence in the
reader's language, changed fields as label: before → after, statuses by their names, never
an action code or a Python dict/list; the stored events stay machine-readable."""

import re
from datetime import date
from decimal import Decimal
from html import unescape
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from grants import services as grants
from grants.models import Application, ApplicationEvent, AssessmentCriterion, FollowUpReport
from organisations import services as registry
from organisations.models import Organisation
from portal import audit_text
from portal.models import AuditEvent
from tests.factories import CallFactory, GrantProgrammeFactory, MembershipFactory
from tests.grants.helpers import decide, submitted
from tests.security.admin_forms import admin_change

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
BOARD = [
    {"full_name": "Amina Yusuf", "role": "chair", "is_signatory": True},
    {"full_name": "Bertil Kassör", "role": "treasurer", "is_signatory": True},
    {"full_name": "Cecilia Ledamot", "role": "member", "is_signatory": False},
]
# What a Python repr looks like in a page: {'key': ..., ['item', ..., {} or []
REPR = re.compile(r"\{'|\['|'\]|'\}|\{\}|\[\]|': ")


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def hanna(world):
    officer = world.users["officer_x"]
    officer.full_name = "Hanna Handläggare"
    officer.save(update_fields=["full_name"])
    return officer


@pytest.fixture
def organisation(world, hanna):
    """A registered association of X, with its history written through the services."""
    member = MembershipFactory(organisation__municipality=world.x, user__full_name="Maja Medlem")
    organisation = member.organisation
    registry.organisation_transition(
        organisation=organisation, to_status=Organisation.Status.APPROVED, by=hanna
    )
    registry.eligibility_grant(organisation=organisation, by=hanna, valid_from=date(2026, 12, 4))
    registry.board_save(organisation=organisation, year=2026, members=BOARD, by=member.user)
    registry.organisation_update(
        organisation=organisation, by=member.user,
        data={"name": "Fisksätra Schackklubb", "has_drug_policy": True, "legal_form": "stiftelse"},
    )  # fmt: skip
    registry.payout_account_save(
        organisation=organisation, method="bankgiro", number="9008004",
        account_holder="Fisksätra Schackklubb", by=member.user,
    )  # fmt: skip
    registry.document_upload(
        organisation=organisation, year=2026, kind="stadgar", by=member.user,
        uploaded=SimpleUploadedFile("stadgar.pdf", PDF, content_type="application/pdf"),
    )  # fmt: skip
    registry.invitation_create(
        organisation=organisation, email="ny@example.se", role="member", by=member.user
    )
    return organisation


@pytest.fixture
def case(world, hanna):
    """A decided case of X whose report was accepted with money left over: its history
    written through the services, plus a code nobody described."""
    programme = GrantProgrammeFactory(committee=world.x.committees.get(), report_due_days=90)
    criteria = [
        AssessmentCriterion.objects.create(programme=programme, name=name, ordering=n)
        for n, name in enumerate(["Syfte", "Genomförande", "Inkludering"])
    ]
    application = submitted(CallFactory(programme=programme, budget=10**6), amount="30000")
    grants.application_assign(application=application, officer=hanna, by=hanna)
    grants.assessment_save(
        application=application, by=hanna, recommendation="partly",
        scores={criteria[0].pk: 4, criteria[1].pk: 3, criteria[2].pk: None},
    )  # fmt: skip
    decide(application, hanna, amount="25000", outcome="partly_approved")
    report = FollowUpReport.objects.get(decision__application=application)
    member = application.organisation.memberships.first().user
    grants.report_submit(
        report=report, by=member, outcomes="Vi spelade schack.", participants={},
        money_used=Decimal("24000"),
    )  # fmt: skip
    grants.report_review(report=report, accept=True, by=hanna)
    AuditEvent.objects.create(
        actor=hanna, action="application.noted", target_type="grants.application",
        target_id=str(application.pk), target_repr=str(application),
        after={"note": ["a", "b"], "extra": {"x": 1}},
    )  # fmt: skip
    return application


def trail(target):
    return audit_text.read(
        AuditEvent.objects.filter(
            target_type=target._meta.label_lower, target_id=str(target.pk)
        ).select_related("actor")
    )


def row(rows, start):
    return next(r for r in rows if r.sentence.startswith(start))


def lines(found):
    return [
        f"{c.label}: {c.before} → {c.after}" if c.is_change else f"{c.label}: {c.after}"
        for c in found.changes
    ]


# --- sentences ------------------------------------------------------------------------------


def test_eligibility_reads_as_a_sentence_in_the_readers_language(organisation):
    stored = AuditEvent.objects.get(action="eligibility.granted", target_id=str(organisation.pk))
    assert stored.after == {"valid_from": "2026-12-04", "valid_until": "2027-12-03"}  # as before
    assert audit_text.sentence(stored) == (
        "Hanna Handläggare beviljade bidragsberättigande 2026-12-04–2027-12-03"
    )
    with translation.override("en"):
        assert audit_text.sentence(stored) == (
            "Hanna Handläggare granted eligibility for grants 4 Dec 2026–3 Dec 2027"
        )


def test_registry_events_show_labels_before_and_after(organisation):
    rows = trail(organisation)
    assert row(rows, "Hanna Handläggare ändrade registreringens status").sentence == (
        "Hanna Handläggare ändrade registreringens status från väntar på godkännande till "
        "registrerad"
    )
    board = row(rows, "Maja Medlem sparade styrelsen")
    assert board.sentence == "Maja Medlem sparade styrelsen för 2026"
    assert lines(board) == [
        "Styrelse: – → Amina Yusuf (ordförande), Bertil Kassör (kassör) och Cecilia Ledamot "
        "(ledamot)"
    ]
    details = row(rows, "Maja Medlem ändrade organisationens uppgifter")
    old_name = details.changes[0].before
    assert lines(details) == [
        f"Namn: {old_name} → Fisksätra Schackklubb",
        "Juridisk form: Ideell förening → Stiftelse",  # the choices' labels
        "Har en drog- och alkoholpolicy: Nej → Ja",
    ]
    account = row(rows, "Maja Medlem registrerade utbetalningskontot")
    assert "Betalningssätt: Bankgiro" in lines(account)
    assert row(rows, "Maja Medlem laddade upp stadgar 2026")
    assert row(rows, "Maja Medlem bjöd in ny@example.se som medlem")


def test_case_events_show_statuses_scores_and_amounts(case):
    rows = trail(case)
    assert row(rows, "Hanna Handläggare tilldelade ärendet till Hanna Handläggare")
    assessed = row(rows, "Hanna Handläggare bedömde ansökan")
    assert assessed.sentence == "Hanna Handläggare bedömde ansökan: delvis bifall"
    assert lines(assessed) == ["Syfte: 4", "Genomförande: 3", "Inkludering: Ej tillämpligt"]
    decided = row(rows, "Hanna Handläggare fattade beslut")
    assert (
        decided.sentence == "Hanna Handläggare fattade beslut: delvis beviljad, 25\u00a0000\u00a0kr"
    )
    assert row(rows, "Hanna Handläggare ändrade ärendets status från inskickad till beslutad")
    assert row(rows, "Hanna Handläggare krävde tillbaka 1\u00a0000\u00a0kr i oanvända medel")
    with translation.override("en"):
        english = trail(case)
    assert row(english, "Hanna Handläggare decided: partly approved, SEK\u00a025,000")


def test_a_code_nobody_described_is_read_generically(case):
    noted = row(trail(case), "Hanna Handläggare registrerade en händelse")
    assert noted.sentence == (f"Hanna Handläggare registrerade en händelse för ”{case}” (ansökan)")
    assert lines(noted) == ["Extra: X: 1", "Note: a och b"]  # keys made readable, no repr


def test_admin_changes_read_with_the_models_labels(client, world):
    """AuditedAdmin's call.changed: the model's name, each changed field as before → after,
    amounts through portal.money."""
    call = CallFactory(programme=GrantProgrammeFactory(committee=world.x.committees.get()),
                       budget=100000, title="Höstens bidrag")  # fmt: skip
    call.opens_at = call.opens_at.replace(microsecond=0)  # as saved from a form
    call.closes_at = call.closes_at.replace(microsecond=0)
    call.save()
    client.force_login(world.users["admin_x"])
    admin_change(client, call, budget="150000")
    [changed] = trail(call)
    assert changed.sentence == f"{world.users['admin_x']} ändrade ”Höstens bidrag” (utlysning)"
    assert lines(changed) == ["Budget (kr): 100\u00a0000\u00a0kr → 150\u00a0000\u00a0kr"]


def test_every_code_the_apps_write_is_described():
    """Each literal action code in the source (``action="..."``) reads as a sentence of its
    own, not the generic fallback."""
    codes = set()
    apps = (
        "portal", "grants", "organisations", "networks", "collaborations", "volunteering",
        "information", "outreach", "surveys", "advice",
    )  # fmt: skip
    for app in (*apps, "insights"):
        for path in (ROOT / app).rglob("*.py"):
            codes |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', path.read_text()))
    codes |= {f"organisation.identity_change_{s}" for s in ("approved", "rejected", "withdrawn")}
    assert len(codes) > 30
    missing = sorted(code for code in codes if not audit_text.is_registered(code))
    assert not missing


# --- the pages -----------------------------------------------------------------------------


def visible_text(html: str) -> str:
    """What a reader sees: no scripts, styles or icons, no tags or attributes."""
    html = re.sub(r"(?s)<(script|style|svg)\b.*?</\1>", " ", html)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def audit_section(html: str) -> str:
    start = html.index('aria-labelledby="audit-heading"')
    return html[start : html.index("</section>", start)]


def test_swedish_case_page_shows_no_code_and_no_repr(client, world, case):
    client.force_login(world.users["officer_x"])
    html = client.get(reverse("admin:grants_application_change", args=[case.pk])).content.decode()
    codes = set(AuditEvent.objects.filter(target_id=str(case.pk)).values_list("action", flat=True))
    assert {"application.assessed", "decision.made", "application.noted"} <= codes
    for code in codes:
        assert code not in html, code
    assert not REPR.search(visible_text(html)), REPR.search(visible_text(html))
    trail_html = audit_section(html)
    assert "Hanna Handläggare bedömde ansökan: delvis bifall" in trail_html
    assert "Inkludering: Ej tillämpligt" in trail_html
    # The timeline: Swedish headers, statuses by their names, no row label of codes.
    for event in ApplicationEvent.objects.filter(application=case):
        assert str(event) not in html
    assert "→ submitted" not in html  # "KFN 2026/1: draft → submitted"
    assert re.search(r'class="column-from_label[^"]*">\s*Från status', html)
    assert re.search(r'class="column-to_label[^"]*">\s*Till status', html)
    assert re.search(r'class="column-who[^"]*">\s*Vem', html)
    assert re.search(r'<td class="field-to_label">\s*<p>Inskickad</p>', html)
    assert '<section class="module" aria-labelledby="org-heading">' in html


def test_swedish_organisation_page_shows_no_code_and_no_repr(client, world, organisation):
    client.force_login(world.users["officer_x"])
    url = reverse("admin:organisations_organisation_change", args=[organisation.pk])
    html = client.get(url).content.decode()
    codes = set(
        AuditEvent.objects.filter(target_id=str(organisation.pk)).values_list("action", flat=True)
    )
    assert {"eligibility.granted", "board.saved", "organisation.updated"} <= codes
    for code in codes:
        assert code not in html, code
    assert not REPR.search(visible_text(html)), REPR.search(visible_text(html))
    assert "Hanna Handläggare beviljade bidragsberättigande 2026-12-04–2027-12-03" in html
    assert "Amina Yusuf (ordförande)" in html


def test_application_status_is_still_stored_as_codes(case):
    """The stored events stay machine-readable."""
    stored = AuditEvent.objects.filter(
        action="application.status_changed", target_id=str(case.pk)
    ).first()
    assert stored.after["status"] in Application.Status.values


# The shapes the writers store (see each audit_record call), one per code.
SHAPES = {
    "role.assigned": ({}, {"role": "officer", "committee": "Kultur- och fritidsnämnden"}),
    "role.revoked": ({"role": "officer", "committee": None}, {}),
    "user.password_set": ({}, {"password": "set by an administrator"}),
    "gdpr.erasure_requested": ({}, {"organisations": 1, "network_memberships": 2,
                                    "meeting_answers": 0, "invitations": 0, "notifications": 3}),
    "gdpr.account_anonymised": ({}, {"anonymised": True}),
    "retention.account_anonymised": ({}, {"anonymised": True}),
    "retention.rejected_applications": ({}, {"count": 4}),
    "retention.old_drafts": ({}, {"count": 2}),
    "retention.old_notifications": ({}, {"count": 9}),
    "application.status_changed": ({"status": "submitted"},
                                   {"status": "completion_requested", "message": "Komplettera"}),
    "application.assigned": ({"officer": ""}, {"officer": "Hanna Handläggare"}),
    "application.assessed": ({}, {"recommendation": "reject", "scores": {"999999": 1}}),
    "decision.made": ({}, {"outcome": "approved", "amount": "25000.00", "kind": "committee",
                           "calculated": "24000.00", "override_reason": "Avrundat."}),
    "report.status_changed": ({"status": "submitted"},
                              {"status": "changes_requested", "comment": "Fler deltagare"}),
    "repayment_claim.created": ({}, {"amount": "500.00"}),
    "repayment_claim.settled": ({}, {"status": "waived", "amount": "500.00", "note": "Liten"}),
    "payout_batch.created": ({}, {"payouts": [{"decision": 1, "amount": "1000.00"},
                                              {"decision": 2, "amount": "2500.50"}]}),
    "payout_batch.status_changed": ({"status": "planned"},
                                    {"status": "cancelled", "released": ["KFN 2026/1"]}),
    "organisation.registered": ({}, {"name": "Schackklubben", "kind": "association",
                                     "entered_in_admin": True}),
    "organisation.updated": ({"district": "None", "activity_areas": ["Idrott"]},
                             {"district": "Fisksätra", "activity_areas": ["Idrott", "Kultur"]}),
    "organisation.status_changed": ({"status": "approved"},
                                    {"status": "changes_requested", "message": "Stadgar"}),
    "organisation.identity_change_requested": (
        {"name": "A", "legal_form": "ideell_forening", "organisation_number": "802000-0001"},
        {"name": "B", "legal_form": "stiftelse", "organisation_number": "802000-0002"}),
    "organisation.identity_change_approved": (
        {"status": "pending", "name": "A"}, {"status": "approved", "name": "B",
                                             "eligibility_periods_ended": 1}),
    "organisation.identity_change_rejected": ({"status": "pending"},
                                              {"status": "rejected", "message": "Nej"}),
    "organisation.identity_change_withdrawn": ({"status": "pending"}, {"status": "withdrawn"}),
    "eligibility.granted": ({}, {"valid_from": "2026-01-01", "valid_until": "2026-12-31"}),
    "eligibility.revoked": ({"valid_until": "2026-12-31"}, {"reason": "Upplöst"}),
    "board.saved": ({"year": 2026, "board": ["Anna A (chair)"]},
                    {"year": 2026, "board": ["Anna A (chair)", "Bo B (auditor)"]}),
    "members.saved": ({}, {"year": 2026, "total": 120, "residents_percent": 80}),
    "document.uploaded": ({}, {"kind": "budget", "year": 2026, "file": "budget.pdf"}),
    "document.deleted": ({"kind": "stadgar", "year": 2025, "file": "stadgar.pdf"}, {}),
    "member.invited": ({}, {"email": "a@example.se", "role": "grant_manager"}),
    "member.joined": ({}, {"email": "a@example.se", "role": "member"}),
    "member.removed": ({"user_id": 4, "role": "member"}, {"reason": "account_deleted"}),
    "payout.registered": ({}, {"method": "plusgiro", "number": "1234-5",
                               "account_holder": "Klubben"}),
    "payout.changed": ({"method": "plusgiro", "number": "1234-5", "account_holder": "Klubben"},
                       {"method": "bankgiro", "number": "5050-1055", "account_holder": "Klubben"}),
    "network.calendar_feed_renewed": ({}, {}),
    "network.join_requested": ({"status": "declined"},
                               {"organisation": "Schackklubben", "status": "requested"}),
    "network.join_decided": ({"status": "requested"}, {"status": "declined"}),
    "network.member_status_changed": ({"status": "active"}, {"status": "left"}),
    "meeting.status_changed": ({"status": "planned"}, {"status": "cancelled"}),
    "meeting.attendance_recorded": ({}, {"999999": 3}),
    "meeting.minutes_saved": ({"minutes": "", "decisions": ""},
                              {"minutes": "Vi träffades.", "decisions": "Nytt möte i maj."}),
    "action.created": ({}, {"owner": "Sam Samordnare", "due_on": "2026-05-01"}),
    "action.status_changed": ({"status": "open"}, {"status": "in_progress"}),
}  # fmt: skip


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_described_code_reads_its_stored_shape(world, language):
    """No code, no repr, no placeholder left: in Swedish and in English."""
    for action, (before, after) in SHAPES.items():
        AuditEvent.objects.create(
            actor=world.users["officer_x"], action=action, target_type="portal.municipality",
            target_id=str(world.x.pk), target_repr="Föremålet", before=before, after=after,
        )  # fmt: skip
    assert all(audit_text.is_registered(action) for action in SHAPES)
    with translation.override(language):
        rows = audit_text.read(AuditEvent.objects.select_related("actor"))
    assert len(rows) >= len(SHAPES)
    for found in rows:
        text = " ".join([found.sentence, *lines(found)])
        assert found.sentence, found
        assert "%(" not in text, text
        assert not REPR.search(text), text
        for code in [*SHAPES, "completion_requested", "changes_requested", "grant_manager"]:
            assert code not in text, text  # no action code, no stored choice


def test_admin_rows_of_inlines_and_deletions_read_generically(world):
    """AuditedAdmin's shapes: inline rows added/changed/removed under the inline model's
    name; a deletion lists the values the object had."""
    programme = GrantProgrammeFactory(committee=world.x.committees.get(), name="Mikrobidrag")
    common = {"actor": world.users["admin_x"], "target_type": "grants.grantprogramme",
              "target_id": str(programme.pk), "target_repr": "Mikrobidrag"}  # fmt: skip
    AuditEvent.objects.create(
        action="grantprogramme.changed", **common,
        before={"max_amount": "40000.00"},
        after={"max_amount": "50000.00", "question": {"added": ["Syfte"], "deleted": ["Budget"]}},
    )  # fmt: skip
    AuditEvent.objects.create(
        action="grantprogramme.deleted", **common,
        before={"name": "Mikrobidrag", "accepts_late_applications": False},
    )  # fmt: skip
    deleted, changed = trail(programme)
    name = world.users["admin_x"]
    assert changed.sentence == f"{name} ändrade ”Mikrobidrag” (bidragsprogram)"
    assert lines(changed)[0].endswith(": 40\u00a0000\u00a0kr → 50\u00a0000\u00a0kr")
    assert lines(changed)[1] == "Frågor: lade till Syfte; tog bort Budget"
    assert deleted.sentence == f"{name} tog bort ”Mikrobidrag” (bidragsprogram)"
    assert lines(deleted)[0] == "Namn: Mikrobidrag"
    assert lines(deleted)[1].endswith(": Nej")  # a yes/no field


def test_the_audit_event_list_and_page_read_as_sentences(client, world, organisation):
    """The admin's own list of events (for auditors and requests for public records) shows
    the sentences, not codes or JSON, on the list and on an event's page."""
    client.force_login(world.users["admin_x"])
    listing = client.get(reverse("admin:portal_auditevent_changelist")).content.decode()
    assert "Hanna Handläggare beviljade bidragsberättigande 2026-12-04–2027-12-03" in listing
    assert "eligibility.granted" not in listing
    stored = AuditEvent.objects.get(action="eligibility.granted", target_id=str(organisation.pk))
    page = client.get(reverse("admin:portal_auditevent_change", args=[stored.pk]))
    html = page.content.decode()
    assert "Hanna Handläggare beviljade bidragsberättigande 2026-12-04–2027-12-03" in html
    assert "eligibility.granted" not in html
    assert not REPR.search(visible_text(html)), REPR.search(visible_text(html))
