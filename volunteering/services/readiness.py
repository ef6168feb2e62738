"""An organisation's readiness (beredskap): what it can offer when the municipality calls
and how to reach it at short notice, kept current by the people who act for it
(``permissions.may_act_for``). Call-outs are targeted by it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.services import audit_record
from volunteering import permissions
from volunteering.languages import LANGUAGE_NAMES
from volunteering.models import Readiness

FIELDS = (
    "receives_callouts",
    "languages",
    "people_available",
    "premises",
    "goods",
    "urgent_phone",
    "urgent_email",
)


def readiness_of(organisation) -> Readiness:
    """The organisation's readiness, or an unsaved one with the defaults."""
    found = Readiness.objects.filter(organisation=organisation).first()
    return found or Readiness(organisation=organisation)


def _values(readiness: Readiness, names) -> dict:
    found = {}
    for name in names:
        if name == "skills":
            found[name] = sorted(str(s) for s in readiness.skills.all()) if readiness.pk else []
        else:
            found[name] = getattr(readiness, name)
    return found


@transaction.atomic
def readiness_save(*, organisation, by, data: dict) -> Readiness:
    """Save the organisation's readiness from cleaned ``data`` (``FIELDS`` and
    ``skills``), audited with what changed."""
    if not permissions.may_act_for(by, organisation):
        raise PermissionDenied
    problems = {}
    skills = data.get("skills") or []
    if any(s.municipality_id != organisation.municipality_id for s in skills):
        problems["skills"] = _("Choose the municipality's own skills and resources.")
    if any(code not in LANGUAGE_NAMES for code in data.get("languages") or ()):
        problems["languages"] = _("Choose languages from the list.")
    if problems:
        raise ValidationError(problems)
    readiness, created = Readiness.objects.select_for_update().get_or_create(
        organisation=organisation
    )
    names = [*FIELDS, "skills"]
    before = _values(readiness, names)
    for name in FIELDS:
        if name in data:
            setattr(readiness, name, data[name])
    readiness.updated_by = by
    readiness.full_clean()
    readiness.save()
    if "skills" in data:
        readiness.skills.set(skills)
    after = _values(readiness, names)
    changed = [n for n in names if before[n] != after[n]]
    if changed or created:
        audit_record(
            actor=by,
            action="readiness.saved",
            target=organisation,
            municipality=organisation.municipality,
            before={} if created else {n: before[n] for n in changed},
            after={n: after[n] for n in changed},
        )
    return readiness
