"""Admin pages whose plain model forms change configuration, access or money rules (users
and their flags, groups, programmes, calls, policies) record each change in the audit
trail: who, when, and the fields' values before and after.

Pages whose writes go through a service (decisions, payouts, payout details, roles) are
audited by that service instead and do not need this.
"""

from django.db import transaction

from portal.admin.widgets import NamedDateTimeAdmin
from portal.services import audit_record

SECRET_FIELDS = frozenset({"password", "feed_token", "token"})


def _plain(value):
    """JSON-safe: dates and times in ISO format, decimals and the like as text."""
    if value is None or isinstance(value, bool | int | float | str | list):
        return value
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def audit_snapshot(obj, exclude=()) -> dict:
    """The object's field values (compared as Python values, stored with ``_plain``):
    related objects by their name, many-to-many fields as sorted lists of names; secrets
    (password hashes, tokens) and columns the database derives (generated fields) left out."""
    values = {}
    skip = SECRET_FIELDS | set(exclude)
    for field in obj._meta.concrete_fields:
        if field.name in skip or field.primary_key or field.generated:
            continue
        if field.is_relation:
            values[field.name] = (
                str(getattr(obj, field.name)) if field.value_from_object(obj) else None
            )
        else:
            values[field.name] = field.value_from_object(obj)
    if obj.pk:
        for field in obj._meta.many_to_many:
            if field.name not in skip:
                values[field.name] = sorted(str(o) for o in getattr(obj, field.name).all())
    return values


def audit_municipality(obj, lookup: str):
    """Follow the admin's ``municipality_lookup`` (e.g. ``programme__committee__municipality``)."""
    for name in lookup.split("__"):
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return obj


class AuditedAdmin(NamedDateTimeAdmin):
    """Records additions, changes (fields, many-to-many and inline rows) and deletions."""

    audit_exclude = ("last_login", "updated_at")

    def _record(self, request, obj, verb, before=None, after=None):
        audit_record(
            actor=request.user,
            action=f"{obj._meta.model_name}.{verb}",
            target=obj,
            municipality=audit_municipality(obj, getattr(self, "municipality_lookup", "")),
            before=before,
            after=after,
        )

    def save_model(self, request, obj, form, change):
        current = self.model._default_manager.filter(pk=obj.pk).first() if change else None
        request._audit_before = audit_snapshot(current, self.audit_exclude) if current else {}
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        before = getattr(request, "_audit_before", {})
        after = audit_snapshot(obj, self.audit_exclude)
        changed = sorted(k for k in after if not change or before.get(k) != after[k])
        old = {k: _plain(before.get(k)) for k in changed} if change else {}
        new = {k: _plain(after[k]) for k in changed}
        new.update(rows_changed(formsets))
        if new or not change:
            self._record(request, obj, "changed" if change else "created", old, new)

    @transaction.atomic
    def delete_model(self, request, obj):
        self._record(request, obj, "deleted", before=self._plain_snapshot(obj))
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._record(request, obj, "deleted", before=self._plain_snapshot(obj))
        super().delete_queryset(request, queryset)

    def _plain_snapshot(self, obj) -> dict:
        return {k: _plain(v) for k, v in audit_snapshot(obj, self.audit_exclude).items()}


def rows_changed(formsets) -> dict:
    """The inline rows added, changed and deleted, per model (for the audit)."""
    found = {}
    for formset in formsets:
        rows = {
            "added": [str(o) for o in getattr(formset, "new_objects", [])],
            "changed": [str(o) for o, _f in getattr(formset, "changed_objects", [])],
            "deleted": [str(o) for o in getattr(formset, "deleted_objects", [])],
        }
        rows = {k: v for k, v in rows.items() if v}
        if rows:
            found[formset.model._meta.model_name] = rows
    return found
