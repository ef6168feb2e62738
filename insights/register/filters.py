"""The register's filters (the coordinating view): level, kind, administration, focus area,
district, partner organisation, status and free text; the choices are the municipality's."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from collaborations.models import Collaboration, OutsidePartner
from organisations.models import Organisation
from portal.forms import BootstrapForm
from portal.models import Administration, District, FocusArea


class RegisterFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name, description or partner"), method="search")
    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=Collaboration.Level.choices, empty_label=_("All levels")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Collaboration.Kind.choices, empty_label=_("All kinds")
    )
    administration = django_filters.ModelChoiceFilter(
        label=_("Administration"),
        queryset=Administration.objects.none(),
        empty_label=_("All administrations"),
    )
    focus_area = django_filters.ModelChoiceFilter(
        label=_("Focus area"),
        queryset=FocusArea.objects.none(),
        method="tagged",
        empty_label=_("All focus areas"),
    )
    district = django_filters.ModelChoiceFilter(
        label=_("District"),
        queryset=District.objects.none(),
        method="tagged",
        empty_label=_("All districts"),
    )
    # A name, not a list: a large municipality's register has thousands of partners.
    partner = django_filters.CharFilter(
        label=_("Partner organisation (name or organisation number)"), method="by_partner"
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Collaboration.Status.choices, empty_label=_("Any status")
    )

    class Meta:
        model = Collaboration
        fields = []
        form = BootstrapForm

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        owned = {"municipality": municipality}
        self.filters["administration"].queryset = Administration.objects.filter(**owned)
        self.filters["focus_area"].queryset = FocusArea.objects.filter(**owned)
        self.filters["district"].queryset = District.objects.filter(**owned)

    def tagged(self, queryset, name, value):
        """One of the entry's focus areas, districts or partners (no duplicate rows)."""
        through = {
            "focus_area": (Collaboration.focus_areas.through, "focusarea"),
            "district": (Collaboration.districts.through, "district"),
        }[name]
        model, column = through
        return queryset.filter(
            Exists(model.objects.filter(collaboration_id=OuterRef("pk"), **{column: value}))
        )

    def by_partner(self, queryset, name, value):
        partners = Organisation.objects.filter(
            Q(name__icontains=value) | Q(organisation_number=value)
        )
        return queryset.filter(
            Exists(
                Collaboration.partners.through.objects.filter(
                    collaboration_id=OuterRef("pk"), organisation__in=partners
                )
            )
        )

    def search(self, queryset, name, value):
        partner = Collaboration.partners.through.objects.filter(
            collaboration_id=OuterRef("pk"), organisation__name__icontains=value
        )
        outside = OutsidePartner.objects.filter(
            collaboration_id=OuterRef("pk"), name__icontains=value
        )
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Exists(partner)
            | Exists(outside)
        )
