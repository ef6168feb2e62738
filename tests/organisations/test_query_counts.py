"""No N+1 on the registry's list pages: each page is rendered with a few rows, then with
many more of the same kind, and must take the same number of queries."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from organisations.models import (
    ActivityArea,
    AgeBand,
    BoardMember,
    Document,
    DocumentKind,
    EligibilityPeriod,
    Gender,
    Invitation,
    MemberCount,
    Membership,
    MemberStatistics,
    PayoutAccount,
    RegistryPolicy,
)
from portal.models import AuditEvent, Role
from portal.services import role_assign
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def responsible(world):
    """The responsible person of an approved association in municipality X."""
    return MembershipFactory(organisation__municipality=world.x, organisation__approved=True)


def _document(organisation, kind=DocumentKind.ARSMOTESPROTOKOLL, year=YEAR, by=None):
    return Document.objects.create(
        organisation=organisation, year=year, kind=kind, file=f"organisations/{year}/x",
        original_name=f"dokument-{Document.objects.count()}.pdf",
        content_type="application/pdf", size=1000, uploaded_by=by or UserFactory(),
    )  # fmt: skip


def _board(organisation, count, year=YEAR):
    for _ in range(count):
        BoardMember.objects.create(
            organisation=organisation, year=year, role=BoardMember.Role.MEMBER,
            full_name=f"Ledamot {BoardMember.objects.count()}",
        )  # fmt: skip


# --- the association's pages ------------------------------------------------------------


def test_people_query_count_is_constant(client, responsible):
    organisation = responsible.organisation
    MembershipFactory.create_batch(2, organisation=organisation, role=Membership.Role.MEMBER)
    client.force_login(responsible.user)

    def grow():
        MembershipFactory.create_batch(15, organisation=organisation, role=Membership.Role.MEMBER)
        for n in range(10):
            Invitation.objects.create(
                organisation=organisation, email=f"inbjuden{n}@example.se", invited_by=None
            )

    page = assert_constant_queries(
        client, reverse("organisations:people", args=[organisation.pk]), grow
    ).content.decode()
    for membership in organisation.memberships.select_related("user"):
        assert membership.user.email in page
    assert page.count("@example.se</td>") >= 10


def test_documents_query_count_is_constant(client, responsible):
    organisation = responsible.organisation
    _document(organisation)
    client.force_login(responsible.user)

    def grow():
        for n in range(20):
            _document(organisation, year=YEAR - n % 3)

    page = assert_constant_queries(
        client, reverse("organisations:documents", args=[organisation.pk]), grow
    ).content.decode()
    assert page.count(".pdf</a>") == 21


def test_board_query_count_is_constant(client, responsible):
    organisation = responsible.organisation
    _board(organisation, 2)
    client.force_login(responsible.user)
    page = assert_constant_queries(
        client,
        reverse("organisations:board", args=[organisation.pk, YEAR]),
        lambda: _board(organisation, 15),
    ).content.decode()
    assert page.count('value="Ledamot ') == 17


def test_members_query_count_is_constant(client, responsible):
    organisation = responsible.organisation
    statistics = MemberStatistics.objects.create(
        organisation=organisation, year=YEAR, residents_percent=80
    )
    cells = [(band, gender) for band in AgeBand for gender in Gender]
    for band, gender in cells[:2]:
        MemberCount.objects.create(statistics=statistics, age_band=band, gender=gender, count=1)
    client.force_login(responsible.user)

    def grow():
        for n, (band, gender) in enumerate(cells[2:]):
            MemberCount.objects.create(
                statistics=statistics, age_band=band, gender=gender, count=900 + n
            )

    page = assert_constant_queries(
        client, reverse("organisations:members", args=[organisation.pk, YEAR]), grow
    ).content.decode()
    assert all(f'value="{900 + n}"' in page for n in range(len(cells) - 2))


def test_detail_query_count_is_constant(client, responsible):
    """The overview's checklist reads the board, documents and eligibility of the year."""
    organisation = responsible.organisation
    _board(organisation, 1)
    client.force_login(responsible.user)

    def grow():
        _board(organisation, 12)
        for kind in DocumentKind:
            _document(organisation, kind=kind)
        for n in range(5):
            EligibilityPeriod.objects.create(
                organisation=organisation,
                valid_from=date(2020 + n, 1, 1),
                valid_until=timezone.localdate() + timedelta(days=10 + n),
            )

    response = assert_constant_queries(
        client, reverse("organisations:detail", args=[organisation.pk]), grow
    )
    done = {str(item.label): item.done for item in response.context["checklist"]}
    assert done[f"Styrelse för {YEAR} (minst 3 personer)"]
    assert response.context["eligibility"] is not None


