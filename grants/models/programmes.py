"""Grant programmes, their application questions, rules and calls (utlysningar).

A programme belongs to a committee (nämnd) and says who may apply, what the form asks and
how applications are assessed and computed; a call is one round of the programme with its
window and its budget (anslag).
"""

from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models import DocumentKind
from portal.models import Committee, District, FocusArea, TargetGroup
from portal.money import format_amount


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
    report_due_days = models.PositiveSmallIntegerField(
        _("follow-up report due (days after the decision)"),
        null=True,
        blank=True,
        help_text=_("Empty if grants of this programme need no follow-up report."),
    )
    fast_track = models.BooleanField(
        _("micro-grant (snabbspår)"),
        default=False,
        help_text=_(
            "Small grants on a fast track: a short application decided by an officer on "
            "delegation within the promised time, and a short report."
        ),
    )
    decision_days = models.PositiveSmallIntegerField(
        _("promised decision time (working days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
        help_text=_("Shown to applicants; the officers' queue counts the days left."),
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
            models.CheckConstraint(
                condition=models.Q(fast_track=False)
                | (models.Q(max_amount__isnull=False) & models.Q(decision_days__isnull=False)),
                name="fast_track_has_limits",
                violation_error_message=_(
                    "A micro-grant programme needs a maximum amount and a promised decision time."
                ),
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
    """One question of a programme's application or report form: the forms are built from
    these rows (``form`` says which)."""

    class Form(models.TextChoices):
        APPLICATION = "application", _("Application")
        REPORT = "report", _("Follow-up report")

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
        ACTIVITIES = "activities", _("Activity occasions (aktivitetsstöd)")
        INDICATOR = "indicator", _("Indicator (target when applying, result when reporting)")

    programme = models.ForeignKey(
        GrantProgramme,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("programme"),
    )
    form = models.CharField(
        _("form"), max_length=12, choices=Form.choices, default=Form.APPLICATION
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
            models.UniqueConstraint(
                fields=["programme", "form", "key"], name="question_key_per_programme_form"
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class Appropriation(models.Model):
    """A committee's appropriation (anslag) for a year: the money its calls draw from.

    Several calls, of several programmes, may draw from one appropriation; nothing is
    granted beyond it (its row is locked while a decision is made, like the call's), and
    repaid money flows back into it.
    """

    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        related_name="appropriations",
        verbose_name=_("committee"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    name = models.CharField(_("name"), max_length=200)
    amount = models.DecimalField(
        _("amount (SEK)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("appropriation")
        verbose_name_plural = _("appropriations")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "name"], name="appropriation_unique_name"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="appropriation_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="appropriation_year_range"
            ),
        ]

    def __str__(self):
        return f"{self.name} {self.year}"


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
    appropriation = models.ForeignKey(
        Appropriation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("appropriation"),
        help_text=_("The committee's appropriation (anslag) the call draws from."),
    )
    # The call's money as its list shows it, kept by the services that write it, each under
    # the call's row lock (grants.services.call_totals): granted by its decisions, of that
    # cancelled since (instalments that will not be paid), and paid (payouts of paid
    # batches). ``manage.py grants_check_stored`` compares them with the rows.
    granted_total = models.DecimalField(
        _("granted (SEK)"), max_digits=14, decimal_places=2, default=Decimal(0), editable=False
    )
    cancelled_total = models.DecimalField(
        _("cancelled (SEK)"), max_digits=14, decimal_places=2, default=Decimal(0), editable=False
    )
    paid_total = models.DecimalField(
        _("paid (SEK)"), max_digits=14, decimal_places=2, default=Decimal(0), editable=False
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


class ActivityGrantRule(models.Model):
    """How an activity grant (aktivitetsstöd) is computed per deltagartillfälle.

    A deltagartillfälle is one participant of the eligible age at one activity occasion
    (sammankomst). An occasion counts when it lasts long enough, has enough participants
    and a leader; participants above ``max_participants`` are not paid for.
    """

    programme = models.OneToOneField(
        GrantProgramme,
        on_delete=models.CASCADE,
        related_name="activity_rule",
        verbose_name=_("programme"),
    )
    rate_per_participant = models.DecimalField(
        _("rate per participant occasion (SEK)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    rate_per_occasion = models.DecimalField(
        _("rate per occasion (SEK)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    min_age = models.PositiveSmallIntegerField(_("youngest participant age"), default=7)
    max_age = models.PositiveSmallIntegerField(
        _("oldest participant age"),
        default=20,
        help_text=_("Participants with a disability count at any age."),
    )
    min_participants = models.PositiveSmallIntegerField(_("fewest participants"), default=3)
    max_participants = models.PositiveSmallIntegerField(_("most participants paid for"), default=30)
    min_minutes = models.PositiveSmallIntegerField(_("shortest occasion (minutes)"), default=60)
    min_leaders = models.PositiveSmallIntegerField(_("leaders needed (aged 13 or more)"), default=1)

    class Meta:
        verbose_name = _("activity grant rule")
        verbose_name_plural = _("activity grant rules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_age__lte=models.F("max_age")),
                name="activity_rule_age_range",
                violation_error_message=_("The youngest age must not exceed the oldest."),
            ),
            models.CheckConstraint(
                condition=models.Q(min_participants__lte=models.F("max_participants")),
                name="activity_rule_participant_range",
                violation_error_message=_("The fewest participants must not exceed the most."),
            ),
        ]

    def __str__(self):
        return f"{self.programme}: {format_amount(self.rate_per_participant)}"


class AssessmentCriterion(models.Model):
    """A criterion that assessors score applications of the programme on (0 to max, or N/A)."""

    programme = models.ForeignKey(
        GrantProgramme,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("programme"),
    )
    name = models.CharField(_("criterion"), max_length=200)
    description = models.CharField(_("guidance"), max_length=500, blank=True)
    max_score = models.PositiveSmallIntegerField(
        _("highest score"), default=5, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("assessment criterion")
        verbose_name_plural = _("assessment criteria")
        ordering = ["ordering", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="criterion_name_unique"),
            models.CheckConstraint(
                condition=models.Q(max_score__gte=1, max_score__lte=100),
                name="criterion_max_score_range",
            ),
        ]

    def __str__(self):
        return self.name
