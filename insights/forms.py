"""The dashboard's filter form: choices come from the municipality's own structure."""

from functools import cached_property

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.models import GrantKind
from insights.selectors import DRILL_LOOKUPS, Filters, structure
from portal.forms import BootstrapForm
from portal.models import Committee, District, FocusArea, TargetGroup

FIRST_YEAR = 2015


class YearRangeForm(BootstrapForm):
    """From year and to year, this year by default; the wrong order is an error at the field."""

    year_from = forms.TypedChoiceField(label=_("From year"), coerce=int, required=False)
    year_to = forms.TypedChoiceField(label=_("To year"), coerce=int, required=False)

    def __init__(self, data, **kwargs):
        super().__init__(data, **kwargs)
        this_year = timezone.localdate().year
        years = [(y, str(y)) for y in range(this_year, FIRST_YEAR - 1, -1)]
        for name in ("year_from", "year_to"):
            self.fields[name].choices = years
            self.fields[name].initial = this_year

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("year_from"), cleaned.get("year_to")
        if start and end and start > end:
            self.add_error("year_to", _("The last year must not come before the first."))
        return cleaned

    def years(self) -> tuple[int, ...]:
        """The chosen years; an invalid choice falls back to the default (this year)."""
        data = self.cleaned_data if self.is_valid() else {}
        start = data.get("year_from") or timezone.localdate().year
        end = data.get("year_to") or start
        return tuple(range(min(start, end), max(start, end) + 1))


class StructureChoiceField(forms.TypedChoiceField):
    """One of the municipality's focus areas, committees, districts or target groups, among
    the rows its form reads for all four in one query: cleans to the object, as a
    ModelChoiceField does, without a query of its own."""

    default_error_messages = {
        "invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]
    }

    def __init__(self, *, empty_label, **kwargs):
        super().__init__(required=False, empty_value=None, **kwargs)
        self.empty_label = empty_label
        self.objects = dict  # the form's rows {str(pk): object}, in order (``use``)

    def use(self, objects) -> None:
        """Choose among ``objects()``, read when the choices are first needed."""
        self.objects = objects
        self.choices = lambda: (
            [("", self.empty_label)] + [(pk, str(obj)) for pk, obj in objects().items()]
        )

    def _coerce(self, value):
        if value == self.empty_value or value in self.empty_values:
            return self.empty_value
        return self.objects()[str(value)]


class DashboardForm(YearRangeForm):
    focus_area = StructureChoiceField(label=_("Focus area"), empty_label=_("All focus areas"))
    committee = StructureChoiceField(label=_("Committee"), empty_label=_("All committees"))
    district = StructureChoiceField(label=_("District"), empty_label=_("All districts"))
    target_group = StructureChoiceField(label=_("Target group"), empty_label=_("All target groups"))
    field_order = ["focus_area", "year_from", "year_to", "committee", "district", "target_group"]
    MODELS = {
        "focus_area": FocusArea,
        "committee": Committee,
        "district": District,
        "target_group": TargetGroup,
    }

    def __init__(self, data, *, municipality, **kwargs):
        super().__init__(data, **kwargs)
        self.municipality = municipality
        for name, model in self.MODELS.items():
            self.fields[name].use(lambda model=model: self._structure[model])

    @cached_property
    def _structure(self) -> dict:
        return structure(self.municipality)

    @property
    def focus_areas(self) -> list:
        """The municipality's focus areas in their order (the links beside the form)."""
        return list(self._structure[FocusArea].values())

    def filters(self) -> Filters:
        """The chosen filters; an invalid choice falls back to the defaults (this year)."""
        data = self.cleaned_data if self.is_valid() else {}
        return Filters(
            municipality=self.municipality,
            years=self.years(),
            focus_area=data.get("focus_area"),
            committee=data.get("committee"),
            district=data.get("district"),
            target_group=data.get("target_group"),
        )


class DrillForm(forms.Form):
    """The row of a figure that a drill-down link opens (``drill_district=7``, or ``none`` for
    the row of grants without one): only the municipality's own rows are valid."""

    NONE = "none"

    def __init__(self, data, *, municipality, **kwargs):
        super().__init__(data, **kwargs)
        rows = {
            "focus_area": municipality.focusareas.values_list("pk", flat=True),
            "kind": GrantKind.values,
            "district": municipality.districts.values_list("pk", flat=True),
            "target_group": municipality.targetgroups.values_list("pk", flat=True),
        }
        for key in DRILL_LOOKUPS:
            choices = [(self.NONE, self.NONE), *((str(row), str(row)) for row in rows[key])]
            self.fields[f"drill_{key}"] = forms.ChoiceField(choices=choices, required=False)

    def drill(self) -> dict:
        """The chosen rows, for selectors.drill_down (an empty value: no row chosen)."""
        return {key: self.cleaned_data[f"drill_{key}"] for key in DRILL_LOOKUPS}


class CompareForm(YearRangeForm):
    """The years of the cross-municipality comparison."""
