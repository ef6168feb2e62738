"""Applicant-side forms of the grants app that are not built from questions alone."""

from django import forms
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from grants.form_builder import (
    ParticipantsField,
    build_field,
    check_file_questions,
    field_name,
    indicator_target,
    programme_questions,
    report_attachment_key,
    typed_fields,
)
from grants.models import FollowUpReport, Question

FIXED = ("outcomes", "participants", "money_used")


class FollowUpReportForm(forms.Form):
    """The follow-up report (återrapportering) on a grant: a fixed part (what was done, the
    participants, the money used) and the programme's own report questions.

    ``short`` is the one-screen report of a micro-grant whose programme has no report
    questions of its own: what happened, how many took part (one number, not the grid by
    age and gender), a photo or a receipt, and the money used.
    """

    outcomes = forms.CharField(
        label=_("What was done and what did it achieve?"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    participants = ParticipantsField(
        label=_("Participants by age and gender"), help_text=_("How many took part.")
    )
    money_used = forms.DecimalField(
        label=_("Money used of the grant (SEK)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("What is not used must be paid back."),
    )

    def __init__(self, *args, questions=(), targets=None, attached_keys=(), short=False,
                 money_help=None, **kwargs):  # fmt: skip
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.targets = targets or {}
        self.attached_keys = set(attached_keys)
        self.short = short
        if short:
            self.fields["outcomes"].label = _("What happened?")
            self.fields["participants"] = forms.IntegerField(
                label=_("How many took part?"), min_value=0, max_value=1_000_000,
                widget=forms.TextInput(attrs={"inputmode": "numeric"}),
            )  # fmt: skip
        if money_help:
            self.fields["money_used"].help_text = money_help
        for question in self.questions:
            self.fields[field_name(question)] = build_field(
                question, target=self.targets.get(question.key)
            )
        # The money last, after what was done: the order people tell it in.
        self.order_fields([*(f for f in self.fields if f != "money_used"), "money_used"])

    @property
    def question_fields(self):
        return [self[field_name(q)] for q in self.questions]

    def clean_participants(self):
        value = self.cleaned_data["participants"]
        if self.short:
            return {"total": value}
        return value

    def clean(self):
        cleaned = super().clean()
        check_file_questions(self, self.questions, self.attached_keys, registry=False)
        return cleaned

    def answers(self) -> dict:
        """The report questions' answers as typed (the application's drafts keep theirs so
        too): what the form is bound to again when the officer asks for changes, and what
        the officer's rows are read from."""
        names = {field_name(q) for q in self.questions}
        fields = {n: f for n, f in self.fields.items() if n in names}
        answers = {}
        for key, _label, field in typed_fields(fields):
            if isinstance(field, forms.MultipleChoiceField):
                answers[key] = self.data.getlist(key)
            else:
                answers[key] = self.data.get(key, "")
        return answers

    def uploads(self) -> dict:
        """{question key: uploaded file} for the file questions answered with an upload."""
        return {
            q.key: self.cleaned_data[field_name(q)]
            for q in self.questions
            if q.field_type == Question.FieldType.FILE and self.cleaned_data.get(field_name(q))
        }

    def fixed_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in FIXED}


def micro_grant_photo_question(programme) -> Question:
    """The photo or receipt of the one-screen micro-grant report (not stored)."""
    return Question(
        programme=programme, form=Question.Form.REPORT, key="photo",
        label=_("A photo from the activity, or a receipt"),
        help_text=_("For example a picture of the gathering or the receipt for what was bought."),
        field_type=Question.FieldType.FILE, required=True,
    )  # fmt: skip


def report_questions(report: FollowUpReport) -> tuple[list[Question], bool]:
    """The questions of ``report``'s form, and whether it is the short micro-grant report."""
    programme = report.decision.application.call.programme
    questions = programme_questions(programme, Question.Form.REPORT)
    own = [q for q in questions if q.pk is not None]
    short = programme.fast_track and not own
    if short:
        questions = [*questions, micro_grant_photo_question(programme)]
    return questions, short


def follow_up_report_form(report: FollowUpReport, data=None, files=None, *, stored=False,
                          money_help=None) -> FollowUpReportForm:  # fmt: skip
    """The report's form: bound to ``data`` (a POST), or with ``stored=True`` to what the
    report holds (the officer's reading), else unbound with what was sent before as the
    initial values (a report the officer asked to change)."""
    application = report.decision.application
    questions, short = report_questions(report)
    prefix = report_attachment_key(report.number, "")
    attached = [  # the application's attachments (prefetched when several reports are read)
        a.question_key.removeprefix(prefix)
        for a in application.attachments.all()
        if a.question_key.startswith(prefix)
    ]
    options = {
        "questions": questions,
        "targets": {q.key: indicator_target(application, q.key) for q in questions
                    if q.field_type == Question.FieldType.INDICATOR},
        "attached_keys": attached,
        "short": short,
        "money_help": money_help,
    }  # fmt: skip
    if data is not None:
        return FollowUpReportForm(data, files, **options)
    if stored:
        return FollowUpReportForm(_stored_data(report, short), **options)
    initial = {}
    if report.status == FollowUpReport.Status.CHANGES_REQUESTED:
        earlier = FollowUpReportForm(_stored_data(report, short), **options)
        earlier.is_valid()
        initial = {name: value for name, value in earlier.cleaned_data.items()
                   if name != "participants" and value not in (None, "")}  # fmt: skip
        participants = report.participants or None
        initial["participants"] = (participants or {}).get("total") if short else participants
        initial["outcomes"] = report.outcomes
        initial["money_used"] = report.money_used
    return FollowUpReportForm(initial=initial, **options)


def _stored_data(report: FollowUpReport, short: bool) -> MultiValueDict:
    """What the report holds, as the form's typed data."""
    data = {k: v if isinstance(v, list) else [v] for k, v in (report.answers or {}).items()}
    data["outcomes"] = [report.outcomes]
    data["money_used"] = [str(report.money_used) if report.money_used is not None else ""]
    participants = report.participants or {}
    if short:
        data["participants"] = [str(participants.get("total", ""))]
    else:
        field = ParticipantsField()
        for name, value in zip(
            field.widget.widgets_names,
            field.widget.decompress(participants if "counts" in participants else None),
            strict=True,
        ):
            data[f"participants{name}"] = ["" if value is None else str(value)]
    return MultiValueDict(data)
