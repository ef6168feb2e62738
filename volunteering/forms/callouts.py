"""Forms of call-outs: the pledge and the readiness pages (organisations and volunteers),
and the coordinator's admin forms. They ask the services' questions (``*_problems``) so a
refusal shows by its field with everything typed kept."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.admin.mixins import LabelledInlineForm
from volunteering import workflow
from volunteering.languages import LANGUAGES
from volunteering.models import CallOut, Pledge, Skill
from volunteering.selectors.callouts import giver_key
from volunteering.services import callouts as services
from volunteering.services.callouts import FIELDS, MANY, OFFER


def _add_problems(form, problems: dict) -> None:
    for name, message in problems.items():
        form.add_error(name if name in form.fields else None, message)


def _skills(municipality):
    return Skill.objects.filter(municipality=municipality).order_by("name")


def languages_field(label, help_text=""):
    return forms.MultipleChoiceField(
        label=label, choices=LANGUAGES, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )  # fmt: skip


# --- the pages -------------------------------------------------------------------------------


class PledgeForm(forms.Form):
    """What a volunteer or an organisation offers in answer to a call-out."""

    giver = forms.ChoiceField(label=_("Pledge as"), widget=forms.RadioSelect)
    people = forms.IntegerField(
        label=_("How many people"), min_value=0, max_value=1000, initial=1,
        help_text=_("For an organisation: how many of you can come."),
    )  # fmt: skip
    hours = forms.IntegerField(
        label=_("Hours in all"), min_value=0, max_value=100000, initial=0,
        help_text=_("All the hours you offer together, e.g. 3 people for 4 hours: 12."),
    )  # fmt: skip
    skills = forms.ModelMultipleChoiceField(
        label=_("Skills and resources you offer"), queryset=Skill.objects.none(),
        required=False, widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    premises = forms.CharField(label=_("Premises you can lend"), max_length=500, required=False)
    goods = forms.CharField(
        label=_("Goods or equipment you can give or lend"), max_length=500, required=False
    )
    message = forms.CharField(
        label=_("Message to the coordinator"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("When you can come, anything the coordinator should know."),
    )  # fmt: skip

    def __init__(self, *args, callout, givers, **kwargs):
        super().__init__(*args, **kwargs)
        self.callout = callout
        self.givers = {giver_key(g): g for g in givers}
        self.fields["giver"].choices = [
            (key, _("Myself, as a volunteer") if g.volunteer is not None else g.organisation.name)
            for key, g in self.givers.items()
        ]
        self.fields["skills"].queryset = _skills(callout.municipality_id)
        if not self.fields["skills"].queryset.exists():
            del self.fields["skills"]

    def clean(self):
        cleaned = super().clean()
        giver = self.givers.get(cleaned.get("giver"))
        if giver is not None and "people" in cleaned and "hours" in cleaned:
            data = {**{n: cleaned.get(n) for n in OFFER}, "skills": cleaned.get("skills") or []}
            problems = services.pledge_problems(callout=self.callout, giver=giver, data=data)
            _add_problems(self, problems)
        return cleaned

    def chosen_giver(self):
        return self.givers[self.cleaned_data["giver"]]

    def offer(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in OFFER}
        data["premises"] = (data["premises"] or "").strip()
        data["goods"] = (data["goods"] or "").strip()
        data["message"] = (data["message"] or "").strip()
        data["skills"] = list(self.cleaned_data.get("skills") or [])
        return data


class ReadinessForm(forms.Form):
    """An organisation's readiness (beredskap) to help when the municipality calls."""

    receives_callouts = forms.BooleanField(
        label=_("The municipality may ask us for help by call-outs"), required=False,
        help_text=_("Call-outs reach the people who act for the organisation and the email "
                    "at short notice below."),
    )  # fmt: skip
    skills = forms.ModelMultipleChoiceField(
        label=_("Skills and resources we can offer"), queryset=Skill.objects.none(),
        required=False, widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    languages = languages_field(_("Languages we speak"))
    people_available = forms.IntegerField(
        label=_("People who can help at short notice"), min_value=0, max_value=30000,
        required=False,
    )  # fmt: skip
    premises = forms.CharField(label=_("Premises we can lend"), max_length=500, required=False)
    goods = forms.CharField(
        label=_("Goods or equipment we can lend"), max_length=500, required=False
    )
    urgent_phone = forms.CharField(
        label=_("Phone at short notice"), max_length=40, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )  # fmt: skip
    urgent_email = forms.EmailField(
        label=_("Email at short notice"), required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )  # fmt: skip

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skills"].queryset = _skills(organisation.municipality_id)
        if not self.fields["skills"].queryset.exists():
            del self.fields["skills"]

    @staticmethod
    def initial_from(readiness) -> dict:
        initial = {
            name: getattr(readiness, name)
            for name in ("receives_callouts", "languages", "people_available", "premises",
                         "goods", "urgent_phone", "urgent_email")
        }  # fmt: skip
        initial["skills"] = list(readiness.skills.all()) if readiness.pk else []
        return initial

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("premises", "goods", "urgent_phone", "urgent_email"):
            data[name] = (data.get(name) or "").strip()
        data["skills"] = list(data.get("skills") or [])
        return data


# --- the admin -------------------------------------------------------------------------------


class CallOutAdminForm(forms.ModelForm):
    """A call-out's fields; the service's checks (the municipality's own choices, a
    coordinator responsible, an end after the start) as form errors."""

    languages = languages_field(_("languages needed"))

    class Meta:
        model = CallOut
        fields = ["municipality", *FIELDS, *MANY]

    def clean(self):
        cleaned = super().clean()
        municipality = (
            self.instance.municipality if self.instance.pk else cleaned.get("municipality")
        )
        if municipality is not None:
            names = self.changed_data if self.instance.pk else cleaned
            data = {k: cleaned[k] for k in names if k in cleaned and (k in FIELDS or k in MANY)}
            for name in ("starts_at", "ends_at", "to_organisations", "to_volunteers"):
                data.setdefault(name, cleaned.get(name))
            _add_problems(self, services.callout_problems(municipality=municipality, data=data))
        return cleaned


class CloseForm(forms.Form):
    account = forms.CharField(
        label=_("What happened"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("A short account: what was done, by how many, what is left. It is shown "
                    "on the call-out's page to everyone who was asked."),
    )  # fmt: skip


class ConfirmForm(forms.Form):
    """An action with nothing to fill in: the page asks, the button confirms."""


class PledgeStatusForm(LabelledInlineForm):
    """A pledge as the coordinator handles it: the status (the moves the table allows the
    coordinator), the task and the hours given; the giver's offer is shown, not changed."""

    class Meta:
        model = Pledge
        fields = ["status", "assignment", "hours_given"]
        localized_fields = ["hours_given"]  # "2,5" as Swedish writes it
        widgets = {"assignment": forms.Textarea(attrs={"rows": 2, "cols": 30})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("status")
        if field is not None and self.instance.pk:
            current = self.instance.status
            offered = {current, *workflow.moves(current, workflow.COORDINATOR,
                                                workflow.PLEDGE_TRANSITIONS)}  # fmt: skip
            field.widget.choices = [(v, label) for v, label in field.choices if v in offered]
            field.choices = field.widget.choices

    def clean(self):
        cleaned = super().clean()
        pledge = self.instance
        status = cleaned.get("status", pledge.status)
        if "status" in self.changed_data and pledge.callout.status != CallOut.Status.OPEN:
            self.add_error("status", _("Pledges are answered while the call-out is open."))
        hours = cleaned.get("hours_given")
        if "hours_given" in self.changed_data and hours is not None:
            if status != Pledge.Status.ACCEPTED:
                self.add_error("hours_given", _("Hours given are recorded for accepted pledges."))
            elif hours < 0:
                self.add_error("hours_given", _("Hours cannot be negative."))
        return cleaned


class PledgeAddForm(forms.ModelForm):
    """A pledge received another way (by phone, at the door), recorded by the coordinator
    for an organisation or a volunteer of the call-out's municipality."""

    class Meta:
        model = Pledge
        fields = ["callout", "organisation", "volunteer", *OFFER, "skills"]

    def clean(self):
        cleaned = super().clean()
        organisation, volunteer = cleaned.get("organisation"), cleaned.get("volunteer")
        if bool(organisation) == bool(volunteer):
            self.add_error("organisation", _("Choose either an organisation or a volunteer."))
            return cleaned
        callout = cleaned.get("callout")
        if callout is not None:
            giver = services.Giver(organisation=organisation, volunteer=volunteer)
            for name, thing in (("organisation", organisation), ("volunteer", volunteer)):
                if thing is not None and thing.municipality_id != callout.municipality_id:
                    self.add_error(name, _("It belongs to another municipality."))
            data = {**{n: cleaned.get(n) for n in OFFER}, "skills": cleaned.get("skills") or []}
            _add_problems(self, services.pledge_problems(callout=callout, giver=giver, data=data))
        return cleaned
