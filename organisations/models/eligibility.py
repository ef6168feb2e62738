"""Eligibility for grants (bidragsberättigande) for a period."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models.organisations import Organisation


class EligibilityPeriod(models.Model):
    """A period in which the organisation is bidragsberättigad (eligible for grants)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="eligibility_periods",
        verbose_name=_("organisation"),
    )  # fmt: skip
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("granted by"),
    )  # fmt: skip
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("revoked by"),
    )  # fmt: skip
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)

    class Meta:
        verbose_name = _("eligibility period")
        verbose_name_plural = _("eligibility periods")
        ordering = ["-valid_until"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gt=models.F("valid_from")),
                name="eligibility_period_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.organisation}: {self.valid_from} – {self.valid_until}"

    def covers(self, day) -> bool:
        return self.revoked_at is None and self.valid_from <= day <= self.valid_until
