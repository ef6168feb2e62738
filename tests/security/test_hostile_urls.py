"""Hostile values wherever a client can put them, as every kind of person: never a 500.

Every URL pattern of the resolver (the admin's too, from tests.security.matrix_urls) is first
opened as each role with the authorisation matrix's world of objects. What the pages offer
is read from their HTML: the query parameters of links and GET forms (filters, sorting,
paging, drill-downs) and the fields of POST forms; to these come the query parameters a
view's own code reads by name and the admin's change-list parameters. Then every path
parameter, every such query parameter and every form field gets a NUL, text, a negative
number, a decimal, a number too big for any column, 5,000 characters, and in the path also
ids and years out of range. A new URL, filter or form is covered without anyone adding it.

Each request runs in a savepoint that is rolled back (a POST may delete, log out or pay), and
a 500, or an exception that Django or any code logged, fails the test with the request that
caused it. A request a role has sent already (the same method, address and data) is not sent
again: it takes the same path through the code.

What each role sends: on the portal's pages every hostile path value and query parameter,
and every form with all its fields hostile, as each role the page lets in. The admin's pages
are one code for every role but the rows they show, and there are many: each of their
hostile values, parameters and forms is sent by one of the roles that reach the page, in
turn. A field made hostile alone (the rest of the form as the page filled it) is sent by one
of the roles that reach the form, in turn, on the portal's pages too. Every role takes part
wherever it can, and the run stays within minutes.

A NUL in the address never reaches a view: portal.request_checks.NulMiddleware answers it
before any view runs (a NUL in the path 404, in the query 400), whatever the parameter, the
method and the page. So a page gets it once in its path and once in its query (a GET), from
each role on the portal's pages and from one in turn on the admin's, and the answer must be
the middleware's; should the middleware be gone, every parameter gets its NUL again.
"""

import copy
import hashlib
import logging
import re
import sys
import zlib
from unittest import mock
from urllib.parse import urlencode, urlsplit

import django
import pytest
import requests
from django.conf import settings
from django.core.signals import got_request_exception
from django.db import transaction
from django.test import Client, override_settings
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from networks.models import Invitation
from organisations import services as organisation_services
from organisations.converters import FIRST_REGISTRY_YEAR
from organisations.forms import MemberStatisticsForm
from organisations.models import AgeBand, Gender
from tests.factories import DistrictFactory
from tests.security import hostile_requests as hostile
from tests.security.matrix_data import ROLES, build_matrix_world
from tests.security.matrix_urls import matrix_urls

pytestmark = pytest.mark.django_db

# One person of each kind. The matrix's other organisation and municipality (member_b,
# officer_y) take the same code paths as member_a and officer_x on A's and X's objects.
KINDS = ("anonymous", "member_a", "officer_x", "coordinator_x", "politician_x", "admin_x",
         "superuser")  # fmt: skip
WALKERS = [role for role in ROLES if role in KINDS]
# Form fields that carry ids and choices (looked up, not only validated as text).
CHOICE_KINDS = {"hidden", "select", "select-none", "radio", "checkbox", "number"}
# The second and later rows of a formset repeat the first (and "__prefix__" is the template
# for new rows): made hostile one field at a time, only the first row is.
LATER_ROW = re.compile(r"-(?:[1-9][0-9]*|__prefix__)-")
TURNED_AWAY = {401, 403, 404}
REQUESTS_LOG = logging.getLogger("django.request")
# The middleware that refuses a NUL in the address before any view (see the docstring).
NUL_MIDDLEWARE = "portal.request_checks.NulMiddleware"


