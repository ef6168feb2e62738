"""Payment plans: a decision's money in one or more instalments (delbetalningar)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.money import format_amount


class Instalment(models.Model):
    """One part of a decision's money: paid on or after a date, or once a report is accepted.

    Every granted decision has a plan of at least one instalment; a multi-year grant has
    one or more per year, each later year's released by the accepted yearly report. An
    instalment is paid at most once (one payout per instalment, a unique key); a cancelled
    one stays in the plan, shown struck through, with who cancelled it and why.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")

    decision = models.ForeignKey(
        "grants.Decision",
        on_delete=models.CASCADE,
        related_name="instalments",
        verbose_name=_("decision"),
    )
    number = models.PositiveSmallIntegerField(_("instalment"))
    amount = models.DecimalField(_("amount (SEK)"), max_digits=12, decimal_places=2)
    year = models.PositiveSmallIntegerField(
        _("grant year"), null=True, blank=True, help_text=_("For grants over several years.")
    )
    due_on = models.DateField(
        _("paid from"), null=True, blank=True, help_text=_("Empty: as soon as it is released.")
    )
    release_report = models.ForeignKey(
        "grants.FollowUpReport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="released_instalments",
        verbose_name=_("released when this report is accepted"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    cancelled_reason = models.CharField(_("why cancelled"), max_length=300, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("cancelled by"),
    )  # fmt: skip
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        ordering = ["decision", "number"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "number"], name="instalment_number_unique"),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="instalment_amount_positive"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="cancelled") | ~models.Q(cancelled_reason=""),
                name="instalment_cancel_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="instalment_status_due_idx")]

    def __str__(self):
        return f"{self.decision.application} #{self.number}: {format_amount(self.amount)}"
