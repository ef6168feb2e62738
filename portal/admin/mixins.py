"""Admin building blocks that keep each municipality's officers inside their own data."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_permission_codename
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal import permissions
from portal.admin.autocomplete import SearchSelect, SearchSelectMultiple
from portal.admin.object_actions import ObjectActionsAdmin
from portal.admin.widgets import NamedDateTimeAdmin
from portal.models import Committee, Municipality
from portal.roles import ADMIN_ROLES
from portal.selectors import municipalities_for_roles


def admin_municipalities(request):
    """The municipalities where this person holds some admin role (cached per request):
    for choices that name people or places, never for which rows may be read or changed
    (that is MunicipalityScopedAdmin.scope, per model and permission)."""
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


class MunicipalityScopedAdmin(ObjectActionsAdmin, NamedDateTimeAdmin, admin.ModelAdmin):
    """Rows, objects, actions and choices limited to where the person holds the permission.

    Each question is asked of portal.permissions with the municipality (and, for
    committee-bound models, the committee) of the rows: a person who is coordinator in one
    municipality and officer in another sees each municipality's rows with that role's
    rights only. Custom object views are declared as ``object_actions``
    (portal.admin.object_actions), behind :meth:`object_for`, their one guard.
    """

    municipality_lookup = "municipality"
    committee_lookup: str | None = None  # set where the model belongs to a committee
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

    # --- where the person holds this model's permissions -----------------------------

    def permission_name(self, action: str) -> str:
        return f"{self.opts.app_label}.{get_permission_codename(action, self.opts)}"

    def scope(self, request, actions=("view", "change")) -> permissions.Scope:
        return permissions.scope_any(request.user, [self.permission_name(a) for a in actions])

    def scoped(self, request, queryset, actions=("view", "change")):
        """``queryset`` limited to the rows where the person holds one of ``actions``."""
        if request.user.is_superuser:
            return queryset
        condition = self.scope(request, actions).q(self.municipality_lookup, self.committee_lookup)
        return queryset.filter(condition)

    def place_of(self, obj) -> tuple[int | None, int | None]:
        """The (municipality, committee) ids an object belongs to, from the lookups."""
        return _follow_id(obj, self.municipality_lookup), (
            _follow_id(obj, self.committee_lookup) if self.committee_lookup else None
        )

    def may(self, request, action: str, obj) -> bool:
        municipality_id, committee_id = self.place_of(obj)
        return permissions.may(
            request.user, self.permission_name(action), municipality_id, committee_id
        )

    def get_queryset(self, request):
        return self.scoped(request, super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return super().has_view_permission(request)
        return self.may(request, "view", obj) or self.may(request, "change", obj)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return self.may(request, "change", obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request)
        return self.may(request, "delete", obj)

    def history_view(self, request, object_id, extra_context=None):
        """Without the model's permission anywhere: 403 for an object of a municipality
        where the person works in the admin, 404 for any other (Django's order: the
        object first, then the permission; the scoped queryset alone would say 404)."""
        if not self.has_view_or_change_permission(request):
            own = self.model._default_manager.filter(
                **{
                    "pk": object_id,
                    f"{self.municipality_lookup}__in": admin_municipalities(request),
                }
            )
            if str(object_id).isdigit() and own.exists():
                raise PermissionDenied
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def object_queryset(self, request):
        """The readable rows, as the object views want them (with their relations)."""
        return self.get_queryset(request)

    def object_for(self, request, pk, action: str = "change"):
        """The one guard of custom object views (decide, approve, payment file …; see
        portal.admin.object_actions), in one order: the model's permission somewhere (else
        403), the object among the rows this person may read (else 404, so other
        municipalities' ids reveal nothing), the ``action`` permission where the object
        belongs (else 403)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        obj = get_object_or_404(self.object_queryset(request), pk=pk)
        allowed = (
            self.has_view_permission(request, obj)
            if action == "view"
            else getattr(self, f"has_{action}_permission")(request, obj)
        )
        if not allowed:
            raise PermissionDenied
        return obj

    def response_action(self, request, queryset, **kwargs):
        """An action runs only on the selected rows where the person holds its permissions
        (a coordinator in one municipality who is officer in another selects rows of both)."""
        action = request.POST.get("action")
        found = self.get_actions(request).get(action)
        # Django 5.2 gives (func, name, description); newer Django an Action with .func.
        func = (getattr(found, "func", None) or found[0]) if found else None
        required = getattr(func, "allowed_permissions", ())
        for name in required:
            if name in ("view", "change", "delete", "add"):
                queryset = self.scoped(request, queryset, (name,))
        return super().response_action(request, queryset, **kwargs)  # newer Django adds some

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

    def readable_municipalities(self, request) -> list[int]:
        """Municipalities where the person may read some rows of this model (for filters)."""
        return self.writable_municipalities(request, ("view", "change"))

    def writable_municipalities(self, request, actions=("add", "change")) -> list[int]:
        """Municipalities where the person may add or change this model (for choices); the
        committees' municipalities are read once per request (each related filter asks)."""
        found = self.scope(request, actions)
        if not hasattr(request, "_committee_municipalities"):
            request._committee_municipalities = {}
        known = request._committee_municipalities
        if found.committee_ids not in known:
            known[found.committee_ids] = set(
                Committee.objects.filter(pk__in=found.committee_ids).values_list(
                    "municipality_id", flat=True
                )
            )
        return sorted(found.municipality_ids | known[found.committee_ids])

    def _writable_choices(self, request, related):
        if related is Municipality:
            return Municipality.objects.filter(pk__in=self.writable_municipalities(request))
        if related is Committee and self.committee_lookup:
            found = self.scope(request, ("add", "change"))
            return Committee.objects.filter(
                Q(municipality__in=found.municipality_ids) | Q(pk__in=found.committee_ids)
            )
        if any(f.name == "municipality" for f in related._meta.fields):
            return related._default_manager.filter(
                municipality__in=self.writable_municipalities(request)
            )
        return None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SearchSelect(db_field, self.admin_site, using=kwargs.get("using"))
        if not request.user.is_superuser:
            choices = self._writable_choices(request, db_field.related_model)
            if choices is not None:
                kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            # The search box, not formfield_overrides' checkboxes.
            kwargs["widget"] = SearchSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        if not request.user.is_superuser:
            choices = self._writable_choices(request, db_field.related_model)
            if choices is not None:
                kwargs["queryset"] = choices
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def _follow_id(obj, lookup: str):
    """The id at the end of ``lookup`` ("committee__municipality") from ``obj``."""
    *hops, last = lookup.split("__")
    for hop in hops:
        obj = getattr(obj, hop, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


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
        if isinstance(model_admin, MunicipalityScopedAdmin):
            municipalities = model_admin.readable_municipalities(request)
        else:
            municipalities = admin_municipalities(request)
        objects = related._default_manager.filter(**{f"{path}__in": municipalities}).distinct()
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