@pytest.fixture(autouse=True)
def _no_network():
    """The walk never leaves the machine: the world's login broker (idp.example.se) cannot
    be reached, as when a real one is down."""
    refused = requests.ConnectionError("the tests reach no other machine")
    with mock.patch.object(requests.adapters.HTTPAdapter, "send", side_effect=refused):
        yield


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("hostile-media")
    with (
        override_settings(MEDIA_ROOT=str(media)),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        world = build_matrix_world()
        _fill_in(world)
        yield world
        transaction.set_rollback(True)


def _fill_in(world):
    """A's board and member counts of this year: their pages then show filled, valid forms,
    and a POST of a form as shown reaches the save (with a hostile year in the path, say)."""
    year, member = timezone.localdate().year, world.users["member_a"]
    board = [
        {"full_name": "Ada Ordförande", "role": "chair", "is_signatory": True},
        {"full_name": "Bo Kassör", "role": "treasurer", "is_signatory": False},
        {"full_name": "Cia Ledamot", "role": "member", "is_signatory": False},
        {"full_name": "Dan Revisor", "role": "auditor", "is_signatory": False},
    ]
    organisation_services.board_save(organisation=world.org_a, year=year, members=board, by=member)
    counts = {(band.value, gender.value): 3 for band in AgeBand for gender in Gender}
    organisation_services.member_statistics_save(
        organisation=world.org_a, year=year, residents_percent=80, counts=counts, by=member
    )


class ErrorLog(logging.Handler):
    """Errors any code logged while answering (a handled exception is an error too). The
    security log's refusals (a forbidden ``_to_field``, say) are answers, not errors; a 500
    shows in the status and in got_request_exception."""

    def __init__(self, errors: list):
        super().__init__(logging.ERROR)
        self.errors = errors

    def emit(self, record):
        if not record.name.startswith(("django.security", "django.request")):
            self.errors.append(f"{record.name}: {record.getMessage()}"[:200])


def _keep_no_rendered_templates(*_args, **_kwargs):
    """Stands in for the test client's record of rendered templates (see Walker)."""


class Walker:
    """One role's client: each request in a rolled-back savepoint, its cookies kept (a
    logout or a new session in a POST does not end the walk), 500s and logged errors kept."""

    def __init__(self, world, role):
        self.role = role
        self.client = Client(raise_request_exception=False)
        if world.users[role] is not None:
            self.client.force_login(world.users[role])
        self.failures: list[str] = []
        self.requests = 0
        self._errors: list[str] = []
        self._log = ErrorLog(self._errors)
        self._sent: set[bytes] = set()
        # The test client keeps a copy of every rendered template's context for
        # response.context; the walk reads none, and the copies cost a share of each request.
        self._no_context_copies = mock.patch(
            "django.test.client.store_rendered_templates", new=_keep_no_rendered_templates
        )

    def __enter__(self):
        got_request_exception.connect(self._remember)
        logging.getLogger().addHandler(self._log)
        self._level = REQUESTS_LOG.level
        REQUESTS_LOG.setLevel(logging.ERROR)  # thousands of 404s and 400s are no news
        self._no_context_copies.start()
        return self

    def __exit__(self, *exc):
        self._no_context_copies.stop()
        got_request_exception.disconnect(self._remember)
        logging.getLogger().removeHandler(self._log)
        REQUESTS_LOG.setLevel(self._level)

    def _remember(self, sender, request, **kwargs):
        self._errors.append(repr(sys.exc_info()[1])[:200])

    def send(self, method: str, url: str, data=None):
        cookies = copy.deepcopy(self.client.cookies)
        self._errors.clear()
        with transaction.atomic():
            response = getattr(self.client, method)(url, data or {})
            # Read to the end: the test client then closes the response without closing
            # the database connection (a second close() would).
            content = b"".join(response) if response.streaming else response.content
            transaction.set_rollback(True)
        self.client.cookies = cookies
        self.requests += 1
        if response.status_code >= 500 or self._errors:
            sent = f" {_short(data)}" if data else ""
            self.failures.append(
                f"{self.role} {method.upper()} {_short(url)}{sent}: "
                f"{response.status_code} {' '.join(self._errors)}"
            )
        return response, content

    def send_once(self, method: str, url: str, data=None):
        """``send``, unless this role sent the same request already (its answer then, None
        now): the same request as the same person takes the same path through the code."""
        items = sorted((name, value) for name, value in (data or {}).items())
        digest = hashlib.blake2b(repr((method, url, items)).encode(), digest_size=16).digest()
        if digest in self._sent:
            return None
        self._sent.add(digest)
        return self.send(method, url, data)

    def check(self):
        listed = "\n".join(self.failures[:40])
        assert not self.failures, f"{len(self.failures)} server errors as {self.role}:\n{listed}"


def _short(value) -> str:
    text = re.sub(r"x{20,}", lambda m: f"x*{len(m[0])}", repr(value))
    text = re.sub(r"'csrfmiddlewaretoken': \[?'\w+'\]?, ", "", text)
    return text if len(text) < 200 else text[:190] + "…"


def _resolves(url: str) -> bool:
    try:
        resolve(urlsplit(url).path)
    except Resolver404:
        return False
    return True


class Walk:
    """The first walk: every URL pattern opened as every role; what the pages offer."""

    def __init__(self, world):
        self.urls = matrix_urls(world)
        self.templates = hostile.route_templates()
        self.valid = {key: resolve(urlsplit(url).path).kwargs for key, url in self.urls.items()}
        self.offered = hostile.Offered()
        self.reached: dict[str, set[str]] = {}  # role -> keys whose view ran past its checks
        self.turned_away: dict[str, set[str]] = {}  # role -> keys: to the login, or 403
        self.post_only: set[str] = set()  # keys that answered a GET with 405
        self._source_parameters: dict[str, set[str]] = {}
        self.failures: list[str] = []
        for role in WALKERS:
            with Walker(world, role) as walker:
                self._open_all(walker)
            self.failures += walker.failures

    def _open_all(self, walker):
        reached, turned_away = self.reached[walker.role], self.turned_away[walker.role] = (
            set(),
            set(),
        )
        links = {}
        for key, url in self.urls.items():
            response, content = walker.send("get", url)
            status = response.status_code
            to_login = status == 302 and "login" in response.get("Location", "")
            if status == 403 or to_login:
                turned_away.add(key)
            if status not in TURNED_AWAY and not to_login:
                reached.add(key)
            if status == 405:
                self.post_only.add(key)
            if status == 200 and response.get("Content-Type", "").startswith("text/html"):
                html = content.decode(errors="replace")
                for linked, path in self.offered.read(url, html, self.urls).items():
                    links.setdefault(linked, path)
        # The matrix opens one object of each kind, which may show no form (A's decided case
        # is read-only, its draft is not): one linked page of each kind that showed none.
        for key, path in links.items():
            if key not in self.offered.forms:
                response, content = walker.send("get", path)
                if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                    self.offered.read(path, content.decode(errors="replace"), self.urls)

    def query_parameters(self, key) -> dict[str, list[str]]:
        """The query parameters of the page, each with the hostile values it gets: those
        the pages offer and the view reads (on the admin's pages the kinds of value its code
        tells apart), and the admin's own change-list and form parameters."""
        if key not in self._source_parameters:  # read once per page, not once per role
            path = urlsplit(self.urls[key]).path
            self._source_parameters[key] = hostile.source_parameters(path)
        names = set(self.offered.query.get(key, ())) | self._source_parameters[key]
        admin = key.startswith(("admin:", "admin/"))
        values = hostile.ADMIN_QUERY_VALUES if admin else hostile.QUERY_VALUES
        parameters = {name: hostile.hostile_values(name, values) for name in names}
        if key.startswith("admin:") and key.endswith("_changelist"):
            for name in hostile.ADMIN_LIST_PARAMETERS:
                parameters.setdefault(name, hostile.ADMIN_VALUES)
        elif key.startswith("admin:") and key.endswith(("_change", "_add")):
            for name in hostile.ADMIN_FORM_PARAMETERS:
                parameters.setdefault(name, hostile.ADMIN_VALUES)
        return parameters

    def takes_turn(self, role: str, key: str, item: str, roles) -> bool:
        """Whether ``role`` is the one of ``roles`` that sends ``item`` to page ``key``."""
        roles = [r for r in WALKERS if r in roles]
        return bool(roles) and roles[zlib.crc32(f"{key} {item}".encode()) % len(roles)] == role

    def sends(self, role: str, key: str, item: str, roles) -> bool:
        """On the portal's pages each of ``roles`` sends ``item``; on the admin's, one of them
        in turn (one code for every role but the rows it shows)."""
        if key.startswith(("admin:", "admin/")):
            return self.takes_turn(role, key, item, roles)
        return role in roles

    def not_turned_away(self, key: str) -> list[str]:
        return [role for role in WALKERS if key not in self.turned_away[role]]

    def reaching(self, key: str) -> list[str]:
        return [role for role in WALKERS if key in self.reached[role]]


@pytest.fixture(scope="module")
def walk(world, django_db_blocker):
    with django_db_blocker.unblock():
        return Walk(world)


def test_every_page_opens_without_a_server_error(walk):
    assert not walk.failures, "\n".join(walk.failures)


def test_the_walk_finds_what_the_pages_offer(walk):
    """The discovery is not vacuous: the filters and drill-downs of the portal, the admin's
    list filters, and the forms of the portal and of the admin are found."""
    query = walk.offered.query
    assert {"q", "municipality"} <= query["organisations:directory"]
    assert {"q", "municipality"} <= query["networks:list"]
    assert any(name.startswith("drill_") for name in query["insights:dashboard_grants"])
    assert {"year_from", "district"} <= query["insights:dashboard"]
    assert "status__exact" in query["admin:grants_application_changelist"]
    assert "sida" in walk.query_parameters("organisations:directory")  # from the view's code
    forms = walk.offered.forms
    assert any("invitation" in names for names in forms["networks:rsvp"])
    assert any("q_syfte" in names for names in forms["grants:application"])
    for key in ("organisations:board", "organisations:members", "admin:grants_application_decide"):
        assert key in forms, key
    assert len(forms) > 100
    assert all(walk.reached[role] for role in WALKERS)


@pytest.mark.parametrize("role", WALKERS)
def test_hostile_path_parameters(world, walk, role):
    """Each parameter of each URL pattern, the others valid: GET, and POST (the form the
    page shows) where the view takes one. An address that no pattern takes is the
    resolver's 404 whoever asks: it is sent once, as the first role; the others go to the
    roles that the view does not turn away before reading its parameters (login, 403). A
    NUL, which the middleware answers before any view, goes once to each page (a GET)."""
    nul_early = _nul_refused_early()
    with Walker(world, role) as walker:
        for key, (template, names) in walk.templates.items():
            forms = [form.data() for _url, form in walk.offered.forms.get(key, {}).values()]
            posts = forms[:1] or ([{}] if key in walk.post_only else [])
            nul_urls = []  # the page's address with a NUL in a parameter, which resolves
            for name in names:
                for value in hostile.hostile_values(name, hostile.PATH_VALUES):
                    url = hostile.fill(template, walk.valid[key], name, value)
                    if not _resolves(url):
                        if role == WALKERS[0]:
                            walker.send_once("get", url)
                    elif nul_early and value == hostile.NUL:
                        nul_urls.append(url)
                    elif walk.sends(role, key, f"{name} {value}", walk.not_turned_away(key)):
                        walker.send_once("get", url)
                        for data in posts:
                            walker.send_once("post", url, data)
            if nul_urls and walk.sends(role, key, "NUL", walk.not_turned_away(key)):
                _send_nul(walker, nul_urls[0], 404)
    walker.check()


def _nul_refused_early() -> bool:
    """Whether NulMiddleware stands before the views (see the module's docstring)."""
    return NUL_MIDDLEWARE in settings.MIDDLEWARE


def _send_nul(walker, url: str, status: int):
    """A request with a NUL in its address, which NulMiddleware answers with ``status``
    before any view: any other answer breaks the premise of sending it once per page."""
    answer = walker.send_once("get", url)
    if answer is not None and answer[0].status_code != status:
        walker.failures.append(
            f"{walker.role} GET {_short(url)}: {answer[0].status_code}, not the {status} of "
            f"{NUL_MIDDLEWARE}: a NUL would have to go to each parameter again"
        )


@pytest.mark.parametrize("role", WALKERS)
def test_hostile_query_parameters(world, walk, role):
    """Each query parameter of each page the role reaches, alone, with each hostile value;
    a NUL, which the middleware answers before any view whatever the parameter, once a
    page."""
    nul_early = _nul_refused_early()
    with Walker(world, role) as walker:
        for key in sorted(walk.reached[role]):
            nul_names = []
            for name, values in sorted(walk.query_parameters(key).items()):
                if nul_early and hostile.NUL in values:
                    nul_names.append(name)
                    values = [value for value in values if value != hostile.NUL]
                if walk.sends(role, key, name, walk.reaching(key)):
                    for value in values:
                        walker.send_once("get", f"{walk.urls[key]}?{urlencode({name: value})}")
            if nul_names and walk.sends(role, key, "NUL", walk.reaching(key)):
                _send_nul(walker, f"{walk.urls[key]}?{urlencode({nul_names[0]: hostile.NUL})}", 400)
    walker.check()


def _alone(key: str, name: str, form) -> list[str]:
    """The hostile values field ``name`` gets on its own (the rest as the page filled it)."""
    if LATER_ROW.search(name):
        return []
    if hostile.MANAGEMENT_FIELD.search(name):
        return hostile.MANAGEMENT_VALUES
    if not key.startswith(("admin:", "admin/")):
        return hostile.hostile_values(name, hostile.FORM_VALUES)
    kind, value = next((kind, value) for field, kind, value, _ in form.fields if field == name)
    if kind not in CHOICE_KINDS or (kind == "checkbox" and value == "on"):  # a yes/no box
        return []
    return hostile.ADMIN_CHOICE_VALUES


@pytest.mark.parametrize("role", WALKERS)
def test_hostile_form_values(world, walk, role):
    """Every form a page shows, posted to its address: all fields hostile at once, then each
    field alone with the rest as the page filled it (on the admin's pages each field that
    carries an id or a choice, with the values that tell its lookups apart; a formset's row
    counts with the values Django's checks tell apart)."""
    with Walker(world, role) as walker:
        for key, forms in walk.offered.forms.items():
            if key not in walk.reached[role]:
                continue
            for names_key, (url, form) in forms.items():
                form_name = " ".join(names_key)
                base = form.data()
                names = [name for name in form.names() if name != "csrfmiddlewaretoken"]
                kept = {  # the buttons, and the row counts of formsets
                    name: value
                    for name, value in base.items()
                    if name not in names or hostile.MANAGEMENT_FIELD.search(name)
                }
                if walk.sends(role, key, form_name, walk.reaching(key)):
                    admin = key.startswith(("admin:", "admin/"))
                    for value in hostile.ADMIN_FORM_VALUES if admin else hostile.FORM_VALUES:
                        walker.send_once("post", url, {**dict.fromkeys(names, value), **kept})
                for name in names:
                    if walk.takes_turn(role, key, f"{form_name} {name}", walk.reaching(key)):
                        for value in _alone(key, name, form):
                            walker.send_once("post", url, {**base, name: value})
    walker.check()


# --- Inputs that once gave a 500, each with the answer it gets now ----------------------------


def _answer(world, role, method, url, data=None):
    client = Client(raise_request_exception=False)
    if world.users[role] is not None:
        client.force_login(world.users[role])
    with transaction.atomic():
        response = getattr(client, method)(url, data or {})
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize("invitation", ["abc", "", "1.5", hostile.NUL, hostile.HUGE])
def test_an_answer_for_no_invitation_of_yours_is_a_404(world, invitation):
    url = reverse("networks:rsvp", args=[world.meeting.pk])
    prefix = f"i{world.meeting_invitation.pk}"
    data = {"invitation": invitation, f"{prefix}-response": "yes", f"{prefix}-places": "2"}
    assert _answer(world, "member_a", "post", url, data).status_code == 404
    world.meeting_invitation.refresh_from_db()
    assert world.meeting_invitation.response == Invitation.Response.NO_ANSWER


def test_the_registry_has_pages_for_its_years_only(world):
    """A board or member-count page of a year the registry does not keep (year 0 linked to
    year -1; 99999 overflowed the database's small integer) is no page: 404."""
    pk, this_year = world.org_a.pk, timezone.localdate().year
    board = _answer(world, "member_a", "get", f"/foreningar/{pk}/styrelse/{this_year}/")
    assert board.status_code == 200
    assert f"/foreningar/{pk}/styrelse/{this_year - 1}/" in board.content.decode()
    first = _answer(world, "member_a", "get", f"/foreningar/{pk}/styrelse/{FIRST_REGISTRY_YEAR}/")
    assert first.status_code == 200
    assert f"/styrelse/{FIRST_REGISTRY_YEAR - 1}/" not in first.content.decode()
    counts = {"residents_percent": "50"} | {
        MemberStatisticsForm.cell(band, gender): "1" for band in AgeBand for gender in Gender
    }
    for year in [0, FIRST_REGISTRY_YEAR - 1, this_year + 2, 32768, 99999]:
        for page in ("styrelse", "medlemmar"):
            url = f"/foreningar/{pk}/{page}/{year}/"
            assert _answer(world, "member_a", "get", url).status_code == 404, url
            assert _answer(world, "member_a", "post", url, counts).status_code == 404, url


def test_a_drill_down_to_a_row_the_municipality_has_not_is_a_404(world):
    url = reverse("insights:dashboard_grants", args=[world.x.slug])
    district_y = DistrictFactory(municipality=world.y)
    for value in ["abc", "1.5", hostile.HUGE, hostile.LONG, str(district_y.pk)]:
        answer = _answer(world, "officer_x", "get", url, {"drill_district": value})
        assert answer.status_code == 404, value
    for value in ["none", "", str(world.x.districts.first().pk)]:
        answer = _answer(world, "officer_x", "get", url, {"drill_district": value})
        assert answer.status_code == 200, value
    assert _answer(world, "officer_x", "get", url, {"drill_kind": "abc"}).status_code == 404


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/foreningar/?municipality=%00", 400),
        ("/natverk/?municipality=%00", 400),
        ("/bidrag/?kommun=%00", 400),
        ("/admin/grants/application/?status__exact=%00", 400),
        ("/foreningar/inbjudan/%00/", 404),
        ("/konto/oidc/%00/login/", 404),
    ],
)
def test_a_nul_in_the_address_is_refused(world, url, status):
    """PostgreSQL cannot compare a NUL: in the path no page has one (404); in the query the
    request cannot be read (400), with a page that says so."""
    answer = _answer(world, "superuser", "get", url)
    assert answer.status_code == status
    if status == 400:
        assert "Adressen är inte giltig" in answer.content.decode()


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/admin/grants/call/", "opens_at__year"),
        ("/admin/portal/auditevent/", "created_at__year"),
        ("/admin/portal/notification/", "created_at__year"),
        ("/admin/django_celery_beat/periodictask/", "start_time__year"),
    ],
)
def test_an_admin_list_takes_a_year_beyond_any_date_as_a_wrong_filter(world, url, parameter):
    answer = _answer(world, "superuser", "get", url, {parameter: hostile.HUGE})
    assert answer.status_code == 302  # the list again, with Django's note on a wrong filter
    assert answer["Location"].endswith("?e=1")


