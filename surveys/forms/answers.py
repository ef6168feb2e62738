"""The answer form, built from the survey's questions by the grants' form builder
(``grants.form_builder.build_field``), and the comment form of a consultation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from grants.form_builder import build_field
from surveys.models import SurveyQuestion
from surveys.services.answers import COMMENT_LENGTH

F = SurveyQuestion.FieldType


@dataclass(frozen=True)
class FormQuestion:
    """A survey question as the form builder reads it: its label and help text in the
    reader's language, and the 1–5 scale as a choice of 1 to 5."""

    key: str
    label: str
    help_text: str
    required: bool
    field_type: str
    choice_list: list

    @classmethod
    def of(cls, question: SurveyQuestion) -> FormQuestion:
        kind = F.CHOICE if question.field_type == F.SCALE else question.field_type
        return cls(question.key, question.label, question.help_text, question.required,
                   kind, question.choice_list)  # fmt: skip


def field_name(question) -> str:
    return f"q_{question.key}"


class AnswerForm(forms.Form):
    """The survey's questions; bound to a POST, or filled with the answer given before."""

    respondent = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, questions, answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            name = field_name(question)
            self.fields[name] = build_field(FormQuestion.of(question))
            stored = (answers or {}).get(question.key)
            if stored is not None:
                self.initial[name] = stored

    def answers(self) -> dict:
        """The answers to store, by question key: text, whole numbers, choices, lists of
        choices, dates as ISO text; questions left empty are left out."""
        found = {}
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question))
            if value in (None, "", []):
                continue
            found[question.key] = value.isoformat() if isinstance(value, date) else value
        return found


class CommentForm(forms.Form):
    respondent = forms.CharField(widget=forms.HiddenInput)
    section = forms.CharField(
        label=_("Which part of the draft (optional)"), max_length=200, required=False,
        help_text=_("E.g. the section's heading or number."),
    )  # fmt: skip
    text = forms.CharField(
        label=_("Your comment"), max_length=COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )  # fmt: skip

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        if sections:
            choices = [("", _("The whole draft")), *[(s, s) for s in sections]]
            self.fields["section"] = forms.ChoiceField(
                label=_("Which part of the draft"), choices=choices, required=False
            )
