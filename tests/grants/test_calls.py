"""Calls: the time window (Stockholm time), late deductions, who may apply and why not."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.models import LateDeduction
from grants.selectors import ineligibility_reasons, late_status, open_calls
from grants.selectors.calls import ineligibility_reasons_by_organisation
from organisations.models import Document, EligibilityPeriod
from tests.factories import (
    CallFactory,
    DistrictFactory,
    GrantProgrammeFactory,
    MembershipFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def test_window_edges_in_stockholm_time():
    # Closes 25 February 23:59 Stockholm time (22:59 UTC in winter).
    closes = datetime(2027, 2, 25, 23, 59, tzinfo=STOCKHOLM)
    call = CallFactory(opens_at=datetime(2027, 1, 1, tzinfo=STOCKHOLM), closes_at=closes)
    just_before = datetime(2027, 2, 25, 22, 58, 59, tzinfo=UTC)
    at_close = datetime(2027, 2, 25, 22, 59, tzinfo=UTC)
    assert call.is_open(just_before)
    assert not call.is_open(at_close)
    assert list(open_calls(at=just_before)) == [call]
    assert list(open_calls(at=at_close)) == []
    assert list(open_calls(at=datetime(2026, 12, 31, 22, 59, tzinfo=UTC))) == []  # not yet open


def test_summer_time_closing():
    closes = datetime(2027, 8, 25, 12, 0, tzinfo=STOCKHOLM)  # 10:00 UTC in summer
    call = CallFactory(opens_at=datetime(2027, 8, 1, tzinfo=STOCKHOLM), closes_at=closes)
    assert call.is_open(datetime(2027, 8, 25, 9, 59, tzinfo=UTC))
    assert not call.is_open(datetime(2027, 8, 25, 10, 0, tzinfo=UTC))


def test_rolling_call_stays_open():
    call = CallFactory(closes_at=None)
    assert call.is_rolling
    assert call in open_calls(at=timezone.now() + timedelta(days=3650))


def test_late_applications_refused_or_deducted():
    call = CallFactory(
        opens_at=timezone.now() - timedelta(days=30),
        closes_at=timezone.now() - timedelta(days=3, hours=1),
    )
    assert late_status(call).accepted is False  # the programme does not accept late ones
    programme = call.programme
    programme.accepts_late_applications = True
    programme.save()
    LateDeduction.objects.create(programme=programme, days_late=7, percent=25)
    LateDeduction.objects.create(programme=programme, days_late=14, percent=50)
    status = late_status(call)
    assert (status.accepted, status.deduction_percent) == (True, 25)
    assert late_status(call, at=call.closes_at + timedelta(days=10)).deduction_percent == 50
    assert late_status(call, at=call.closes_at + timedelta(days=15)).accepted is False
    assert late_status(call, at=call.closes_at - timedelta(seconds=1)).deduction_percent == 0


@pytest.fixture
def eligible_org():
    organisation = OrganisationFactory(approved=True)
    EligibilityPeriod.objects.create(
        organisation=organisation,
        valid_from=timezone.localdate() - timedelta(days=1),
        valid_until=timezone.localdate() + timedelta(days=300),
    )
    return organisation


def call_for(organisation, **programme_options):
    programme = GrantProgrammeFactory(
        committee__municipality=organisation.municipality, **programme_options
    )
    return CallFactory(programme=programme)


def test_eligible_organisation_may_apply(eligible_org):
    assert ineligibility_reasons(call_for(eligible_org), eligible_org) == []


def test_reasons_explain_why_not(eligible_org):
    informal = OrganisationFactory(
        informal=True, approved=True, municipality=eligible_org.municipality
    )
    assert "informella grupper" in ineligibility_reasons(call_for(informal), informal)[0].lower()
    assert ineligibility_reasons(call_for(informal, informal_groups_allowed=True), informal) == []

    pending = OrganisationFactory(municipality=eligible_org.municipality)
    assert "inte godkänts" in " ".join(ineligibility_reasons(call_for(pending), pending))

    not_eligible = OrganisationFactory(approved=True, municipality=eligible_org.municipality)
    assert "bidragsberättigad" in " ".join(
        ineligibility_reasons(call_for(not_eligible), not_eligible)
    )

    other_municipality = CallFactory()
    assert "Testkommun" in " ".join(ineligibility_reasons(other_municipality, eligible_org))

    with_docs = call_for(eligible_org, required_documents=["stadgar"])
    assert "Stadgar" in " ".join(ineligibility_reasons(with_docs, eligible_org))
    Document.objects.create(
        organisation=eligible_org,
        year=2026,
        kind="stadgar",
        file="x",
        original_name="s.pdf",
        content_type="application/pdf",
        size=1,
    )
    assert ineligibility_reasons(with_docs, eligible_org) == []

    district_call = call_for(eligible_org)
    district_call.programme.districts.add(
        DistrictFactory(municipality=eligible_org.municipality, name="Boo")
    )
    assert "Boo" in " ".join(ineligibility_reasons(district_call, eligible_org))


@pytest.mark.parametrize(
    ("starts", "ends", "revoked", "eligible"),
    [
        (-1, 300, False, True),
        (0, 30, False, True),  # its first day: today
        (-30, 0, False, True),  # its last day: today
        (1, 300, False, False),  # not yet
        (-300, -1, False, False),  # ended yesterday
        (-1, 300, True, False),  # revoked
    ],
)
def test_one_organisation_is_judged_as_in_a_list(starts, ends, revoked, eligible):
    """The submit's path (one statement for the registry's facts) and the call page's
    (querysets for all of a person's organisations) give the same reasons."""
    organisation = OrganisationFactory(approved=True)
    today = timezone.localdate()
    EligibilityPeriod.objects.create(
        organisation=organisation,
        valid_from=today + timedelta(days=starts),
        valid_until=today + timedelta(days=ends),
        revoked_at=timezone.now() if revoked else None,
    )
    call = call_for(organisation)
    one = ineligibility_reasons(call, organisation)
    assert one == ineligibility_reasons_by_organisation(call, [organisation])[organisation.pk]
    assert (one == []) is eligible


def test_documents_and_districts_are_judged_alike_in_one_statement(
    eligible_org, django_assert_num_queries
):
    call = call_for(eligible_org, required_documents=["stadgar", "arsmotesprotokoll"])
    for kind in ("stadgar", "stadgar", "verksamhetsberattelse"):
        Document.objects.create(
            organisation=eligible_org, year=2026, kind=kind, file="x",
            original_name="d.pdf", content_type="application/pdf", size=1,
        )  # fmt: skip
    home = DistrictFactory(municipality=eligible_org.municipality, name="Fisksätra")
    eligible_org.district = home
    eligible_org.save()
    call.programme.districts.add(home, DistrictFactory(municipality=eligible_org.municipality))
    with django_assert_num_queries(1):  # inside the districts: their names are not needed
        one = ineligibility_reasons(call, eligible_org)
    assert one == ineligibility_reasons_by_organisation(call, [eligible_org])[eligible_org.pk]
    assert len(one) == 1
    assert "Stadgar" not in one[0]

    call.programme.districts.set([DistrictFactory(municipality=eligible_org.municipality)])
    one = ineligibility_reasons(call, eligible_org)
    assert one == ineligibility_reasons_by_organisation(call, [eligible_org])[eligible_org.pk]
    assert len(one) == 2  # outside the programme's district, and a document missing


def test_public_call_list_and_detail(client, eligible_org):
    open_call = call_for(eligible_org)
    closed = CallFactory(
        opens_at=timezone.now() - timedelta(days=9), closes_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(reverse("grants:calls"))
    assert list(response.context["calls"]) == [open_call]
    assert closed.title not in response.content.decode()
    detail = client.get(reverse("grants:call", args=[open_call.pk]))
    assert detail.status_code == 200
    assert "Logga in" in detail.content.decode()


def test_call_detail_shows_eligibility_per_own_organisation(client, eligible_org):
    call = call_for(eligible_org)
    member = MembershipFactory(organisation=eligible_org).user
    other = MembershipFactory(
        user=member, organisation__municipality=eligible_org.municipality
    ).organisation  # the same person, in an organisation that is not eligible
    client.force_login(member)
    response = client.get(reverse("grants:call", args=[call.pk]))
    reasons = {org.pk: r for org, r, _application in response.context["organisations"]}
    assert reasons[eligible_org.pk] == []
    assert reasons[other.pk]  # and the page says why


def test_call_list_query_count_is_constant(client, eligible_org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(5):
        call_for(eligible_org)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("grants:calls"))
    for _ in range(20):
        call_for(eligible_org).programme.districts.add(
            DistrictFactory(municipality=eligible_org.municipality)
        )
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("grants:calls"))
    assert len(few) == len(many)
