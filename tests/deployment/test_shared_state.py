"""Nothing that matters lives in one process: sessions in PostgreSQL, the cache in Redis, and
the few seconds' copy of a public page that each process keeps never outlives the page in
Redis, so every process shows a change within PUBLIC_PAGE_CACHE_SECONDS
(docs/deployment.md)."""

import time
import uuid
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.sessions.backends import db
from django.test import Client, override_settings
from django.urls import reverse

from portal import caching
from portal.models import Municipality

pytestmark = pytest.mark.django_db


def test_sessions_and_caches_are_shared_by_every_process():
    store = import_module(settings.SESSION_ENGINE).SessionStore
    assert issubclass(store, db.SessionStore)  # Django's database sessions (portal.sessions)
    assert {c["BACKEND"] for c in settings.CACHES.values()} == {
        "django.core.cache.backends.redis.RedisCache"
    }


@override_settings(PUBLIC_PAGE_CACHE_SECONDS=60)
def test_a_page_from_redis_is_kept_here_no_longer_than_it_lives_there(world, monkeypatch):
    url = f"{reverse('portal:home')}?run={uuid.uuid4().hex}"
    Client().get(url)  # made by "another process" and kept in Redis for 60 s
    Municipality.objects.filter(pk=world.y.pk).update(name="Nytt namn")
    caching._local.clear()  # this process has no copy of its own
    now, clock = time.time(), time.monotonic()
    monkeypatch.setattr(caching.time, "time", lambda: now + 59)  # one second left in Redis
    assert "Nytt namn" not in Client().get(url).content.decode()  # from Redis, copied here
    assert "Nytt namn" not in Client().get(url).content.decode()  # from the copy here

    # Two seconds on: the page's minute is over; the copy here went with it, not 5 s later.
    monkeypatch.setattr(caching.time, "time", lambda: now + 61)
    monkeypatch.setattr(caching.time, "monotonic", lambda: clock + 2)
    assert caching.LOCAL_SECONDS > 2
    assert "Nytt namn" in Client().get(url).content.decode()
