"""Forms of the register's pages outside the admin: an organisation proposes a
collaboration or writes the yearly follow-up of an agreement, and the filter of the
public list."""

from decimal import Decimal

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from collaborations.models import Collaboration, Proposal
from portal.forms import BootstrapForm
from portal.models import District, FocusArea
from portal.money import format_number


class ProposalForm(forms.Form):
    """An idea, a need or an offer from an organisation, to the municipality's coordinator.
    The focus areas and districts are the organisation's municipality's."""

    kind = forms.ChoiceField(
        label=_("What do you propose?"), choices=Proposal.Kind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Describe it"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What you want to do together with the municipality, for whom, and what your "
            "organisation can bring."
        ),
    )
    focus_areas = forms.ModelMultipleChoiceField(
        label=_("Focus areas (optional)"),
        queryset=FocusArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    districts = forms.ModelMultipleChoiceField(
        label=_("Districts (optional)"),
        queryset=District.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_areas"].queryset = FocusArea.objects.filter(
            municipality=municipality
        ).order_by("ordering", "name")
        self.fields["districts"].queryset = District.objects.filter(
            municipality=municipality
        ).order_by("name")
        if not self.fields["districts"].queryset.exists():
            del self.fields["districts"]

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Give the proposal a title."))
        return title

    def clean_description(self):
        description = self.cleaned_data["description"].strip()
        if len(description) < 20:
            raise forms.ValidationError(
                _("Describe the proposal in a few sentences (at least 20 characters).")
            )
        return description


class PublicCollaborationFilter(django_filters.FilterSet):
    """The public list's filter: words, focus area, level and kind."""

    q = django_filters.CharFilter(label=_("Name or description"), method="search")
    focus_area = django_filters.ModelChoiceFilter(
        label=_("Focus area"),
        field_name="focus_areas",
        queryset=FocusArea.objects.none(),
        empty_label=_("All focus areas"),
    )
    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=Collaboration.Level.choices, empty_label=_("All levels")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Collaboration.Kind.choices, empty_label=_("All kinds")
    )

    class Meta:
        model = Collaboration
        fields = []
        form = BootstrapForm

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["focus_area"].queryset = FocusArea.objects.filter(
            municipality=municipality
        ).order_by("ordering", "name")

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))


def _plain(value: Decimal) -> Decimal:
    """A stored result without its trailing zeros (874.50 -> 874.5, 900.00 -> 900)."""
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


class FollowUpForm(BootstrapForm):
    """An organisation's yearly follow-up of an agreement: a result and a comment for each
    of the agreement's indicators, and a summary. Sending it in needs every result; a
    draft may leave some out."""

    summary = forms.CharField(
        label=_("Summary of the year"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What went well, what did not, and what you will change next year."),
    )

    def __init__(self, *args, indicators, follow_up=None, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        found = {r.indicator_id: r for r in follow_up.results.all()} if follow_up else {}
        if follow_up is not None:
            self.fields["summary"].initial = follow_up.summary
        self.indicator_rows = []
        for indicator in indicators:
            result = found.get(indicator.pk)
            unit = f" {indicator.unit}" if indicator.unit else ""
            name = f"result_{indicator.pk}"
            self.fields[name] = forms.DecimalField(
                label=gettext("Result for %(indicator)s") % {"indicator": indicator.name}
                + (f" ({indicator.unit})" if indicator.unit else ""),
                required=False,
                max_digits=12,
                decimal_places=2,
                localize=True,
                min_value=0,
                initial=_plain(result.value) if result else None,
                help_text=gettext("Goal: %(goal)s. Target per year: %(target)s%(unit)s.")
                % {"goal": indicator.goal, "target": format_number(indicator.target), "unit": unit},
                error_messages={
                    "invalid": _("Write the result as a number, for example 12 or 12,5."),
                    "min_value": _("A result cannot be negative."),
                },
            )
            self.fields[name].widget.attrs["inputmode"] = "decimal"
            self.fields[f"comment_{indicator.pk}"] = forms.CharField(
                label=gettext("Comment on %(indicator)s") % {"indicator": indicator.name},
                required=False,
                max_length=500,
                initial=result.comment if result else "",
            )
            self.indicator_rows.append((indicator, self[name], self[f"comment_{indicator.pk}"]))

    def clean(self):
        cleaned = super().clean()
        if self.submitting:
            for indicator, result, _comment in self.indicator_rows:
                if result.name not in self.errors and cleaned.get(result.name) is None:
                    self.add_error(
                        result.name,
                        gettext("Give the result of %(indicator)s before sending in the follow-up.")
                        % {"indicator": indicator.name},
                    )
        return cleaned

    def results(self) -> dict:
        """``{indicator id: (value or None, comment)}`` for ``services.follow_up_save_results``."""
        return {
            indicator.pk: (
                self.cleaned_data.get(result.name),
                self.cleaned_data.get(comment.name, ""),
            )
            for indicator, result, comment in self.indicator_rows
        }
