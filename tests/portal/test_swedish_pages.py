"""The officers' admin pages in Swedish say everything in Swedish (#19): no English word of
Django's admin or of our templates, no raw event code ("decision.made"), no raw value
("partly_approved", "{'status': ...}") in what a person sees or hears.

The text checked is the page's text and the attributes read aloud (alt, aria-label, title,
placeholder, the value of buttons), without scripts, styles and parts marked as another
language (the language switch's "English")."""

import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

from grants import services
from grants.models import Application, Call, FollowUpReport, PayoutBatch
from organisations.models import Organisation
from portal.models import User
from tests.factories import MembershipFactory
from tests.grants.helpers import eligible_organisation

pytestmark = pytest.mark.django_db

OFFICER = "handlaggare.nacka@example.se"
MUNICIPAL_ADMIN = "admin.nacka@example.se"

# English words of Django's admin and of our own templates and models, as whole words and
# case as written. Words that are Swedish too (Status, Budget, Organisation, Filter ...) are
# not listed, nor any word of the demo data's proper names.
ENGLISH = [
    # Django's admin
    "Add", "Change", "Delete", "View", "Save", "Save and", "Search", "History", "Home",
    "Welcome", "Log out", "View site", "Recent actions", "My actions", "None available",
    "Action", "Go", "Select all", "Clear selection", "Show counts", "Hide counts",
    "Clear all filters", "Yes", "No", "Unknown", "True", "False", "None", "Today", "Now",
    "Date", "Time", "Currently", "Remove", "Close", "Toggle", "Breadcrumbs", "Show all",
    "results", "selected", "Please correct", "This field is required",
    # the case pages, the audit trail and the timeline
    "Actor", "From status", "To status", "Message", "Messages", "Event", "Events", "When",
    "Who", "What", "Before", "After", "Details", "Summary", "Name", "Title", "Description",
    "Amount", "Decision", "Application", "Applications", "Call", "Programme", "Payout",
    "Payouts", "Batch", "Board", "Members", "Documents", "Download", "Upload", "Edit",
    "Created", "Updated", "Comment", "Reason", "Assessment", "Assessments", "Score",
    "Letter", "Report", "Payment", "Account", "Reference", "Total", "Note", "Submit",
    "Cancel", "Back", "Next", "Previous", "Language",
    # raw status values
    "draft", "submitted", "decided", "approved", "rejected", "withdrawn", "accepted",
    "planned", "paid", "cancelled", "pending", "registered",
]  # fmt: skip
ENGLISH_WORD = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, ENGLISH)) + r")(?![\w-])")
# An event code or a raw identifier ("report.status_changed", "delegated_officer"); not an
# address or a file name ("forening@example.se", "www.nacka.se", "stadgar.pdf").
RAW_CODE = re.compile(
    r"(?<![\w.@/-])[a-z]+(?:_[a-z]+)*(?:\.[a-z]+(?:_[a-z]+)*|_[a-z]+)(?![\w.@/-])"
)
NOT_CODES = re.compile(r"\.(?:se|nu|com|org|net|eu|pdf|csv|xlsx|docx|odt|png|jpg)$")
RAW_DATA = re.compile(r"[{\[]'|': ")  # a dict or list shown as Python writes it

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
SPOKEN = ("alt", "aria-label", "title", "placeholder")


