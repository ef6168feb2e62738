"""No N+1 on the core's list pages: each page is rendered with a few rows, then with many
more of the same kind, and must take the same number of queries.

Already covered elsewhere: the dashboard (test_dashboard.py), the district changelist
(test_admin.py) and my page's network actions (tests/networks/)."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from insights.models import DashboardReport
from insights.rollups import rollups_refresh
from organisations.models import Membership
from portal.models import AuditEvent, Notification, ReminderPolicy, Role
from portal.services import role_assign
from tests.factories import (
    CallFactory,
    CommitteeFactory,
    DistrictFactory,
    FocusAreaFactory,
    GrantProgrammeFactory,
    MunicipalityFactory,
    NetworkFactory,
    OrganisationFactory,
    TargetGroupFactory,
    UserFactory,
)
from tests.grants.helpers import decide, submitted
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db


def _name(prefix):
    """A unique, recognisable name: the tests count them in the page."""
    _name.n = getattr(_name, "n", 0) + 1
    return f"{prefix} {_name.n}"


def _count(response, prefix):
    return response.content.decode().count(f"{prefix} ")


# --- the portal's pages ---------------------------------------------------------------------


def test_home_query_count_is_constant(client, world):
    """The start page lists the municipalities with their focus areas."""

    def add(count):
        for _ in range(count):
            municipality = MunicipalityFactory(name=_name("Radkommun"))
            for _ in range(2):
                FocusAreaFactory(municipality=municipality, name=_name("Radområde"))

    add(1)
    response = assert_constant_queries(client, reverse("portal:home"), lambda: add(10))
    assert _count(response, "Radkommun") == 11
    assert _count(response, "Radområde") == 22


def test_municipality_query_count_is_constant(client, world):
    """A municipality's page: focus areas, public networks, committees, districts and
    target groups."""
    x = world.x

    def add(count):
        for _ in range(count):
            FocusAreaFactory(municipality=x, name=_name("Radområde"))
            NetworkFactory(municipality=x, visibility="public", name=_name("Radnätverk"))
            CommitteeFactory(municipality=x, name=_name("Radnämnd"))
            DistrictFactory(municipality=x, name=_name("Raddel"))
            TargetGroupFactory(municipality=x, name=_name("Radgrupp"))

    add(1)
    response = assert_constant_queries(
        client, reverse("portal:municipality", args=[x.slug]), lambda: add(10)
    )
    for prefix in ("Radområde", "Radnätverk", "Radnämnd", "Raddel", "Radgrupp"):
        assert _count(response, prefix) == 11, prefix
    # the apps' sections: the decided grants (grants) and the public networks (networks)
    assert reverse("grants:granted", args=[x.slug]) in response.content.decode()


def test_reports_query_count_is_constant(client, world):
    """The municipality's stored reports, listed for politicians."""

    def add(months):
        for month in months:
            DashboardReport.objects.create(
                municipality=world.x, kind=DashboardReport.Kind.MONTHLY,
                period_start=date(2025, month, 1), period_end=date(2025, month, 28),
                title=_name("Månadsrapport"), content=b"<html></html>",
                content_type="text/html", filename="rapport.html",
            )  # fmt: skip

    add([1])
    client.force_login(world.users["politician_x"])
    response = assert_constant_queries(
        client, reverse("insights:reports", args=[world.x.slug]), lambda: add(range(2, 13))
    )
    assert _count(response, "Månadsrapport") == 12


def test_my_page_query_count_is_constant(client, world):
    """My page: my organisations (sole responsible in each, which also blocks removing the
    account) and my roles in several municipalities."""
    user = UserFactory()

    def add(count):
        for _ in range(count):
            municipality = MunicipalityFactory(name=_name("Radkommun"))
            organisation = OrganisationFactory(municipality=municipality, name=_name("Radförening"))
            Membership.objects.create(user=user, organisation=organisation, role="responsible")
            role_assign(
                user=user, municipality=municipality, role=Role.OFFICER,
                committee=CommitteeFactory(municipality=municipality, name=_name("Radnämnd")),
            )  # fmt: skip

    add(1)
    client.force_login(user)
    response = assert_constant_queries(client, reverse("portal:my_page"), lambda: add(10))
    assert len(response.context["memberships"]) == len(response.context["roles"]) == 11
    assert len(response.context["deletion_blockers"]) == 1 + 11  # the roles, each organisation
    # listed, in the collaboration register's section (links to its pages), in the
    # volunteering section (its opportunities and readiness), in the blockers
    assert _count(response, "Radförening") == 11 * 4
    assert _count(response, "Radnämnd") == 11


def test_workspace_query_count_is_constant(client, world):
    """The officer workspace lists the user's municipalities with their committees."""
    coordinator = world.users["coordinator_x"]

    def add(count):
        for _ in range(count):
            municipality = MunicipalityFactory(name=_name("Radkommun"))
            for _ in range(2):
                CommitteeFactory(municipality=municipality, name=_name("Radnämnd"))
            role_assign(user=coordinator, municipality=municipality, role=Role.COORDINATOR)

    add(1)
    client.force_login(coordinator)
    response = assert_constant_queries(client, reverse("portal:workspace"), lambda: add(10))
    assert _count(response, "Radkommun") == 11
    assert _count(response, "Radnämnd") == 22


