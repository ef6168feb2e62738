from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import District, FocusArea, Municipality, TargetGroup
from volunteering.languages import LANGUAGES


class Volunteer(models.Model):
    """A person who has signed up as a volunteer (frivillig) in one municipality: what they
    can offer, where, for what and how they want to be reached. Only what matching needs is
    kept, with the consent they gave; they remove it themselves (GDPR erasure), and their
    logged hours stay in the figures without their name."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Available")
        PAUSED = "paused", _("Paused (not available for now)")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("Text message (SMS)")
        PHONE = "phone", _("Phone call")

    # The text the person agreed to; a new wording gets a new version.
    CONSENT_VERSION = "2026-12"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="volunteer_profiles",
        verbose_name=_("person"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="volunteers",
        verbose_name=_("municipality"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    skills = models.ManyToManyField(
        "volunteering.Skill", blank=True, related_name="volunteers",
        verbose_name=_("skills and resources"),
    )  # fmt: skip
    languages = ArrayField(
        models.CharField(max_length=8, choices=LANGUAGES),
        blank=True,
        default=list,
        verbose_name=_("languages"),
    )
    has_car = models.BooleanField(_("has a driving licence and a car"), default=False)
    offers_premises = models.BooleanField(_("can offer premises"), default=False)
    other_offer = models.CharField(
        _("anything else I can offer"), max_length=500, blank=True,
        help_text=_("E.g. cooking for many, a boat, a trailer."),
    )  # fmt: skip
    hours_per_month = models.PositiveSmallIntegerField(
        _("hours a month"), null=True, blank=True,
        help_text=_("Roughly how many hours a month you can give. Leave empty if it varies."),
    )  # fmt: skip
    districts = models.ManyToManyField(
        District, blank=True, related_name="volunteers", verbose_name=_("districts")
    )
    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="volunteers", verbose_name=_("focus areas")
    )
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="volunteers", verbose_name=_("target groups")
    )
    reach_by = ArrayField(
        models.CharField(max_length=10, choices=Channel.choices),
        default=list,
        verbose_name=_("reach me by"),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    consent_at = models.DateTimeField(_("consent given"), default=timezone.now)
    consent_version = models.CharField(_("consent text version"), max_length=20)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["user__full_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality"], name="volunteer_once_per_municipality"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["active", "paused"]), name="volunteer_status_known"
            ),
        ]
        indexes = [models.Index(fields=["municipality", "status"], name="volunteer_status_idx")]

    def __str__(self):
        return str(self.user)


class Readiness(models.Model):
    """An organisation's readiness (beredskap) to help when the municipality calls: what it
    can offer (skills, languages, people, premises, goods) and how to reach it at short
    notice. Kept current by the organisation; call-outs are targeted by it."""

    organisation = models.OneToOneField(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="readiness",
        verbose_name=_("organisation"),
    )
    receives_callouts = models.BooleanField(
        _("receives call-outs"), default=True,
        help_text=_("Whether the municipality may ask the organisation for help by call-outs."),
    )  # fmt: skip
    skills = models.ManyToManyField(
        "volunteering.Skill", blank=True, related_name="organisations_ready",
        verbose_name=_("skills and resources"),
    )  # fmt: skip
    languages = ArrayField(
        models.CharField(max_length=8, choices=LANGUAGES),
        blank=True,
        default=list,
        verbose_name=_("languages"),
    )
    people_available = models.PositiveSmallIntegerField(
        _("people who can help at short notice"), null=True, blank=True
    )
    premises = models.CharField(_("premises we can lend"), max_length=500, blank=True)
    goods = models.CharField(_("goods or equipment we can lend"), max_length=500, blank=True)
    urgent_phone = models.CharField(_("phone at short notice"), max_length=40, blank=True)
    urgent_email = models.EmailField(_("email at short notice"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("updated by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("readiness")
        verbose_name_plural = _("readiness")

    def __str__(self):
        return str(self.organisation)
