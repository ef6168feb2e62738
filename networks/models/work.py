"""What networks do between meetings: actions with owners, and shared documents."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from networks.models.meetings import Meeting
from networks.models.networks import Network, NetworkMember


class Action(models.Model):
    """Something a network agreed to do (åtgärd): what, who owns it, by when, and status.
    The owner is a member (an organisation, a person or a partner) or a municipal officer."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", pgettext_lazy("action", "Cancelled")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="actions", verbose_name=_("network")
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("decided at meeting"),
    )
    title = models.CharField(_("what"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    owner_member = models.ForeignKey(
        NetworkMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("owner (member)"),
    )
    owner_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="network_actions",
        verbose_name=_("owner (officer)"),
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("network action", "action")
        verbose_name_plural = pgettext_lazy("network action", "actions")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(owner_member__isnull=False) & models.Q(owner_officer__isnull=True)
                )
                | (models.Q(owner_member__isnull=True) & models.Q(owner_officer__isnull=False)),
                name="action_has_one_owner",
                violation_error_message=_("Give one owner: a member or an officer."),
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="action_status_due_idx")]

    def __str__(self):
        return self.title

    @property
    def owner_name(self) -> str:
        return self.owner_member.name if self.owner_member_id else str(self.owner_officer)

    @property
    def is_overdue(self) -> bool:
        return self.status in self.OPEN_STATUSES and self.due_on < timezone.localdate()


def network_document_path(instance, filename):
    return f"networks/{instance.network_id}/{secrets.token_hex(16)}"


class NetworkDocument(models.Model):
    """A file shared within a network: members and the municipality's officers only."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="documents")
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("meeting"),
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=network_document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("network document")
        verbose_name_plural = _("network documents")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.title
