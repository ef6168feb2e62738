"""The privacy notice gives, for each processing, purpose, legal basis, data, retention and
recipients; the retention times come from the settings and policy defaults; it names each
municipality as data controller and tells the person how to use their rights (links to the
export and to the erasure form)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from portal.models import ReminderPolicy

pytestmark = pytest.mark.django_db
PROCESSINGS = 10  # account, registry, volunteering, grants, networks, following, forums and
# advice, surveys and mailings, email, audit trail


def _page(client):
    with translation.override("en"):
        url = reverse("portal:privacy")
    response = client.get(url)
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def test_each_processing_has_purpose_basis_data_retention_and_recipients(client, world):
    html = _page(client)
    for term in ("Purpose", "Legal basis", "Data", "How long", "Recipients"):
        assert html.count(f"<dt>{term}</dt>") == PROCESSINGS, term
    for basis in ("article 6.1 e", "article 6.1 c", "article 6.1 a", "myndighetsutövning"):
        assert basis in html
    assert "arkivlagen" in html
    assert "offentlighetsprincipen" in html


def test_retention_times_come_from_settings_and_policy(client, world, settings):
    settings.INACTIVE_ACCOUNT_YEARS = 7
    html = _page(client)
    defaults = ReminderPolicy()
    assert "An account unused for 7 years" in html
    assert f"removed {defaults.rejected_application_years} years after the decision" in html
    assert f"{defaults.notification_days} days after sending" in html


def test_each_municipality_is_named_as_data_controller(client, world):
    world.x.contact_email = "kommun@nacka.example.se"
    world.x.save()
    html = _page(client)
    assert "Data controller" in html
    assert "Nacka kommun" in html
    assert "Ekerö kommun" in html
    assert 'href="mailto:kommun@nacka.example.se"' in html


def test_rights_link_to_the_export_and_the_erasure_form(client, world):
    html = _page(client)
    for right in ("Access and data portability", "Rectification", "Erasure", "Restriction"):
        assert right in html
    assert "Integritetsskyddsmyndigheten" in html
    client.force_login(world.users["member"])
    html = _page(client)
    with translation.override("en"):
        export, my_page = reverse("portal:my_data"), reverse("portal:my_page")
    assert f'href="{export}"' in html
    assert f'href="{my_page}#delete-heading"' in html
