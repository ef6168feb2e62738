"""Deleting only what takes nothing with it.

Django's delete confirmation collects every row a deletion would cascade to, to list them:
for a municipality (or one of its committees) that is thousands of applications,
decisions and payments, minutes of queries, and a delete nobody should make, since those
records are kept by law (arkivlagen). Here the confirmation first asks, in one query of
EXISTS per relation, whether any row would be deleted with the object (or would block
it); if so it is refused with what holds it, through Django's own answer to protected
rows (no delete button; a POST is refused). An object nothing depends on is deleted as
before, with Django's short list.
"""

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.text import capfirst
from django.utils.translation import gettext

TAKEN_ALONG = (models.CASCADE, models.PROTECT, models.RESTRICT)


def dependants(model, objs, ignore=()) -> dict[int, list[str]]:
    """Per object, the kinds of rows (plural names) a deletion would take along or be
    blocked by: reverse foreign keys that cascade or protect, and many-to-many links."""
    relations = [
        rel
        for rel in model._meta.related_objects
        if rel.related_model._meta.label_lower not in ignore
        and (rel.many_to_many or rel.on_delete in TAKEN_ALONG)
    ]
    checks = {
        f"has_{index}": Exists(
            rel.related_model._base_manager.filter(**{rel.field.name: OuterRef("pk")})
        )
        for index, rel in enumerate(relations)
    }
    rows = model._base_manager.filter(pk__in=[obj.pk for obj in objs]).values("pk", **checks)
    return {
        row["pk"]: [
            str(capfirst(rel.related_model._meta.verbose_name_plural))
            for index, rel in enumerate(relations)
            if row[f"has_{index}"]
        ]
        for row in rows
    }


class DeleteOnlyUnusedAdmin:
    """A model admin whose objects are deleted only while nothing depends on them."""

    # models whose rows go with the object without counting as use (its own settings)
    deleted_along: tuple[str, ...] = ()
    in_use_advice = ""  # what to do instead, appended to the refusal

    def get_deleted_objects(self, objs, request):
        found = dependants(self.model, objs, self.deleted_along)
        refused = [
            gettext("%(object)s is in use: %(kinds)s.") % {
                "object": obj, "kinds": ", ".join(found[obj.pk])
            } + (f" {self.in_use_advice}" if self.in_use_advice else "")
            for obj in objs
            if found.get(obj.pk)
        ]  # fmt: skip
        if refused:
            return [], {}, set(), refused
        return super().get_deleted_objects(objs, request)
