"""What the survey's respondents gave: one answer per organisation or per person
(changed until the survey closes), and comments on a consultation's draft."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation
from surveys.models.surveys import Survey


class SurveyResponse(models.Model):
    """An answer to a survey: an organisation's (given by a person who acts for it, named in
    ``answered_by``) or a person's own (``person``). ``answers`` holds each question's value
    by its key: text, a whole number, a choice, a list of choices, or a date (ISO)."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True,
        related_name="survey_responses", verbose_name=_("organisation"),
    )  # fmt: skip
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
        related_name="survey_responses", verbose_name=_("person"),
    )  # fmt: skip
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("answered by"),
    )  # fmt: skip
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("answered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "organisation"], condition=Q(organisation__isnull=False),
                name="survey_response_once_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["survey", "person"], condition=Q(person__isnull=False),
                name="survey_response_once_per_person",
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=True, person__isnull=False)
                | Q(organisation__isnull=False, person__isnull=True),
                name="survey_response_by_organisation_or_person",
            ),
        ]  # fmt: skip

    def __str__(self):
        who = self.organisation if self.organisation_id else self.person
        return f"{self.survey}: {who}"


class Comment(models.Model):
    """A comment on a consultation's draft, by an organisation (through a person acting for
    it) or by a person; ``section`` says which part of the draft it is about."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="comments", verbose_name=_("consultation")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("organisation"),
    )  # fmt: skip
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="survey_comments", verbose_name=_("written by"),
    )  # fmt: skip
    section = models.CharField(_("section"), max_length=200, blank=True)
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]
