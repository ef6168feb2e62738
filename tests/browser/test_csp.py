"""In a real browser (headless Chromium) the enforced Content-Security-Policy blocks nothing
the portal needs: the public pages, the application form (its autosave script), the
dashboard, the decision letter and the Django admin (its own scripts) run without a single
CSP violation or script error, and their scripts and styles visibly work."""

import pytest
from playwright.sync_api import expect

from devtools.demo_data import DEMO_PASSWORD
from grants import services as grants_services
from grants.models import Call, Decision
from organisations.models import Organisation
from portal.models import User
from tests.browser.conftest import admin_session, new_page, portal_session

pytestmark = pytest.mark.browser

# Runs in every document before its own scripts (Playwright injects it past the CSP).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} in ${event.sourceFile}`
  );
});
"""


class Watch:
    """Collects CSP violations (events and console reports) and script errors of a page."""

    def __init__(self, page):
        self.page = page
        self.problems: list[str] = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))

    def _console(self, message):
        text = message.text
        if "Content Security Policy" in text or "Refused to" in text:
            self.problems.append(f"console: {text}")

    def visit(self, path):
        response = self.page.goto(path)
        assert response.ok, f"{path}: {response.status}"
        policy = response.headers.get("content-security-policy", "")  # enforced, as a header
        # Directives by name: django-csp writes them in no fixed order (a set inside), so the
        # last one has no ";" after it.
        directives = dict(d.strip().partition(" ")[::2] for d in policy.split(";") if d.strip())
        assert directives.get("script-src") == "'self'", path
        assert "unsafe-inline" not in policy, path
        self.check(path)

    def check(self, where):
        self.page.wait_for_load_state("load")
        events = self.page.evaluate("window.__cspViolations || []")
        self.problems += [f"{where}: {event}" for event in events]

    def assert_clean(self):
        assert self.problems == []


PUBLIC = [
    "/",
    "/kommun/nacka/",
    "/foreningar/",
    "/bidrag/",
    "/natverk/",
    "/tillganglighet/",
    "/personuppgifter/",
    "/konto/login/",
    "/konto/signup/",
    "/admin/login/",
]


def test_public_pages_have_no_csp_violations(browser, live_server, demo):
    page = new_page(browser, live_server)
    watch = Watch(page)
    for path in PUBLIC:
        watch.visit(path)
    # Bootstrap's script runs: the navigation's collapse button works on a narrow screen.
    page.set_viewport_size({"width": 400, "height": 800})
    page.goto("/")
    toggler = page.locator(".navbar-toggler")
    if toggler.count():
        toggler.first.click()
        expect(page.locator(".navbar-collapse.show")).to_be_visible()
    watch.check("/ (narrow)")
    watch.assert_clean()


def test_application_form_scripts_run_under_the_policy(browser, live_server, demo):
    member = User.objects.get(email="forening@example.se")
    organisation = Organisation.objects.get(name="Fisksätra IF")
    call = Call.objects.get(title="Projektbidrag för inkludering, hösten")
    application = grants_services.application_start(call=call, organisation=organisation, by=member)
    page = portal_session(browser, live_server, member.email, DEMO_PASSWORD)
    watch = Watch(page)
    watch.visit("/mina-sidor/")
    watch.visit(f"/bidrag/ansokningar/{application.pk}/")
    page.locator("#id_q_syfte").fill("Autosparat under CSP")
    page.locator("#id_q_mal").click()  # leaving the field lets application.js autosave
    expect(page.locator("#autosave-status")).to_contain_text("Utkastet sparat", timeout=20_000)
    application.refresh_from_db()
    assert application.answers.get("q_syfte") == "Autosparat under CSP"
    watch.check("application form after autosave")
    watch.assert_clean()


def test_dashboard_has_no_csp_violations(browser, live_server, demo):
    page = portal_session(browser, live_server, "politiker.nacka@example.se", DEMO_PASSWORD)
    watch = Watch(page)
    watch.visit("/kommun/nacka/oversikt/")
    chart = page.locator("svg.dashboard-chart rect").first
    expect(chart).to_be_visible()
    fill = chart.evaluate("el => getComputedStyle(el).fill")
    assert fill not in ("", "none", "rgb(0, 0, 0)"), fill  # coloured by portal.css
    watch.visit("/kommun/nacka/rapporter/")
    watch.assert_clean()


def test_admin_and_decision_letter_have_no_csp_violations(browser, live_server, demo):
    page = admin_session(browser, live_server, "admin@example.se", DEMO_PASSWORD)
    watch = Watch(page)
    watch.visit("/admin/")
    watch.visit("/admin/grants/application/")
    watch.visit("/admin/organisations/organisation/")
    watch.visit("/admin/grants/call/add/")
    # The admin's own scripts ran: the date shortcuts ("Idag"/"Today") were added.
    expect(page.locator(".datetimeshortcuts").first).to_be_attached()
    # The periodic task form's help, from static/js/admin_periodictask.js (the package's
    # own template had an inline script).
    watch.visit("/admin/django_celery_beat/periodictask/add/")
    expect(page.locator("#readable-crontabs")).to_be_attached()
    translation = page.locator(".field-crontab_translation")
    expect(translation).to_be_attached()
    expect(translation).to_be_hidden()  # hidden by the script, so the script ran
    decision = Decision.objects.select_related("application").first()
    watch.visit(f"/admin/grants/application/{decision.application_id}/change/")
    watch.visit(f"/admin/grants/application/{decision.application_id}/decision-letter/")
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "DejaVu Sans" in font  # letter.css was loaded, not blocked
    watch.assert_clean()


def test_the_watch_sees_a_violation(browser, live_server, demo):
    """The checks above would notice: a page with inline code under the portal's own
    policy is reported, and its inline script does not run."""
    page = new_page(browser, live_server)
    watch = Watch(page)
    policy = page.goto("/").headers["content-security-policy"]
    page.route(
        "**/csp-probe/",
        lambda route: route.fulfill(
            status=200,
            headers={"content-type": "text/html", "content-security-policy": policy},
            body="<p style='color:red'>x</p><script>window.ran = true</script>",
        ),
    )
    page.goto("/csp-probe/")
    watch.check("/csp-probe/")
    assert page.evaluate("window.ran === undefined")
    assert any("script-src" in problem for problem in watch.problems), watch.problems
    assert any("style-src" in problem for problem in watch.problems), watch.problems
