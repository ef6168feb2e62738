"""The officer reads the audit trail of a case and of an organisation in the admin as
sentences in Swedish (who did what, statuses by their names, changed fields before → after),
with no action code or Python dict/list on the page; both pages pass axe (WCAG 2.1 AA)."""

import re
from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from devtools.demo_data import DEMO_PASSWORD
from grants import services as grants
from grants.models import Application
from organisations import services as registry
from organisations.models import Organisation
from portal.models import AuditEvent, User
from tests.browser.conftest import admin_session

pytestmark = pytest.mark.browser

OFFICER = "handlaggare.nacka@example.se"  # Hanna Handläggare
MEMBER = "forening@example.se"  # Frida Föreningsaktiv, Fisksätra IF
BOARD = [
    {"full_name": "Amina Yusuf", "role": "chair", "is_signatory": True},
    {"full_name": "Bo Berg", "role": "treasurer", "is_signatory": True},
    {"full_name": "Cilla Ek", "role": "member", "is_signatory": False},
]
REPR = re.compile(r"\{'|\['|'\]|'\}|\{\}|\[\]|': ")


def no_code_and_no_repr(page, target):
    """Neither the stored action codes of ``target`` nor a dict/list repr are visible."""
    text = page.locator("body").inner_text()
    codes = AuditEvent.objects.filter(
        target_type=target._meta.label_lower, target_id=str(target.pk)
    ).values_list("action", flat=True)
    assert codes
    for code in set(codes):
        assert code not in text, code
    assert not REPR.search(text), REPR.search(text)


def test_officer_reads_the_trail_of_a_case_and_an_organisation(
    browser, live_server, demo, accessible
):
    officer = User.objects.get(email=OFFICER)
    member = User.objects.get(email=MEMBER)
    organisation = Organisation.objects.get(name="Fisksätra IF")
    case = Application.objects.get(organisation=organisation, status=Application.Status.DECIDED)
    grants.application_assign(application=case, officer=officer, by=officer)
    registry.board_save(organisation=organisation, year=2026, members=BOARD, by=member)
    registry.eligibility_grant(organisation=organisation, by=officer, valid_from=date(2026, 12, 4))
    registry.organisation_update(
        organisation=organisation, by=member, data={"phone": "08-716 00 00"}
    )

    page = admin_session(browser, live_server, OFFICER, DEMO_PASSWORD)

    # --- The case: the audit trail is a landmark of its own; the timeline reads Swedish ---
    page.goto(reverse("admin:grants_application_change", args=[case.pk]))
    trail = page.get_by_role("region", name="Händelselogg")
    expect(trail).to_contain_text("Hanna Handläggare tilldelade ärendet till Hanna Handläggare")
    expect(trail).to_contain_text("Hanna Handläggare fattade beslut: beviljad, 8\u00a0000\u00a0kr")
    expect(trail).to_contain_text("ändrade ärendets status från utkast till inskickad")
    timeline = page.locator("#events-group")
    for header in ("Tid", "Vem", "Från status", "Till status", "Meddelande"):
        expect(timeline.get_by_role("columnheader", name=header)).to_be_visible()
    expect(timeline.locator("td.field-to_label").first).to_have_text("Inskickad")
    expect(timeline).not_to_contain_text("→")  # no "KFN 2026/1: draft → submitted" labels
    expect(page.get_by_role("region", name="Föreningen i registret")).to_be_visible()
    no_code_and_no_repr(page, case)
    accessible(page)

    # --- The organisation: eligibility, board and details as sentences -------------------
    page.goto(reverse("admin:organisations_organisation_change", args=[organisation.pk]))
    trail = page.locator("table.audit-trail")
    expect(trail).to_contain_text(
        "Hanna Handläggare beviljade bidragsberättigande 2026-12-04–2027-12-03"
    )
    expect(trail).to_contain_text("Frida Föreningsaktiv sparade styrelsen för 2026")
    expect(trail).to_contain_text("Amina Yusuf (ordförande), Bo Berg (kassör) och Cilla Ek")
    expect(trail).to_contain_text("Frida Föreningsaktiv ändrade organisationens uppgifter")
    expect(trail).to_contain_text("08-716 00 00")
    no_code_and_no_repr(page, organisation)
    accessible(page)
