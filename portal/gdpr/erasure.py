"""A person erases their own account (GDPR art. 17), and what stands in the way of it.

What the municipality must keep by law stays: applications, decisions, messages and
reports are public records (allmänna handlingar, arkivlagen), so they are kept, but the
account they point to no longer carries a name, an address or a phone number. What only
concerns the person goes: organisation memberships, invitations, network memberships and
meeting answers, the messages sent to them. The anonymising itself is the one retention
uses for unused accounts (portal.retention.anonymise_account).

The portal knows none of the domain apps; each app contributes, in ``<app>/gdpr.py``::

    from portal.gdpr import erasure

    @erasure.blocker
    def _sole_responsible(user) -> list[str]:
        return [...]  # why the person cannot erase the account themselves now

    @erasure.step
    def _leave_organisations(user) -> dict:
        ...  # remove what only concerns the person; user.email is still the person's
        return {"organisations": count}  # recorded in the erasure's audit row

    # and in <app>/audit_texts.py, how the audit trail labels that count:
    audit_text.register_erased("organisations", _("Organisations left"))

and imports that module from its ``AppConfig.ready()`` (as ``audit_texts`` is). The portal's
own blockers come first; steps and blockers run in the order they were registered (the
order of ``INSTALLED_APPS``), all in the erasure's transaction, before the account is
anonymised. A function registered again (same module and name) replaces the earlier one.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import Notification, RoleAssignment, User
from portal.notifications import notify
from portal.retention import anonymise_account
from portal.services import audit_record

DELETION_KIND = "portal.account_deleted"

_BLOCKERS: dict[str, Callable[..., list]] = {}
_STEPS: dict[str, Callable[..., dict]] = {}


def _key(function) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def blocker(function: Callable[..., list]) -> Callable[..., list]:
    """Register ``function(user) -> [reason]`` (a decorator): why the person cannot erase
    their account now, as sentences for them (empty: nothing in the way)."""
    _BLOCKERS[_key(function)] = function
    return function


def step(function: Callable[..., dict]) -> Callable[..., dict]:
    """Register ``function(user) -> {what: count}`` (a decorator): what the erasure
    removes of the app's data; the counts go into the ``gdpr.erasure_requested`` audit row."""
    _STEPS[_key(function)] = function
    return function


def unregister(function: Callable) -> None:
    """Forget a blocker or a step (tests that register one of their own)."""
    _BLOCKERS.pop(_key(function), None)
    _STEPS.pop(_key(function), None)


def deletion_blockers(user) -> list[str]:
    """Why the person cannot erase their account themselves now (empty: they can).

    Municipal staff accounts are managed by the municipality (their roles are removed by
    an administrator first); the apps add theirs (e.g. an organisation is never left
    without a responsible person: another one must be appointed first).
    """
    problems = []
    if user.is_staff or user.is_superuser:
        problems.append(
            _(
                "Your account is a portal administrator account. Ask another portal "
                "administrator to remove it."
            )
        )
    if RoleAssignment.objects.filter(user=user).exists():
        problems.append(
            _(
                "Your account has a role in a municipality. Ask the municipality's "
                "administrator to remove your roles first; then you can remove the account."
            )
        )
    for app_blocker in list(_BLOCKERS.values()):
        problems.extend(app_blocker(user))
    return problems


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Erase the person's account at their own request; refuses while ``deletion_blockers``
    says why not. The person is told by email (queued before the address is removed)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    problems = deletion_blockers(user)
    if problems:
        raise ValidationError(problems)
    email = user.email
    notify(
        kind=DELETION_KIND,
        key=f"account:{user.pk}:deleted",
        template="portal/email/account_deleted",
        context={"date": timezone.localdate()},  # no name: the row outlives the account
        recipients=[user],
    )
    removed = {}
    for app_step in list(_STEPS.values()):
        removed.update(app_step(user))
    removed["notifications"] = (
        Notification.objects.filter(Q(user=user) | Q(recipient__iexact=email))
        .exclude(kind=DELETION_KIND)
        .delete()[0]
    )
    anonymise_account(user, actor=user, action="gdpr.account_anonymised")
    audit_record(actor=user, action="gdpr.erasure_requested", target=user, after=removed)
