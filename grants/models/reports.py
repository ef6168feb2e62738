"""Follow-up reports (återrapportering) on granted money, and claims for unused money."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from grants.models.applications import Application
from portal.money import format_amount


class FollowUpReport(models.Model):
    """What the association reports after a grant: outcomes, participants, money used,
    and the answers to the programme's own report questions.

    A decision may ask for several reports (interim, yearly, final), each created as *due*
    when the decision is made; the officer accepts each or asks for changes. Unused money
    in an accepted report becomes a repayment claim; an accepted yearly report releases the
    next year's instalment.
    """

    class Kind(models.TextChoices):
        INTERIM = "interim", _("Interim report")
        YEARLY = "yearly", _("Yearly report")
        FINAL = "final", _("Final report")

    class Status(models.TextChoices):
        DUE = "due", _("Due")
        SUBMITTED = "submitted", _("Submitted")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        ACCEPTED = "accepted", _("Accepted")

    EDITABLE = (Status.DUE, Status.CHANGES_REQUESTED)

    decision = models.ForeignKey(
        "grants.Decision", on_delete=models.PROTECT, related_name="reports",
        verbose_name=_("decision"),
    )  # fmt: skip
    # The case's municipality and call, kept on the report (set on save) so that the
    # reports list reads its index (municipality, due_on, id) in order instead of joining
    # every report of a large municipality to its case to sort them (bench/: 3 s).
    municipality = models.ForeignKey(
        "portal.Municipality", on_delete=models.PROTECT, related_name="+", editable=False,
        verbose_name=_("municipality"),
    )  # fmt: skip
    call = models.ForeignKey(
        "grants.Call", on_delete=models.PROTECT, related_name="+", editable=False,
        verbose_name=_("call"),
    )  # fmt: skip
    number = models.PositiveSmallIntegerField(_("report"), default=1)
    kind = models.CharField(_("kind of report"), max_length=10, choices=Kind.choices,
                            default=Kind.FINAL)  # fmt: skip
    year = models.PositiveSmallIntegerField(_("grant year"), null=True, blank=True)
    due_on = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.DUE)  # fmt: skip
    outcomes = models.TextField(_("what was done and achieved"), blank=True)
    participants = models.JSONField(_("participants"), default=dict, blank=True)
    answers = models.JSONField(
        _("answers"), default=dict, blank=True,
        help_text=_("Answers to the programme's report questions, kept as typed."),
    )  # fmt: skip
    money_used = models.DecimalField(
        _("money used (SEK)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    unused_amount = models.DecimalField(
        _("unused amount (SEK)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("submitted by"),
    )  # fmt: skip
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    officer_comment = models.TextField(_("officer's comment"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("reviewed by"),
    )  # fmt: skip
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up report")
        verbose_name_plural = _("follow-up reports")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="due")
                | (models.Q(money_used__gte=0) & models.Q(unused_amount__gte=0)),
                name="report_money_given",
            ),
            models.UniqueConstraint(fields=["decision", "number"], name="report_number_unique"),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"], name="report_status_due_idx"),
            models.Index(fields=["municipality", "due_on", "id"], name="report_muni_due_idx"),
        ]

    def __str__(self):
        return f"{self.decision.application}: {self.title}"

    def save(self, *args, **kwargs):
        if self.municipality_id is None or self.call_id is None:
            self.municipality_id, self.call_id = Application.objects.values_list(
                "municipality_id", "call_id"
            ).get(decision__pk=self.decision_id)
        super().save(*args, **kwargs)

    @property
    def title(self) -> str:
        """E.g. "Yearly report 2027" or "Final report"."""
        label = self.get_kind_display()
        return f"{label} {self.year}" if self.year else str(label)

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE


class RepaymentClaim(models.Model):
    """Money the association must pay back (återbetalningskrav), from an accepted report."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        REPAID = "repaid", _("Repaid")
        WAIVED = "waived", _("Waived")

    report = models.OneToOneField(
        FollowUpReport, on_delete=models.PROTECT, related_name="repayment_claim",
        verbose_name=_("report"),
    )  # fmt: skip
    amount = models.DecimalField(_("amount (SEK)"), max_digits=12, decimal_places=2)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("repayment claim")
        verbose_name_plural = _("repayment claims")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="repayment_amount_positive"
            ),
        ]

    def __str__(self):
        return f"{self.report.decision.application}: {format_amount(self.amount)}"
