"""A new association signs up, registers, uploads a document, is approved and listed."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from devtools.demo_data import DEMO_PASSWORD

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def sign_up(page, email, password):
    page.goto("/konto/signup/")
    page.locator("#id_email").fill(email)
    page.locator("#id_password1").fill(password)
    page.locator("#id_password2").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/confirm-email/**")
    link = re.search(r"http://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.locator("main form button[type=submit]").click()  # confirming logs the person in


def test_association_registers_and_is_approved_and_listed(browser, live_server, demo, accessible):
    association = browser.new_context(locale="sv-SE", base_url=live_server.url)
    page = association.new_page()
    sign_up(page, "ordforande@altaschack.se", "ett-langt-losenord-42")
    page.wait_for_url("**/mina-sidor/")

    page.get_by_role("link", name="Registrera en organisation").first.click()
    page.get_by_role("link", name="Nacka kommun").click()
    accessible(page)
    page.locator("#id_kind_0").check()
    page.locator("#id_name").fill("Älta Schackklubb")
    page.locator("#id_legal_form").select_option("ideell_forening")
    page.locator("#id_organisation_number").fill("802002-8712")  # a typo first
    page.locator("#id_purpose").fill("Schack för alla åldrar i Älta.")
    page.locator("#id_district").select_option(label="Älta")
    page.get_by_label("Idrott").check()
    page.locator("#id_contact_name").fill("Sara")
    page.locator("#id_contact_email").fill("sara@altaschack.se")
    page.locator("#id_listed_in_directory").check()
    page.locator("#id_attest_values").check()
    page.get_by_role("button", name="Registrera").click()

    summary = page.get_by_role("alert")
    assert "Organisationsnummer" in summary.inner_text()
    assert page.locator("#id_name").input_value() == "Älta Schackklubb"  # kept
    accessible(page)
    page.locator("#id_organisation_number").fill("802002-8711")
    page.get_by_role("button", name="Registrera").click()
    assert page.get_by_test_id("status").inner_text() == "Väntar på godkännande"
    accessible(page)

    page.get_by_role("link", name="Dokument").click()
    page.locator("#id_kind").select_option("arsmotesprotokoll")
    page.locator("#id_file").set_input_files(
        {"name": "årsmöte 2026.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Ladda upp").click()
    assert page.get_by_role("link", name="årsmöte_2026.pdf").is_visible()
    accessible(page)
    page.get_by_role("link", name="Översikt").click()
    assert "Väntar på godkännande" in page.content()

    officer = browser.new_context(locale="sv-SE", base_url=live_server.url).new_page()
    officer.goto("/admin/login/")
    officer.get_by_label("E-postadress").fill("handlaggare.nacka@example.se")
    officer.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    officer.get_by_role("button", name="Logga in").click()
    officer.goto("/admin/organisations/organisation/?status__exact=pending")
    officer.get_by_role("link", name="Älta Schackklubb").click()
    accessible(officer)
    officer.get_by_role("button", name="Godkänn registreringen").click()
    expect(officer.locator(".messagelist")).to_contain_text("godkänts")
    expect(officer.locator(".field-status")).to_contain_text("Registrerad")

    visitor = browser.new_context(locale="sv-SE", base_url=live_server.url).new_page()
    visitor.goto("/foreningar/?q=schack")
    assert visitor.get_by_role("heading", name="Älta Schackklubb").is_visible()
    assert "sara@altaschack.se" not in visitor.content()
    accessible(visitor)

    page.reload()
    expect(page.get_by_test_id("status")).to_have_text("Registrerad")
    for context in browser.contexts:
        context.close()
