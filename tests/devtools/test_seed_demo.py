import pytest
from django.core.management import call_command

from networks.models import Network
from organisations.models import Organisation
from portal.models import AuditEvent, FocusArea, Municipality, RoleAssignment, User


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Municipality, FocusArea, Organisation, Network, User, RoleAssignment)
    }


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_complete():
    call_command("seed_demo", verbosity=0)
    first = counts()
    call_command("seed_demo", verbosity=0)
    assert counts() == first
    assert set(Municipality.objects.values_list("slug", flat=True)) == {"nacka", "ekero"}
    nacka_areas = list(
        FocusArea.objects.filter(municipality__slug="nacka").values_list("name", flat=True)
    )
    assert nacka_areas == [
        "Gemenskap, sammanhang och livskvalitet",
        "Trygghet",
        "En hållbar och klimatsmart kommun",
    ]
    assert Organisation.objects.filter(kind=Organisation.Kind.INFORMAL_GROUP).exists()
    assert {"Fisksätraakademien", "Nattvandrarnätverket"} <= set(
        Network.objects.values_list("name", flat=True)
    )
    assert (
        AuditEvent.objects.filter(action="role.assigned").count() == RoleAssignment.objects.count()
    )


@pytest.mark.django_db
def test_demo_login_works(client):
    from devtools.demo_data import DEMO_PASSWORD

    call_command("seed_demo", verbosity=0)
    response = client.post(
        "/konto/login/", {"login": "handlaggare.nacka@example.se", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