def test_an_unreachable_login_broker_ends_on_the_login_failed_page(world):
    url = reverse("openid_connect_login", kwargs={"provider_id": "matrix-idp"})
    answer = _answer(world, "anonymous", "post", url)
    assert answer.status_code == 401  # allauth's "login failed" page, not a 500
    assert "socialaccount/authentication_error.html" in [t.name for t in answer.templates]


def test_an_action_update_sent_on_to_no_address_goes_to_my_page(world):
    url = reverse("networks:action_status", args=[world.action.pk])
    for target in ["abc", "-1", hostile.HUGE, "//evil.example/"]:
        answer = _answer(world, "coordinator_x", "post", url, {"status": "open", "next": target})
        assert answer.status_code == 302
        assert answer["Location"] == reverse("portal:my_page"), target


def test_a_message_with_a_nul_is_refused_with_a_message(world):
    url = reverse("grants:message", args=[world.application.pk])
    before = world.application.messages.count()
    answer = _answer(world, "member_a", "post", url, {"body": "Hej\x00då"})
    assert answer.status_code == 302
    assert world.application.messages.count() == before


def test_an_admin_inline_out_of_step_with_the_stored_rows_is_refused(world):
    """Fewer stored rows in the management form than the page carries (a tampered or
    out-of-date page) saved the stored rows again as new ones: a duplicate key."""
    programme = world.application.call.programme
    url = reverse("admin:grants_grantprogramme_change", args=[programme.pk])
    client = Client(raise_request_exception=False)
    client.force_login(world.users["superuser"])
    page = hostile.PageParser()
    page.feed(client.get(url).content.decode())
    form = next(form for form in page.forms if "questions-INITIAL_FORMS" in form.names())
    data = {**form.data(), "questions-INITIAL_FORMS": "0"}
    answer = _answer(world, "superuser", "post", url, data)
    assert answer.status_code == 200  # the form again, with what was typed
    html = answer.content.decode()
    assert 'class="errornote"' in html
    if django.VERSION < (6, 0):  # newer Django refuses such rows itself, in its own words
        assert "Sidan är inaktuell" in html
    assert programme.questions.count() == 2
