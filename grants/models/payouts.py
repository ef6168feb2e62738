"""Payouts (utbetalningar): approved amounts paid to the organisation's registered account,
in batches that the finance system receives as a payment file."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Committee
from portal.money import format_amount


class PayoutBatch(models.Model):
    """A set of payouts sent to the finance system together (planned → sent → paid)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        SENT = "sent", _("Sent to finance")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="payout_batches",
        verbose_name=_("committee"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    payment_date = models.DateField(_("payment date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)

    class Meta:
        verbose_name = _("payout batch")
        verbose_name_plural = _("payout batches")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.reference} ({self.get_status_display().lower()})"

    @property
    def reference(self) -> str:
        """The batch's name in the finance system, e.g. ``KFN-UTB-12``."""
        return f"{self.committee.abbreviation}-UTB-{self.pk}"


class Payout(models.Model):
    """One amount paid: an instalment of a decision, or a supplier's invoice for it.

    Each instalment and each invoice is paid at most once, ever (unique keys). The account
    is copied when the payout is planned, so a later change of the registered details never
    alters what was sent. When a host organisation receives the money, the payee is the
    host and ``recipient_name`` still names the group the grant is for.
    """

    batch = models.ForeignKey(
        PayoutBatch, on_delete=models.PROTECT, related_name="payouts", verbose_name=_("batch")
    )
    decision = models.ForeignKey(
        "grants.Decision", on_delete=models.PROTECT, related_name="payouts",
        verbose_name=_("decision"),
    )  # fmt: skip
    instalment = models.OneToOneField(
        "grants.Instalment", on_delete=models.PROTECT, null=True, blank=True,
        related_name="payout", verbose_name=_("instalment"),
    )  # fmt: skip
    invoice = models.OneToOneField(
        "grants.SupplierInvoice", on_delete=models.PROTECT, null=True, blank=True,
        related_name="payout", verbose_name=_("supplier invoice"),
    )  # fmt: skip
    amount = models.DecimalField(_("amount (SEK)"), max_digits=12, decimal_places=2)
    method = models.CharField(_("payment method"), max_length=12)
    account_number = models.CharField(_("account number"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    account_holder = models.CharField(_("account holder"), max_length=200)
    organisation_name = models.CharField(_("payee"), max_length=200)
    organisation_number = models.CharField(_("organisation number"), max_length=11, blank=True)
    recipient_name = models.CharField(
        _("grant recipient"), max_length=200, blank=True,
        help_text=_("The group the grant is for, when someone else receives the money."),
    )  # fmt: skip
    reference = models.CharField(_("payment reference"), max_length=35)

    class Meta:
        verbose_name = _("payout")
        verbose_name_plural = _("payouts")
        ordering = ["batch", "reference"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payout_amount_positive"),
            models.CheckConstraint(
                condition=(models.Q(instalment__isnull=False) & models.Q(invoice__isnull=True))
                | (models.Q(instalment__isnull=True) & models.Q(invoice__isnull=False)),
                name="payout_instalment_or_invoice",
            ),
        ]

    def __str__(self):
        return f"{self.reference}: {format_amount(self.amount)}"
