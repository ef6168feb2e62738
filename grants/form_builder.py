"""Builds a programme's application form, and the questions of its follow-up report, from
its Question rows (a form made from data).

Each question type maps to a Django form field; the budget table and the participant grid
are multi-value fields with accessible table templates. Drafts keep the raw typed values
(see services.application_save_draft), and this form validates them on submit. The report
form (grants.forms.FollowUpReportForm) takes the programme's report questions from here
(``programme_questions(programme, Question.Form.REPORT)``) and builds them with
``build_field`` too; an *indicator* asks for a target when applying and for the result,
beside that target, when reporting.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.utils import ErrorDict
from django.utils.datastructures import MultiValueDict
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from grants.activity_grant import activity_rows, calculate
from grants.models import ActivityGrantRule, Application, Question
from organisations.models import AgeBand, Document, Gender
from organisations.uploads import validate_upload
from portal.money import format_amount

# Tables have room for this many rows; the page shows the filled ones and a few empty ones,
# and an "Add a row" button reveals more (static/js/application.js).
COST_ROWS = 20
FUNDER_ROWS = 8
ACTIVITY_ROWS = 30
ACTIVITY_NUMBERS = ("occasions", "minutes", "participants", "leaders")
AMOUNT_ATTRS = {"inputmode": "decimal", "class": "form-control form-control-sm"}
TEXT_ATTRS = {"class": "form-control form-control-sm"}
# What a draft keeps (see ApplicationForm.draft_answers): a free-text answer up to its field's
# length, any other typed value (a number, an amount, a date) up to SHORT_ANSWER_LENGTH
# characters, and all answers of an application together up to ANSWERS_LENGTH characters.
SHORT_ANSWER_LENGTH = 100
ANSWERS_LENGTH = 250_000


def field_name(question: Question) -> str:
    return f"q_{question.key}"


def registry_field_name(question: Question) -> str:
    return f"q_{question.key}__registry"


def programme_questions(programme, form: str = Question.Form.APPLICATION) -> list[Question]:
    """The questions of the programme's application or report form, in order.

    A micro-grant programme (fast track) without application questions of its own asks a
    short default set on one screen (what, when and where, how many, how much), so that it
    works the day it is created. The report asks the programme's report questions and, for
    every indicator of the application that the report does not ask itself, its result.
    """
    rows = list(programme.questions.all())  # prefetched or one query; filtered here
    own = [q for q in rows if q.form == form]
    if form == Question.Form.APPLICATION:
        if not own and programme.fast_track:
            return default_micro_grant_questions(programme)
        return own
    asked = {q.key for q in own}
    kind = Question.FieldType.INDICATOR
    indicators = [
        Question(
            programme=programme,
            form=form,
            key=q.key,
            label=q.label,
            field_type=kind,
            required=q.required,
            ordering=q.ordering,
        )
        for q in rows
        if q.form == Question.Form.APPLICATION and q.field_type == kind and q.key not in asked
    ]
    return own + indicators


def default_micro_grant_questions(programme) -> list[Question]:
    """The one-screen application of a micro-grant programme that has no questions of its
    own (not stored: a programme that adds questions asks those instead)."""
    kind = Question.FieldType
    limit = ""
    if programme.max_amount is not None:
        limit = _("At most %(amount)s.") % {"amount": format_amount(programme.max_amount)}
    rows = [
        ("plan", _("What do you want to do, and for whom?"), kind.TEXTAREA, ""),
        ("when_where", _("When and where will it happen?"), kind.TEXT, ""),
        ("expected", _("How many do you expect to take part?"), kind.NUMBER, ""),
        ("amount", _("Amount applied for (SEK)"), kind.AMOUNT, limit),
    ]
    return [
        Question(programme=programme, form=Question.Form.APPLICATION, key=key, label=label,
                 field_type=field_type, help_text=help_text, required=True, ordering=order)
        for order, (key, label, field_type, help_text) in enumerate(rows)
    ]  # fmt: skip


def indicator_target(application, key: str) -> int | None:
    """The target the application gave for the indicator ``key`` (None if none was given)."""
    value = (application.answers or {}).get(f"q_{key}")
    if isinstance(value, list):
        value = value[0] if value else None
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def report_attachment_key(report_number: int, key: str) -> str:
    """The ``Attachment.question_key`` of a report's file: the application's attachments
    hold the files of its reports too, told apart by this prefix (keys of report questions
    are at most REPORT_KEY_LENGTH long, so the whole fits the 50 characters)."""
    return f"report-{report_number}-{key}"


REPORT_KEY_LENGTH = 36  # 50 − len("report-32767-")


def _amount(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(0)


class AmountCellField(forms.DecimalField):
    """An amount cell of a table. Its "not a number" error leaves out the typed value:
    MultiValueField compares its cells' errors by hash, and Decimal("sNaN") cannot be
    hashed (a 500 on a typed "sNaN" next to another wrong cell)."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is not None and not value.is_finite():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return value