class _Text(HTMLParser):
    """The strings a person sees or hears on a page (see the module's docstring)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.strings: list[str] = []
        self.open: list[tuple[str, bool]] = []  # (tag, left out)

    def _left_out(self) -> bool:
        return bool(self.open) and self.open[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang")
        left_out = (
            self._left_out()
            or tag in ("script", "style", "template")
            or (lang is not None and not lang.startswith("sv"))
        )
        if not left_out:
            self.strings += [attrs[name] for name in SPOKEN if attrs.get(name)]
            if tag == "input" and attrs.get("type") in ("submit", "button", "reset"):
                self.strings.append(attrs.get("value") or "")
        if tag not in VOID:
            self.open.append((tag, left_out))

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                del self.open[i:]
                return

    def handle_data(self, data):
        if not self._left_out() and data.strip():
            self.strings.append(" ".join(data.split()))


def spoken_strings(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return [text for text in parser.strings if text]


def problems_of(html: str) -> list[str]:
    found = []
    for text in spoken_strings(html):
        words = ENGLISH_WORD.findall(text)
        codes = [code for code in RAW_CODE.findall(text) if not NOT_CODES.search(code)]
        raw_data = ["raw data"] if RAW_DATA.search(text) else []
        if words or codes or raw_data:
            found.append(f"{text[:120]!r}: {', '.join(words + codes + raw_data)}")
    return found


def submitted_case(call) -> Application:
    """A new association's submitted application to ``call``, waiting in the queue."""
    organisation = eligible_organisation(call.programme.committee.municipality)
    applicant = MembershipFactory(organisation=organisation).user
    case = services.application_start(call=call, organisation=organisation, by=applicant)
    answers = {"q_insats": "Läxhjälp och fika på tisdagar.", "q_belopp": "5000"}
    data = MultiValueDict({key: [value] for key, value in answers.items()})
    services.application_submit(application=case, data=data, files={}, by=applicant)
    case.refresh_from_db()
    assert case.status == Application.Status.SUBMITTED
    return case


def officer_pages() -> list[tuple[str, str]]:
    """(who, address) of the pages of the officers' flow, with demo data and a new case."""
    nacka = {"call__programme__committee__municipality__slug": "nacka"}
    call = Call.objects.get(title="Mikrobidrag för trygghet (löpande)")
    case = submitted_case(call)
    decided = Application.objects.filter(**nacka, status=Application.Status.DECIDED).first()
    registered = Organisation.objects.get(name="Fisksätra IF")
    pending = Organisation.objects.get(name="Nacka Seniorer")
    batch = PayoutBatch.objects.filter(committee__municipality__slug="nacka").first()
    report = FollowUpReport.objects.get(decision__application=decided)
    programme = call.programme

    def admin(name, *args):
        return reverse(f"admin:{name}", args=args)

    officer = [
        reverse("portal:workspace"),  # the officers' start page on the portal's side
        admin("index"),
        admin("grants_application_changelist"),
        admin("grants_application_changelist") + "?q=Fisks%C3%A4tra",
        admin("grants_application_change", case.pk),
        admin("grants_application_change", decided.pk),
        admin("grants_application_history", decided.pk),
        admin("grants_application_completion", case.pk),
        admin("grants_application_assess", case.pk),
        admin("grants_application_decide", case.pk),
        admin("grants_application_letter", decided.pk),
        admin("organisations_organisation_changelist"),
        admin("organisations_organisation_change", registered.pk),
        admin("organisations_organisation_change", pending.pk),
        admin("grants_payoutbatch_changelist"),
        admin("grants_payoutbatch_change", batch.pk),
        admin("grants_followupreport_changelist"),
        admin("grants_followupreport_change", report.pk),
        admin("grants_repaymentclaim_changelist"),
    ]
    municipal_admin = [
        admin("grants_call_changelist"),
        admin("grants_call_add"),
        admin("grants_call_change", call.pk),
        admin("grants_grantprogramme_changelist"),
        admin("grants_grantprogramme_change", programme.pk),
    ]
    return [(OFFICER, url) for url in officer] + [(MUNICIPAL_ADMIN, url) for url in municipal_admin]


def test_the_officers_admin_pages_are_all_in_swedish(client):
    call_command("seed_demo", verbosity=0)
    found = {}
    for email, url in officer_pages():
        client.force_login(User.objects.get(email=email))
        response = client.get(url)
        assert response.status_code == 200, url
        problems = problems_of(response.content.decode())
        if problems:
            found[url] = problems
    report = "\n".join(f"{url}\n  " + "\n  ".join(lines) for url, lines in found.items())
    assert not found, f"English or raw codes on Swedish pages:\n{report}"


