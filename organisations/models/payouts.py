"""The account a grant is paid to."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisations.models.organisations import Organisation


class PayoutAccount(models.Model):
    """Where grants are paid: a bankgiro or plusgiro in the organisation's own name.

    After the first registration only an officer may change it (audited).
    """

    class Method(models.TextChoices):
        BANKGIRO = "bankgiro", _("Bankgiro")
        PLUSGIRO = "plusgiro", _("Plusgiro")

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="payout_account",
        verbose_name=_("organisation"),
    )  # fmt: skip
    method = models.CharField(_("payment method"), max_length=10, choices=Method.choices)
    number = models.CharField(_("account number"), max_length=12)
    account_holder = models.CharField(
        _("account holder"), max_length=200,
        help_text=_("The account must be in the organisation's own name."),
    )  # fmt: skip
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("registered by"),
    )  # fmt: skip
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("payout account")
        verbose_name_plural = _("payout accounts")

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
