"""``{% audit_rows events as rows %}``: audit events as people read them (portal.audit_text)."""

from django import template

from portal import audit_text

register = template.Library()


@register.simple_tag
def audit_rows(events):
    return audit_text.read(events or [])