def test_the_check_finds_english_codes_and_raw_data():
    """The checker itself: what it must catch, and what it must leave alone."""
    page = """<html lang="sv"><body><h2>Senaste händelser</h2>
      <img src="/static/admin/img/icon-yes.svg" alt="True"><label>Search</label>
      <td>decision.made</td><td>{'status': 'decided'}</td><td>partly_approved</td>
      <nav aria-label="Språk"><a href="/en/admin/" lang="en">English</a></nav>
      <script>var label = "Save";</script><p>Skriv till forening@example.se eller
      www.nacka.se, bilaga stadgar.pdf. Fisksätra IF, KFN 2026/1.</p></body></html>"""
    problems = " ".join(problems_of(page))
    for caught in ("True", "Search", "decision.made", "raw data", "partly_approved"):
        assert caught in problems
    for left_alone in ("English", "Save", "example.se", "nacka.se", "stadgar.pdf", "Fisks"):
        assert left_alone not in problems


def test_the_admin_says_andra_and_senaste_handelser_and_the_dashboard_forandring(client, world):
    """Django's "Change" link is "Ändra"; "Förändring" is the dashboard's change since the
    year before, a word of its own (msgctxt)."""
    from insights.selectors import Filters, summary

    client.force_login(world.users["officer_x"])
    page = client.get(reverse("admin:index")).content.decode()
    assert re.search(r'class="changelink"[^>]*>Ändra</a>', page)
    assert "<h2>Senaste händelser</h2>" in page
    assert "Förändring" not in page
    assert "Senaste Händelser" not in page
    assert summary(Filters(world.x, years=(2026,))).columns[-1] == "Förändring"


def test_the_admin_has_a_named_language_switch_to_the_same_page(client, world):
    client.force_login(world.users["admin_x"])
    swedish = client.get(reverse("admin:grants_call_add") + "?programme=1").content.decode()
    assert '<nav class="language-switch" aria-label="Språk">' in swedish
    assert (
        '<a href="/en/admin/grants/call/add/?programme=1" hreflang="en" lang="en">English</a>'
        in swedish
    )
    english = client.get("/en/admin/grants/call/add/").content.decode()
    assert '<nav class="language-switch" aria-label="Language">' in english
    assert '<a href="/admin/grants/call/add/" hreflang="sv" lang="sv">Svenska</a>' in english
    client.logout()
    login = client.get("/admin/login/").content.decode()
    assert 'href="/en/admin/login/" hreflang="en" lang="en">English</a>' in login


def test_search_box_yes_no_icons_and_date_inputs_are_named_in_the_pages_language(client, world):
    from tests.factories import OrganisationFactory

    OrganisationFactory(municipality=world.x, approved=True)
    client.force_login(world.users["admin_x"])
    for prefix, search, yes_no, names in [
        (
            "",
            "Sök",
            {"Ja", "Nej"},
            ["Öppnar, datum", "Öppnar, tid", "Stänger, datum", "Stänger, tid"],
        ),
        (
            "/en",
            "Search",
            {"Yes", "No"},
            ["Opens, date", "Opens, time", "Closes, date", "Closes, time"],
        ),
    ]:
        listing = client.get(f"{prefix}/admin/organisations/organisation/").content.decode()
        assert (
            f'<label for="searchbar"><img src="/static/admin/img/search.svg" alt="{search}">'
            in listing
        )
        icons = re.findall(r'<img src="[^"]*/icon-(?:yes|no|unknown)\.svg" alt="([^"]*)">', listing)
        assert icons
        assert set(icons) <= yes_no, icons
        call_form = client.get(f"{prefix}/admin/grants/call/add/").content.decode()
        for name in names:
            assert f'aria-label="{name}"' in call_form
