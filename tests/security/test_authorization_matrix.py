"""The authorisation matrix: every URL pattern of the portal (from the resolver, the admin
included) requested as every role, against the expected answers in matrix_expectations.
A new URL pattern without a row fails; so does a row whose pattern is gone. POST-only
views that decide, pay, submit, answer or run admin actions are posted to by roles that
must not, and nothing may change."""

from urllib.parse import urlparse

import pytest
from django.contrib import admin
from django.core.signals import got_request_exception
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from grants.models import Application, Decision, PayoutBatch
from networks.models import Invitation
from organisations.models import EligibilityPeriod, Organisation
from portal.admin.mixins import MunicipalityScopedAdmin
from tests.security.matrix_data import ROLES, build_matrix_world
from tests.security.matrix_expectations import LOGIN, MATRIX, NEWER_DEPENDENCIES, RD
from tests.security.matrix_urls import matrix_urls, url_patterns

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module inside a transaction that is rolled back at its end; each
    test runs in a savepoint within it (pytest-django's ``db``)."""
    media = tmp_path_factory.mktemp("matrix-media")
    with (
        override_settings(MEDIA_ROOT=str(media)),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield build_matrix_world()
        transaction.set_rollback(True)


def client_for(world, role) -> Client:
    client = Client(raise_request_exception=False)  # a 500 is an answer to report, too
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


def _is_login(response) -> bool:
    path = urlparse(response.get("Location", "")).path
    return path in (reverse("account_login"), reverse("admin:login"))


def answered_as(response, expected) -> bool:
    if expected == LOGIN:
        return response.status_code == 302 and _is_login(response)
    if expected == RD:
        return response.status_code == 302 and not _is_login(response)
    return response.status_code == expected


def describe(response) -> str:
    if response.status_code in (301, 302):
        return f"{response.status_code} to {response['Location']}"
    return str(response.status_code)


def test_every_url_pattern_has_a_row_in_the_matrix():
    """A new page must be given its rule here before it ships (and a removed one dropped)."""
    patterns = set(url_patterns())
    missing = sorted(patterns - set(MATRIX))
    stale = sorted(set(MATRIX) - patterns - set(NEWER_DEPENDENCIES))
    assert not missing, f"URL patterns without a row in the matrix: {missing}"
    assert not stale, f"rows in the matrix for URL patterns that no longer exist: {stale}"


def test_every_row_has_an_answer_for_every_role():
    assert {key: len(row) for key, row in MATRIX.items() if len(row) != len(ROLES)} == {}


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_the_role_as_the_matrix_says(world, role):
    client = client_for(world, role)
    column = ROLES.index(role)
    errors = []

    def remember(sender, request, **kwargs):
        errors.append(f"{request.path}: {kwargs.get('exception', '')!r}"[:300])

    got_request_exception.connect(remember)
    wrong = []
    try:
        for key, url in matrix_urls(world).items():
            if key not in MATRIX:
                continue  # reported by test_every_url_pattern_has_a_row_in_the_matrix
            expected = MATRIX[key][column]
            response = client.get(url)
            if not answered_as(response, expected):
                wrong.append(f"{key} ({url}): expected {expected}, got {describe(response)}")
    finally:
        got_request_exception.disconnect(remember)
    assert not wrong, f"{role}:\n" + "\n".join(wrong + errors)


def _change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def _changelist(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_changelist")


def test_admin_lists_never_show_another_municipalitys_rows(world):
    """Status codes cannot tell which rows a list shows: X's object is listed for X's
    municipal administrator and absent from every list officer Y may open, and so are the
    names of X's committee, programme, call, organisation and network (list filters)."""
    scoped = {
        model._meta.label_lower
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, MunicipalityScopedAdmin)
    }
    assert scoped <= set(world.admin_objects)
    own, other = client_for(world, "admin_x"), client_for(world, "officer_y")
    application = world.application
    # Names of X's things that list filters (committee, call, programme...) would show.
    programme = application.call.programme
    names = [programme.committee.name, programme.name, application.call.title,
             world.org_a.name, world.x.name, world.network.name]  # fmt: skip
    cases = client_for(world, "superuser").get(_changelist(application)).content.decode()
    assert [name for name in names[:4] if name not in cases] == []  # the names would show
    opened = 0
    for label in sorted(scoped):
        obj = world.admin_objects[label]
        assert _change_url(obj) in own.get(_changelist(obj)).content.decode(), label
        response = other.get(_changelist(obj))
        if response.status_code == 200:
            opened += 1
            page = response.content.decode()
            assert _change_url(obj) not in page, label
            assert [name for name in names if name in page] == [], label
    assert opened >= 15  # officer Y opens most lists: the check above is not vacuous


def test_objects_of_municipality_y_are_not_found_from_x(world):
    """The other direction, on a sample: X's roles on Y's organisation and case."""
    c, case = world.org_c, world.application_c
    sample = {
        "officer_x": [
            reverse("admin:grants_application_change", args=[case.pk]),
            reverse("admin:grants_application_decide", args=[case.pk]),
            reverse("admin:organisations_organisation_change", args=[c.pk]),
            reverse("insights:dashboard", args=[world.y.slug]),
        ],
        "admin_x": [
            reverse("admin:grants_application_letter", args=[case.pk]),
            reverse("admin:organisations_organisation_history", args=[c.pk]),
        ],
        "member_a": [
            reverse("organisations:detail", args=[c.pk]),
            reverse("grants:application", args=[case.pk]),
        ],
    }
    for role, urls in sample.items():
        client = client_for(world, role)
        assert {url: client.get(url).status_code for url in urls} == dict.fromkeys(urls, 404)


# --- POSTs by roles that must not: refused, and nothing changes -------------------------------

OUTSIDERS = ["anonymous", "member_a", "member_b", "politician_x", "officer_y", "coordinator_x"]
ADMIN_REFUSAL = {"anonymous": LOGIN, "member_a": LOGIN, "member_b": LOGIN,
                 "politician_x": LOGIN, "officer_y": 404, "coordinator_x": 403}  # fmt: skip


def _post_as(world, role, url, data):
    return client_for(world, role).post(url, data)


def test_only_the_municipalitys_officer_decides_a_case(world):
    case = world.application_open
    url = reverse("admin:grants_application_decide", args=[case.pk])
    data = {"outcome": "approved", "amount": "5000", "reasons": "Bra.",
            "decided_by_kind": "delegated_officer"}  # fmt: skip
    for role in OUTSIDERS:
        assert answered_as(_post_as(world, role, url, data), ADMIN_REFUSAL[role]), role
    case.refresh_from_db()
    assert case.status == Application.Status.SUBMITTED
    assert not Decision.objects.filter(application=case).exists()
    assert _post_as(world, "officer_x", url, data).status_code == 302  # the same post works
    assert Decision.objects.get(application=case).amount == 5000


def test_only_the_municipalitys_officer_moves_a_payout_batch(world):
    batch = world.batch
    url = reverse("admin:grants_payoutbatch_status", args=[batch.pk])
    for role in OUTSIDERS:
        response = _post_as(world, role, url, {"status": PayoutBatch.Status.SENT})
        assert answered_as(response, ADMIN_REFUSAL[role]), role
    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.PLANNED
    _post_as(world, "officer_x", url, {"status": PayoutBatch.Status.SENT})
    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.SENT


def test_only_the_organisations_people_submit_its_application(world):
    draft = world.application_draft
    url = reverse("grants:application", args=[draft.pk])
    data = {"action": "submit", "q_syfte": "Något annat"}
    for role in ROLES:
        if role in ("member_a", "superuser"):
            continue
        expected = LOGIN if role == "anonymous" else 404
        assert answered_as(_post_as(world, role, url, data), expected), role
    draft.refresh_from_db()
    assert draft.status == Application.Status.DRAFT
    assert "q_syfte" not in draft.answers
    start = reverse("grants:start", args=[draft.call_id])
    before = Application.objects.count()
    assert _post_as(world, "member_b", start, {"organisation": world.org_a.pk}).status_code == 404
    assert Application.objects.count() == before
    assert _post_as(world, "member_a", url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.status == Application.Status.SUBMITTED


def test_only_the_invited_member_answers_an_invitation(world):
    invitation = world.meeting_invitation
    url = reverse("networks:rsvp", args=[world.meeting.pk])
    prefix = f"i{invitation.pk}"
    data = {"invitation": invitation.pk, f"{prefix}-response": "yes", f"{prefix}-places": "2"}
    for role in ROLES:
        if role == "member_a":
            continue
        expected = LOGIN if role == "anonymous" else 404
        assert answered_as(_post_as(world, role, url, data), expected), role
    invitation.refresh_from_db()
    assert invitation.response == Invitation.Response.NO_ANSWER
    _post_as(world, "member_a", url, data)
    invitation.refresh_from_db()
    assert (invitation.response, invitation.places) == (Invitation.Response.YES, 2)


def test_admin_actions_touch_only_rows_the_role_may_change(world):
    """A list action posted with another municipality's ids does nothing (the list only
    holds the role's own rows); a role that may only view a list runs none of its actions."""
    case, pending = world.application_open, world.org_pending
    batch_decision = {
        "action": "decide_in_batch", "_selected_action": [case.pk], "apply": "1",
        "outcome": "approved", "reasons": "Bra.", "decided_by_kind": "delegated_officer",
    }  # fmt: skip
    cases = reverse("admin:grants_application_changelist")
    organisations = reverse("admin:organisations_organisation_changelist")
    for role, expected in [("officer_y", RD), ("coordinator_x", 403), ("politician_x", LOGIN)]:
        assert answered_as(_post_as(world, role, cases, batch_decision), expected), role
    assert not Decision.objects.filter(application=case).exists()

    for action in ("approve_selected", "grant_eligibility_selected"):
        data = {"action": action, "_selected_action": [pending.pk, world.org_b.pk]}
        for role in ("officer_y", "coordinator_x", "member_b"):
            _post_as(world, role, organisations, data)
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.PENDING
    assert EligibilityPeriod.objects.filter(organisation=world.org_b).count() == 1

    data = {"action": "approve_selected", "_selected_action": [pending.pk]}
    _post_as(world, "officer_x", organisations, data)
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.APPROVED  # the officer of X may


def test_only_the_municipalitys_coordinator_decides_a_join_request(world):
    request = world.join_request
    url = reverse("admin:networks_network_join_decide", args=[world.network.pk, request.pk])
    refusal = {**ADMIN_REFUSAL, "officer_x": 403, "coordinator_x": None}
    for role, expected in refusal.items():
        if expected is not None:
            assert answered_as(_post_as(world, role, url, {"decision": "accept"}), expected), role
    request.refresh_from_db()
    assert request.status == request.Status.REQUESTED


def test_another_organisations_people_change_nothing_of_a(world):
    """Member B (and officer Y) posting to A's document, case thread and network action."""
    document, case, action = world.document, world.application, world.action
    posts = [
        (reverse("organisations:document_delete", args=[world.org_a.pk, document.pk]), {}),
        (reverse("grants:message", args=[case.pk]), {"body": "Hej från B"}),
        (reverse("networks:action_status", args=[action.pk]), {"status": "done"}),
    ]
    messages = case.messages.count()
    for role in ("member_b", "officer_y"):
        for url, data in posts:
            assert _post_as(world, role, url, data).status_code == 404, (role, url)
    assert type(document).objects.filter(pk=document.pk).exists()
    assert case.messages.count() == messages
    action.refresh_from_db()
    assert action.status == "open"
