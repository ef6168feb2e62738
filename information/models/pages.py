from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from information.fields import RichTextField
from portal.models import FocusArea, Municipality


class Page(models.Model):
    """A page written by the municipal administrator: the policy for collaboration with
    civil society, how the municipality collaborates, or another page. Swedish is required,
    English optional (portal.bilingual)."""

    class Kind(models.TextChoices):
        POLICY = "policy", _("Policy for collaboration with civil society")
        HOW = "how", _("How we collaborate")
        OTHER = "other", _("Other page")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="information_pages",
        verbose_name=_("municipality"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    slug = models.SlugField(
        _("address"), max_length=80,
        help_text=_("The last part of the page's address, e.g. “policy”."),
    )  # fmt: skip
    title_sv = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_sv = models.TextField(_("summary (Swedish)"), max_length=500, blank=True)
    summary_en = models.TextField(_("summary (English)"), max_length=500, blank=True)
    body_sv = RichTextField(_("text (Swedish)"))
    body_en = RichTextField(_("text (English)"), blank=True)
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("written by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("information page")
        verbose_name_plural = _("information pages")
        ordering = ["municipality", "ordering", "title_sv"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "slug"], name="information_page_unique_slug"
            ),
            models.UniqueConstraint(
                fields=["municipality", "kind"],
                condition=Q(kind__in=["policy", "how"]),
                name="information_page_one_policy_and_how",
            ),
        ]

    def __str__(self):
        return self.title_sv


class FocusAreaGoal(models.Model):
    """What the municipality wants to achieve in one of its focus areas."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="focus_area_goals",
        verbose_name=_("municipality"),
    )  # fmt: skip
    focus_area = models.OneToOneField(
        FocusArea, on_delete=models.CASCADE, related_name="goal", verbose_name=_("focus area")
    )
    body_sv = RichTextField(_("what we want to achieve (Swedish)"))
    body_en = RichTextField(_("what we want to achieve (English)"), blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("focus area goal")
        verbose_name_plural = _("focus area goals")
        ordering = ["municipality", "focus_area__ordering", "focus_area__name"]

    def __str__(self):
        return str(self.focus_area)
