import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from networks.models import Network
from portal.models import FocusArea, Municipality


class NetworkFilter(django_filters.FilterSet):
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

    class Meta:
        model = Network
        fields = ["q", "municipality", "focus_area"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(purpose__icontains=value))
