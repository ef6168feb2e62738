"""The collaboration register: every form of the municipality's collaboration with civil
society, at political, strategic or operational level, with its owner."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organisations.models import Organisation
from portal.models import Administration, District, FocusArea, Municipality, TargetGroup


class Collaboration(models.Model):
    """One collaboration (samverkan): a network, an IOP partnership, an agreement, a
    co-application for outside money, a dialogue forum … Networks are entered by the networks
    app itself (``source`` *network*): their description follows the network, the register
    adds level, administration and responsible person."""

    class Kind(models.TextChoices):
        NETWORK = "network", _("Network")
        IOP = "iop", _("IOP partnership (idéburet offentligt partnerskap)")
        AGREEMENT = "agreement", _("Agreement")
        VOLUNTEER_HOSTING = "volunteer_hosting", _("Volunteers in municipal activities")
        PREMISES = "premises", _("Use of premises")
        DIALOGUE = "dialogue", _("Dialogue forum")
        COMMISSIONED = "commissioned", _("Commissioned service")
        CO_APPLICATION = "co_application", _("Co-application for outside money")
        POLICE = "police", _("Police cooperation (e.g. medborgarlöfte)")
        OTHER = "other", _("Other")

    class Level(models.TextChoices):
        POLITICAL = "political", _("Political")
        STRATEGIC = "strategic", _("Strategic")
        OPERATIONAL = "operational", _("Operational")

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("collaboration", "Planned")
        ACTIVE = "active", pgettext_lazy("collaboration", "Active")
        ENDED = "ended", pgettext_lazy("collaboration", "Ended")
        CANCELLED = "cancelled", pgettext_lazy("collaboration", "Cancelled")

    class Source(models.TextChoices):
        RECORDED = "recorded", _("Recorded in the register")
        NETWORK = "network", _("A network (kept in step by the networks)")

    AGREEMENT_KINDS = (Kind.IOP, Kind.AGREEMENT, Kind.COMMISSIONED, Kind.PREMISES)

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="collaborations",
        verbose_name=_("municipality"),
    )
    title = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("short description"), blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.RECORDED
    )
    administration = models.ForeignKey(
        Administration,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="collaborations",
        verbose_name=_("owning administration"),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_collaborations",
        verbose_name=_("responsible person"),
    )
    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="collaborations", verbose_name=_("focus areas")
    )
    districts = models.ManyToManyField(
        District, blank=True, related_name="collaborations", verbose_name=_("districts")
    )
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="collaborations", verbose_name=_("target groups")
    )
    partners = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="collaborations",
        verbose_name=_("partner organisations"),
    )
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    is_public = models.BooleanField(
        _("shown publicly"),
        default=False,
        help_text=_("Listed on the municipality's public pages and in its open data."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("collaboration")
        verbose_name_plural = _("collaborations")
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="collaboration_ends_after_start",
                violation_error_message=_("The end date comes before the start."),
            ),
            models.CheckConstraint(
                condition=~models.Q(source="network") | models.Q(kind="network"),
                name="collaboration_network_source_is_network",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "level", "kind"], name="collab_level_kind_idx"),
            models.Index(fields=["municipality", "status"], name="collab_status_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_linked(self) -> bool:
        """Whether another app keeps the entry's description (a network)."""
        return self.source != self.Source.RECORDED

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.status == self.Status.ACTIVE and (self.ends_on is None or self.ends_on >= today)


class OutsidePartner(models.Model):
    """A party that is neither the municipality nor a registered organisation: the police,
    the region, a company, a state agency."""

    class Kind(models.TextChoices):
        POLICE = "police", _("Police")
        REGION = "region", _("Region")
        STATE = "state", _("State agency")
        COMPANY = "company", _("Company")
        OTHER = "other", _("Other")

    collaboration = models.ForeignKey(
        Collaboration,
        on_delete=models.CASCADE,
        related_name="outside_partners",
        verbose_name=_("collaboration"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("outside partner")
        verbose_name_plural = _("outside partners")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "name"], name="outside_partner_unique_per_collaboration"
            )
        ]

    def __str__(self):
        return self.name
