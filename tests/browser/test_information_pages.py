"""Information pages in a real browser with axe (WCAG 2.1 AA) and under the enforced
Content-Security-Policy: the municipal administrator writes the policy page in the admin's
rich-text editor (a heading, a list and a link), publishes it and adds two contacts (a
strategic officer for a focus area, a politician of a committee); the public pages then show
them, in Swedish and in English. An association's person proposes a story (the form's
errors keep what was typed) and a coordinator approves it in the admin."""

import pytest
from django.urls import reverse
from django.utils import translation

from information.models import Contact, Page, Story
from tests.browser.conftest import admin_session, login
from tests.browser.test_csp import Watch
from tests.factories import PASSWORD
from tests.information.conftest import info  # noqa: F401 - the information world
from tests.information.helpers import news_item

pytestmark = pytest.mark.browser


@pytest.fixture
def db(transactional_db):  # the live server reads what the test wrote
    return transactional_db


def _editor(page, label):
    """The editable area of the rich-text field labelled ``label``."""
    return page.get_by_role("textbox", name=label)


def test_admin_publishes_policy_and_contacts_shown_publicly(
    browser,
    live_server,
    page,
    info,  # noqa: F811 - the fixture imported above
    accessible,
):
    admin = admin_session(browser, live_server, info.admin.email, PASSWORD)
    watch = Watch(admin)

    def check(where):
        """No CSP violation or script error so far, then axe (whose checks set inline
        styles of their own, reported as violations: cleared after it)."""
        watch.check(where)
        watch.assert_clean()
        accessible(admin)
        watch.problems.clear()

    admin.goto(reverse("admin:information_page_add"))
    _editor(admin, "Text (svenska)").wait_for()
    assert admin.locator(".prose-editor .prose-menubar").count() == 2  # sv and en
    check("page add")
    admin.get_by_label("Typ").select_option("policy")
    admin.get_by_label("Titel (svenska)").fill("Policy för samverkan med civilsamhället")
    body = _editor(admin, "Text (svenska)")
    body.click()
    admin.get_by_role("button", name="Rubrik 2").first.click()
    admin.keyboard.type("Varför vi samverkar")
    admin.keyboard.press("Enter")
    admin.keyboard.type("Föreningarna är viktiga för kommunen.")
    admin.keyboard.press("Enter")
    admin.get_by_role("button", name="Punktlista").first.click()
    admin.keyboard.type("Dialog")
    admin.keyboard.press("Enter")
    admin.keyboard.type("Tillit")
    admin.keyboard.press("Enter")
    admin.keyboard.press("Enter")  # out of the list
    admin.keyboard.type("Läs mer")
    for _ in range(len("Läs mer")):
        admin.keyboard.press("Shift+ArrowLeft")
    admin.get_by_role("button", name="Länk").first.click()
    admin.get_by_label("Adress (URL)").fill("https://www.nacka.se/")
    admin.get_by_role("button", name="Spara", exact=True).first.click()
    admin.locator("input[name=_continue]").click()
    admin.wait_for_load_state()
    page_row = Page.objects.get()
    assert "<h2>Varför vi samverkar</h2>" in page_row.body_sv
    assert "<ul><li><p>Dialog</p></li><li><p>Tillit</p></li></ul>" in page_row.body_sv
    assert 'href="https://www.nacka.se/"' in page_row.body_sv
    check("page change")
    admin.get_by_role("button", name="Publicera på de offentliga sidorna").click()
    admin.wait_for_load_state()
    page_row.refresh_from_db()
    assert page_row.status == "published"

    admin.goto(reverse("admin:information_contact_add"))
    check("contact add")
    admin.get_by_label("Namn").fill("Sara Strateg")
    admin.get_by_label("Titel (svenska)").fill("Strateg för trygghet")
    admin.get_by_label("E-post").fill("sara@nacka.example.se")
    admin.locator("#id_responsibility").select_option("strategic")
    admin.get_by_label("Trygghet").check()
    admin.locator("input[name=_addanother]").click()
    admin.wait_for_load_state()
    admin.locator("#id_kind").select_option("politician")
    admin.get_by_label("Namn").fill("Per Politiker")
    admin.get_by_label("Titel (svenska)").fill("Ordförande")
    admin.get_by_label("E-post").fill("per@nacka.example.se")
    admin.locator("#id_committee").select_option(label="Kultur- och fritidsnämnden")
    admin.locator("input[name=_save]").click()
    admin.wait_for_load_state()
    assert Contact.objects.count() == 2
    watch.check("contacts saved")
    watch.assert_clean()

    item = news_item(info)
    for language in ("sv", "en"):
        with translation.override(language):
            paths = [
                reverse("information:overview", args=[info.x.slug]),
                reverse("information:page", args=[info.x.slug, page_row.slug]),
                reverse("information:contacts", args=[info.x.slug]),
                reverse("information:stories", args=[info.x.slug]),
                reverse("information:news", args=[info.x.slug]),
                reverse("information:news_item", args=[info.x.slug, item.pk]),
            ]
        for path in paths:
            assert page.goto(path).ok, path
            accessible(page)
    page.goto(reverse("information:contacts", args=[info.x.slug]))
    assert "Sara Strateg" in page.content()
    assert "Per Politiker" in page.content()
    page.goto(reverse("information:page", args=[info.x.slug, page_row.slug]))
    assert page.get_by_role("heading", name="Varför vi samverkar", level=2).is_visible()
    # found by its address: the text selected by keyboard under load may be a letter short
    link = page.locator('main a[href="https://www.nacka.se/"]')
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert "mer" in link.inner_text()
    assert page_row.slug == "policy-for-samverkan-med-civilsamhallet"  # from the title
    page.goto(f"/en/information/{info.x.slug}/pages/{page_row.slug}/")
    assert "Shown in Swedish" in page.content()


