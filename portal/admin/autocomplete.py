"""Search-as-you-type choices in the admin (``autocomplete_fields``), answering exactly what
the form itself would accept.

A <select> of every organisation, volunteer or person of a municipality holds 20 000
options at the largest: a page of megabytes, rendered in seconds, unusable to pick from.
Django's autocomplete widget renders only the chosen rows and asks the site's autocomplete
view for the rest as one types. Django's own view answers from the *related* model's admin
(every row the person may view there, any status); here it answers from the *form's* field
instead (``formfield_for_foreignkey`` / ``formfield_for_manytomany`` of the admin or inline
that shows the field): the same rows the <select> offered, in the municipality and with the
rights the form checks on saving, searched with the related admin's ``search_fields``. So
a municipal administrator picks among the municipality's staff for a contact without any
right to the people's admin, and nobody learns a name the form would not have listed.
"""

from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import ModelChoiceField, ModelMultipleChoiceField, Select


class FormChoicesAutocompleteView(AutocompleteJsonView):
    """The autocomplete view of ``PortalAdminSite``: only for fields an admin (or one of its
    inlines) declares in ``autocomplete_fields``, to people who may add or change there."""

    def process_request(self, request):
        term, remote_admin, source_field, to_field_name = super().process_request(request)
        self.source_admin = _declaring_admin(self.admin_site, request, source_field)
        if self.source_admin is None:
            raise PermissionDenied
        return term, remote_admin, source_field, to_field_name

    def has_perm(self, request, obj=None):
        source = self.source_admin
        if hasattr(source, "parent_model"):  # an inline: may it add or change rows at all
            return source.has_add_permission(request, None) or source.has_change_permission(
                request, None
            )
        return source.has_add_permission(request) or source.has_change_permission(request)

    def get_queryset(self):
        field = self.source_field
        if field.many_to_many:
            formfield = self.source_admin.formfield_for_manytomany(field, self.request)
        else:
            formfield = self.source_admin.formfield_for_foreignkey(field, self.request)
        queryset = formfield.queryset.complex_filter(field.get_limit_choices_to())
        if not queryset.ordered:  # the paginator wants an order: the related admin's
            ordering = self.model_admin.get_ordering(self.request) or ["pk"]
            queryset = queryset.order_by(*ordering)
        queryset, duplicates = self.model_admin.get_search_results(
            self.request, queryset, self.term
        )
        return queryset.distinct() if duplicates else queryset


def _declaring_admin(site, request, field):
    """The admin or inline of ``site`` that shows ``field`` as an autocomplete, or None."""
    for model_admin in site._registry.values():
        candidates = [model_admin] + [
            inline(model_admin.model, site) for inline in model_admin.inlines
        ]
        for candidate in candidates:
            if candidate.model is field.model and field.name in (
                candidate.get_autocomplete_fields(request)
            ):
                return candidate
    return None


class KnownKeysOnly:
    """A search box that names only chosen values its model's key could be: Django's widget
    looks up whatever was posted ("1.5", a NUL) to name it again beside the form's error, and
    the database refuses what no key can be (a 500 instead of the form's own message)."""

    def optgroups(self, name, value, attr=None):
        field = self.choices.field
        model = field.queryset.model
        key = model._meta.get_field(field.to_field_name) if field.to_field_name else model._meta.pk
        kept = []
        for item in value:
            try:
                key.to_python(item)
            except (ValidationError, TypeError, ValueError):
                continue
            if "\x00" not in str(item):
                kept.append(item)
        return super().optgroups(name, kept, attr)


class SearchSelect(KnownKeysOnly, AutocompleteSelect):
    """The admin's search box for a foreign key (``autocomplete_fields``)."""


class SearchSelectMultiple(KnownKeysOnly, AutocompleteSelectMultiple):
    """The admin's search box for a many-to-many field (``autocomplete_fields``)."""


class SearchBoxes:
    """Admin classes (and inlines) whose ``autocomplete_fields`` get the search boxes above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SearchSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SearchSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class RowsAutocompleteSelect(KnownKeysOnly, AutocompleteSelect):
    """An inline row's search box that names its chosen row from ``labels``, read by the
    formset for every row at once (``SharedRowChoicesFormSet``), where Django's widget
    asks the database once per row."""

    labels: dict[str, str] | None = None

    def optgroups(self, name, value, attr=None):
        chosen = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if self.labels is None or not chosen <= self.labels.keys():
            return super().optgroups(name, value, attr)
        default = (None, [], 0)
        if not self.is_required:
            default[1].append(self.create_option(name, "", "", False, 0))
        for key in sorted(chosen):
            default[1].append(
                self.create_option(name, key, self.labels[key], chosen, len(default[1]))
            )
        return [default]


class SharedRowChoicesInline:
    """An inline whose search boxes are ``RowsAutocompleteSelect`` (pair it with a formset
    that mixes in ``SharedRowChoicesFormSet``)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = RowsAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SharedRowChoicesFormSet:
    """Rows of an inline formset that share their choices: a <select> is read once for all
    rows (Django reads it per row), and each search box's chosen row is named from the
    stored rows the formset read anyway (their relation selected with them)."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        shared = self.__dict__.setdefault("_shared_choices", {})
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            if isinstance(widget, RowsAutocompleteSelect):
                if name not in shared:
                    shared[name] = self._stored_labels(name, field)
                widget.labels = shared[name]
            elif (
                isinstance(field, ModelChoiceField)
                and not isinstance(field, ModelMultipleChoiceField)
                and isinstance(widget, Select)  # a list shown, not the row's hidden key
                and not widget.is_hidden
            ):
                if name not in shared:
                    shared[name] = list(field.choices)
                field.choices = shared[name]
        return form

    def _stored_labels(self, name, field) -> dict[str, str]:
        labels = {}
        for obj in self.get_queryset():
            related = getattr(obj, name, None)
            if related is not None:
                labels[str(related.pk)] = field.label_from_instance(related)
        return labels
