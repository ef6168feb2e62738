"""Database and Redis addresses convert both ways, for TCP hosts and for Unix sockets.

A fresh machine runs the suite on embedded servers that listen on sockets under ``var/``;
a URL built from a socket host with plain string formatting arrives as a database named
``…/var/postgres:/test_samverkan`` on the system socket. Every helper here must keep the two
kinds of address apart.
"""

import psycopg
import pytest
import redis
from django.conf import settings
from django.db import connection

from portal.service_urls import (
    celery_broker_url,
    database_url,
    parse_database_url,
    redis_database,
    redis_socket_path,
    redis_url_with_database,
)

TCP = {"USER": "postgres", "PASSWORD": "", "HOST": "127.0.0.1", "PORT": 5432, "NAME": "samverkan"}
SOCKET = {"USER": "postgres", "PASSWORD": "", "HOST": "/srv/app/var/postgres", "PORT": "",
          "NAME": "test_samverkan"}  # fmt: skip


def test_tcp_database_url():
    assert database_url(TCP) == "postgres://postgres@127.0.0.1:5432/samverkan"
    assert database_url(TCP, name="other") == "postgres://postgres@127.0.0.1:5432/other"


def test_socket_database_url_is_one_percent_encoded_host():
    url = database_url(SOCKET)
    assert url == "postgres://postgres@%2Fsrv%2Fapp%2Fvar%2Fpostgres/test_samverkan"
    assert ":/" not in url.removeprefix("postgres://")


@pytest.mark.parametrize("settings_dict", [TCP, SOCKET], ids=["tcp", "socket"])
def test_database_url_round_trips(settings_dict):
    parsed = parse_database_url(database_url(settings_dict))
    for key in ("USER", "HOST", "NAME"):
        assert parsed[key] == settings_dict[key]
    assert str(parsed["PORT"] or "") == str(settings_dict["PORT"] or "")


def test_credentials_and_ipv6_survive():
    settings_dict = {"USER": "sam verkan", "PASSWORD": "p@ss:/w", "HOST": "::1", "PORT": 5433,
                     "NAME": "db"}  # fmt: skip
    url = database_url(settings_dict)
    assert url == "postgres://sam%20verkan:p%40ss%3A%2Fw@[::1]:5433/db"
    parsed = parse_database_url(url)
    assert (parsed["USER"], parsed["PASSWORD"], parsed["NAME"]) == ("sam verkan", "p@ss:/w", "db")


@pytest.mark.django_db
def test_the_running_databases_url_connects():
    """The URL of this run's own database (TCP or the embedded socket) reaches it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        [name] = cursor.fetchone()
    url = database_url(connection.settings_dict, name=name)
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT current_database()").fetchone() == (name,)


def test_redis_tcp_urls():
    url = "redis://127.0.0.1:6379/0"
    assert redis_socket_path(url) is None
    assert redis_database(url) == 0
    assert redis_url_with_database(url, 3) == "redis://127.0.0.1:6379/3"
    assert celery_broker_url(url) == url


def test_redis_socket_urls():
    url = "unix:///srv/app/var/redis/redis.sock"
    assert redis_socket_path(url) == "/srv/app/var/redis/redis.sock"
    assert redis_database(url) == 0
    other = redis_url_with_database(url, 1)
    assert other == "unix:///srv/app/var/redis/redis.sock?db=1"
    assert redis_database(other) == 1
    assert celery_broker_url(url) == "redis+socket:///srv/app/var/redis/redis.sock"
    broker = celery_broker_url(other)
    assert broker == "redis+socket:///srv/app/var/redis/redis.sock?virtual_host=1"
    assert redis_database(broker) == 1
    assert redis_url_with_database(broker, 2).endswith("redis.sock?virtual_host=2")


def test_the_running_redis_url_in_another_database_connects():
    """Another database of this run's Redis (TCP or the embedded socket) answers, apart
    from the run's own."""
    other = (redis_database(settings.REDIS_URL) + 1) % 16
    url = redis_url_with_database(settings.REDIS_URL, other)
    client = redis.Redis.from_url(url)
    default = redis.Redis.from_url(settings.REDIS_URL)
    try:
        client.set("samverkan-test:service-urls", "1")
        assert client.get("samverkan-test:service-urls") == b"1"
        assert client.connection_pool.connection_kwargs["db"] == other
        assert default.get("samverkan-test:service-urls") is None
    finally:
        client.delete("samverkan-test:service-urls")
