"""What networks do between meetings: actions with owners, and shared documents."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from collaborations.models import Agreement, Collaboration
from networks.models.meetings import Meeting
from networks.models.networks import Network, NetworkMember
from organisations.models import Organisation
from portal.models import Administration, FocusArea, Municipality


class Action(models.Model):
    """Something to do (åtgärd) in an action plan — "vem gör vad": what, who owns it, by when
    and how far it has come. It hangs on a network, a collaboration of the register or a
    focus area (at least one), may come from a meeting's decision or an agreement, and has
    one owner: a member of its network, a municipal officer, a municipal administration or
    a partner organisation."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("action", "Not started")
        IN_PROGRESS = "in_progress", pgettext_lazy("action", "Ongoing")
        DONE = "done", pgettext_lazy("action", "Done")
        CANCELLED = "cancelled", pgettext_lazy("action", "Dropped")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name=_("municipality"),
    )
    network = models.ForeignKey(
        Network,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("network"),
    )
    collaboration = models.ForeignKey(
        Collaboration,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("collaboration"),
    )
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("focus area"),
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("decided at meeting"),
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("comes from agreement"),
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
    owner_unit = models.ForeignKey(
        Administration,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("owner (administration)"),
    )
    owner_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("owner (organisation)"),
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("progress"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    progress_note = models.CharField(_("note on progress"), max_length=500, blank=True)
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
                    models.Q(owner_member__isnull=False)
                    & models.Q(owner_officer__isnull=True)
                    & models.Q(owner_unit__isnull=True)
                    & models.Q(owner_organisation__isnull=True)
                )
                | (
                    models.Q(owner_member__isnull=True)
                    & models.Q(owner_officer__isnull=False)
                    & models.Q(owner_unit__isnull=True)
                    & models.Q(owner_organisation__isnull=True)
                )
                | (
                    models.Q(owner_member__isnull=True)
                    & models.Q(owner_officer__isnull=True)
                    & models.Q(owner_unit__isnull=False)
                    & models.Q(owner_organisation__isnull=True)
                )
                | (
                    models.Q(owner_member__isnull=True)
                    & models.Q(owner_officer__isnull=True)
                    & models.Q(owner_unit__isnull=True)
                    & models.Q(owner_organisation__isnull=False)
                ),
                name="action_has_one_owner",
                violation_error_message=_(
                    "Give one owner: a member, an officer, an administration or an organisation."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(network__isnull=False)
                | models.Q(collaboration__isnull=False)
                | models.Q(focus_area__isnull=False),
                name="action_hangs_on_something",
                violation_error_message=_(
                    "Say what the action belongs to: a network, a collaboration or a focus area."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(owner_member__isnull=True) | models.Q(network__isnull=False),
                name="action_member_owner_needs_network",
                violation_error_message=_("A member can own only an action of its network."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"], name="action_status_due_idx"),
            models.Index(fields=["municipality", "focus_area"], name="action_focus_area_idx"),
            # the admin list's order within a municipality (read in order, stop at a page)
            models.Index(fields=["municipality", "due_on", "id"], name="action_muni_due_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def owner_name(self) -> str:
        if self.owner_member_id:
            return self.owner_member.name
        if self.owner_unit_id:
            return self.owner_unit.name
        if self.owner_organisation_id:
            return self.owner_organisation.name
        return str(self.owner_officer)

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
