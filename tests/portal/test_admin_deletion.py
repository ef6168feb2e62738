"""A municipality, or one of its committees, administrations, districts, focus areas or
target groups, is deleted in the admin only while nothing depends on it: otherwise the
confirmation page says what holds it, offers no delete button and a POST is refused, from
one query whatever the municipality holds (Django's confirmation collected every row a
deletion would take along: thousands of queries at a large municipality)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import AuditEvent, Committee, Municipality
from tests.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _delete_page(client, obj):
    url = reverse(f"admin:portal_{obj._meta.model_name}_delete", args=[obj.pk])
    return url, client.get(url)


def test_a_municipality_in_use_is_not_deleted_and_its_page_does_not_grow(client, world):
    client.force_login(world.users["superuser"])
    url, _ = _delete_page(client, world.x)
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    for n in range(20):
        OrganisationFactory(municipality=world.x, name=f"Radförening {n}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many) == len(few)
    html = response.content.decode()
    assert "Nacka kommun" in html
    assert "Organisationer" in html
    assert "Nämnder" in html
    assert 'name="post"' not in html  # no delete button
    assert "Avmarkera Aktiv" in html  # what to do instead
    client.post(url, {"post": "yes"})  # the page again, nothing deleted
    assert Municipality.objects.filter(pk=world.x.pk).exists()


def test_an_empty_municipality_is_deleted(client, world):
    empty = MunicipalityFactory(name="Felregistrerad kommun", slug="fel")
    client.force_login(world.users["superuser"])
    url, response = _delete_page(client, empty)
    assert 'name="post"' in response.content.decode()
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Municipality.objects.filter(pk=empty.pk).exists()


def test_a_committee_with_officers_is_not_deleted_a_new_one_is(client, world):
    client.force_login(world.users["admin_x"])
    in_use = world.x.committees.get()  # officer_x's
    url, response = _delete_page(client, in_use)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kultur- och fritidsnämnden används" in html
    assert 'name="post"' not in html
    client.post(url, {"post": "yes"})
    assert Committee.objects.filter(pk=in_use.pk).exists()

    new = world.x.committees.create(name="Ny nämnd", slug="ny", abbreviation="NN")
    url, _ = _delete_page(client, new)
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Committee.objects.filter(pk=new.pk).exists()
    assert AuditEvent.objects.filter(action="committee.deleted").count() == 1
