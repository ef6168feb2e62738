"""Absolute links to the portal's pages, for what is read outside a request: emails,
calendar files, open data. The address is ``settings.PORTAL_BASE_URL``; paths are the
portal's default language's (a link in an email is the same for every reader)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def absolute_url(path: str) -> str:
    """``path`` ("/kalender/…") on the portal's address."""
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def absolute_reverse(viewname: str, args=None, kwargs=None) -> str:
    """The absolute link to a named page, in the portal's default language."""
    with translation.override(settings.LANGUAGE_CODE):
        return absolute_url(reverse(viewname, args=args, kwargs=kwargs))
