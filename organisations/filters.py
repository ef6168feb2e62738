import django_filters
from django.utils.translation import gettext_lazy as _

from organisations.models import ActivityArea, Organisation
from portal.filters import PublicListFilter
from portal.models import District, TargetGroup


class DirectoryFilter(PublicListFilter):
    """Filters of the public directory. Choices list only what the chosen municipality has."""

    scoped = ("district", "focus_area", "target_group")

    district = django_filters.ModelChoiceFilter(
        label=_("District"),
        queryset=District.objects.select_related("municipality"),
        empty_label=_("All districts"),
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

    class Meta(PublicListFilter.Meta):
        model = Organisation
        fields = []
