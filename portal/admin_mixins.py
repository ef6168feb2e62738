"""Admin building blocks that keep each municipality's officers inside their own data."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.models import Municipality
from portal.roles import ADMIN_ROLES
from portal.selectors import municipalities_for_roles


def admin_municipalities(request):
    """The municipalities whose data this admin user may see (cached per request)."""
    if not hasattr(request, "_admin_municipalities"):
        request._admin_municipalities = list(
            municipalities_for_roles(request.user, ADMIN_ROLES).values_list("pk", flat=True)
        )
    return request._admin_municipalities


class RowLinkChangeList(ChangeList):
    """Row links carry the list's filters, as in Django, but appended here once per row:
    Django resolves every row's change URL (a walk of the whole URL configuration) only to
    learn that it is not the list itself before adding them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.row_filters, self.preserved_filters = self.preserved_filters, ""

    def url_for_result(self, result):
        url = super().url_for_result(result)
        return f"{url}?{self.row_filters}" if self.row_filters else url


class MunicipalityScopedAdmin(admin.ModelAdmin):
    """Rows, choices and new objects are limited to the user's own municipalities."""

    municipality_lookup = "municipality"
    # Plain labelled checkboxes: short lists here, and the filter widget's selects lack
    # accessible names on newer Django versions (axe: select-name).
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}

    def action_checkbox(self, obj):
        """The row's selection checkbox, the same markup as Django's without rendering a
        widget template per row (a third of a 100-row changelist's time)."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )

    def get_changelist(self, request, **kwargs):
        return RowLinkChangeList

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        """Another municipality's object (or a guessed id) is simply not found: 404."""
        raise Http404

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{f"{self.municipality_lookup}__in": admin_municipalities(request)})

    def get_list_filter(self, request):
        """Filters on related objects (committee, call, district...) offer only what the
        user's own rows refer to: a plain related filter lists every municipality's."""
        filters = super().get_list_filter(request)
        if request.user.is_superuser:
            return filters
        return [self._own_values_only(list_filter) for list_filter in filters]

    def _own_values_only(self, list_filter):
        if not isinstance(list_filter, str):
            return list_filter
        try:
            field = get_fields_from_path(self.model, list_filter)[-1]
        except FieldDoesNotExist:
            return list_filter
        if not field.is_relation:
            return list_filter
        if municipality_path(field.related_model) is not None:
            return (list_filter, MunicipalityRelatedFilter)
        return (list_filter, admin.RelatedOnlyFieldListFilter)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            related = db_field.related_model
            if related is Municipality:
                kwargs["queryset"] = Municipality.objects.filter(
                    pk__in=admin_municipalities(request)
                )
            elif any(f.name == "municipality" for f in related._meta.fields):
                kwargs["queryset"] = related._default_manager.filter(
                    municipality__in=admin_municipalities(request)
                )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        related = db_field.related_model
        if not request.user.is_superuser and any(
            f.name == "municipality" for f in related._meta.fields
        ):
            kwargs["queryset"] = related._default_manager.filter(
                municipality__in=admin_municipalities(request)
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def municipality_path(model) -> str | None:
    """The lookup from ``model`` to its municipality (committee, call, district...), if any."""
    paths = (
        "municipality",
        "committee__municipality",
        "programme__committee__municipality",
        "role_assignments__municipality",  # users: the municipality's staff
    )
    for path in paths:
        try:
            get_fields_from_path(model, path)
        except (FieldDoesNotExist, admin.utils.NotRelationField):
            continue
        return path
    return None


class MunicipalityRelatedFilter(admin.RelatedFieldListFilter):
    """A related filter offering the user's own municipalities' objects: a small query on
    the related table, where RelatedOnlyFieldListFilter would scan every case."""

    def field_choices(self, field, request, model_admin):
        related = field.related_model
        path = municipality_path(related)
        objects = related._default_manager.filter(
            **{f"{path}__in": admin_municipalities(request)}
        ).distinct()
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            objects = objects.order_by(*ordering)
        return [(obj.pk, str(obj)) for obj in objects]


def action_form_response(
    model_admin, request, obj, form, title, intro="", template="admin/action_form.html"
):
    """A small admin page with one form for an action on ``obj`` (ask for changes, decide)."""
    opts = model_admin.model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "original": obj,
        "title": title,
        "form": form,
        "intro": intro,
        "back_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
        "changelist_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
    }
    return TemplateResponse(request, template, context)


def apply_to_each(model_admin, request, queryset, operation, done_message) -> int:
    """Run a service on each selected object; report refusals per object and the count done.

    ``done_message`` is a translated text with %(count)s.
    """
    done = 0
    for obj in queryset:
        try:
            operation(obj)
            done += 1
        except ValidationError as error:
            model_admin.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.ERROR)
    if done:
        model_admin.message_user(request, done_message % {"count": done}, messages.SUCCESS)
    return done


def bulk_action_form_response(model_admin, request, queryset, form, title, intro=""):
    """The intermediate page of an admin action that needs input (e.g. a batch decision):
    the selected rows are carried along as hidden fields."""
    opts = model_admin.model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "title": title,
        "form": form,
        "intro": intro,
        "objects": queryset,
        "action": request.POST.get("action", ""),
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "changelist_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
    }
    return TemplateResponse(request, "admin/action_bulk_form.html", context)


class LabelledInlineForm(forms.ModelForm):
    """Rows of a tabular inline have column headers but no <label>s: name each input after
    its column so screen readers (and axe) know what it is."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # The admin's related-object wrapper shares its attrs with the class's widget:
            # label the wrapped widget, which is this form's own copy.
            widget = getattr(field.widget, "widget", field.widget)
            if field.label and not widget.is_hidden:
                widget.attrs.setdefault("aria-label", capfirst(str(field.label)))


class LabelledInlineFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["aria-label"] = str(_("Delete"))


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline whose inputs (and delete boxes) are named for screen readers."""

    form = LabelledInlineForm
    formset = LabelledInlineFormSet
