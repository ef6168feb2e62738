"""Public pages come from the cache for anonymous visitors, never for logged-in users, and
should one carry a form, every visitor gets a CSRF token of their own."""

import re
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import reverse

from portal.models import Municipality
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def cached():
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=60):
        yield


def fresh(url: str) -> str:
    """The page's address with a query no earlier run has cached (the cache is Redis)."""
    return f"{url}?run={uuid.uuid4().hex}"


def test_anonymous_visitors_get_the_cached_page_as_stored(cached, world):
    """The public pages have no form that posts (the language switch is links): served
    from the cache as stored, without a CSRF token or cookie to make per visitor."""
    url = fresh(reverse("portal:home"))
    first = Client().get(url)
    assert first.status_code == 200
    Municipality.objects.filter(pk=world.y.pk).update(name="Nytt namn")
    second = Client().get(url)
    html = second.content.decode()
    assert "Nytt namn" not in html  # served from the cache
    assert world.y.name in html
    assert second.content == first.content
    assert not TOKEN.search(html)
    assert "csrftoken" not in second.cookies
    assert 'hreflang="en"' in html  # the language switch
    # Another language is another page.
    english = Client().get(fresh("/en/"))
    assert english.status_code == 200
    assert 'lang="en"' in english.content.decode()


def test_a_cached_page_with_a_form_gets_each_visitor_their_own_token(cached, rf):
    """Should a public page get a form, each visitor still gets a token of their own, and
    it is one the CSRF check accepts."""
    from django.middleware.csrf import CsrfViewMiddleware
    from django.template import engines

    from portal.caching import public_page

    form = engines["django"].from_string('<form method="post">{% csrf_token %}</form>')

    @public_page
    def view(request):
        return HttpResponse(form.render({}, request))

    url = fresh("/form/")

    def visit():
        request = rf.get(url)
        request.user = AnonymousUser()
        request.session = {}
        return CsrfViewMiddleware(view)(request)

    first = visit()
    second = visit()
    token = TOKEN.search(second.content.decode()).group(1)
    assert "__csrf_token__" not in second.content.decode()
    assert token != TOKEN.search(first.content.decode()).group(1)
    cookie = second.cookies["csrftoken"].value
    post = rf.post("/form/", {"csrfmiddlewaretoken": token})
    post.COOKIES["csrftoken"] = cookie
    assert CsrfViewMiddleware(view).process_view(post, view, (), {}) is None  # accepted


def test_logged_in_users_and_filters_are_not_mixed_up(cached, world):
    url = fresh(reverse("organisations:directory"))
    Client().get(url)
    Municipality.objects.filter(pk=world.y.pk).update(name="Nytt namn")
    user = Client()
    user.force_login(UserFactory())
    assert "Nytt namn" in user.get(url).content.decode()  # never from the cache
    other_query = Client().get(url + "&q=x")
    assert "Nytt namn" in other_query.content.decode()  # a different address, a fresh page


def test_cache_off_serves_fresh_pages(world):
    url = reverse("portal:home")
    Client().get(url)
    Municipality.objects.filter(pk=world.y.pk).update(name="Nytt namn")
    assert "Nytt namn" in Client().get(url).content.decode()


def test_a_dead_redis_makes_fresh_pages_instead_of_errors(cached, world, settings, caplog):
    """With the cache server gone the public pages still answer (made fresh)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    response = Client().get(fresh(reverse("portal:home")))
    assert response.status_code == 200
    assert world.y.name in response.content.decode()
    assert "Public page cache unavailable" in caplog.text


def test_each_process_keeps_a_page_for_a_few_seconds_then_asks_redis(cached, world, monkeypatch):
    from django.core.cache import cache

    from portal import caching

    url = fresh(reverse("portal:home"))
    Client().get(url)
    Municipality.objects.filter(pk=world.y.pk).update(name="Nytt namn")
    cache.clear()  # Redis forgets the page: this process still has it
    assert "Nytt namn" not in Client().get(url).content.decode()
    later = caching.time.monotonic() + caching.LOCAL_SECONDS + 1
    monkeypatch.setattr(caching.time, "monotonic", lambda: later)
    assert "Nytt namn" in Client().get(url).content.decode()  # expired here and in Redis
