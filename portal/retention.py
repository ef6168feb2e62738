"""Data retention (gallring): remove or anonymise personal data past its time, and never
touch what must be archived (diarienummer, decisions, granted cases, audit trail).

This module is the runner and knows no domain app; each app registers the rules for its own
data (e.g. ``grants/retention.py``: rejected applications thinned, old drafts deleted). The
portal's own rules run after the apps':

* Sent or failed notifications older than the municipality's period: deleted.
* Accounts unused for ``INACTIVE_ACCOUNT_YEARS`` with no role and no link an app registered
  (``account_link``, e.g. an organisation membership): anonymised (name, email, phone,
  login addresses and password removed; the row stays for the audit trail).
  ``anonymise_account`` also serves a person's own erasure request.

``plan()`` lists what would be done (the dry run); ``carry_out()`` does it and audits it.

How an app adds a rule, without touching ``portal/``: in ``<app>/retention.py``::

    from portal import retention

    @retention.rule
    def old_things(municipality, policy, now) -> list[retention.Step]:
        old = Thing.objects.filter(municipality=municipality, created_at__lt=...)
        return [retention.Step("old_things", municipality, old, action=_delete)]

where ``action(ids)`` carries the step out for the primary keys found; the runner audits it
as ``retention.<what>`` with the count. Import the module from the app's
``AppConfig.ready()`` (as ``audit_texts`` is). Rules run for each municipality in the order
they were registered (the order of ``INSTALLED_APPS``); a rule registered again (same
module and name) replaces the earlier one.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress
from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from portal.models import Municipality, Notification, ReminderPolicy, User
from portal.services import audit_record

DEFAULTS = ReminderPolicy()


@dataclass
class Step:
    what: str
    municipality: object
    queryset: object = field(repr=False)
    count: int = 0
    action: Callable | None = field(default=None, repr=False, compare=False)
    audited: bool = field(default=True, repr=False, compare=False)


Rule = Callable[..., list[Step]]
_RULES: dict[str, Rule] = {}
_ACCOUNT_LINKS: dict[str, None] = {"role_assignments": None}


def rule(function: Rule) -> Rule:
    """Register a retention rule ``rule(municipality, policy, now) -> [Step]`` (decorator);
    ``policy`` is the municipality's ReminderPolicy (the defaults when it has none)."""
    _RULES[_key(function)] = function
    return function


def unregister(function: Rule) -> None:
    """Forget a rule (tests that register one of their own)."""
    _RULES.pop(_key(function), None)


def _key(function) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def account_link(related_name: str) -> None:
    """Register a relation of the user (its ``related_name``) that keeps an unused account
    from being anonymised while it has rows, e.g. ``account_link("memberships")``."""
    _ACCOUNT_LINKS[related_name] = None


def plan(now=None) -> list[Step]:
    now = now or timezone.now()
    steps = []
    for municipality in Municipality.objects.select_related("reminder_policy"):
        policy = getattr(municipality, "reminder_policy", None) or DEFAULTS
        for app_rule in list(_RULES.values()):
            steps.extend(app_rule(municipality, policy, now))
        steps.extend(_old_notifications(municipality, policy, now))
    steps.append(_inactive_accounts(now))
    for step in steps:
        step.count = step.queryset.distinct().count()
    return [s for s in steps if s.count]


@transaction.atomic
def carry_out(steps: list[Step]) -> None:
    for step in steps:
        ids = list(step.queryset.values_list("pk", flat=True).distinct())
        step.action(ids)
        if not step.audited:
            continue
        audit_record(
            actor=None,
            action=f"retention.{step.what}",
            target=step.municipality,
            municipality=step.municipality,
            after={"count": len(ids)},
        )


def _old_notifications(municipality, policy, now) -> list[Step]:
    if policy.notification_days is None:
        return []
    old = Notification.objects.filter(
        municipality=municipality,
        status__in=[Notification.Status.SENT, Notification.Status.FAILED],
        created_at__lt=now - timedelta(days=policy.notification_days),
    )
    return [Step("old_notifications", municipality, old, action=_delete_notifications)]


def _delete_notifications(ids) -> None:
    Notification.objects.filter(pk__in=ids).delete()


def _inactive_accounts(now) -> Step:
    unused_since = now - relativedelta(years=settings.INACTIVE_ACCOUNT_YEARS)
    inactive = (
        User.objects.filter(is_active=True, is_staff=False, is_superuser=False)
        .filter(
            Q(last_login__lt=unused_since)
            | Q(last_login__isnull=True, date_joined__lt=unused_since)
        )
        .filter(**{f"{name}__isnull": True for name in _ACCOUNT_LINKS})
    )
    # each account is audited by anonymise_account itself
    return Step("inactive_accounts", None, inactive, action=_anonymise_accounts, audited=False)


def _anonymise_accounts(ids) -> None:
    for user in User.objects.filter(pk__in=ids):
        anonymise_account(user)


def anonymise_account(user: User, *, actor=None, action="retention.account_anonymised") -> None:
    """Strip an account of what identifies the person: the row stays, so decisions, cases
    and the audit trail still point at *someone*, but no longer at a name or an address.
    Used by retention for unused accounts and by a person's own erasure request
    (portal.gdpr.erasure)."""
    user.email = f"removed-{user.pk}@invalid.example"
    user.full_name = ""
    user.phone = ""
    user.is_active = False
    user.set_unusable_password()  # also ends every session: the session hash changes
    user.save(update_fields=["email", "full_name", "phone", "is_active", "password"])
    EmailAddress.objects.filter(user=user).delete()
    for label in ("mfa.Authenticator", "socialaccount.SocialAccount"):
        if apps.is_installed(f"allauth.{label.split('.')[0]}"):
            apps.get_model(label).objects.filter(user=user).delete()
    audit_record(actor=actor, action=action, target=user, after={"anonymised": True})
