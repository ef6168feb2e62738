"""Deletion pages that count what goes with an object instead of naming every row.

Django's page (``admin.utils.get_deleted_objects``) runs the deletion collector: it reads
every meeting, member, invitation, action … of a network, asks the delete permission of
each and names each one — statements and time that grow with the network, and a page no
coordinator reads to the end. Here the same cascade is followed through the models'
relations and counted in one statement, per kind of object; the delete itself is still
Django's (``Model.delete`` / ``QuerySet.delete``), so it removes exactly what the collector
does, and a PROTECT relation still blocks it and is named, as on Django's page."""

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from django.contrib import admin
from django.contrib.admin.utils import quote
from django.db import models
from django.db.models import Count, F, Value
from django.db.models.deletion import get_candidate_relations_to_delete
from django.db.models.functions import Cast
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext

from portal import permissions
from portal.admin.mixins import MunicipalityScopedAdmin

# on_delete handlers that update or leave the referring rows: nothing more is deleted
NOT_DELETED = (models.SET_NULL, models.SET_DEFAULT, models.DO_NOTHING)


@dataclass(frozen=True)
class CascadePlan:
    """What deleting rows of a model takes along, as Django's collector follows it."""

    # (model, ((parent model, its field pointing at the parent), ...)): the model deleted
    # first, every model after all the models it cascades from
    order: tuple
    # (model guarded, field of another model pointing at it with on_delete=PROTECT)
    protecting: tuple


@cache
def cascade_plan(model) -> CascadePlan | None:
    """The cascade from ``model`` read from the models' relations (they do not change
    while the process runs). None where it cannot be counted this way — multi-table
    inheritance, generic relations, RESTRICT or an own on_delete handler, a cycle — and
    Django's own page is shown instead."""
    incoming, protecting = defaultdict(list), []
    found, pending = [model], [model]
    while pending:
        current = pending.pop(0)
        opts = current._meta
        if opts.concrete_model._meta.parents or any(
            hasattr(field, "bulk_related_objects") for field in opts.private_fields
        ):
            return None
        for related in get_candidate_relations_to_delete(opts):
            field, child = related.field, related.related_model
            on_delete = field.remote_field.on_delete
            if on_delete is models.CASCADE:
                incoming[child].append((current, field))
                if child not in found:
                    found.append(child)
                    pending.append(child)
            elif on_delete is models.PROTECT:
                protecting.append((current, field))
            elif not (on_delete in NOT_DELETED or hasattr(on_delete, "deconstruct")):
                return None  # RESTRICT (deleted or not depends on the rows) or own code
    order, placed = [], set()
    while len(order) < len(found):
        ready = [m for m in found if m not in placed and all(p in placed for p, _f in incoming[m])]
        if not ready:
            return None  # a cycle (the model itself among them): not one fixed query
        for ready_model in ready:
            order.append((ready_model, tuple(incoming[ready_model])))
            placed.add(ready_model)
    return CascadePlan(tuple(order), tuple(protecting))


def doomed_rows(plan: CascadePlan, pks) -> dict:
    """{model: queryset of its rows the deletion of ``pks`` removes}, each one nested in
    its parents' (one statement each, however many rows)."""
    rows = {}
    for model, incoming in plan.order:
        if not incoming:
            rows[model] = model._base_manager.filter(pk__in=pks)
        elif len(incoming) == 1:
            ((parent, field),) = incoming
            rows[model] = model._base_manager.filter(**{f"{field.name}__in": rows[parent]})
        else:
            # reached two ways (an invitation: its meeting's and its member's): the union of
            # the ways, each along its index (an OR of them scanned the whole table)
            ways = [
                model._base_manager.filter(**{f"{field.name}__in": rows[parent]})
                .values("pk")
                .order_by()
                for parent, field in incoming
            ]
            rows[model] = model._base_manager.filter(pk__in=ways[0].union(*ways[1:]).order_by())
    return rows


def _places_checked(model_admin):
    """How the delete permission of a related model's rows is asked without reading each:
    "model" (the model's permission, as Django's ModelAdmin asks it), "places" (per
    municipality and committee of the rows, as MunicipalityScopedAdmin asks it), or None
    (an admin with rules of its own: Django's page)."""
    own = type(model_admin)
    if own.has_delete_permission is admin.ModelAdmin.has_delete_permission:
        return "model"
    if isinstance(model_admin, MunicipalityScopedAdmin) and all(
        getattr(own, name) is getattr(MunicipalityScopedAdmin, name)
        for name in ("has_delete_permission", "may", "place_of", "permission_name")
    ):
        return "places"
    return None


def _protecting_rows(field, guarded_rows):
    """The rows that point through the PROTECT ``field`` at rows to be deleted."""
    return field.model._base_manager.filter(**{f"{field.name}__in": guarded_rows})


_NONE = Cast(Value(None), models.BigIntegerField())


