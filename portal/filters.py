"""Filters shared by the public lists (directory of associations, networks)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.forms import BootstrapForm
from portal.models import FocusArea, Municipality


class PublicListFilter(django_filters.FilterSet):
    """Name or purpose, municipality and focus area. Choices that belong to a municipality
    (``scoped``) list only the chosen municipality's, and otherwise say which one they are."""

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
            if slug:
                self.filters[name].queryset = self.filters[name].queryset.filter(
                    municipality__slug=slug
                )
            self.filters[name].field.label_from_instance = lambda obj: (
                obj.name if slug else f"{obj.name} ({obj.municipality.name})"
            )

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(purpose__icontains=value))
