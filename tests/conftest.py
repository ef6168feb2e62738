"""Shared fixtures: two municipalities and a user for every role."""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import translation

from devtools.embedded import release_services
from portal import service_urls
from portal.models import Role
from portal.services import role_assign
from tests.factories import (
    CommitteeFactory,
    FocusAreaFactory,
    MembershipFactory,
    MunicipalityFactory,
    UserFactory,
)


def pytest_unconfigure(config):
    """With the URLs unset the run used the embedded servers: the Redis daemon it started
    stops with it (unless `make run` still uses it); PostgreSQL stops by itself."""
    release_services()


@pytest.fixture(autouse=True)
def _swedish():
    """Each test starts in the default language; an earlier request must not leak its own."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_cache():
    """The cache is a real Redis shared across tests: start each test with it empty."""
    cache.clear()
    yield
    cache.clear()


@dataclass
class World:
    x: object
    y: object
    users: dict


@pytest.fixture
def world(db):
    """Municipality X and Y, and one user per role (officers in both, the rest in X)."""
    x = MunicipalityFactory(name="Nacka kommun", slug="nacka", municipality_code="0182")
    y = MunicipalityFactory(name="Ekerö kommun", slug="ekero", municipality_code="0125")
    committee_x = CommitteeFactory(municipality=x, name="Kultur- och fritidsnämnden", slug="kfn")
    committee_y = CommitteeFactory(municipality=y, name="Kultur- och fritidsnämnden", slug="kfn")
    FocusAreaFactory(municipality=x, name="Trygghet", slug="trygghet")

    users = {"anonymous": None}
    users["member"] = MembershipFactory(organisation__municipality=x).user
    users["superuser"] = UserFactory(is_superuser=True, is_staff=True)
    for key, municipality, role, committee in [
        ("officer_x", x, Role.OFFICER, committee_x),
        ("officer_y", y, Role.OFFICER, committee_y),
        ("coordinator_x", x, Role.COORDINATOR, None),
        ("politician_x", x, Role.POLITICIAN, None),
        ("admin_x", x, Role.MUNICIPAL_ADMIN, None),
    ]:
        users[key] = UserFactory()
        role_assign(user=users[key], municipality=municipality, role=role, committee=committee)
    return World(x=x, y=y, users=users)


@pytest.fixture
def database_url(db) -> str:
    """The test database's address, for a ``manage.py`` run in a subprocess. Newer Django's
    model checks ask the server its version (for generated columns), so even ``check``
    needs a database that exists, as it does in production."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        [name] = cursor.fetchone()
    return service_urls.database_url(connection.settings_dict, name=name)
