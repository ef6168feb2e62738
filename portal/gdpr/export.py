"""Everything the portal holds about one person (GDPR articles 15 and 20), as plain
JSON-ready data, gathered from every app.

The export holds the person's own data only. Where a row also concerns others (an audit
event about another person, an invitation sent to someone else) only what the person did
is listed, not the other person's name or address.

The file's sections, in order: the account and the roles (the portal's), then each app's
sections, then the messages sent to the person and what they did (the portal's outbox and
audit trail). How an app adds its sections, without touching ``portal/``: in
``<app>/gdpr.py``::

    from portal.gdpr import export

    @export.section
    def _grants(user) -> dict:
        return {"applications": [...], "application_messages": [...]}

and import that module from the app's ``AppConfig.ready()`` (as ``audit_texts`` is). The
apps' sections come in the order they were registered: the order of ``INSTALLED_APPS`` and,
within an app, of the module. A function registered again (same module and name) replaces
the earlier one; section names must not clash with another app's.
"""

from collections.abc import Callable

from allauth.account.models import EmailAddress
from django.apps import apps
from django.db.models import Q

from portal.models import AuditEvent, Notification, RoleAssignment

Section = Callable[..., dict]
_SECTIONS: dict[str, Section] = {}


def section(function: Section) -> Section:
    """Register ``function(user) -> {section name: JSON-ready data}`` (a decorator)."""
    _SECTIONS[f"{function.__module__}.{function.__qualname__}"] = function
    return function


def unregister(function: Section) -> None:
    """Forget a section (tests that register one of their own)."""
    _SECTIONS.pop(f"{function.__module__}.{function.__qualname__}", None)


def iso(value):
    """A date or time as ISO 8601 text (``None`` stays ``None``)."""
    return value.isoformat() if value else None


def personal_data(user) -> dict:
    """Everything stored about ``user``, as plain JSON-ready data."""
    data = {
        "account": _account(user),
        "roles": [
            {
                "role": a.role,
                "municipality": a.municipality.name,
                "committee": a.committee.name if a.committee else None,
                "created_at": iso(a.created_at),
            }
            for a in RoleAssignment.objects.filter(user=user).select_related(
                "municipality", "committee"
            )
        ],
    }
    for app_section in list(_SECTIONS.values()):
        data.update(app_section(user))
    data["notifications"] = [
        {
            "kind": n.kind,
            "subject": n.subject,
            "status": n.status,
            "created_at": iso(n.created_at),
            "sent_at": iso(n.sent_at),
        }
        for n in Notification.objects.filter(
            Q(user=user) | Q(recipient__iexact=user.email)
        ).order_by("created_at", "pk")
    ]
    data["audit_events"] = [
        {
            "time": iso(e.created_at),
            "action": e.action,
            "object_type": e.target_type,
            "object_id": e.target_id,
        }
        for e in AuditEvent.objects.filter(actor=user).order_by("created_at", "pk")
    ]
    return data


def _account(user) -> dict:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "phone": user.phone,
        "preferred_language": user.preferred_language,
        "date_joined": iso(user.date_joined),
        "last_login": iso(user.last_login),
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "two_factor_methods": [
            {
                "type": a.type,
                "created_at": iso(a.created_at),
                "last_used_at": iso(a.last_used_at),
            }
            for a in _linked("allauth.mfa", "mfa.Authenticator", user)
        ],
        "external_logins": [
            {"provider": a.provider, "uid": a.uid, "last_login": iso(a.last_login)}
            for a in _linked("allauth.socialaccount", "socialaccount.SocialAccount", user)
        ],
    }


def _linked(app: str, model: str, user):
    """Rows of an optional allauth app (two-factor methods, external logins) of the user."""
    if not apps.is_installed(app):
        return []
    return apps.get_model(model).objects.filter(user=user).order_by("pk")
