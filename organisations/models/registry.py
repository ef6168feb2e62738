"""The municipality's registry rules, and identity changes waiting for an officer."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models.documents import DocumentKind
from organisations.models.organisations import Organisation
from portal.models import Municipality


class RegistryPolicy(models.Model):
    """A municipality's registry rules: required documents, upload limit, eligibility length."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="registry_policy",
        verbose_name=_("municipality"),
    )  # fmt: skip
    required_documents = ArrayField(
        models.CharField(max_length=30, choices=DocumentKind.choices),
        default=list, blank=True, verbose_name=_("required yearly documents"),
    )  # fmt: skip
    eligibility_months = models.PositiveSmallIntegerField(
        _("eligibility period (months)"), default=12
    )
    minimum_board_size = models.PositiveSmallIntegerField(_("minimum board size"), default=3)

    class Meta:
        verbose_name = _("registry policy")
        verbose_name_plural = _("registry policies")

    def __str__(self):
        return str(self.municipality)


class IdentityChange(models.Model):
    """A change of an approved organisation's name, legal form or organisation number that
    waits for an officer of its municipality (organisations.identity).

    Until it is approved the organisation's row keeps the approved identity, so the registry,
    open data, payment files and decision letters go on using it. The row holds the identity
    in force when the change was asked for and the one asked for: the officer sees both.
    Statuses and who moves them: organisations.workflow.IDENTITY_CHANGE_TRANSITIONS.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        APPROVED = "approved", _("Approved by the municipality")
        REJECTED = "rejected", _("Not approved")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="identity_changes",
        verbose_name=_("organisation"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    name_before = models.CharField(_("name in force"), max_length=200)
    legal_form_before = models.CharField(
        _("legal form in force"), max_length=30, choices=Organisation.LegalForm.choices,
        blank=True,
    )  # fmt: skip
    organisation_number_before = models.CharField(
        _("organisation number in force"), max_length=11, blank=True
    )
    name_after = models.CharField(_("new name"), max_length=200)
    legal_form_after = models.CharField(
        _("new legal form"), max_length=30, choices=Organisation.LegalForm.choices, blank=True
    )
    organisation_number_after = models.CharField(
        _("new organisation number"), max_length=11, blank=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("asked for by"),
    )  # fmt: skip
    requested_at = models.DateTimeField(_("asked for"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("decided by"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_message = models.TextField(_("message from the municipality"), blank=True)

    FIELDS = ("name", "legal_form", "organisation_number")

    class Meta:
        verbose_name = _("change of name or organisation number")
        verbose_name_plural = _("changes of name or organisation number")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(status="pending"),
                name="identity_change_one_pending",
                violation_error_message=_("A change is already awaiting review."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "approved", "rejected", "withdrawn"]),
                name="identity_change_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending", decided_at__isnull=True)
                | (~models.Q(status="pending") & models.Q(decided_at__isnull=False)),
                name="identity_change_decided_when_closed",
            ),
            models.CheckConstraint(
                condition=~models.Q(
                    name_after=models.F("name_before"),
                    legal_form_after=models.F("legal_form_before"),
                    organisation_number_after=models.F("organisation_number_before"),
                ),
                name="identity_change_changes_something",
            ),
        ]

    def __str__(self):
        return f"{self.name_before} → {self.name_after}"

    @property
    def before(self) -> dict:
        return {name: getattr(self, f"{name}_before") for name in self.FIELDS}

    @property
    def after(self) -> dict:
        return {name: getattr(self, f"{name}_after") for name in self.FIELDS}

    @property
    def is_new_legal_person(self) -> bool:
        """A new organisation number or legal form: another legal person than the one the
        municipality approved (see organisations.identity.identity_change_approve)."""
        return (
            self.organisation_number_after != self.organisation_number_before
            or self.legal_form_after != self.legal_form_before
        )

    def differences(self) -> list[tuple[str, str, str, bool]]:
        """(label, in force, asked for, changed) per identity field, for before/after tables."""
        legal_forms = dict(Organisation.LegalForm.choices)
        rows = []
        for name in self.FIELDS:
            before, after = getattr(self, f"{name}_before"), getattr(self, f"{name}_after")
            if name == "legal_form":
                before, after = legal_forms.get(before, before), legal_forms.get(after, after)
            label = Organisation._meta.get_field(name).verbose_name
            rows.append((label, before or "–", after or "–", before != after))
        return rows
