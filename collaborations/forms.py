"""Forms of the register's pages outside the admin: an organisation proposes a
collaboration, and the filter of the public list."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from collaborations.models import Collaboration, Proposal
from portal.forms import BootstrapForm
from portal.models import District, FocusArea


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
