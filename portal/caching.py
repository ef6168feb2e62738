"""Public pages served from the cache to anonymous visitors.

The start page, the open calls, the directory and the other public lists look the same
to every anonymous visitor in a language, so their HTML is kept in Redis for
``PUBLIC_PAGE_CACHE_SECONDS`` (figures on them may be that much behind). Logged-in users,
visitors with a pending message and anything but GET always get a fresh page. These pages
have no form that posts (the language switch is links), so they are served as stored; should
one get a form, its CSRF token is cut out before storing and a fresh one put in on serving,
so no visitor ever receives another visitor's token. Each process also keeps the pages
it served in the last few seconds, which spares the Redis round trip under load, but never
past the page's expiry in Redis (a wall-clock time stored with it): on every machine and in
every process a change shows within ``PUBLIC_PAGE_CACHE_SECONDS``.
"""

import hashlib
import logging
import re
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
PLACEHOLDER = rb"\1__csrf_token__\2"
SLOT = b"__csrf_token__"
logger = logging.getLogger(__name__)
LOCAL_SECONDS = 5
LOCAL_MAX_PAGES = 200
_local: dict[str, tuple[float, bytes, str]] = {}  # key -> (expires, content, content type)
# In Redis: key -> (content, content type, expiry as time.time(), the same on every machine)


def _cacheable_request(request) -> bool:
    return (
        settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and not request.user.is_authenticated
        and "messages" not in request.COOKIES
        and not (hasattr(request, "session") and request.session.get("_messages"))
    )


def _key(request) -> str:
    page = f"{get_language()}|{request.get_full_path()}".encode()
    return "public-page:" + hashlib.sha256(page).hexdigest()


def _local_get(key: str) -> tuple[bytes, str] | None:
    entry = _local.get(key)
    if entry is None or entry[0] < time.monotonic():
        return None
    return entry[1], entry[2]


def _local_set(key: str, content: bytes, content_type: str, expires_at: float) -> None:
    """Keep a page here for LOCAL_SECONDS at most, and no longer than it lives in Redis."""
    if len(_local) >= LOCAL_MAX_PAGES:
        _local.clear()
    seconds = min(LOCAL_SECONDS, expires_at - time.time())
    if seconds > 0:
        _local[key] = (time.monotonic() + seconds, content, content_type)


def _from_redis(key: str) -> tuple[bytes, str] | None:
    stored = cache.get(key)
    if stored is None or len(stored) != 3 or stored[2] <= time.time():
        return None  # absent, kept by an older release, or expired by the clock
    content, content_type, expires_at = stored
    _local_set(key, content, content_type, expires_at)
    return content, content_type


def public_page(view):
    """Serve ``view``'s page to anonymous visitors from the cache (see the module)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        stored = _local_get(key)
        if stored is None:
            try:
                stored = _from_redis(key)
            except Exception:  # Redis down or hung: the page is made fresh instead
                logger.warning("Public page cache unavailable", exc_info=True)
                return view(request, *args, **kwargs)
        if stored is not None:
            content, content_type = stored
            if SLOT in content:  # a form on the page: the visitor's own token
                content = content.replace(SLOT, get_token(request).encode())
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            content = TOKEN.sub(PLACEHOLDER, response.content)
            expires_at = time.time() + settings.PUBLIC_PAGE_CACHE_SECONDS
            _local_set(key, content, response["Content-Type"], expires_at)
            try:
                stored = (content, response["Content-Type"], expires_at)
                cache.set(key, stored, settings.PUBLIC_PAGE_CACHE_SECONDS)
            except Exception:  # the page was made; only its keeping failed
                logger.warning("Public page cache unavailable", exc_info=True)
        return response

    return wrapper
