"""Mailings: a message a coordinator writes to a segment (outreach.models.segments), in
Swedish and optionally English, sent through the outbox to everyone the segment reaches
when it is sent, each in their language, never to an address that opted out. The outbox's
rows (kind "mailing", key "mailing:<pk>") are the record of whom it went to and how each
delivery went; the mailing keeps how many it was queued for."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from outreach.models.segments import Segment
from portal.models import Municipality


class Mailing(models.Model):
    """A message to a segment. Written as a draft, then sent (*sending* while the worker
    queues it, *sent* once everyone is queued) or dropped (*cancelled*); see
    outreach.workflow."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="mailings",
        verbose_name=_("municipality"),
    )  # fmt: skip
    segment = models.ForeignKey(
        Segment, on_delete=models.PROTECT, related_name="mailings", verbose_name=_("segment"),
        help_text=_("Who it goes to: everyone the segment reaches when the mailing is sent."),
    )  # fmt: skip
    subject_sv = models.CharField(_("subject (Swedish)"), max_length=200)
    subject_en = models.CharField(
        _("subject (English)"), max_length=200, blank=True,
        help_text=_("Readers of English get the Swedish text where this is empty."),
    )  # fmt: skip
    body_sv = models.TextField(
        _("message (Swedish)"),
        help_text=_("Plain text. The greeting, the municipality's signature and the link to "
                    "stop getting mailings are added."),
    )  # fmt: skip
    body_en = models.TextField(_("message (English)"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("written by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("sent by"),
    )  # fmt: skip
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.subject_sv

    @property
    def outbox_key(self) -> str:
        """The key of its rows in the outbox (portal.Notification)."""
        return f"mailing:{self.pk}"
