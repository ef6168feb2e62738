"""Data retention (gallring): remove or anonymise personal data past its time, and never
touch what must be archived (diarienummer, decisions, granted cases, audit trail).

* Rejected applications older than the municipality's period: the typed answers, uploaded
  attachments and message texts go; the case row, its number and its decision stay.
* Drafts nobody submitted, untouched for the same period: deleted (never public records).
* Sent or failed notifications older than the period: deleted.
* Accounts unused for ``INACTIVE_ACCOUNT_YEARS`` with no role and no organisation:
  anonymised (name, email, phone, login addresses and password removed; the row stays for
  the audit trail). ``anonymise_account`` also serves a person's own erasure request.

``plan()`` lists what would be done (the dry run); ``carry_out()`` does it and audits it.
"""

from dataclasses import dataclass, field
from datetime import timedelta

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


def plan(now=None) -> list[Step]:
    from grants.models import Application

    now = now or timezone.now()
    steps = []
    for municipality in Municipality.objects.select_related("reminder_policy"):
        policy = getattr(municipality, "reminder_policy", None) or DEFAULTS
        if policy.rejected_application_years is not None:
            cutoff = now - relativedelta(years=policy.rejected_application_years)
            mine = Application.objects.filter(call__programme__committee__municipality=municipality)
            rejected = mine.filter(
                decision__outcome="rejected", decision__decided_at__lt=cutoff
            ).exclude(answers={}, attachments__isnull=True)
            steps.append(Step("rejected_applications", municipality, rejected))
            drafts = mine.filter(status=Application.Status.DRAFT, updated_at__lt=cutoff)
            steps.append(Step("old_drafts", municipality, drafts))
        if policy.notification_days is not None:
            old = Notification.objects.filter(
                municipality=municipality,
                status__in=[Notification.Status.SENT, Notification.Status.FAILED],
                created_at__lt=now - timedelta(days=policy.notification_days),
            )
            steps.append(Step("old_notifications", municipality, old))
    unused_since = now - relativedelta(years=settings.INACTIVE_ACCOUNT_YEARS)
    inactive = (
        User.objects.filter(is_active=True, is_staff=False, is_superuser=False)
        .filter(
            Q(last_login__lt=unused_since)
            | Q(last_login__isnull=True, date_joined__lt=unused_since)
        )
        .filter(role_assignments__isnull=True, memberships__isnull=True)
    )
    steps.append(Step("inactive_accounts", None, inactive))
    for step in steps:
        step.count = step.queryset.distinct().count()
    return [s for s in steps if s.count]


@transaction.atomic
def carry_out(steps: list[Step]) -> None:
    for step in steps:
        ids = list(step.queryset.values_list("pk", flat=True).distinct())
        if step.what == "rejected_applications":
            _thin_applications(ids)
        elif step.what == "old_drafts":
            from grants.models import Application

            for draft in Application.objects.filter(pk__in=ids):
                for attachment in draft.attachments.exclude(file=""):
                    attachment.file.delete(save=False)
                draft.delete()
        elif step.what == "old_notifications":
            Notification.objects.filter(pk__in=ids).delete()
        elif step.what == "inactive_accounts":
            for user in User.objects.filter(pk__in=ids):
                anonymise_account(user)
            continue
        audit_record(
            actor=None,
            action=f"retention.{step.what}",
            target=step.municipality,
            municipality=step.municipality,
            after={"count": len(ids)},
        )


def anonymise_account(user: User, *, actor=None, action="retention.account_anonymised") -> None:
    """Strip an account of what identifies the person: the row stays, so decisions, cases
    and the audit trail still point at *someone*, but no longer at a name or an address.
    Used by retention for unused accounts and by a person's own erasure request
    (portal.gdpr_services)."""
    from allauth.account.models import EmailAddress

    user.email = f"removed-{user.pk}@invalid.example"
    user.full_name = ""
    user.phone = ""
    user.is_active = False
    user.set_unusable_password()  # also ends every session: the session hash changes
    user.save()
    EmailAddress.objects.filter(user=user).delete()
    for label in ("mfa.Authenticator", "socialaccount.SocialAccount"):
        if apps.is_installed(f"allauth.{label.split('.')[0]}"):
            apps.get_model(label).objects.filter(user=user).delete()
    audit_record(actor=actor, action=action, target=user, after={"anonymised": True})


def _thin_applications(ids) -> None:
    from grants.models import Application, ApplicationMessage, Attachment

    for attachment in Attachment.objects.filter(application_id__in=ids).exclude(file=""):
        attachment.file.delete(save=False)
    Attachment.objects.filter(application_id__in=ids).delete()
    ApplicationMessage.objects.filter(application_id__in=ids).update(body="[gallrat]")
    Application.objects.filter(pk__in=ids).update(answers={})