class BudgetWidget(forms.MultiWidget):
    template_name = "grants/widgets/budget.html"

    def __init__(self, attrs=None):
        widgets = []
        for _row in range(COST_ROWS):
            widgets += [forms.TextInput(attrs=TEXT_ATTRS), forms.TextInput(attrs=AMOUNT_ATTRS)]
        widgets.append(forms.TextInput(attrs=AMOUNT_ATTRS))  # own funding
        for _row in range(FUNDER_ROWS):
            widgets += [forms.TextInput(attrs=TEXT_ATTRS), forms.TextInput(attrs=AMOUNT_ATTRS)]
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if not value:
            return [None] * len(self.widgets)
        values = []
        for cost in value["costs"] + [{}] * (COST_ROWS - len(value["costs"])):
            values += [cost.get("label"), cost.get("amount")]
        values.append(value.get("own_funding"))
        for funder in value["other_funders"] + [{}] * (FUNDER_ROWS - len(value["other_funders"])):
            values += [funder.get("name"), funder.get("amount")]
        return values

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        sub = context["widget"]["subwidgets"]
        context["cost_rows"] = [(i + 1, sub[2 * i], sub[2 * i + 1]) for i in range(COST_ROWS)]
        context["own_funding"] = sub[2 * COST_ROWS]
        start = 2 * COST_ROWS + 1
        context["funder_rows"] = [
            (i + 1, sub[start + 2 * i], sub[start + 2 * i + 1]) for i in range(FUNDER_ROWS)
        ]
        return context


