"""Following: what a person with an account follows in a municipality (focus areas,
districts, networks, organisations), how often they want to hear of what is new there, and
the alerts waiting for them or already sent.

A ``Follow`` names exactly one thing followed. An ``AlertSetting`` (one per person and
municipality) says how often and what kinds of news; "paused" keeps the follows but sends
nothing (what the one-click unsubscribe sets). An ``Alert`` is one announcement
(portal.announcements) for one person, stored once per announcement key: an announcement
repeated never alerts twice. It keeps the title, summary and path, so a digest can list it
later; ``sent_at`` is set when it went out, alone or in a digest."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from networks.models import Network
from organisations.models import Organisation
from portal import announcements
from portal.models import District, FocusArea, Municipality

TARGETS = ("focus_area", "district", "network", "organisation")


def _only(name: str) -> Q:
    """``name`` is set and every other target is empty."""
    condition = Q(**{f"{name}__isnull": False})
    for other in TARGETS:
        if other != name:
            condition &= Q(**{f"{other}__isnull": True})
    return condition


def all_kinds() -> list[str]:
    return list(announcements.KINDS)


class Follow(models.Model):
    """A person follows one focus area, district, network or organisation."""

    class Target(models.TextChoices):
        FOCUS_AREA = "focus_area", _("focus area")
        DISTRICT = "district", _("district")
        NETWORK = "network", _("network")
        ORGANISATION = "organisation", _("organisation")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows",
        verbose_name=_("person"),
    )  # fmt: skip
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("focus area"),
    )  # fmt: skip
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("district"),
    )  # fmt: skip
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("network"),
    )  # fmt: skip
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("organisation"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("followed since"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=_only("focus_area")
                | _only("district")
                | _only("network")
                | _only("organisation"),
                name="follow_exactly_one_target",
                violation_error_message=_("Follow one thing at a time."),
            ),
            *(
                models.UniqueConstraint(
                    fields=["user", name],
                    condition=Q(**{f"{name}__isnull": False}),
                    name=f"follow_once_per_{name}",
                )
                for name in TARGETS
            ),
        ]
        indexes = [models.Index(fields=["municipality", "user"], name="follow_place_user_idx")]

    def __str__(self):
        return str(self.target)

    @property
    def target_name(self) -> str:
        return next(name for name in TARGETS if getattr(self, f"{name}_id"))

    @property
    def target(self):
        return getattr(self, self.target_name)


class AlertSetting(models.Model):
    """How often a person hears of what is new among what they follow in a municipality."""

    class Frequency(models.TextChoices):
        AT_ONCE = "at_once", _("At once, one email per news item")
        DAILY = "daily", _("A daily digest")
        WEEKLY = "weekly", _("A weekly digest (Mondays)")
        PAUSED = "paused", _("Paused: no emails")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_settings",
        verbose_name=_("person"),
    )  # fmt: skip
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    frequency = models.CharField(
        _("how often"), max_length=10, choices=Frequency.choices, default=Frequency.DAILY
    )
    kinds = ArrayField(
        models.CharField(max_length=10, choices=list(announcements.KINDS.items())),
        default=all_kinds,
        blank=True,
        verbose_name=_("what news"),
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("alert setting")
        verbose_name_plural = _("alert settings")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality"], name="alert_setting_once_per_municipality"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.municipality}"

    @property
    def is_paused(self) -> bool:
        return self.frequency == self.Frequency.PAUSED


class Alert(models.Model):
    """One announcement for one follower: sent at once or waiting for their digest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts",
        verbose_name=_("person"),
    )  # fmt: skip
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    key = models.CharField(_("announcement"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=list(announcements.KINDS.items()))
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    path = models.CharField(_("page"), max_length=500)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="alert_once_per_announcement"),
        ]
        indexes = [
            models.Index(
                fields=["municipality", "user"],
                condition=Q(sent_at__isnull=True),
                name="alert_unsent_idx",
            ),
            models.Index(fields=["key"], name="alert_key_idx"),
        ]

    def __str__(self):
        return self.title
