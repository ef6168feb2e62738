import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from portal.tasks import HEARTBEAT_KEY, heartbeat


@pytest.mark.django_db
def test_healthz_reports_database_and_redis(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "redis": "ok",
        "celery_heartbeat_age_seconds": None,
    }


@pytest.mark.django_db
def test_healthz_reports_heartbeat_age(client):
    heartbeat()
    assert cache.get(HEARTBEAT_KEY)
    body = client.get(reverse("healthz")).json()
    assert 0 <= body["celery_heartbeat_age_seconds"] < 5


@pytest.mark.django_db
def test_healthz_fails_when_redis_is_unreachable(client):
    broken = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with override_settings(CACHES=broken):  # Django resets its cache handlers on change
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["redis"] == "ConnectionError"
    assert response.json()["database"] == "ok"
