"""``<time datetime="{{ moment|html_datetime }}">``: a moment as HTML's ``datetime``
attribute accepts it.

Django's ``date:'c'`` writes microseconds (``12:30:56.946668+01:00``), but HTML allows at
most three digits of a second's fraction, so validators reject the attribute; whole seconds
in Stockholm time with the offset are exact enough for a page.
"""

from datetime import date, datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def html_datetime(value) -> str:
    """``2026-03-01T12:30:56+01:00`` for a moment, ``2026-03-01`` for a date, "" for none."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return ""