def test_association_proposes_a_story_and_coordinator_approves(
    browser,
    live_server,
    page,
    info,  # noqa: F811 - the fixture imported above
    accessible,
):
    login(page, info.association_person.email, PASSWORD)
    page.wait_for_url("**/mina-sidor/")
    page.goto(reverse("information:story_propose", args=[info.x.slug]))
    accessible(page)
    page.get_by_label("Titel (svenska)").fill("Nattvandrarna i Fisksätra")
    page.get_by_label("Berättelsen (svenska)").fill("Varje fredag går vi.\n\nDet blir lugnare.")
    page.get_by_role("button", name="Skicka förslaget").click()
    page.wait_for_load_state()
    assert "form-errors" in page.content()
    assert page.get_by_label("Titel (svenska)").input_value() == "Nattvandrarna i Fisksätra"
    accessible(page)
    page.get_by_label("Sammanfattning (svenska)").fill("Vuxna på stan skapar trygghet.")
    page.get_by_label("Trygghet").check()
    page.get_by_role("button", name="Skicka förslaget").click()
    page.wait_for_url("**/berattelser/")
    story = Story.objects.get()
    assert story.status == "proposed"

    coordinator = admin_session(browser, live_server, info.coordinator.email, PASSWORD)
    coordinator.goto(reverse("admin:information_story_change", args=[story.pk]))
    accessible(coordinator)
    coordinator.get_by_role("button", name="Godkänn och publicera").click()
    coordinator.wait_for_load_state()
    story.refresh_from_db()
    assert story.status == "published"
    for url in (
        reverse("admin:information_story_changelist"),
        reverse("admin:information_newsitem_add"),
    ):
        coordinator.goto(url)
        accessible(coordinator)
    page.goto(reverse("information:story", args=[info.x.slug, story.pk]))
    assert "Nattvandrarna Fisksätra" in page.content()
    accessible(page)
    with translation.override("en"):
        page.goto(reverse("information:story", args=[info.x.slug, story.pk]))
    accessible(page)
