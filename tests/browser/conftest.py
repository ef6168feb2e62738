"""Browser harness: Playwright driving Debian's Chromium headless, axe-core for WCAG 2.1 AA.

Chromium is looked up as CHROMIUM_PATH, then `chromium` on PATH, then Playwright's own
download. A missing browser fails the run (it never skips): see `.ci/run` and the Makefile.
"""

import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect, sync_playwright

# Playwright's sync API runs an event loop in this thread; the tests still use the ORM
# synchronously between browser steps, which is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def chromium_path(playwright) -> str | None:
    candidates = [os.environ.get("CHROMIUM_PATH"), shutil.which("chromium")]
    candidates += [shutil.which("chromium-browser"), playwright.chromium.executable_path]
    return next((c for c in candidates if c and Path(c).exists()), None)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        path = chromium_path(playwright)
        if path is None:
            pytest.fail(
                "No Chromium found for the browser tests: install Debian's `chromium` "
                "(apt-get install chromium), set CHROMIUM_PATH, or run "
                "`.venv/bin/playwright install chromium`."
            )
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="sv-SE", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


_axe = Axe()


def assert_accessible(page):
    """No WCAG 2.1 A/AA violations reported by axe-core on the current page."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture
def demo(transactional_db):
    """The demo municipalities, organisations and logins (see devtools/demo_data.py)."""
    call_command("seed_demo", verbosity=0)


@pytest.fixture
def accessible():
    return assert_accessible


def login(page, email, password):
    page.goto("/konto/login/")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()


def new_page(browser, live_server):
    """A page in a fresh browser context (its own cookies), Swedish locale."""
    page = browser.new_context(locale="sv-SE", base_url=live_server.url).new_page()
    page.set_default_timeout(15_000)
    return page


def admin_session(browser, live_server, email, password):
    """A new context logged in to the admin with the admin's own login form."""
    page = new_page(browser, live_server)
    page.goto("/admin/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("#login-form [type=submit]").click()
    page.wait_for_url("**/admin/")
    return page


def portal_session(browser, live_server, email, password):
    """A new context logged in to the portal (allauth's login page)."""
    page = new_page(browser, live_server)
    login(page, email, password)
    page.wait_for_url("**/mina-sidor/")
    return page


def search_and_choose(page, select_css, text):
    """Choose ``text`` in the admin's search box (autocomplete) that stands for the
    <select> ``select_css``: open it, type part of the name, pick the answer."""
    box = page.locator(f"{select_css} + .select2")
    box.locator(".select2-selection").click()
    search = page.locator(
        ".select2-container--open .select2-search__field, "
        f"{select_css} + .select2 .select2-search__field"
    ).first
    search.press_sequentially(text[:8])
    page.locator(".select2-results__option", has_text=text).first.click()
    expect(box.locator(".select2-selection")).to_contain_text(text)
