"""Grant programmes, their application questions and calls (utlysningar).

A programme belongs to a committee (nämnd) and says who may apply and what the form asks;
a call is one round of the programme with its window and its budget (anslag).
Applications, decisions, payouts and reports build on these.
"""

import secrets
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models import DocumentKind
from portal.models import Committee, District, FocusArea, TargetGroup


class GrantKind(models.TextChoices):
    VERKSAMHETSBIDRAG = "verksamhetsbidrag", _("Operating grant (verksamhetsbidrag)")
    FORENINGSBIDRAG = "foreningsbidrag", _("Association grant (föreningsbidrag)")
    AKTIVITETSSTOD = "aktivitetsstod", _("Activity grant (aktivitetsstöd)")
    PROJEKTBIDRAG = "projektbidrag", _("Project grant (projektbidrag)")
    OTHER = "other", _("Other support")


class GrantProgramme(models.Model):
    """A kind of support a committee offers, with its eligibility rules and application form."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("committee")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80)
    kind = models.CharField(_("kind of grant"), max_length=20, choices=GrantKind.choices)
    summary = models.CharField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences shown in the list of calls."),
    )
    description = models.TextField(_("description"), blank=True)
    requires_eligibility = models.BooleanField(
        _("only organisations eligible for grants (bidragsberättigade)"), default=True
    )
    informal_groups_allowed = models.BooleanField(_("informal groups may apply"), default=False)
    target_groups = models.ManyToManyField(
        TargetGroup,
        blank=True,
        related_name="programmes",
        verbose_name=_("target groups"),
        help_text=_("Leave empty if the programme is open to all target groups."),
    )
    districts = models.ManyToManyField(
        District,
        blank=True,
        related_name="programmes",
        verbose_name=_("districts"),
        help_text=_("Leave empty if the programme covers the whole municipality."),
    )
    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="programmes", verbose_name=_("focus areas")
    )
    required_documents = ArrayField(
        models.CharField(max_length=30, choices=DocumentKind.choices),
        default=list,
        blank=True,
        verbose_name=_("documents required from the registry"),
    )
    max_amount = models.DecimalField(
        _("maximum amount (SEK)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    accepts_late_applications = models.BooleanField(
        _("accepts late applications with a deduction"), default=False
    )
    requires_accepted_report = models.BooleanField(
        _("previous grant's report must be accepted first"), default=False
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("grant programme")
        verbose_name_plural = _("grant programmes")
        ordering = ["committee__municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "slug"], name="programme_slug_per_committee"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def municipality(self):
        return self.committee.municipality


class LateDeduction(models.Model):
    """A late application loses ``percent`` of the amount up to ``days_late`` days after closing."""

    programme = models.ForeignKey(
        GrantProgramme, on_delete=models.CASCADE, related_name="late_deductions"
    )
    days_late = models.PositiveSmallIntegerField(_("up to days after closing"))
    percent = models.PositiveSmallIntegerField(
        _("deduction (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("late deduction")
        verbose_name_plural = _("late deductions")
        ordering = ["days_late"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "days_late"], name="late_rule_unique"),
            models.CheckConstraint(
                condition=models.Q(percent__gte=1, percent__lte=100), name="late_percent_range"
            ),
        ]

    def __str__(self):
        return f"≤ {self.days_late} d: −{self.percent} %"


class Question(models.Model):
    """One question of a programme's application form: the form is built from these rows."""

    class FieldType(models.TextChoices):
        TEXT = "text", _("Short text")
        TEXTAREA = "textarea", _("Long text")
        NUMBER = "number", _("Number")
        AMOUNT = "amount", _("Amount (SEK)")
        CHOICE = "choice", _("One choice")
        MULTIPLE_CHOICE = "multiple_choice", _("Several choices")
        DATE = "date", _("Date")
        FILE = "file", _("File")
        BUDGET = "budget", _("Budget table")
        PARTICIPANTS = "participants", _("Participants by age and gender")

    programme = models.ForeignKey(
        GrantProgramme,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("programme"),
    )
    key = models.SlugField(
        _("key"), max_length=50, help_text=_("A stable name for the answer, e.g. 'purpose'.")
    )
    label = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    field_type = models.CharField(_("type"), max_length=20, choices=FieldType.choices)
    required = models.BooleanField(_("required"), default=True)
    choices = models.TextField(
        _("choices"), blank=True, help_text=_("For choice questions: one choice per line.")
    )
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["ordering", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "key"], name="question_key_per_programme"),
        ]

    def __str__(self):
        return self.label

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class Call(models.Model):
    """A round (utlysning) of a programme: when it is open and how much money it has."""

    programme = models.ForeignKey(
        GrantProgramme, on_delete=models.PROTECT, related_name="calls", verbose_name=_("programme")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(
        _("closes"), null=True, blank=True, help_text=_("Empty for a rolling call.")
    )
    budget = models.DecimalField(
        _("budget (SEK)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("focus area"),
        help_text=_("For a call within one focus area."),
    )

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["closes_at", "opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__isnull=True)
                | models.Q(closes_at__gt=models.F("opens_at")),
                name="call_closes_after_opening",
                violation_error_message=_("The call must close after it opens."),
            ),
            models.CheckConstraint(
                condition=models.Q(budget__gte=0), name="call_budget_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["opens_at", "closes_at"], name="call_window_idx")]

    def __str__(self):
        return self.title

    @property
    def is_rolling(self) -> bool:
        return self.closes_at is None

    def is_open(self, at=None) -> bool:
        at = at or timezone.now()
        return self.opens_at <= at and (self.closes_at is None or at < self.closes_at)


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
    diarienummer = models.CharField(
        _("registration number (diarienummer)"),
        max_length=30,
        unique=True,
        null=True,
        blank=True,
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
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

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
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | models.Q(diarienummer__isnull=False)
                | models.Q(status="withdrawn"),
                name="submitted_application_has_diarienummer",
            ),
        ]
        indexes = [models.Index(fields=["status", "call"], name="application_status_call_idx")]

    def __str__(self):
        return self.diarienummer or f"{self.organisation} – {self.call}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE


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


class Decision(models.Model):
    """The decision (beslut) on an application: outcome, amount, reasons, who decided.

    A committee decision records the minutes' paragraph (protokoll §), the date the
    minutes were approved (justeringsdatum) and announced (anslagsdatum); the appeal period
    (laglighetsprövning) ends three weeks after the announcement.
    """

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        PARTLY_APPROVED = "partly_approved", _("Partly approved")
        REJECTED = "rejected", _("Rejected")

    class DecidedBy(models.TextChoices):
        DELEGATED_OFFICER = "delegated_officer", _("Officer by delegation")
        COMMITTEE = "committee", _("The committee")

    APPEAL_PERIOD_DAYS = 21

    application = models.OneToOneField(
        Application,
        on_delete=models.PROTECT,
        related_name="decision",
        verbose_name=_("application"),
    )
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices)
    amount = models.DecimalField(
        _("amount granted (SEK)"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    reasons = models.TextField(_("reasons"))
    conditions = models.TextField(_("conditions"), blank=True)
    decided_by_kind = models.CharField(
        _("decided by"),
        max_length=20,
        choices=DecidedBy.choices,
        default=DecidedBy.DELEGATED_OFFICER,
    )
    minutes_paragraph = models.CharField(
        _("minutes paragraph (protokoll §)"), max_length=20, blank=True
    )
    minutes_approved_on = models.DateField(
        _("minutes approved (justeringsdatum)"), null=True, blank=True
    )
    announced_on = models.DateField(_("announced (anslagsdatum)"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(outcome="rejected") & models.Q(amount=0))
                | (~models.Q(outcome="rejected") & models.Q(amount__gt=0)),
                name="decision_amount_matches_outcome",
            ),
            models.CheckConstraint(
                condition=models.Q(decided_by_kind="delegated_officer")
                | (
                    ~models.Q(minutes_paragraph="")
                    & models.Q(minutes_approved_on__isnull=False)
                    & models.Q(announced_on__isnull=False)
                ),
                name="committee_decision_has_minutes",
            ),
        ]

    def __str__(self):
        return f"{self.application}: {self.get_outcome_display()}"

    @property
    def appeal_ends_on(self):
        """Last day to appeal (laglighetsprövning): three weeks after the announcement."""
        if self.announced_on is None:
            return None
        return self.announced_on + timedelta(days=self.APPEAL_PERIOD_DAYS)
