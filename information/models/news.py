from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from information.fields import RichTextField
from portal.models import FocusArea, Municipality


class NewsItem(models.Model):
    """A news item of the municipality about collaboration with civil society."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="news_items",
        verbose_name=_("municipality"),
    )  # fmt: skip
    title_sv = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    lead_sv = models.TextField(_("lead (Swedish)"), max_length=500)
    lead_en = models.TextField(_("lead (English)"), max_length=500, blank=True)
    body_sv = RichTextField(_("text (Swedish)"), blank=True)
    body_en = RichTextField(_("text (English)"), blank=True)
    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="news_items", verbose_name=_("focus areas")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("written by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        ordering = ["-published_at", "-created_at", "-pk"]

    def __str__(self):
        return self.title_sv
