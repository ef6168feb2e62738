"""Forms of volunteer posts: an organisation's opportunity (its page) and a municipal post
(the admin), a shift's rows, the public list's filter, an expression of interest, and the
host's attendance and extract forms. Choices are the post's municipality's own."""

from decimal import Decimal

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.admin.mixins import LabelledInlineFormSet
from portal.forms import BootstrapForm
from portal.models import District, FocusArea, TargetGroup
from volunteering.models import Post, Skill
from volunteering.services.posts import POST_FIELDS, POST_MANY, post_problems, shift_problems

CHECKBOXES = forms.CheckboxSelectMultiple
CHOSEN_IN_MUNICIPALITY = {"district": District, "focus_areas": FocusArea,
                          "target_groups": TargetGroup, "skills": Skill}  # fmt: skip


def limit_to_municipality(form, municipality_id) -> None:
    """The district, focus area, target group and skill choices of one municipality;
    lists it has not set up are left out."""
    for name, model in CHOSEN_IN_MUNICIPALITY.items():
        if name not in form.fields:
            continue
        choices = model.objects.filter(municipality_id=municipality_id).order_by("ordering", "name")
        form.fields[name].queryset = choices
        if not choices.exists():
            del form.fields[name]


class PostForm(forms.ModelForm):
    """An organisation's own opportunity (the organisation's page)."""

    class Meta:
        model = Post
        fields = [*POST_FIELDS, *POST_MANY]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "requirements": forms.Textarea(attrs={"rows": 3}),
            "focus_areas": CHECKBOXES,
            "target_groups": CHECKBOXES,
            "skills": CHECKBOXES,
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        help_texts = {
            "activity": _("E.g. the football school, the homework club."),
            "contact_email": _("Volunteers' interest is sent here."),
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        limit_to_municipality(self, municipality.pk)
        self.fields["contact_phone"].widget.attrs.update({"autocomplete": "tel"})
        present = set(self.fields)
        parts = [
            (_("The opportunity"), ["activity", "title", "description", "requirements",
                                    "requires_record_extract"]),
            (_("Where and for whom"), ["place", "district", "focus_areas", "target_groups",
                                       "skills"]),
            (_("Contact"), ["contact_name", "contact_email", "contact_phone"]),
        ]  # fmt: skip
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            *(Fieldset(legend, *[n for n in names if n in present]) for legend, names in parts)
        )

    def clean(self):
        cleaned = super().clean()
        for name, problem in post_problems(
            municipality_id=self.municipality.pk, data=self.post_data()
        ).items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, problem)
        return cleaned

    def _post_clean(self):
        """The services write the post; here only the form's own checks."""

    def post_data(self) -> dict:
        data = self.cleaned_data
        found = {name: data[name] for name in POST_FIELDS if name in data}
        found.update({name: list(data[name]) for name in POST_MANY if name in data})
        return found


class PostAdminForm(forms.ModelForm):
    """A municipal post in the admin; the services write it (PostAdmin.save_related)."""

    class Meta:
        model = Post
        fields = ["administration", *POST_FIELDS, *POST_MANY]

    def clean(self):
        cleaned = super().clean()
        administration = cleaned.get("administration") or self.instance.administration
        if administration is None:
            return cleaned
        data = {name: cleaned[name] for name in (*POST_FIELDS, *POST_MANY) if name in cleaned}
        for name, problem in post_problems(
            municipality_id=administration.municipality_id, data=data
        ).items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, problem)
        return cleaned

    def _post_clean(self):
        """Only the form's checks: the post's host is set by the services."""


class ShiftFormSet(LabelledInlineFormSet):
    """A post's shifts: the same checks as the services (end after start, at most a day,
    no fewer places than are booked), and a shift with sign-ups is cancelled, not
    removed."""

    def clean(self):
        super().clean()
        kept = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data:
                continue
            instance = form.instance
            if data.get("DELETE"):
                if instance.pk and instance.signups.exists():
                    kept.append(str(instance))
                continue
            problems = shift_problems(
                starts_at=data.get("starts_at"),
                ends_at=data.get("ends_at"),
                places=data.get("places"),
                shift=instance if instance.pk else None,
            )
            for name, problem in problems.items():
                if name not in form.errors:
                    form.add_error(name if name in form.fields else None, problem)
        if kept:  # rows marked for removal are not validated one by one: said for them all
            raise forms.ValidationError(
                gettext(
                    "Volunteers have signed up for the shift: cancel it instead of removing it."
                )
            )


