"""The micro-grant (snabbspår) parts of the officers' queue: a column with the working days
left to the promised decision, and a filter for the cases overdue or due soon. Used by
grants.admin.cases.ApplicationAdmin; the rules are in grants.selectors.fast_track."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from grants.selectors.fast_track import fast_track_cases, promise_days_left, promise_text


@admin.display(description=_("decision promised (working days)"))
def decision_promise_column(application):
    """Needs ``call__programme`` in the list's select_related (no query per row)."""
    days = promise_days_left(application)
    if days is not None and days < 0:
        return format_html('<strong class="overdue">{}</strong>', promise_text(days))
    return promise_text(days)


class MicroGrantFilter(admin.FieldListFilter):
    """Filters on the submission date (``("submitted_at", MicroGrantFilter)``): the
    promise runs from it. Micro-grant cases waiting for a decision whose promise is past,
    or near (grants.selectors.fast_track.SOON_DAYS working days)."""

    parameter_name = "micro"

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = _("micro-grants")
        value = self.used_parameters.get(self.parameter_name)
        self.value = value[-1] if isinstance(value, list) else value

    def get_facet_counts(self, pk_attname, filtered_qs):
        return {}  # no counts: the promise is worked out per programme, not a lookup

    def expected_parameters(self):
        return [self.parameter_name]

    def has_output(self):
        return True

    def choices(self, changelist):
        yield {
            "selected": self.value is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("All"),
        }
        for value, label in [
            ("overdue", _("Promised decision overdue")),
            ("soon", _("Promised decision due soon")),
            ("all", _("All micro-grants waiting for a decision")),
        ]:
            yield {
                "selected": self.value == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        if self.value in {"overdue", "soon", "all"}:
            return fast_track_cases(queryset, self.value)
        return queryset
