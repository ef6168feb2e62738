"""Networks the municipality convenes with civil society (BRÅ, night-walkers, ...)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import District, FocusArea, Municipality, TargetGroup


class Network(models.Model):
    """A standing forum convened by a municipal unit, with members and meetings."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        INVITE_ONLY = "invite_only", _("Invite only")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="networks",
        verbose_name=_("municipality"),
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80)
    purpose = models.TextField(_("purpose"))
    convening_unit = models.CharField(_("convening unit"), max_length=200)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="coordinated_networks", verbose_name=_("coordinator"),
    )  # fmt: skip
    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="networks", verbose_name=_("focus areas")
    )
    districts = models.ManyToManyField(
        District, blank=True, related_name="networks", verbose_name=_("districts")
    )
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="networks", verbose_name=_("target groups")
    )
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "slug"], name="network_unique_slug_per_municipality"
            ),
        ]

    def __str__(self):
        return self.name