class HostKind:
    MUNICIPALITY = "municipality"
    ORGANISATION = "organisation"
    CHOICES = [(MUNICIPALITY, _("The municipality")), (ORGANISATION, _("Organisations"))]


class PublicPostFilter(django_filters.FilterSet):
    """The public list's filter: district, focus area and who hosts."""

    district = django_filters.ModelChoiceFilter(
        label=_("District"), queryset=District.objects.none(), empty_label=_("All districts")
    )
    focus_area = django_filters.ModelChoiceFilter(
        label=_("Focus area"), field_name="focus_areas", queryset=FocusArea.objects.none(),
        empty_label=_("All focus areas"),
    )  # fmt: skip
    host = django_filters.ChoiceFilter(
        label=_("Offered by"), choices=HostKind.CHOICES, method="by_host",
        empty_label=_("The municipality and organisations"),
    )  # fmt: skip

    class Meta:
        model = Post
        fields = []
        form = BootstrapForm

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["district"].queryset = District.objects.filter(
            municipality=municipality
        ).order_by("name")
        self.filters["focus_area"].queryset = FocusArea.objects.filter(
            municipality=municipality
        ).order_by("ordering", "name")

    def by_host(self, queryset, name, value):
        if value == HostKind.MUNICIPALITY:
            return queryset.filter(administration__isnull=False)
        return queryset.filter(organisation__isnull=False)


class InterestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the contact person (optional)"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("E.g. when you can and what you would like to do. Your name and email "
                    "address are sent with it, and your phone number if you have given one."),
    )  # fmt: skip


class AttendanceForm(forms.Form):
    """Per booked volunteer of a shift: came (yes, no, not known) and hours."""

    CAME = [("", _("Not recorded")), ("yes", _("Came")), ("no", _("Did not come"))]

    def __init__(self, *args, shift, signups, **kwargs):
        super().__init__(*args, **kwargs)
        self.shift = shift
        self.rows = []
        default = min(Decimal(str(shift.hours)), Decimal(24))
        for signup in signups:
            name = str(signup.volunteer) if signup.volunteer else gettext("A former volunteer")
            came = {True: "yes", False: "no"}.get(signup.attended, "")
            self.fields[f"came_{signup.pk}"] = forms.ChoiceField(
                label=gettext("Did %(name)s come?") % {"name": name},
                choices=self.CAME, required=False, initial=came,
            )  # fmt: skip
            self.fields[f"hours_{signup.pk}"] = forms.DecimalField(
                label=gettext("Hours given by %(name)s") % {"name": name},
                required=False, min_value=0, max_value=24, max_digits=5, decimal_places=2,
                localize=True, initial=signup.hours if signup.hours is not None else default,
                error_messages={"invalid": _("Write the hours as a number, for example 3 or 2,5.")},
            )  # fmt: skip
            self.fields[f"hours_{signup.pk}"].widget.attrs["inputmode"] = "decimal"
            self.rows.append((signup, name, self[f"came_{signup.pk}"], self[f"hours_{signup.pk}"]))

    def attendance(self) -> dict:
        """``{signup id: (came, hours)}`` for ``services.attendance_record``."""
        found = {}
        for signup, _name, came, hours in self.rows:
            answer = self.cleaned_data.get(came.name)
            attended = {"yes": True, "no": False}.get(answer)
            found[signup.pk] = (attended, self.cleaned_data.get(hours.name))
        return found


class ExtractCheckForm(forms.Form):
    """That one of the post's volunteers showed an extract, and when."""

    volunteer = forms.ChoiceField(label=_("Volunteer"))
    shown_on = forms.DateField(
        label=_("Shown on"), widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Only the date is kept, never the extract."),
    )  # fmt: skip

    def __init__(self, *args, volunteers, **kwargs):
        super().__init__(*args, **kwargs)
        self.volunteers = {str(v.pk): v for v in volunteers}
        self.fields["volunteer"].choices = [("", "---------")] + [
            (pk, str(v)) for pk, v in self.volunteers.items()
        ]

    def clean_volunteer(self):
        return self.volunteers[self.cleaned_data["volunteer"]]