class BudgetField(forms.MultiValueField):
    """Costs, own funding and other funders; the amount applied for is what remains."""

    widget = BudgetWidget

    def __init__(self, *, required=True, **kwargs):
        self.budget_required = required
        amount = {"required": False, "min_value": 0, "max_digits": 12, "decimal_places": 2}
        fields = []
        for _row in range(COST_ROWS):
            fields += [
                forms.CharField(required=False, max_length=200),
                AmountCellField(**amount),
            ]
        fields.append(AmountCellField(**amount))
        for _row in range(FUNDER_ROWS):
            fields += [
                forms.CharField(required=False, max_length=200),
                AmountCellField(**amount),
            ]
        super().__init__(fields, required=False, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        data_list = data_list or [None] * len(self.fields)
        costs, funders, errors = [], [], []
        for i in range(COST_ROWS):
            label, amount = data_list[2 * i], data_list[2 * i + 1]
            if amount is not None and not label:
                errors.append(
                    _("Cost row %(row)s has an amount but no description.") % {"row": i + 1}
                )
            if label or amount is not None:
                costs.append({"label": label or "", "amount": str(_amount(amount))})
        own = _amount(data_list[2 * COST_ROWS])
        start = 2 * COST_ROWS + 1
        for i in range(FUNDER_ROWS):
            name, amount = data_list[start + 2 * i], data_list[start + 2 * i + 1]
            if amount is not None and not name:
                errors.append(_("Funder row %(row)s has an amount but no name.") % {"row": i + 1})
            if name or amount is not None:
                funders.append({"name": name or "", "amount": str(_amount(amount))})
        if errors:
            raise forms.ValidationError(errors)
        if self.budget_required and not costs:
            raise forms.ValidationError(_("Fill in at least one cost."), code="required")
        total = sum(Decimal(c["amount"]) for c in costs)
        others = sum(Decimal(f["amount"]) for f in funders)
        applied = total - own - others
        if costs and applied < 0:
            raise forms.ValidationError(_("Own funding and other funders exceed the total costs."))
        return {
            "costs": costs,
            "own_funding": str(own),
            "other_funders": funders,
            "total_costs": str(total),
            "applied_for": str(applied),
        }


class ParticipantsWidget(forms.MultiWidget):
    template_name = "grants/widgets/participants.html"

    def __init__(self, attrs=None):
        number = {"inputmode": "numeric", "class": "form-control form-control-sm"}
        widgets = [forms.TextInput(attrs=number) for _band in AgeBand for _gender in Gender]
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if not value:
            return [None] * len(self.widgets)
        return [value["counts"].get(f"{b}|{g}") for b in AgeBand.values for g in Gender.values]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        sub = iter(context["widget"]["subwidgets"])
        context["genders"] = list(Gender)
        context["rows"] = [(band, [(g, next(sub)) for g in Gender]) for band in AgeBand]
        return context


class ParticipantsField(forms.MultiValueField):
    widget = ParticipantsWidget

    def __init__(self, *, required=True, **kwargs):
        self.participants_required = required
        fields = [
            forms.IntegerField(required=False, min_value=0, max_value=100_000)
            for _band in AgeBand
            for _gender in Gender
        ]
        super().__init__(fields, required=False, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        data_list = data_list or [None] * len(self.fields)
        keys = [f"{b}|{g}" for b in AgeBand.values for g in Gender.values]
        counts = {k: v or 0 for k, v in zip(keys, data_list, strict=True)}
        total = sum(counts.values())
        if self.participants_required and total == 0:
            raise forms.ValidationError(
                _("Give the expected number of participants."), code="required"
            )
        return {"counts": counts, "total": total}


class ActivitiesWidget(forms.MultiWidget):
    template_name = "grants/widgets/activities.html"

    def __init__(self, attrs=None):
        number = {"inputmode": "numeric", "class": "form-control form-control-sm"}
        widgets = []
        for _row in range(ACTIVITY_ROWS):
            widgets.append(forms.TextInput(attrs=TEXT_ATTRS))
            widgets += [forms.TextInput(attrs=number) for _n in ACTIVITY_NUMBERS]
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if not value:
            return [None] * len(self.widgets)
        values = []
        for row in value["rows"] + [{}] * (ACTIVITY_ROWS - len(value["rows"])):
            values.append(row.get("activity"))
            values += [row.get(n) for n in ACTIVITY_NUMBERS]
        return values

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        sub = context["widget"]["subwidgets"]
        width = 1 + len(ACTIVITY_NUMBERS)
        context["rows"] = [
            (i + 1, sub[width * i], sub[width * i + 1 : width * (i + 1)])
            for i in range(ACTIVITY_ROWS)
        ]
        context["columns"] = [
            _("Occasions"),
            _("Minutes per occasion"),
            _("Participants of eligible age per occasion"),
            _("Leaders aged 13 or more"),
        ]
        return context


class ActivitiesField(forms.MultiValueField):
    """Activities for an activity grant: per activity, occasions, length and participants."""

    widget = ActivitiesWidget

    def __init__(self, *, required=True, **kwargs):
        self.activities_required = required
        fields = []
        for _row in range(ACTIVITY_ROWS):
            fields.append(forms.CharField(required=False, max_length=200))
            fields += [
                forms.IntegerField(required=False, min_value=0, max_value=10_000)
                for _n in ACTIVITY_NUMBERS
            ]
        super().__init__(fields, required=False, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        width = 1 + len(ACTIVITY_NUMBERS)
        data_list = data_list or [None] * len(self.fields)
        rows, errors = [], []
        for i in range(ACTIVITY_ROWS):
            activity, *numbers = data_list[width * i : width * (i + 1)]
            if not activity and all(n is None for n in numbers):
                continue
            if not activity or any(n is None for n in numbers):
                errors.append(
                    _("Activity row %(row)s: give the activity and all four numbers.")
                    % {"row": i + 1}
                )
                continue
            rows.append({"activity": activity, **dict(zip(ACTIVITY_NUMBERS, numbers, strict=True))})
        if errors:
            raise forms.ValidationError(errors)
        if self.activities_required and not rows:
            raise forms.ValidationError(_("Fill in at least one activity."), code="required")
        return {"rows": rows, "occasions": sum(r["occasions"] for r in rows)}


def rule_summary(rule) -> str:
    """What counts, in words, so that applicants fill in the right numbers."""
    return str(
        _(
            "Count participants aged %(min_age)s–%(max_age)s (any age with a disability). An "
            "occasion counts from %(minutes)s minutes, %(fewest)s participants and %(leaders)s "
            "leader(s) aged 13 or more; at most %(most)s participants are paid for."
        )
        % {
            "min_age": rule.min_age,
            "max_age": rule.max_age,
            "minutes": rule.min_minutes,
            "fewest": rule.min_participants,
            "leaders": rule.min_leaders,
            "most": rule.max_participants,
        }
    )


def build_field(question: Question, *, max_amount=None, target=None) -> forms.Field:
    """The form field for one question; ``required`` is the question's own setting. An
    indicator asks for the target in the application and for the result in the report,
    where ``target`` is what the application gave."""
    common = {
        "label": question.label,
        "help_text": question.help_text,
        "required": question.required,
    }
    kind = Question.FieldType
    match question.field_type:
        case kind.TEXT:
            return forms.CharField(max_length=500, **common)
        case kind.TEXTAREA:
            return forms.CharField(
                max_length=20_000, widget=forms.Textarea(attrs={"rows": 5}), **common
            )
        case kind.NUMBER:
            return forms.IntegerField(min_value=0, max_value=10**9, **common)
        case kind.AMOUNT:
            messages = {}
            if max_amount is not None:  # written as every amount is, not Django's bare "50000"
                limit = _("At most %(amount)s can be applied for.")
                messages["max_value"] = limit % {"amount": format_amount(max_amount)}
            return forms.DecimalField(
                min_value=Decimal("0"),
                max_value=max_amount,
                max_digits=12,
                decimal_places=2,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                error_messages=messages,
                **common,
            )
        case kind.CHOICE:
            choices = [(c, c) for c in question.choice_list]
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        case kind.MULTIPLE_CHOICE:
            choices = [(c, c) for c in question.choice_list]
            return forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple, **common
            )
        case kind.DATE:
            return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
        case kind.FILE:
            return forms.FileField(**{**common, "required": False})  # checked in the form
        case kind.BUDGET:
            return BudgetField(**common)
        case kind.PARTICIPANTS:
            return ParticipantsField(**common)
        case kind.ACTIVITIES:
            return ActivitiesField(**common)
        case kind.INDICATOR:
            return _indicator_field(question, target, common)
    raise ValueError(f"Unknown question type {question.field_type!r}")


def _indicator_field(question, target, common) -> forms.Field:
    if question.form == Question.Form.REPORT:
        label = _("%(indicator)s: result") % {"indicator": question.label}
        if target is None:
            said = _("No target was given in the application.")
        else:
            said = _("Your target: %(target)s.") % {"target": number_format(target)}
        help_text = " ".join(filter(None, [str(said), question.help_text]))
    else:
        label = _("%(indicator)s: target") % {"indicator": question.label}
        help_text = question.help_text or _(
            "The number you aim for; the follow-up report asks for the result."
        )
    return forms.IntegerField(
        min_value=0,
        max_value=10**9,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        **{**common, "label": label, "help_text": help_text},
    )


def check_file_questions(form, questions, attached_keys, registry=True) -> None:
    """Add the errors of the file questions to ``form`` (run from its ``clean``): an upload
    must pass the upload checks, a required one must be uploaded or already attached (or,
    for an application, taken from the registry)."""
    for question in questions:
        if question.field_type != Question.FieldType.FILE:
            continue
        name = field_name(question)
        upload = form.cleaned_data.get(name)
        if upload:
            try:
                validate_upload(upload)
            except forms.ValidationError as error:
                form.add_error(name, error)
        elif (
            question.required
            and question.key not in attached_keys
            and not (registry and form.cleaned_data.get(registry_field_name(question)))
        ):
            form.add_error(name, forms.ValidationError(_("Attach a file."), code="required"))


def typed_fields(fields):
    """(data key, label, field) for every value a form of questions reads from a POST: each
    cell of a table separately; files are uploaded, not typed, so not here."""
    for name, field in fields.items():
        if isinstance(field, forms.FileField):
            continue
        if isinstance(field, forms.MultiValueField):
            for suffix, cell in zip(field.widget.widgets_names, field.fields, strict=True):
                yield name + suffix, field.label, cell
        else:
            yield name, field.label, field


class ApplicationForm(forms.Form):
    """The application form of a programme, bound to typed values (draft or submit)."""

    def __init__(
        self,
        *args,
        questions,
        attached_keys=(),
        max_amount=None,
        registry_documents=(),
        activity_rule=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.max_amount = max_amount
        self.activity_rule = activity_rule
        self.attached_keys = set(attached_keys)
        documents = [("", _("— upload a file above instead —")), *registry_documents]
        for question in self.questions:
            self.fields[field_name(question)] = build_field(question, max_amount=max_amount)
            if question.field_type == Question.FieldType.ACTIVITIES and activity_rule:
                self.fields[field_name(question)].help_text = " ".join(
                    filter(None, [question.help_text, rule_summary(activity_rule)])
                )
            if question.field_type == Question.FieldType.FILE and registry_documents:
                self.fields[registry_field_name(question)] = forms.ChoiceField(
                    label=_("…or use a document from the registry"),
                    choices=documents,
                    required=False,
                )

    def clean(self):
        cleaned = super().clean()
        check_file_questions(self, self.questions, self.attached_keys)
        self._check_budget_limit()
        return cleaned

    def _check_budget_limit(self) -> None:
        """What a budget leaves to apply for may not exceed the programme's maximum either
        (the amount question has the limit in its field)."""
        if self.max_amount is None:
            return
        for question in self.questions:
            name = field_name(question)
            value = self.cleaned_data.get(name)
            if (
                question.field_type == Question.FieldType.BUDGET
                and value
                and Decimal(value["applied_for"]) > self.max_amount
            ):
                limit = _("At most %(amount)s can be applied for.")
                self.add_error(name, limit % {"amount": format_amount(self.max_amount)})

    def show_errors(self, errors) -> None:
        """Show ``errors`` (field name, or "__all__" for the whole form → messages) instead
        of validating again: none for a draft opened to fill in (what was typed; errors only
        when the applicant asks for a check), the submission's verdict after a submit."""
        self._errors, self.cleaned_data = ErrorDict(), {}
        for name, messages in errors.items():
            field = None if name == NON_FIELD_ERRORS else name
            self.add_error(field, forms.ValidationError(list(messages)))

    def amount_requested(self):
        """The amount question's value, what the activity formula gives, or what the budget
        leaves to apply for."""
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question))
            if (
                question.field_type == Question.FieldType.ACTIVITIES
                and value
                and self.activity_rule
            ):
                rows = activity_rows(value)
                return calculate(rows, self.activity_rule, cap=self.max_amount).amount
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question))
            if question.field_type == Question.FieldType.AMOUNT and value is not None:
                return value
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question))
            if question.field_type == Question.FieldType.BUDGET and value:
                return Decimal(value["applied_for"])
        return None

    def _draft_fields(self):
        return typed_fields(self.fields)

    def draft_answers(self, data, stored: dict) -> tuple[dict, list[str]]:
        """What a draft keeps: the typed values of this programme's questions, valid or not,
        over ``stored`` (the answers kept so far); nothing else that was posted.

        A choice keeps only one of its choices (nothing is typed there). A typed value longer
        than its field allows is not cut short: it is refused with an error saying which
        answer, and then nothing is kept (the caller keeps ``stored``).
        """
        answers, errors = {}, []
        for key, label, field in self._draft_fields():
            if key not in data:
                if key in stored:
                    answers[key] = stored[key]
                continue
            if isinstance(field, forms.MultipleChoiceField):
                values = dict.fromkeys(_without_nul(v) for v in data.getlist(key))
                answers[key] = [value for value in values if field.valid_value(value)]
                continue
            value = _without_nul(data.get(key))
            if isinstance(field, forms.ChoiceField):
                if value == "" or field.valid_value(value):
                    answers[key] = value
                elif key in stored:
                    answers[key] = stored[key]
                continue
            limit = getattr(field, "max_length", None) or SHORT_ANSWER_LENGTH
            if len(value) > limit:
                errors.append(
                    _(
                        "The answer to “%(question)s” is too long: %(length)s characters, at "
                        "most %(limit)s. It has not been saved; shorten it and save again."
                    )
                    % {
                        "question": label,
                        "length": number_format(len(value), force_grouping=True),
                        "limit": number_format(limit, force_grouping=True),
                    }
                )
            answers[key] = value
        total = sum(len(str(v)) for value in answers.values() for v in _as_list(value))
        if not errors and total > ANSWERS_LENGTH:
            errors.append(
                _(
                    "The answers are too long together: %(length)s characters, at most "
                    "%(limit)s. They have not been saved; shorten them and save again."
                )
                % {
                    "length": number_format(total, force_grouping=True),
                    "limit": number_format(ANSWERS_LENGTH, force_grouping=True),
                }
            )
        return answers, errors


