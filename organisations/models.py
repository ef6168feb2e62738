"""The organisation registry (föreningsregister): associations and informal groups."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import District, FocusArea, Municipality, TargetGroup


class Organisation(models.Model):
    """An association (förening) or an informal group registered in one municipality."""

    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("Association")
        INFORMAL_GROUP = "informal_group", _("Informal group")

    class LegalForm(models.TextChoices):
        IDEELL_FORENING = "ideell_forening", _("Non-profit association (ideell förening)")
        EKONOMISK_FORENING = "ekonomisk_forening", _("Economic association (ekonomisk förening)")
        STIFTELSE = "stiftelse", _("Foundation (stiftelse)")
        TROSSAMFUND = "trossamfund", _("Religious community (trossamfund)")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="organisations",
        verbose_name=_("municipality"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    legal_form = models.CharField(
        _("legal form"), max_length=30, choices=LegalForm.choices, blank=True
    )
    organisation_number = models.CharField(
        _("organisation number"), max_length=11, blank=True,
        help_text=_("Organisationsnummer, NNNNNN-NNNN. Informal groups have none."),
    )  # fmt: skip
    purpose = models.TextField(_("purpose"), blank=True)
    district = models.ForeignKey(
        District, on_delete=models.SET_NULL, null=True, blank=True, related_name="organisations",
        verbose_name=_("district"),
    )  # fmt: skip
    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="organisations", verbose_name=_("focus areas")
    )
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="organisations", verbose_name=_("target groups")
    )
    website = models.URLField(_("website"), blank=True)
    listed_in_directory = models.BooleanField(_("listed in the public directory"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "organisation_number"],
                condition=~models.Q(organisation_number=""),
                name="organisation_number_unique_per_municipality",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="association", legal_form__gt="")
                | models.Q(kind="informal_group", legal_form="", organisation_number=""),
                name="organisation_kind_matches_legal_form",
            ),
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A person's role in an organisation; a person may belong to several organisations."""

    class Role(models.TextChoices):
        RESPONSIBLE = "responsible", _("Responsible (ansvarig)")
        GRANT_MANAGER = "grant_manager", _("Grant manager (bidragsansvarig)")
        MEMBER = "member", _("Member")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("user"),
    )  # fmt: skip
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("organisation"),
    )  # fmt: skip
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation}"
