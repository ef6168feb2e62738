"""Co-applications for outside money (medsökande): the municipality's part in an
association's application to an outside funder, and what it brought in."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from collaborations.models.register import Collaboration
from organisations.models import Organisation


class CoApplication(models.Model):
    """An association's application to an outside funder (Arvsfonden, länsstyrelsen, EU
    funds …) in which the municipality takes part."""

    class Funder(models.TextChoices):
        ARVSFONDEN = "arvsfonden", _("Allmänna arvsfonden")
        LANSSTYRELSEN = "lansstyrelsen", _("Länsstyrelsen (county administrative board)")
        EU = "eu", _("EU funds")
        FOUNDATION = "foundation", _("Foundation")
        OTHER = "other", pgettext_lazy("funder", "Other")

    class Role(models.TextChoices):
        CO_APPLICANT = "co_applicant", _("Co-applicant")
        SUPPORT_LETTER = "support_letter", _("Letter of support")
        CO_FINANCING = "co_financing", _("Co-financing")

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Being prepared")
        SUBMITTED = "submitted", pgettext_lazy("co-application", "Submitted")
        GRANTED = "granted", pgettext_lazy("co-application", "Granted")
        REJECTED = "rejected", pgettext_lazy("co-application", "Rejected")
        WITHDRAWN = "withdrawn", pgettext_lazy("co-application", "Withdrawn")

    collaboration = models.OneToOneField(
        Collaboration,
        on_delete=models.CASCADE,
        related_name="co_application",
        verbose_name=_("collaboration"),
    )
    applicant = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="co_applications",
        verbose_name=_("applicant"),
    )
    funder = models.CharField(_("funder"), max_length=20, choices=Funder.choices)
    funder_name = models.CharField(
        _("funder's name"), max_length=200, blank=True, help_text=_("E.g. the foundation.")
    )
    municipal_role = models.CharField(
        _("the municipality's role"), max_length=20, choices=Role.choices
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PREPARING
    )
    applied_ore = models.BigIntegerField(_("applied for (öre)"), default=0)
    granted_ore = models.BigIntegerField(_("granted (öre)"), default=0)
    co_financing_ore = models.BigIntegerField(_("municipal co-financing (öre)"), default=0)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    class Meta:
        verbose_name = _("co-application")
        verbose_name_plural = _("co-applications")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(applied_ore__gte=0, granted_ore__gte=0, co_financing_ore__gte=0),
                name="co_application_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(status="granted") | models.Q(granted_ore=0),
                name="co_application_granted_only_when_granted",
                violation_error_message=_("Money brought in is recorded once it is granted."),
            ),
        ]

    def __str__(self):
        return str(self.collaboration)
