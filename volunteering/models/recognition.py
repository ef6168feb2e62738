from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import District, FocusArea, Municipality


class Recognition(models.Model):
    """Thanks or an award (e.g. "Årets eldsjäl") from the municipality to a volunteer, an
    organisation or someone named: nominated, then published on the public pages. A person
    is named publicly only with their consent."""

    class Kind(models.TextChoices):
        THANKS = "thanks", _("Thanks")
        AWARD = "award", _("Award")

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Nominated")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="recognitions",
        verbose_name=_("municipality"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.THANKS)
    title = models.CharField(_("title"), max_length=200, help_text=_("E.g. Årets eldsjäl 2026."))
    year = models.PositiveSmallIntegerField(_("year"))
    volunteer = models.ForeignKey(
        "volunteering.Volunteer", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="recognitions", verbose_name=_("volunteer"),
    )  # fmt: skip
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, null=True, blank=True,
        related_name="recognitions", verbose_name=_("organisation"),
    )  # fmt: skip
    recipient_name = models.CharField(
        _("name shown"), max_length=200,
        help_text=_("The name on the public page: the person, the group or the organisation."),
    )  # fmt: skip
    citation = models.TextField(_("motivation"))
    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="recognitions", verbose_name=_("focus areas")
    )
    district = models.ForeignKey(
        District, on_delete=models.SET_NULL, null=True, blank=True, related_name="recognitions",
        verbose_name=_("district"),
    )  # fmt: skip
    consent_to_publish = models.BooleanField(
        _("the person agrees to be named publicly"), default=False,
        help_text=_("Needed before a person (not an organisation) is published."),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NOMINATED
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("nominated by"),
    )  # fmt: skip
    nominated_at = models.DateTimeField(_("nominated"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        ordering = ["-year", "-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(volunteer__isnull=True) | Q(organisation__isnull=True),
                name="recognition_one_recipient",
            ),
        ]

    def __str__(self):
        return f"{self.title}: {self.recipient_name}"
