"""Suppliers' invoices that the municipality pays for a group's activity."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.money import format_amount


def invoice_path(instance, filename):
    return f"invoices/{instance.decision_id}/{secrets.token_hex(16)}"


class SupplierInvoice(models.Model):
    """An invoice a group uploads for its granted activity (e.g. the bus, the hall).

    When a decision is paid by invoices, no money goes to the group: the officer approves
    each invoice and the payout goes to the supplier's bankgiro or plusgiro. Approved and
    paid invoices together never exceed the amount granted.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        PAID = "paid", _("Paid")

    class Method(models.TextChoices):
        BANKGIRO = "bankgiro", _("Bankgiro")
        PLUSGIRO = "plusgiro", _("Plusgiro")

    decision = models.ForeignKey(
        "grants.Decision",
        on_delete=models.PROTECT,
        related_name="invoices",
        verbose_name=_("decision"),
    )
    supplier_name = models.CharField(_("supplier"), max_length=200)
    supplier_organisation_number = models.CharField(
        _("supplier's organisation number"), max_length=11, blank=True
    )
    method = models.CharField(_("payment method"), max_length=10, choices=Method.choices)
    account_number = models.CharField(_("supplier's bankgiro or plusgiro"), max_length=12)
    invoice_number = models.CharField(_("invoice number or OCR"), max_length=30)
    amount = models.DecimalField(_("amount (SEK)"), max_digits=12, decimal_places=2)
    due_on = models.DateField(_("due date"))
    description = models.CharField(_("what it is for"), max_length=300)
    file = models.FileField(_("invoice"), upload_to=invoice_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("submitted by"),
    )  # fmt: skip
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("reviewed by"),
    )  # fmt: skip
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    officer_comment = models.TextField(_("officer's comment"), blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)

    class Meta:
        verbose_name = _("supplier invoice")
        verbose_name_plural = _("supplier invoices")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="supplier_invoice_amount_positive"
            ),
            models.UniqueConstraint(
                fields=["decision", "account_number", "invoice_number"],
                name="supplier_invoice_once",
                violation_error_message=_("This invoice has already been sent in."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(officer_comment=""),
                name="supplier_invoice_rejection_says_why",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="supplier_invoice_status_idx")]

    def __str__(self):
        return f"{self.supplier_name} {self.invoice_number}: {format_amount(self.amount)}"