def test_compare_query_count_is_constant(client, world, settings):
    """The portal administrator compares municipalities: one row each (grants, networks).
    New municipalities' rollups are built by the periodic job before the page is read.
    Rendered every time: the queries of the figures, not of their cache (tests/insights)."""
    settings.DASHBOARD_FIGURES_CACHE_SECONDS = 0

    def add(count):
        for _ in range(count):
            municipality = MunicipalityFactory(name=_name("Radkommun"))
            committee = CommitteeFactory(municipality=municipality)
            officer = UserFactory()
            role_assign(
                user=officer, municipality=municipality, role=Role.OFFICER, committee=committee
            )
            call = CallFactory(programme=GrantProgrammeFactory(committee=committee))
            decide(submitted(call, "1000"), officer, amount="1000")
            NetworkFactory(municipality=municipality)
            rollups_refresh(municipality)

    add(1)
    client.force_login(world.users["superuser"])
    response = assert_constant_queries(client, reverse("insights:compare"), lambda: add(6))
    grants, networks = response.context["tables"]
    assert len(grants.rows) == len(networks.rows) == 7
    assert _count(response, "Radkommun") >= 14


def test_dashboard_grants_query_count_is_constant(client, world):
    """The decided grants behind a dashboard figure."""
    officer = world.users["officer_x"]
    call = CallFactory(
        programme=GrantProgrammeFactory(committee=world.x.committees.get()), budget=10**7
    )

    def add(count):
        for _ in range(count):
            application = submitted(call, "1000")
            application.organisation.name = _name("Radförening")
            application.organisation.save()
            decide(application, officer, amount="1000")

    add(1)
    client.force_login(world.users["politician_x"])
    response = assert_constant_queries(
        client, reverse("insights:dashboard_grants", args=[world.x.slug]), lambda: add(15)
    )
    assert _count(response, "Radförening") == 16


# --- the admin ----------------------------------------------------------------------------


def _user(world, n):
    UserFactory(full_name=_name("Radperson"))


def _group(world, n):
    Group.objects.create(name=_name("Radgrupp"))


def _municipality(world, n):
    MunicipalityFactory(name=_name("Radkommun"))


def _committee(world, n):
    CommitteeFactory(municipality=world.x, name=_name("Radnämnd"))


def _focus_area(world, n):
    FocusAreaFactory(municipality=world.x, name=_name("Radområde"))


def _target_group(world, n):
    TargetGroupFactory(municipality=world.x, name=_name("Radgrupp"))


def _role(world, n):
    role_assign(
        user=UserFactory(full_name=_name("Radperson")), municipality=world.x,
        role=Role.COORDINATOR,
    )  # fmt: skip


def _audit_event(world, n):
    AuditEvent.objects.create(
        actor=UserFactory(), municipality=world.x, action="organisation.changed",
        target_type="organisations.organisation", target_id=str(n), target_repr=_name("Radobjekt"),
    )  # fmt: skip


def _notification(world, n):
    Notification.objects.create(
        kind="renewal", key=f"rad:{n}", municipality=world.x, user=UserFactory(),
        recipient=f"rad{n}@example.se", subject=_name("Radämne"), body="Hej",
    )  # fmt: skip


def _reminder_policy(world, n):
    """One policy per municipality: the administrator holds the role in several."""
    municipality = MunicipalityFactory(name=_name("Radkommun"))
    role_assign(user=world.users["admin_x"], municipality=municipality, role=Role.MUNICIPAL_ADMIN)
    ReminderPolicy.objects.create(municipality=municipality)


@pytest.mark.parametrize(
    ("user", "model", "make", "prefix"),
    [
        ("superuser", "portal_user", _user, "Radperson"),
        ("superuser", "auth_group", _group, "Radgrupp"),
        ("superuser", "portal_municipality", _municipality, "Radkommun"),
        ("admin_x", "portal_committee", _committee, "Radnämnd"),
        ("admin_x", "portal_focusarea", _focus_area, "Radområde"),
        ("admin_x", "portal_targetgroup", _target_group, "Radgrupp"),
        ("admin_x", "portal_roleassignment", _role, "Radperson"),
        ("admin_x", "portal_auditevent", _audit_event, "Radobjekt"),
        ("admin_x", "portal_notification", _notification, "rad"),
        ("admin_x", "portal_reminderpolicy", _reminder_policy, "Radkommun"),
    ],
)
def test_admin_changelist_query_count_is_constant(client, world, user, model, make, prefix):
    """Each changelist of the core's models, as the user who works with it (the portal
    administrator for users, groups and municipalities)."""
    for n in range(2):
        make(world, n)
    client.force_login(world.users[user])
    response = assert_constant_queries(
        client,
        reverse(f"admin:{model}_changelist"),
        lambda: [make(world, n) for n in range(2, 22)],
    )
    assert len(response.context["cl"].result_list) >= 22
    assert response.content.decode().count(prefix) >= 22
