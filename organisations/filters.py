import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organisations.models import ActivityArea, Organisation
from portal.models import District, FocusArea, Municipality, TargetGroup


class DirectoryFilter(django_filters.FilterSet):
    """Filters of the public directory. Choices list only what the chosen municipality has."""

    q = django_filters.CharFilter(label=_("Name or purpose"), method="search")
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=Municipality.objects.filter(is_active=True),
        to_field_name="slug",
        empty_label=_("All municipalities"),
    )
    district = django_filters.ModelChoiceFilter(
        label=_("District"),
        queryset=District.objects.select_related("municipality"),
        empty_label=_("All districts"),
    )
    focus_area = django_filters.ModelChoiceFilter(
        label=_("Focus area"),
        field_name="focus_areas",
        queryset=FocusArea.objects.select_related("municipality"),
        empty_label=_("All focus areas"),
    )
    target_group = django_filters.ModelChoiceFilter(
        label=_("Target group"),
        field_name="target_groups",
        queryset=TargetGroup.objects.select_related("municipality"),
        empty_label=_("All target groups"),
    )
    activity = django_filters.ModelChoiceFilter(
        label=_("Activity"),
        field_name="activity_areas",
        queryset=ActivityArea.objects.all(),
        empty_label=_("All activities"),
    )

    class Meta:
        model = Organisation
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        slug = self.data.get("municipality")
        if slug:
            for name in ("district", "focus_area", "target_group"):
                field = self.filters[name]
                field.queryset = field.queryset.filter(municipality__slug=slug)
        for name in ("district", "focus_area", "target_group"):
            self.filters[name].field.label_from_instance = lambda obj: (
                obj.name if slug else f"{obj.name} ({obj.municipality.name})"
            )

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(purpose__icontains=value))
