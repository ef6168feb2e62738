"""Applications and what belongs to them: the diarienummer sequence, the timeline,
messages and attachments."""

import secrets

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.models.programmes import Call
from portal.models import Committee


class DiarySequence(models.Model):
    """The last diarienummer serial per committee and year (locked row: gap-free numbers)."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("registration number sequence")
        verbose_name_plural = _("registration number sequences")
        constraints = [
            models.UniqueConstraint(fields=["committee", "year"], name="diary_sequence_unique"),
        ]

    def __str__(self):
        return f"{self.committee.abbreviation} {self.year}: {self.last_number}"


class Application(models.Model):
    """An organisation's application to a call: a draft until submitted, then a case."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Under review")
        COMPLETION_REQUESTED = "completion_requested", _("Completion requested")
        DECIDED = "decided", _("Decided")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    EDITABLE = (Status.DRAFT, Status.COMPLETION_REQUESTED)

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("call")
    )
    municipality = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("municipality"),
        help_text=_("The call's municipality, kept on the case so that queues stay fast."),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("organisation"),
    )
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.DRAFT
    )
    answers = models.JSONField(
        _("answers"),
        default=dict,
        blank=True,
        help_text=_("What the applicant typed, kept as typed so that nothing is ever lost."),
    )
    amount_requested = models.DecimalField(
        _("amount applied for (SEK)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    late_deduction_percent = models.PositiveSmallIntegerField(_("late deduction (%)"), default=0)
    diarienummer = models.CharField(  # noqa: DJ001 -- NULL until submitted: drafts never collide
        _("registration number (diarienummer)"),
        max_length=30,
        null=True,
        blank=True,
        help_text=_("Unique within the committee's municipality, e.g. KFN 2026/17."),
    )
    diarienummer_search = models.GeneratedField(
        expression=Upper("diarienummer"),
        output_field=models.CharField(max_length=30, null=True),
        db_persist=True,
        verbose_name=_("diarienummer in capitals"),
        # Kept by the database so that the officers' search is a plain LIKE, without
        # upper-casing every case of the municipality on each search.
        help_text=_("Kept by the database for searching."),
    )
    registry_committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by committee"),
        help_text=_("The committee whose registry gave the diarienummer."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_applications",
        verbose_name=_("officer"),
    )
    # Who submitted, and their role in the organisation then ("" for an officer entering a
    # paper application): shown as "submitted by …, representative (ombud)".
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_by_role = models.CharField(_("submitted in the role"), max_length=20, blank=True)
    # A paper application entered by an officer on the organisation's behalf
    # (grants.services.paper): the paper's arrival date counts as the submission date.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered from paper by"),
    )
    paper_received_on = models.DateField(
        _("paper received on"),
        null=True,
        blank=True,
        help_text=_("The day the paper application arrived; it counts for the deadline."),
    )
    paper_reference = models.CharField(
        _("note on the paper"),
        max_length=200,
        blank=True,
        help_text=_("E.g. “Arrived by post”, or where the paper is kept."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # The time of the last (re)submission: the queue's "days waiting" counts from it and
    # sorts on it. Kept by the transition that records the submission
    # (grants.services.applications.event_record), equal to that event's time;
    # ``manage.py grants_check_stored`` compares it with the timeline.
    waiting_since = models.DateTimeField(_("waiting since"), null=True, editable=False)
    focus_areas = models.ManyToManyField(
        "portal.FocusArea",
        blank=True,
        related_name="applications",
        verbose_name=_("focus areas"),
        help_text=_("Set from the call (or the programme) when the application is submitted."),
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "organisation"],
                name="one_application_per_call_and_organisation",
                violation_error_message=_(
                    "The organisation already has an application in this call."
                ),
            ),
            models.UniqueConstraint(
                fields=["registry_committee", "diarienummer"],
                name="diarienummer_unique_per_committee",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | models.Q(diarienummer__isnull=False)
                | models.Q(status="withdrawn"),
                name="submitted_application_has_diarienummer",
            ),
            models.CheckConstraint(  # a paper application always says when it arrived
                condition=models.Q(entered_by__isnull=True)
                | models.Q(paper_received_on__isnull=False),
                name="paper_application_has_arrival_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "call"], name="application_status_call_idx"),
            # The officer queue: a municipality's cases in submission order, per status.
            models.Index(
                fields=["municipality", "submitted_at", "id"],
                name="application_muni_submitted_idx",
            ),
            models.Index(
                fields=["municipality", "status", "submitted_at"],
                name="application_muni_status_idx",
            ),
            # The queue's count, read from the index alone (grants.selectors.queue):
            # a municipality's cases, or its committee's calls'.
            models.Index(
                fields=["municipality", "call"],
                condition=~models.Q(status="draft", paper_received_on__isnull=True),
                name="application_queue_idx",
            ),
            # The queue sorted by days waiting: walked in order, both ways, stopping at a
            # page (the tie-breaking id is sorted within equal times, a few rows at most).
            models.Index(
                fields=["municipality", "waiting_since"],
                condition=~models.Q(status="draft", paper_received_on__isnull=True),
                name="application_queue_waiting_idx",
            ),
            # The queue's search for part of a diarienummer (grants.selectors.queue).
            GinIndex(
                OpClass("diarienummer_search", name="gin_trgm_ops"),
                name="application_dnr_trigram_idx",
            ),
        ]

    def __str__(self):
        return self.diarienummer or f"{self.organisation} – {self.call}"

    def save(self, *args, **kwargs):
        if self.municipality_id is None:
            self.municipality_id = Call.objects.values_list(
                "programme__committee__municipality", flat=True
            ).get(pk=self.call_id)
        super().save(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def is_paper(self) -> bool:
        """Entered by an officer from a paper application (grants.services.paper)."""
        return self.paper_received_on is not None


class ApplicationEvent(models.Model):
    """The application's timeline: each status change, who made it and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_status = models.CharField(max_length=24, choices=Application.Status.choices)
    to_status = models.CharField(max_length=24, choices=Application.Status.choices)
    message = models.TextField(blank=True)

    class Meta:
        verbose_name = _("application event")
        verbose_name_plural = _("application events")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.application}: {self.from_status} → {self.to_status}"


class ApplicationMessage(models.Model):
    """A message between the applicant and the officer, kept with the case."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_municipality = models.BooleanField(default=False)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.application}: {self.body[:40]}"


def attachment_path(instance, filename):
    return f"applications/{instance.application_id}/{secrets.token_hex(16)}"


class Attachment(models.Model):
    """A file for a file question: uploaded (stored privately) or reused from the registry."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    question_key = models.SlugField(max_length=50)
    file = models.FileField(upload_to=attachment_path, max_length=200, blank=True)
    registry_document = models.ForeignKey(
        "organisations.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document from the registry"),
    )
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(file="") & models.Q(registry_document__isnull=False))
                | (~models.Q(file="") & models.Q(registry_document__isnull=True)),
                name="attachment_file_or_registry_document",
            ),
        ]

    def __str__(self):
        return self.original_name

    @property
    def stored_file(self):
        return self.registry_document.file if self.registry_document_id else self.file