def _counted(index, queryset, lookups=(None, None)):
    """One branch of the counting statement: the rows per (municipality, committee)."""
    municipality, committee = (F(lookup) if lookup else _NONE for lookup in lookups)
    return (
        queryset.order_by()
        .annotate(
            deletion_kind=Value(index),
            deletion_municipality=municipality,
            deletion_committee=committee,
        )
        .values("deletion_kind", "deletion_municipality", "deletion_committee")
        .annotate(deletion_count=Count("pk"))
    )


class CountedDeletionAdmin(admin.ModelAdmin):
    """Put first among the bases: the deletion page (one object or the "delete selected"
    action) counts per kind of object what is deleted with it and names what protects it,
    in a fixed number of statements. The permission and protection rules are Django's:
    a related row the person may not delete, or a PROTECT relation, blocks the delete."""

    protected_examples = 10  # the protecting rows named per relation (the rest counted)

    def get_deleted_objects(self, objs, request):
        plan = cascade_plan(self.model)
        if plan is None:
            return super().get_deleted_objects(objs, request)
        checks = {}
        for model, _incoming in plan.order[1:]:
            if self.admin_site.is_registered(model):
                checks[model] = _places_checked(self.admin_site.get_model_admin(model))
                if checks[model] is None:
                    return super().get_deleted_objects(objs, request)
        roots = self._deletion_roots(objs)
        if not roots:
            return [], {}, set(), []
        rows = doomed_rows(plan, [obj.pk for obj in roots])
        perms_needed = {
            self.opts.verbose_name for obj in roots if not self.has_delete_permission(request, obj)
        }
        counts, protected_counts = self._count(plan, rows, checks, request, perms_needed)
        model_count = {self.opts.verbose_name_plural: len(roots)}
        for model, _incoming in plan.order[1:]:
            if counts.get(model):
                model_count[model._meta.verbose_name_plural] = counts[model]
        protected = []
        for (guarded, field), count in protected_counts.items():
            protected.extend(self._protected_entry(field, rows[guarded], count))
        return [self._link(obj) for obj in roots], model_count, perms_needed, protected

    def _deletion_roots(self, objs) -> list:
        """The objects to delete (the action's selection with what names them)."""
        if isinstance(objs, models.QuerySet) and isinstance(self.list_select_related, list | tuple):
            objs = objs.select_related(*self.list_select_related)
        return list(objs)

    def _count(self, plan, rows, checks, request, perms_needed):
        """The rows per related model and per protecting relation: one statement. Adds to
        ``perms_needed`` the models whose rows the person may not delete."""
        branches, keys = [], []
        for model, _incoming in plan.order[1:]:
            if model._meta.auto_created:
                continue  # a many-to-many table: links, not things (deleted all the same)
            lookups = (None, None)
            if checks.get(model) == "places":
                model_admin = self.admin_site.get_model_admin(model)
                lookups = (model_admin.municipality_lookup, model_admin.committee_lookup)
            branches.append(_counted(len(keys), rows[model], lookups))
            keys.append(("model", model))
        for guarded, field in plan.protecting:
            branches.append(_counted(len(keys), _protecting_rows(field, rows[guarded])))
            keys.append(("protected", (guarded, field)))
        counts, protected = defaultdict(int), {}
        if not branches:
            return counts, protected
        statement = branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]
        statement = statement.order_by()  # newer Django orders a union by the model's ordering
        for row in statement:
            kind, key = keys[row["deletion_kind"]]
            number = row["deletion_count"]
            if not number:
                continue
            if kind == "protected":
                protected[key] = number
                continue
            counts[key] += number
            if not self._may_delete(request, key, checks.get(key), row):
                perms_needed.add(key._meta.verbose_name)
        return counts, protected

    def _may_delete(self, request, model, check, row) -> bool:
        if check is None:
            return True  # not in the admin: Django asks nothing either
        model_admin = self.admin_site.get_model_admin(model)
        if check == "model":
            return model_admin.has_delete_permission(request)
        return permissions.may(
            request.user,
            model_admin.permission_name("delete"),
            row["deletion_municipality"],
            row["deletion_committee"],
        )

    def _protected_entry(self, field, guarded_rows, count) -> list:
        """The relation that protects (e.g. Actions through "owner (member)": 3) and its
        first rows, linked, for the person to change them before deleting."""
        model = field.model
        # plain rows: the admin list's relations joined in took PostgreSQL 100 ms to plan
        examples = _protecting_rows(field, guarded_rows).order_by("pk")
        shown = [self._link(obj) for obj in examples[: self.protected_examples]]
        if count > len(shown):
            shown.append(gettext("… and %(count)s more") % {"count": count - len(shown)})
        label = gettext("%(objects)s through “%(field)s”: %(count)s") % {
            "objects": capfirst(model._meta.verbose_name_plural),
            "field": field.verbose_name,
            "count": count,
        }
        return [label, shown]

    def _link(self, obj):
        """An object as Django's page names it: its kind, and its name linked to its page."""
        opts = obj._meta
        name = capfirst(opts.verbose_name)
        if self.admin_site.is_registered(obj.__class__):
            try:
                url = reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                    args=[quote(obj.pk)],
                )
            except NoReverseMatch:
                pass
            else:
                return format_html('{}: <a href="{}">{}</a>', name, url, obj)
        return f"{name}: {obj}"
