"""Segments: written, changed and removed by the municipality's coordinators
(``outreach.permissions.may_send_mailings``), each write checked and audited. A segment a
mailing was sent to stays (the mailing refers to it); who it reaches is worked out when it
is used (outreach.selectors.segments)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from outreach import permissions
from outreach.models import Segment
from portal.services import audit_record

# What a coordinator writes on a segment.
FIELDS = ("name", "description", "to_organisations", "kinds", "only_eligible")
MANY = ("focus_areas", "districts", "target_groups", "networks")


def _pk(value):
    return getattr(value, "pk", value)


def require_sender(user, municipality) -> None:
    if not permissions.may_send_mailings(user, _pk(municipality)):
        raise PermissionDenied


def segment_problems(*, municipality, data: dict, segment: Segment | None = None) -> dict:
    """What is wrong with ``data`` for a segment of ``municipality``, per field (empty:
    nothing). The admin's form asks the same before anything is saved."""
    municipality_id = _pk(municipality)
    problems = {}
    messages = {
        "focus_areas": _("Choose the municipality's own focus areas."),
        "districts": _("Choose the municipality's own districts."),
        "target_groups": _("Choose the municipality's own target groups."),
        "networks": _("Choose the municipality's own networks."),
    }
    for name, message in messages.items():
        values = data.get(name) or ()
        if any(getattr(v, "municipality_id", None) != municipality_id for v in values):
            problems[name] = message
    name = (data.get("name") or "").strip()
    if name:
        same = Segment.objects.filter(municipality_id=municipality_id, name__iexact=name)
        if segment is not None and segment.pk:
            same = same.exclude(pk=segment.pk)
        if same.exists():
            problems["name"] = _("The municipality already has a segment so named.")
    given = "to_organisations" in data and "networks" in data
    if given and not (data["to_organisations"] or data["networks"]):
        problems["networks"] = _(
            "The segment reaches nobody: choose registered organisations, networks or both."
        )
    return problems


def _values(segment: Segment, names) -> dict:
    """The audit's picture of the named fields (related rows by name)."""
    found = {}
    for name in names:
        if name in MANY:
            found[name] = sorted(str(o) for o in getattr(segment, name).all())
        else:
            value = getattr(segment, name)
            found[name] = (
                value if isinstance(value, bool | int | str) or value is None else str(value)
            )
    return found


def _comparable(segment: Segment, name):
    if name in MANY:
        return sorted(getattr(segment, name).values_list("pk", flat=True))
    return getattr(segment, name)


def _given(name, value):
    if name in MANY:
        return sorted(_pk(v) for v in value or ())
    return value


@transaction.atomic
def segment_create(*, municipality, by, data: dict) -> Segment:
    """A segment of ``municipality`` from cleaned ``data`` (``FIELDS`` and ``MANY``)."""
    require_sender(by, municipality)
    problems = segment_problems(municipality=municipality, data=data)
    if problems:
        raise ValidationError(problems)
    segment = Segment(
        municipality=municipality,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        **{name: data[name] for name in FIELDS if name in data},
    )
    segment.full_clean()
    segment.save()
    for name in MANY:
        if name in data:
            getattr(segment, name).set(data[name] or [])
    audit_record(
        actor=by,
        action="segment.created",
        target=segment,
        municipality=municipality,
        after=_values(segment, [n for n in (*FIELDS, *MANY) if n in data]),
    )
    return segment


@transaction.atomic
def segment_update(*, segment: Segment, by, data: dict) -> Segment:
    """Change a segment from cleaned ``data`` (only the keys given). Mailings already sent
    keep whom they reached (the outbox's rows); the next one reaches the segment as now."""
    current = Segment.objects.select_for_update().select_related("municipality").get(pk=segment.pk)
    require_sender(by, current.municipality_id)
    data = {k: v for k, v in data.items() if k in FIELDS or k in MANY}
    changed = [n for n, value in data.items() if _given(n, value) != _comparable(current, n)]
    if not changed:
        return current
    whole = {
        "to_organisations": current.to_organisations,
        "networks": list(current.networks.all()),
    }
    problems = segment_problems(
        municipality=current.municipality, data={**whole, **data}, segment=current
    )
    problems = {k: v for k, v in problems.items() if k in {*changed, "networks"}}
    if problems:
        raise ValidationError(problems)
    before = _values(current, changed)
    plain = [name for name in changed if name in FIELDS]
    for name in plain:
        setattr(current, name, data[name])
    current.full_clean()
    if plain:
        current.save(update_fields=[*plain, "updated_at"])
    for name in changed:
        if name in MANY:
            getattr(current, name).set(data[name] or [])
    audit_record(
        actor=by,
        action="segment.changed",
        target=current,
        municipality=current.municipality,
        before=before,
        after=_values(current, changed),
    )
    return current


def segment_in_use(segment: Segment) -> bool:
    """Whether a mailing refers to the segment (then it stays: the mailing's record)."""
    return segment.mailings.exists()


@transaction.atomic
def segment_delete(*, segment: Segment, by) -> None:
    """Remove a segment no mailing refers to, audited."""
    current = Segment.objects.select_for_update().get(pk=segment.pk)
    require_sender(by, current.municipality_id)
    if segment_in_use(current):
        raise ValidationError(
            _("A mailing was written to this segment, so it stays on record."), code="in_use"
        )
    audit_record(
        actor=by,
        action="segment.deleted",
        target=current,
        municipality=current.municipality,
        before={"name": current.name},
    )
    current.delete()
