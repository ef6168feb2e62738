"""Filters shared by the public lists (directory of associations, networks)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.forms import BootstrapForm
from portal.models import FocusArea, Municipality


class PublicListFilter(django_filters.FilterSet):
    """Name or purpose, municipality and focus area. Choices that belong to a municipality
    (``scoped``) list the chosen municipality's. Until one is chosen they list none: every
    municipality's districts, target groups and focus areas in one list (thousands of options
    across the country) would be of no use to a reader and cost the page most of its time. A
    choice already made (a link that names one) is kept and still filters."""

    scoped = ("focus_area",)

    class Meta:
        form = BootstrapForm  # rendered by components/filter_panel.html

    q = django_filters.CharFilter(label=_("Name or purpose"), method="search")
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=Municipality.objects.filter(is_active=True),
        to_field_name="slug",
        empty_label=_("All municipalities"),
    )
    focus_area = django_filters.ModelChoiceFilter(
        label=_("Focus area"),
        field_name="focus_areas",
        queryset=FocusArea.objects.select_related("municipality"),
        empty_label=_("All focus areas"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        slug = self.data.get("municipality")
        for name in self.scoped:
            scoped = self.filters[name]
            if slug:
                scoped.queryset = scoped.queryset.filter(municipality__slug=slug)
            else:
                chosen = str(self.data.get(name) or "")
                scoped.queryset = (
                    scoped.queryset.filter(pk=chosen)
                    if chosen.isdigit()
                    else scoped.queryset.none()
                )
                scoped.extra["help_text"] = _("Choose a municipality to see its choices here.")
            scoped.field.label_from_instance = lambda obj: (
                obj.name if slug else f"{obj.name} ({obj.municipality.name})"
            )

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(purpose__icontains=value))
