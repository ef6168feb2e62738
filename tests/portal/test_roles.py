"""Role enforcement on the core pages: every role against every page."""

import pytest
from django.urls import reverse

ROLES = [
    "anonymous",
    "member",
    "officer_x",
    "officer_y",
    "coordinator_x",
    "politician_x",
    "admin_x",
    "superuser",
]
LOGIN = 302

# (page, slug) -> expected status per role, in the order of ROLES
MATRIX = {
    ("portal:home", None): [200, 200, 200, 200, 200, 200, 200, 200],
    ("portal:municipality", "nacka"): [200] * 8,
    ("portal:accessibility", None): [200] * 8,
    ("portal:privacy", None): [200] * 8,
    ("portal:my_page", None): [LOGIN, 200, 200, 200, 200, 200, 200, 200],
    ("portal:workspace", None): [LOGIN, 403, 200, 200, 200, 403, 200, 200],
    ("insights:dashboard", "nacka"): [LOGIN, 404, 200, 404, 200, 200, 200, 200],
    ("insights:dashboard", "ekero"): [LOGIN, 404, 404, 200, 404, 404, 404, 200],
    ("admin:index", None): [LOGIN, LOGIN, 200, 200, 200, LOGIN, 200, 200],
}

CASES = [
    pytest.param(
        name, {"slug": slug} if slug else {}, role, expected, id=f"{name}-{slug or ''}-{role}"
    )
    for (name, slug), statuses in MATRIX.items()
    for role, expected in zip(ROLES, statuses, strict=True)
]


@pytest.mark.parametrize(("url_name", "kwargs", "role", "expected"), CASES)
def test_role_matrix(client, world, url_name, kwargs, role, expected):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    response = client.get(reverse(url_name, kwargs=kwargs))
    assert response.status_code == expected
    if expected == LOGIN:
        assert "login" in response["Location"]


def test_unknown_municipality_is_404_even_for_superuser(client, world):
    client.force_login(world.users["superuser"])
    url = reverse("insights:dashboard", kwargs={"slug": "finns-inte"})
    assert client.get(url).status_code == 404


def test_dashboard_counts_per_focus_area(client, world):
    from tests.factories import NetworkFactory

    area = world.x.focusareas.get(slug="trygghet")
    NetworkFactory(municipality=world.x).focus_areas.add(area)
    client.force_login(world.users["politician_x"])
    response = client.get(reverse("insights:dashboard", kwargs={"slug": "nacka"}))
    networks = next(t for t in response.context["tables"] if t.key == "networks")
    assert networks.rows == [["Trygghet", 1, 0, 0, 0, 0]]


def test_my_page_lists_own_roles_and_organisations(client, world):
    member = world.users["member"]
    client.force_login(member)
    response = client.get(reverse("portal:my_page"))
    organisation = member.memberships.get().organisation
    assert organisation.name in response.content.decode()

    client.force_login(world.users["officer_x"])
    content = client.get(reverse("portal:my_page")).content.decode()
    assert "Handläggare" in content
    assert "Kultur- och fritidsnämnden" in content