def _without_nul(value):
    """PostgreSQL cannot store NUL characters: a draft drops them (the form rejects them)."""
    return value.replace("\x00", "") if isinstance(value, str) else ""


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def application_form(application: Application, data=None, files=None) -> ApplicationForm:
    """The programme's form bound to ``data`` (a POST) or to the stored typed values.

    Built in one query for a form of plain questions: the organisation's registry documents
    and the application's attachments are asked for only when the form has a file question,
    the activity grant's rule only when it asks for activities (on deadline day every
    submit builds it)."""
    programme = application.call.programme
    if data is None:
        data = MultiValueDict(
            {k: v if isinstance(v, list) else [v] for k, v in application.answers.items()}
        )
    questions = programme_questions(programme)
    kinds = {question.field_type for question in questions}
    documents, attached_keys, activity_rule = [], (), None
    if Question.FieldType.FILE in kinds:
        documents = Document.objects.filter(organisation=application.organisation_id)
        attached_keys = application.attachments.values_list("question_key", flat=True)
    if Question.FieldType.ACTIVITIES in kinds:
        activity_rule = ActivityGrantRule.objects.filter(programme=programme).first()
    return ApplicationForm(
        data,
        files,
        questions=questions,
        attached_keys=attached_keys,
        max_amount=programme.max_amount,
        activity_rule=activity_rule,
        registry_documents=[(str(d.pk), f"{d.get_kind_display()} {d.year}") for d in documents],
    )
