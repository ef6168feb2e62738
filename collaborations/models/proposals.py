"""Proposals from associations: an idea, a need or an offer of collaboration that lands
with the municipality's coordinator."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from collaborations.models.register import Collaboration
from organisations.models import Organisation
from portal.models import District, FocusArea, Municipality


class Proposal(models.Model):
    class Kind(models.TextChoices):
        IDEA = "idea", _("An idea")
        NEED = "need", _("A need")
        OFFER = "offer", _("An offer")

    class Status(models.TextChoices):
        NEW = "new", pgettext_lazy("proposal", "New")
        CONSIDERING = "considering", _("Being considered")
        ACCEPTED = "accepted", pgettext_lazy("proposal", "Taken up")
        DECLINED = "declined", pgettext_lazy("proposal", "Declined")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="collaboration_proposals",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="+", verbose_name=_("focus areas")
    )
    districts = models.ManyToManyField(
        District, blank=True, related_name="+", verbose_name=_("districts")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    response = models.TextField(_("answer to the organisation"), blank=True)
    collaboration = models.ForeignKey(
        Collaboration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("resulting collaboration"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("collaboration proposal")
        verbose_name_plural = _("collaboration proposals")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["municipality", "status"], name="proposal_status_idx")]

    def __str__(self):
        return self.title
