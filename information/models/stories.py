from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from information.fields import RichTextField
from portal.models import District, FocusArea, Municipality


class Story(models.Model):
    """A story of good practice: written by the municipality's staff or proposed by an
    association, published when approved."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="stories",
        verbose_name=_("municipality"),
    )  # fmt: skip
    title_sv = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_sv = models.TextField(_("summary (Swedish)"), max_length=500)
    summary_en = models.TextField(_("summary (English)"), max_length=500, blank=True)
    body_sv = RichTextField(_("story (Swedish)"))
    body_en = RichTextField(_("story (English)"), blank=True)
    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="stories", verbose_name=_("focus areas")
    )
    districts = models.ManyToManyField(
        District, blank=True, related_name="stories", verbose_name=_("districts")
    )
    organisations = models.ManyToManyField(
        "organisations.Organisation", blank=True, related_name="stories",
        verbose_name=_("organisations involved"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("proposed by"),
    )  # fmt: skip
    proposing_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("proposed for the organisation"),
    )  # fmt: skip
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("written by"),
    )  # fmt: skip
    decision_note = models.TextField(
        _("message to the proposer"), blank=True,
        help_text=_("Sent to the proposer with the decision, e.g. why it was declined."),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("story of good practice")
        verbose_name_plural = _("stories of good practice")
        ordering = ["-published_at", "-created_at", "-pk"]

    def __str__(self):
        return self.title_sv
