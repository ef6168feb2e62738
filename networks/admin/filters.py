"""List filters of the networks' admin lists."""

from django.contrib import admin
from django.db.models import Q

from portal.admin.mixins import municipality_path


class ChosenRowFilter(admin.RelatedFieldListFilter):
    """A filter on a relation with thousands of rows in a municipality (its networks, its
    collaborations): Django's lists every one of them in the sidebar on every page (2 000
    links at the largest, a third of the page's time, and no help to pick from). This one
    names only the row chosen — through a link such as the network page's "Meetings" — with
    "All" to leave it (and "(None)" where the relation may be empty); the list's search box
    finds rows by the related name. Only a row of a municipality whose rows the person may
    read is named."""

    def field_choices(self, field, request, model_admin):
        chosen = [value for value in self.lookup_val or () if str(value).isdigit()]
        if not chosen:
            return []
        related = field.related_model._default_manager.filter(
            Q.create([("pk", value) for value in chosen], connector=Q.OR)
        )
        if not request.user.is_superuser:
            path = municipality_path(field.related_model)
            readable = model_admin.readable_municipalities(request)
            related = related.filter(**{f"{path}__in": readable})
        return [(obj.pk, str(obj)) for obj in related]

    def has_output(self):
        return bool(self.lookup_choices) or self.include_empty_choice