# --- the admin ----------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["officer_x", "superuser"])
def test_organisation_change_page_query_count_is_constant(client, world, responsible, user):
    """The organisation's admin page: its people, eligibility, board, documents and the
    audit trail, for the officer as for the portal administrator."""
    organisation = responsible.organisation

    def add_rows(count):
        for n in range(count):
            EligibilityPeriod.objects.create(
                organisation=organisation, valid_from=date(2000 + n, 1, 1),
                valid_until=date(2000 + n, 12, 31), granted_by=UserFactory(),
            )  # fmt: skip
            BoardMember.objects.create(
                organisation=organisation, year=2000 + n, role=BoardMember.Role.MEMBER,
                full_name=f"Styrelseledamot {n}",
            )  # fmt: skip
            _document(organisation, year=2000 + n)
            MembershipFactory(organisation=organisation, role=Membership.Role.MEMBER)
            AuditEvent.objects.create(
                actor=UserFactory(), municipality=world.x, action="organisation.changed",
                target_type="organisations.organisation", target_id=str(organisation.pk),
                target_repr=organisation.name,
            )  # fmt: skip

    add_rows(2)
    client.force_login(world.users[user])
    response = assert_constant_queries(
        client,
        reverse("admin:organisations_organisation_change", args=[organisation.pk]),
        lambda: add_rows(15),
    )
    page = response.content.decode()
    inlines = {
        formset.formset.model.__name__: len(formset.formset.forms)
        for formset in response.context["inline_admin_formsets"]
    }
    assert inlines["Membership"] == 18
    assert page.count(f"ändrade ”{organisation.name}” (organisation)") >= 17  # audit trail
    assert inlines["EligibilityPeriod"] == inlines["Document"] == 17
    assert page.count("Styrelseledamot ") >= 17


@pytest.mark.parametrize(
    ("user", "changelist", "add"),
    [
        ("officer_x", "payoutaccount", "payout_account"),
        ("admin_x", "registrypolicy", "registry_policy"),
        ("officer_x", "activityarea", "activity_area"),
    ],
)
def test_changelist_query_count_is_constant(client, world, user, changelist, add):
    """Registry policies are one per municipality: the administrator holds the role in
    several municipalities."""
    person = world.users[user]

    def payout_account(n):
        organisation = OrganisationFactory(municipality=world.x, name=f"Radföreningen {n}")
        PayoutAccount.objects.create(
            organisation=organisation, method="bankgiro", number="5050-1055",
            account_holder=organisation.name, registered_by=UserFactory(),
        )  # fmt: skip

    def registry_policy(n):
        municipality = MunicipalityFactory(name=f"Radkommun {n}")
        role_assign(user=person, municipality=municipality, role=Role.MUNICIPAL_ADMIN)
        RegistryPolicy.objects.create(municipality=municipality)

    def activity_area(n):
        ActivityArea.objects.create(name=f"Radområde {n}", slug=f"radomrade-{n}")

    make = {"payout_account": payout_account, "registry_policy": registry_policy,
            "activity_area": activity_area}[add]  # fmt: skip
    for n in range(2):
        make(n)
    client.force_login(person)
    response = assert_constant_queries(
        client,
        reverse(f"admin:organisations_{changelist}_changelist"),
        lambda: [make(n) for n in range(2, 22)],
    )
    assert response.content.decode().count("Rad") >= 22
    assert len(response.context["cl"].result_list) >= 22
