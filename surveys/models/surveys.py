"""Surveys and consultations (enkäter och remisser): what the municipality asks, of whom,
and until when. A survey's questions are rows with the shape the grants' form builder reads
(``grants.form_builder.build_field``), so the answer form is built from data."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.models import Segment
from portal.bilingual import pick
from portal.models import Municipality


def survey_document_path(instance, filename):
    return f"surveys/{instance.municipality_id}/{secrets.token_hex(16)}"


class Survey(models.Model):
    """A survey (enkät) or a consultation (remiss) of one municipality.

    A survey asks questions; a consultation shows a draft document (a file, a text or both)
    that people comment on, and may ask questions too. It goes to everyone (every registered
    organisation of the municipality, and any person with an account) or to a segment
    (``outreach.Segment``), and is answered by organisations (one answer each, by a person
    who acts for it), by persons (one each) or by both, until it closes. A ``series`` with a
    ``year`` (e.g. the needs and obstacles inventory, asked every year) is compared year by
    year on the results page."""

    class Kind(models.TextChoices):
        SURVEY = "survey", _("Survey")
        CONSULTATION = "consultation", _("Consultation (remiss)")

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        SEGMENT = "segment", _("A segment")

    class Respondents(models.TextChoices):
        ORGANISATIONS = "organisations", _("Organisations (one answer each)")
        PERSONS = "persons", _("Persons (one answer each)")
        BOTH = "both", _("Organisations and persons")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for answers")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="surveys",
        verbose_name=_("municipality"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SURVEY)
    title_sv = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    intro_sv = models.TextField(
        _("introduction (Swedish)"), blank=True,
        help_text=_("What the survey is for and what happens with the answers."),
    )  # fmt: skip
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    # The consultation's draft document: an uploaded file and/or the text itself.
    document = models.FileField(
        _("draft document"), upload_to=survey_document_path, max_length=200, blank=True
    )
    document_name = models.CharField(_("file name"), max_length=200, blank=True)
    document_type = models.CharField(_("file type"), max_length=100, blank=True)
    document_size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    document_text_sv = models.TextField(
        _("draft text (Swedish)"), blank=True,
        help_text=_("The draft itself, for comments. Start each section with a line of its own "
                    "beginning with “#”, e.g. “# 1. Purpose”."),
    )  # fmt: skip
    document_text_en = models.TextField(_("draft text (English)"), blank=True)
    audience = models.CharField(
        _("sent to"), max_length=10, choices=Audience.choices, default=Audience.SEGMENT
    )
    segment = models.ForeignKey(
        Segment, on_delete=models.PROTECT, null=True, blank=True, related_name="surveys",
        verbose_name=_("segment"),
        help_text=_("Who the survey goes to, when it is sent to a segment."),
    )  # fmt: skip
    respondents = models.CharField(
        _("answered by"), max_length=20, choices=Respondents.choices,
        default=Respondents.ORGANISATIONS,
    )  # fmt: skip
    series = models.CharField(
        _("series"), max_length=100, blank=True,
        help_text=_("For a survey asked again every year, e.g. “Behovsinventering”: the years "
                    "of a series are compared question by question (same keys)."),
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    opens_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    invited_organisations = models.PositiveIntegerField(_("organisations invited"), default=0)
    invited_people = models.PositiveIntegerField(_("people invited"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("survey or consultation")
        verbose_name_plural = _("surveys and consultations")
        ordering = ["-closes_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                "municipality", Lower("series"), "year",
                condition=~Q(series="") & ~Q(status="cancelled"),
                name="survey_series_year_once",
                violation_error_message=_("The series already has a survey that year."),
            ),
            models.CheckConstraint(
                condition=Q(audience="everyone") | Q(segment__isnull=False),
                name="survey_segment_when_sent_to_segment",
                violation_error_message=_("Choose the segment the survey goes to."),
            ),
        ]  # fmt: skip

    def __str__(self):
        return self.title_sv

    @property
    def title(self) -> str:
        return pick(self, "title")

    @property
    def is_consultation(self) -> bool:
        return self.kind == self.Kind.CONSULTATION

    @property
    def takes_answers(self) -> bool:
        """Open and not past its closing time (the daily job closes it on the record)."""
        return self.status == self.Status.OPEN and timezone.now() < self.closes_at

    @property
    def by_organisations(self) -> bool:
        return self.respondents in (self.Respondents.ORGANISATIONS, self.Respondents.BOTH)

    @property
    def by_persons(self) -> bool:
        return self.respondents in (self.Respondents.PERSONS, self.Respondents.BOTH)

    @property
    def has_document(self) -> bool:
        return bool(self.document) or bool(self.document_text_sv)


class SurveyQuestion(models.Model):
    """One question of a survey, in the shape ``grants.form_builder.build_field`` reads
    (through :meth:`form_question`): the kinds that make sense in a survey, and a 1–5
    scale (a choice of 1 to 5, summarised with its average too)."""

    class FieldType(models.TextChoices):
        TEXT = "text", _("Short text")
        TEXTAREA = "textarea", _("Long text")
        NUMBER = "number", _("Number")
        CHOICE = "choice", _("One choice")
        MULTIPLE_CHOICE = "multiple_choice", _("Several choices")
        DATE = "date", _("Date")
        SCALE = "scale", _("Scale 1–5")

    CHOICE_KINDS = (FieldType.CHOICE, FieldType.MULTIPLE_CHOICE, FieldType.SCALE)
    SCALE = ("1", "2", "3", "4", "5")

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey")
    )
    key = models.SlugField(
        _("key"), max_length=50,
        help_text=_("A stable name for the answer, e.g. “premises”; the same key in next "
                    "year's survey is compared with this one."),
    )  # fmt: skip
    label_sv = models.CharField(_("question (Swedish)"), max_length=300)
    label_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    help_text_sv = models.CharField(_("help text (Swedish)"), max_length=500, blank=True)
    help_text_en = models.CharField(_("help text (English)"), max_length=500, blank=True)
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
            models.UniqueConstraint(
                fields=["survey", "key"], name="survey_question_key_once",
                violation_error_message=_("Another question of the survey has the same key."),
            ),
        ]  # fmt: skip

    def __str__(self):
        return self.label_sv

    @property
    def label(self) -> str:
        return pick(self, "label")

    @property
    def help_text(self) -> str:
        return pick(self, "help_text")

    @property
    def choice_list(self) -> list[str]:
        if self.field_type == self.FieldType.SCALE:
            return list(self.SCALE)
        return [line.strip() for line in self.choices.splitlines() if line.strip()]
