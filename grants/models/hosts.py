"""Host organisations (värdorganisationer) for informal groups' grants."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HostAgreement(models.Model):
    """A registered association's promise to receive and account for a group's grant.

    An informal group (not a legal person) names a host for its application; a person with
    the right to sign for the host accepts or declines in the portal. The decision letter,
    the payout and the report then name both, and open data lists the group as recipient
    and the host as the intermediary.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Waiting for the host's answer")
        ACCEPTED = "accepted", _("Accepted by the host")
        DECLINED = "declined", _("Declined by the host")
        WITHDRAWN = "withdrawn", _("Withdrawn by the group")

    application = models.OneToOneField(
        "grants.Application",
        on_delete=models.CASCADE,
        related_name="host_agreement",
        verbose_name=_("application"),
    )
    host = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="host_agreements",
        verbose_name=_("host organisation"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    message = models.TextField(_("message to the host"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("requested by"),
    )  # fmt: skip
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("answered by"),
    )  # fmt: skip
    signatory_name = models.CharField(
        _("signed by (name)"), max_length=200, blank=True,
        help_text=_("The host's responsible person, as they signed the acceptance."),
    )  # fmt: skip
    signatory_role = models.CharField(_("signatory's role"), max_length=100, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer_note = models.TextField(_("note from the host"), blank=True)

    class Meta:
        verbose_name = _("host agreement")
        verbose_name_plural = _("host agreements")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="accepted")
                | (~models.Q(signatory_name="") & models.Q(answered_at__isnull=False)),
                name="host_acceptance_signed",
            ),
        ]
        indexes = [models.Index(fields=["host", "status"], name="host_agreement_host_idx")]

    def __str__(self):
        return f"{self.host} → {self.application}"
