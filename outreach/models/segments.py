"""Segments: groups of recipients described by registry and network data, e.g. "eligible
associations in Fisksätra working with youth" or "members of network BRÅ". A segment is a
description, not a list: who is in it is worked out when it is used
(outreach.selectors.segments), so it stays right as the registry changes."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from networks.models import Network
from portal.models import District, FocusArea, Municipality, TargetGroup


class Segment(models.Model):
    """Who a mailing or a survey goes to, in one municipality.

    Organisations (if ``to_organisations``): registered ones matching every dimension given
    (an empty one matches any): a focus area, a district, a target group of theirs, their
    kind, and, if ``only_eligible``, bidragsberättigad today. Network members: every active
    member of the chosen networks (organisations, people and outside partners), whatever the
    dimensions. Addresses that opted out of the municipality's mailings are never in it."""

    class Kinds(models.TextChoices):
        ALL = "", _("Associations and informal groups")
        ASSOCIATION = "association", _("Associations only")
        INFORMAL_GROUP = "informal_group", _("Informal groups only")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="segments",
        verbose_name=_("municipality"),
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    to_organisations = models.BooleanField(
        _("registered organisations"),
        default=True,
        help_text=_("Organisations in the registry that match the choices below."),
    )
    kinds = models.CharField(
        _("kind of organisation"), max_length=20, choices=Kinds.choices, default="", blank=True
    )
    only_eligible = models.BooleanField(
        _("only those eligible for grants (bidragsberättigade)"), default=False
    )
    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="+", verbose_name=_("focus areas")
    )
    districts = models.ManyToManyField(
        District, blank=True, related_name="+", verbose_name=_("districts")
    )
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="+", verbose_name=_("target groups")
    )
    networks = models.ManyToManyField(
        Network,
        blank=True,
        related_name="+",
        verbose_name=_("members of the networks"),
        help_text=_("Every active member of these networks: organisations, people, partners."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"],
                name="segment_name_unique",
                violation_error_message=_("The municipality already has a segment so named."),
            ),
        ]

    def __str__(self):
        return self.name


class MailingOptOut(models.Model):
    """An address that wants no more mailings from a municipality (one click on the link in
    a mailing, or the person's own choice on My page). Mailings and surveys sent to segments
    never reach it; messages the person asked for (receipts, decisions) still do."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    email = models.EmailField(_("email"))
    created_at = models.DateTimeField(_("opted out"), auto_now_add=True)

    class Meta:
        verbose_name = _("opt-out from mailings")
        verbose_name_plural = _("opt-outs from mailings")
        constraints = [
            models.UniqueConstraint(
                "municipality", Lower("email"), name="mailing_opt_out_once_per_address"
            ),
        ]

    def __str__(self):
        return self.email
