"""The account a grant is paid to."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisations.models.organisations import Organisation


class PayoutAccount(models.Model):
    """Where grants are paid: a bankgiro or plusgiro in the organisation's own name, or a
    bank account (kept as an IBAN) in the organisation's or a responsible adult's name.

    An informal group cannot hold a bankgiro; a responsible adult's account receives the
    money as reimbursement of the group's costs, not as income. After the first
    registration only an officer may change it (audited).
    """

    class Method(models.TextChoices):
        BANKGIRO = "bankgiro", _("Bankgiro")
        PLUSGIRO = "plusgiro", _("Plusgiro")
        BANK_ACCOUNT = "bank_account", _("Bank account")

    class Holder(models.TextChoices):
        ORGANISATION = "organisation", _("The organisation itself")
        RESPONSIBLE_ADULT = "responsible_adult", _("A responsible adult of the group")

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="payout_account",
        verbose_name=_("organisation"),
    )  # fmt: skip
    method = models.CharField(_("payment method"), max_length=12, choices=Method.choices)
    number = models.CharField(
        _("account number"), max_length=34,
        help_text=_("Bankgiro or plusgiro number, or for a bank account its IBAN."),
    )  # fmt: skip
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    clearing_account = models.CharField(
        _("clearing and account number"), max_length=30, blank=True,
        help_text=_("As given, when the bank account was entered as clearing + account number."),
    )  # fmt: skip
    holder_kind = models.CharField(
        _("whose account"), max_length=20, choices=Holder.choices, default=Holder.ORGANISATION
    )
    account_holder = models.CharField(
        _("account holder"), max_length=200,
        help_text=_("The organisation's name, or the responsible adult's full name."),
    )  # fmt: skip
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("registered by"),
    )  # fmt: skip
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("payout account")
        verbose_name_plural = _("payout accounts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(holder_kind="organisation") | models.Q(method="bank_account"),
                name="payout_account_adult_holds_bank_account",
                violation_error_message=_(
                    "Only a bank account can be in a responsible adult's name."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_method_display()} {self.number}"

    @property
    def masked_number(self) -> str:
        """The number with all but its last two digits hidden, for those who may read the
        decision but do not handle payouts (organisations.rights.PAYOUT)."""
        digits = sum(ch.isdigit() for ch in self.number)
        shown = 0
        masked = []
        for ch in reversed(self.number):
            if ch.isdigit():
                shown += 1
                masked.append(ch if shown <= 2 else "•")
            else:
                masked.append(ch)
        return "".join(reversed(masked)) if digits > 2 else "•" * len(self.number)
