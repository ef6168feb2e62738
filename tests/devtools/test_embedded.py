"""The embedded-default path: with DATABASE_URL/REDIS_URL unset the portal starts its own."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
import redis

from devtools import embedded
from portal.service_urls import celery_broker_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def short_tmp(tmp_path_factory):
    """Unix socket paths must stay short (about 100 bytes)."""
    return tmp_path_factory.mktemp("emb")


def test_start_postgres_creates_database_and_answers(short_tmp):
    url = embedded.start_postgres(short_tmp / "pg", database="embedded_test")
    assert url.startswith("postgres://postgres@%2F")
    assert url.endswith("/embedded_test")
    socket_dir = url.split("@", 1)[1].split("/")[0].replace("%2F", "/")
    with psycopg.connect(host=socket_dir, user="postgres", dbname="embedded_test") as conn:
        assert conn.execute("SELECT current_database()").fetchone() == ("embedded_test",)
    # A second call reuses the running server and the existing database.
    assert embedded.start_postgres(short_tmp / "pg", database="embedded_test") == url


def test_start_redis_answers_on_its_socket(short_tmp):
    url = embedded.start_redis(short_tmp / "redis")
    socket = url.removeprefix("unix://")
    client = redis.Redis(unix_socket_path=socket)
    try:
        assert client.ping()
        assert embedded.start_redis(short_tmp / "redis") == url  # reused, not started twice
        assert celery_broker_url(url) == f"redis+socket://{socket}"
    finally:
        client.shutdown(nosave=True)


def test_settings_without_urls_start_embedded_services(short_tmp):
    """A fresh process with no DATABASE_URL/REDIS_URL migrates nothing but can query both."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    env["SAMVERKAN_VAR_DIR"] = str(short_tmp / "var")
    script = (
        "import django, os; django.setup();"
        "from django.db import connection; from django.core.cache import cache;"
        "cursor = connection.cursor(); cursor.execute('SELECT version()');"
        "print('PG', cursor.fetchone()[0].split()[0]);"
        "cache.set('k', 'v'); print('REDIS', cache.get('k'));"
        "print('URL', os.environ['DATABASE_URL'])"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "PG PostgreSQL" in result.stdout
    assert "REDIS v" in result.stdout
    assert str(short_tmp / "var" / "postgres").replace("/", "%2F") in result.stdout
    pid_file = short_tmp / "var" / "redis" / "redis.pid"
    os.kill(int(pid_file.read_text()), 15)
