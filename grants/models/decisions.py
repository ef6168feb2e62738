"""Decisions (beslut) on applications and the assessments that come before them."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.models.applications import Application


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

    class Route(models.TextChoices):
        """How the money reaches the applicant (vägen för utbetalningen)."""

        ACCOUNT = "account", _("To the applicant's registered account")
        HOST = "host", _("Through a host organisation (värdorganisation)")
        INVOICES = "invoices", _("The municipality pays suppliers' invoices")

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
    payment_route = models.CharField(
        _("paid"), max_length=10, choices=Route.choices, default=Route.ACCOUNT
    )
    host = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_decisions",
        verbose_name=_("host organisation"),
        help_text=_("Receives and accounts for an informal group's grant."),
    )
    calculated_amount = models.DecimalField(
        _("calculated amount (SEK)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For formula grants: what the programme's rules give."),
    )
    calculation = models.JSONField(_("calculation"), default=dict, blank=True)
    override_reason = models.TextField(_("reason for departing from the calculation"), blank=True)
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
            models.CheckConstraint(
                condition=models.Q(calculated_amount__isnull=True)
                | models.Q(amount=models.F("calculated_amount"))
                | ~models.Q(override_reason=""),
                name="decision_override_has_reason",
                violation_error_message=_(
                    "Give a reason for an amount other than the calculated one."
                ),
            ),
            models.CheckConstraint(
                condition=(models.Q(payment_route="host") & models.Q(host__isnull=False))
                | (~models.Q(payment_route="host") & models.Q(host__isnull=True)),
                name="decision_host_matches_route",
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


class Assessment(models.Model):
    """One assessor's scores, recommendation and private notes on an application.

    Several officers may assess the same case; their scores are averaged per criterion,
    leaving out criteria marked not applicable (N/A).
    """

    class Recommendation(models.TextChoices):
        APPROVE = "approve", _("Approve")
        PARTLY = "partly", _("Approve in part")
        REJECT = "reject", _("Reject")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assessments"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assessor"),
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=Recommendation.choices
    )
    recommended_amount = models.DecimalField(
        _("recommended amount (SEK)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    notes = models.TextField(
        _("private notes"),
        blank=True,
        help_text=_("Seen by officers only, never by the applicant."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["updated_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "assessor"], name="one_assessment_per_assessor"
            ),
        ]

    def __str__(self):
        return f"{self.application}: {self.assessor}"


class Score(models.Model):
    """A score on one criterion; empty means not applicable (N/A)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        "grants.AssessmentCriterion", on_delete=models.PROTECT, related_name="scores"
    )
    value = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="one_score_per_criterion"
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__lte=100),
                name="score_value_range",
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {'N/A' if self.value is None else self.value}"
