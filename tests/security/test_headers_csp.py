"""The Content-Security-Policy is strict and enforced on every page, and no page needs what
it forbids: the portal's pages (crawled as each kind of user over the demo data) and its
templates have no inline scripts, styles, style="" or on…="" attributes."""

import contextlib
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

from insights.models import DashboardReport
from insights.reports import monthly_report
from portal.models import Municipality, User
from tests.security.inline_code import inline_code

pytestmark = pytest.mark.django_db

EXPECTED_POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}


def parse_policy(header: str) -> dict[str, set[str]]:
    directives = {}
    for part in filter(None, (p.strip() for p in header.split(";"))):
        name, *values = part.split()
        directives[name] = set(values)
    return directives


def test_the_policy_is_strict_and_on_every_kind_of_response(client, world):
    for path in ["/", "/konto/login/", "/admin/login/", "/finns-inte/", "/healthz"]:
        response = client.get(path)
        header = response.get("Content-Security-Policy")
        assert header, f"no CSP on {path} ({response.status_code})"
        assert parse_policy(header) == EXPECTED_POLICY, path
        assert "unsafe-inline" not in header
        assert "unsafe-eval" not in header
        assert "Content-Security-Policy-Report-Only" not in response  # enforced, not reported


def test_the_other_security_headers(client, world):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ["camera", "microphone", "geolocation", "payment"]:
        assert f"{feature}=()" in permissions


# --- every page the users can reach, crawled over the demo data -------------------------

USERS = {
    "anonymous": None,
    "association_member": "forening@example.se",
    "officer": "handlaggare.nacka@example.se",
    "coordinator": "samordnare.nacka@example.se",
    "politician": "politiker.nacka@example.se",
    "superuser": "admin@example.se",
}
SEEDS = ["/", "/mina-sidor/", "/bidrag/", "/handlaggning/", "/kommun/nacka/oversikt/", "/admin/"]
SKIP = ("logout", "/delete/", "/radera/", "/i18n/", "/konto/email/", "/static/")
PAGES_PER_USER = 70


def _links(html: str, base: str) -> list[str]:
    from html.parser import HTMLParser

    found = []

    class Links(HTMLParser):
        def handle_starttag(self, tag, attrs):
            href = dict(attrs).get("href")
            if tag == "a" and href and not href.startswith(("mailto:", "tel:", "#")):
                found.append(urljoin(base, href))

    Links().feed(html)
    return found


def crawl(client) -> dict[str, list[str]]:
    """GET same-site pages breadth-first from the seeds, one page per URL shape (ids
    replaced), and say what is wrong on each."""
    queue, shapes, problems = list(SEEDS), set(), {}
    while queue and len(shapes) < PAGES_PER_USER:
        parts = urlsplit(queue.pop(0))
        shape = re.sub(r"\d+", "N", parts.path)
        if parts.netloc not in ("", "testserver") or any(s in parts.path for s in SKIP):
            continue
        if shape in shapes:
            continue
        shapes.add(shape)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        response = client.get(path)
        if "html" not in response.get("Content-Type", ""):
            continue
        header = response.get("Content-Security-Policy", "")
        if "sandbox" in header:  # a stored report: checked in its own test
            continue
        html = response.content.decode()
        wrong = inline_code(html) + ([] if header else ["no Content-Security-Policy header"])
        if wrong:
            problems[path] = wrong
        queue.extend(_links(html, path))
    assert len(shapes) >= 15, f"the crawl reached only {shapes}"
    return problems


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)


@pytest.mark.parametrize("user", USERS)
def test_no_page_has_inline_code(client, demo, user):
    if USERS[user]:
        client.force_login(User.objects.get(email=USERS[user]))
    assert crawl(client) == {}


def test_no_template_has_inline_code():
    """Templates no page visit reaches in the crawl are checked as written."""
    allowed = {
        # A stored, self-contained document (also an email attachment), shown with its own
        # sandboxed policy: see test_stored_monthly_report_is_sandboxed.
        "insights/report_monthly.html",
    }
    roots = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    roots += [p for p in Path(settings.BASE_DIR).glob("*/templates") if ".venv" not in str(p)]
    problems = {}
    for root in roots:
        for template in root.rglob("*.html"):
            name = template.relative_to(root).as_posix()
            if name in allowed:
                continue
            wrong = inline_code(template.read_text(encoding="utf-8"))
            if wrong:
                problems[name] = wrong
    assert problems == {}


def test_stored_monthly_report_is_sandboxed(client, world):
    """The stored HTML report keeps its inline styles (it is also mailed as a file) but is
    shown with a policy of its own: no scripts, nothing loaded, a sandboxed origin."""
    municipality = Municipality.objects.get(slug="nacka")
    report = monthly_report(municipality)
    assert b"<style>" in bytes(report.content)
    client.force_login(world.users["politician_x"])
    response = client.get(f"/kommun/nacka/rapporter/{report.pk}/")
    assert response.status_code == 200, response
    policy = parse_policy(response["Content-Security-Policy"])
    assert policy["default-src"] == {"'none'"}
    assert "script-src" not in policy  # falls back to default-src 'none'
    assert "sandbox" in policy
    assert policy["sandbox"] == set()
    assert policy["frame-ancestors"] == {"'none'"}
    assert response["X-Content-Type-Options"] == "nosniff"
    assert DashboardReport.objects.count() == 1


def test_every_admin_page_has_no_inline_code(client, demo):
    """Each registered admin model's list, add form and the change form of one row, as a
    superuser: third-party admin templates are included (the crawl may not reach them)."""
    client.force_login(User.objects.get(email=USERS["superuser"]))
    problems, visited = {}, 0
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        paths = [reverse(f"{prefix}_changelist")]
        with contextlib.suppress(NoReverseMatch):  # a model without an add form
            paths.append(reverse(f"{prefix}_add"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            paths.append(reverse(f"{prefix}_change", args=[first.pk]))
        for path in paths:
            response = client.get(path)
            if response.status_code != 200 or "html" not in response["Content-Type"]:
                continue
            visited += 1
            wrong = inline_code(response.content.decode())
            if wrong:
                problems[path] = wrong
    assert visited > 60
    assert problems == {}
