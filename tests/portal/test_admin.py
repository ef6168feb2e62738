"""The Django admin as the officers' tool: access by role, scoped to the own municipality."""

import re

import pytest
from django.urls import reverse

from portal.models import AuditEvent, District, Role, RoleAssignment
from tests.factories import PASSWORD, DistrictFactory, UserFactory


def test_officer_logs_in_to_admin_with_password(client, world):
    officer = world.users["officer_x"]
    response = client.post(
        reverse("admin:login"),
        {"username": officer.email, "password": PASSWORD, "next": reverse("admin:index")},
    )
    assert response.status_code == 302
    page = client.get(reverse("admin:index"))
    assert page.status_code == 200
    assert "Samverkan – administration" in page.content.decode()


def test_politician_cannot_log_in_to_admin(client, world):
    politician = world.users["politician_x"]
    response = client.post(
        reverse("admin:login"), {"username": politician.email, "password": PASSWORD}
    )
    assert response.status_code == 200  # the form again, with an error
    assert response.context["form"].errors


def test_admin_lists_only_own_municipality(client, world):
    DistrictFactory(municipality=world.x, name="Fisksätra")
    DistrictFactory(municipality=world.y, name="Stenhamra")
    client.force_login(world.users["admin_x"])
    response = client.get(reverse("admin:portal_district_changelist"))
    names = [d.name for d in response.context["cl"].queryset]
    assert names == ["Fisksätra"]


def test_admin_cannot_open_other_municipalitys_object(client, world):
    other = DistrictFactory(municipality=world.y, name="Stenhamra")
    client.force_login(world.users["admin_x"])
    response = client.get(reverse("admin:portal_district_change", args=[other.pk]))
    assert response.status_code == 404  # not a redirect that would reveal it exists
    assert District.objects.filter(pk=other.pk).exists()


def test_officer_may_view_but_not_change_districts(client, world):
    district = DistrictFactory(municipality=world.x)
    client.force_login(world.users["officer_x"])
    url = reverse("admin:portal_district_change", args=[district.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "Nytt namn", "slug": "nytt", "municipality": world.x.pk})
    assert response.status_code == 403
    district.refresh_from_db()
    assert district.name != "Nytt namn"


def test_municipal_admin_assigns_role_by_email_and_it_is_audited(client, world):
    newcomer = UserFactory(email="ny.handlaggare@example.se")
    committee = world.x.committees.get()
    client.force_login(world.users["admin_x"])
    response = client.post(
        reverse("admin:portal_roleassignment_add"),
        {
            "email": "NY.handlaggare@example.se",
            "municipality": world.x.pk,
            "role": Role.OFFICER,
            "committee": committee.pk,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert RoleAssignment.objects.filter(user=newcomer, role=Role.OFFICER).exists()
    event = AuditEvent.objects.get(action="role.assigned", target_id=str(newcomer.pk))
    assert event.actor == world.users["admin_x"]
    assert event.after["committee"] == committee.name


@pytest.mark.parametrize(
    ("email", "municipality_key", "message"),
    [
        ("okand@example.se", "x", "Ingen har registrerat sig"),
        ("existing", "y", "Välj ett giltigt alternativ"),  # other municipality not offered
    ],
)
def test_role_assignment_form_errors(client, world, email, municipality_key, message):
    if email == "existing":
        email = UserFactory().email
    client.force_login(world.users["admin_x"])
    municipality = getattr(world, municipality_key)
    response = client.post(
        reverse("admin:portal_roleassignment_add"),
        {"email": email, "municipality": municipality.pk, "role": Role.POLITICIAN},
    )
    assert response.status_code == 200
    assert message in response.content.decode()


def test_officer_role_requires_committee_in_form(client, world):
    client.force_login(world.users["admin_x"])
    response = client.post(
        reverse("admin:portal_roleassignment_add"),
        {"email": UserFactory().email, "municipality": world.x.pk, "role": Role.OFFICER},
    )
    assert response.status_code == 200
    assert "En handläggare måste tillhöra en nämnd." in response.content.decode()


def test_audit_trail_is_read_only_in_admin(client, world):
    event = AuditEvent.objects.filter(municipality=world.x).first()
    client.force_login(world.users["superuser"])
    assert client.get(reverse("admin:portal_auditevent_add")).status_code == 403
    url = reverse("admin:portal_auditevent_change", args=[event.pk])
    response = client.post(url, {"action": "forged"})
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.action == "role.assigned"
    delete = client.post(
        reverse("admin:portal_auditevent_delete", args=[event.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_admin_changelist_query_count_is_constant(client, world):
    client.force_login(world.users["admin_x"])
    url = reverse("admin:portal_district_changelist")
    DistrictFactory.create_batch(5, municipality=world.x)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    DistrictFactory.create_batch(45, municipality=world.x)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["cl"].result_list) == world.x.districts.count() >= 50
    assert len(few) == len(many)


@pytest.mark.parametrize("field", ["start_time", "expires"])
def test_date_and_time_inputs_have_names_outside_the_municipality_admins(client, world, field):
    """Django's split date-and-time widget labels neither input: named on every admin page
    (the scheduled tasks too, not only the municipality admins)."""
    client.force_login(world.users["superuser"])
    html = client.get(reverse("admin:django_celery_beat_periodictask_add")).content.decode()
    for part, word in ((0, "datum"), (1, "tid")):
        tag = re.search(rf'<input[^>]*name="{field}_{part}"[^>]*>', html)[0]
        assert re.search(rf'aria-label="[^"]*, {word}"', tag), tag
