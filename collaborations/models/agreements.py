"""Agreements (IOP and others): parties and what each brings, goals with indicators, the
lawfulness assessment, and the yearly follow-up against the indicators."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from collaborations.models.register import Collaboration
from organisations.models import Organisation
from portal.models import Administration


class Agreement(models.Model):
    """The terms of a collaboration that is an agreement. An IOP (idéburet offentligt
    partnerskap) is lawful only where it is neither procurement nor a grant: the assessment
    is recorded before the agreement is signed."""

    class LegalForm(models.TextChoices):
        IOP = "iop", _("IOP: partnership, not procurement and not a grant")
        PROCUREMENT = "procurement", _("Procurement (LOU) or direct award")
        GRANT = "grant", _("Grant")
        OTHER = "other", _("Other agreement")

    collaboration = models.OneToOneField(
        Collaboration,
        on_delete=models.CASCADE,
        related_name="agreement",
        verbose_name=_("collaboration"),
    )
    legal_form = models.CharField(
        pgettext_lazy("agreement", "legal form"), max_length=20, choices=LegalForm.choices
    )
    lawfulness_assessment = models.TextField(
        _("assessment of the legal form"),
        blank=True,
        help_text=_(
            "Why this form is lawful here: why it is not procurement, or not a grant, and "
            "what the parties' own contributions are."
        ),
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assessed by"),
    )
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    governance_forum = models.ForeignKey(
        Collaboration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="governed_agreements",
        limit_choices_to={"kind": Collaboration.Kind.NETWORK},
        verbose_name=_("governance forum (a network)"),
    )
    follow_up_month = models.PositiveSmallIntegerField(
        _("month of the yearly follow-up"),
        default=3,
        help_text=_("The follow-up of a year is due at the end of this month the year after."),
    )

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(follow_up_month__gte=1, follow_up_month__lte=12),
                name="agreement_follow_up_month_valid",
            ),
        ]

    def __str__(self):
        return str(self.collaboration)

    @property
    def is_assessed(self) -> bool:
        return bool(self.lawfulness_assessment.strip() and self.assessed_on)


class Party(models.Model):
    """A party to an agreement: a registered organisation, a municipal administration, or an
    outside party by name."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="parties", verbose_name=_("agreement")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_parties",
        verbose_name=_("organisation"),
    )
    administration = models.ForeignKey(
        Administration,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_parties",
        verbose_name=_("administration"),
    )
    name = models.CharField(_("other party"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(organisation__isnull=False, administration__isnull=True, name="")
                    | models.Q(organisation__isnull=True, administration__isnull=False, name="")
                    | (
                        models.Q(organisation__isnull=True, administration__isnull=True)
                        & ~models.Q(name="")
                    )
                ),
                name="party_is_one_kind",
                violation_error_message=_(
                    "Give one party: an organisation, an administration or another party's name."
                ),
            ),
            models.UniqueConstraint(
                fields=["agreement", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="party_organisation_once",
            ),
            models.UniqueConstraint(
                fields=["agreement", "administration"],
                condition=models.Q(administration__isnull=False),
                name="party_administration_once",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.organisation_id:
            return self.organisation.name
        if self.administration_id:
            return self.administration.name
        return self.name


class Contribution(models.Model):
    """What a party brings: money (in öre), premises, staff hours or volunteers."""

    class Kind(models.TextChoices):
        MONEY = "money", _("Money")
        PREMISES = "premises", _("Premises")
        STAFF_HOURS = "staff_hours", _("Staff hours")
        VOLUNTEERS = "volunteers", _("Volunteers")
        OTHER = "other", pgettext_lazy("contribution", "Other")

    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="contributions", verbose_name=_("party")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    amount_ore = models.BigIntegerField(_("amount (öre) per year"), null=True, blank=True)
    quantity = models.DecimalField(
        _("quantity per year"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="money")
                | models.Q(amount_ore__isnull=False, amount_ore__gt=0),
                name="contribution_money_has_amount",
                violation_error_message=_("Give the amount of money."),
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__isnull=True) | models.Q(quantity__gt=0),
                name="contribution_quantity_positive",
            ),
        ]

    def __str__(self):
        return self.get_kind_display()


class Indicator(models.Model):
    """A goal of the agreement made measurable: a name, a unit and a yearly target."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("agreement")
    )
    goal = models.CharField(_("goal"), max_length=300)
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(_("target per year"), max_digits=12, decimal_places=2)
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["ordering", "pk"]

    def __str__(self):
        return self.name


class FollowUp(models.Model):
    """The yearly follow-up of an agreement: a result per indicator and a summary, reviewed
    by the responsible officer."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("follow-up", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("follow-up", "Submitted")
        REVIEWED = "reviewed", pgettext_lazy("follow-up", "Reviewed")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("agreement")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        verbose_name = _("yearly follow-up")
        verbose_name_plural = _("yearly follow-ups")
        ordering = ["agreement", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "year"], name="follow_up_once_a_year"),
        ]

    def __str__(self):
        return f"{self.agreement} {self.year}"


class IndicatorResult(models.Model):
    """What an indicator reached in a follow-up's year."""

    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="results", verbose_name=_("follow-up")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="results", verbose_name=_("indicator")
    )
    value = models.DecimalField(_("result"), max_digits=12, decimal_places=2)
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("indicator result")
        verbose_name_plural = _("indicator results")
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up", "indicator"], name="indicator_result_once_per_follow_up"
            ),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value}"


def collaboration_document_path(instance, filename):
    return f"collaborations/{instance.collaboration_id}/{secrets.token_hex(16)}"


class CollaborationDocument(models.Model):
    """A file of a collaboration (the signed agreement, an annex, minutes): staff and the
    partner organisations' people only."""

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=collaboration_document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("collaboration document")
        verbose_name_plural = _("collaboration documents")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.title
