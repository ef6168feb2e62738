"""Writes of the register itself: recording and changing a collaboration, and its status.

Every write asks ``collaborations.permissions`` again (the admin and the pages ask first,
the services make sure), keeps every chosen thing inside the collaboration's municipality,
checks status moves against ``collaborations.workflow`` and is audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from collaborations import permissions, workflow
from collaborations.models import Collaboration, OutsidePartner
from portal.roles import ADMIN_ROLES
from portal.selectors import user_has_role
from portal.services import audit_record

C = Collaboration.Status

# Plain fields a recorder sets (status moves go through collaboration_set_status).
FIELDS = (
    "title",
    "description",
    "kind",
    "level",
    "administration",
    "responsible",
    "starts_on",
    "ends_on",
    "is_public",
)
MANY = ("focus_areas", "districts", "target_groups", "partners")
# What the networks app keeps in step for an entry of a network (source "network").
NETWORK_KEPT = frozenset(
    {
        "title",
        "description",
        "kind",
        "is_public",
        "focus_areas",
        "districts",
        "target_groups",
        "partners",
    }
)
# Kinds that are an agreement between parties: active only with the legal form assessed.
AGREEMENT_GUARDED = frozenset({Collaboration.Kind.IOP, Collaboration.Kind.AGREEMENT})


# --- shared by the services of the app ------------------------------------------------------


def move_problem(table, statuses, old: str, new: str, actor_kinds) -> str | None:
    """Why ``actor_kinds`` may not move a row from ``old`` to ``new`` (None: they may). The
    admin's forms ask the same, so a refused move is a form error before anything is saved."""
    if new not in statuses.values:
        return _("Unknown status.")
    if old == new or workflow.allowed(old, new, actor_kinds, table):
        return None
    labels = {"old": statuses(old).label, "new": statuses(new).label}
    who = table.get((old, new), frozenset())
    if who and who <= {workflow.COORDINATOR}:
        return _("Only a coordinator can change the status from “%(old)s” to “%(new)s”.") % labels
    if who:
        return _("You may not change the status from “%(old)s” to “%(new)s”.") % labels
    return _("The status cannot change from “%(old)s” to “%(new)s”.") % labels


def check_move(table, statuses, old, new, actor_kinds) -> None:
    problem = move_problem(table, statuses, old, new, actor_kinds)
    if problem:
        raise ValidationError(problem, code="invalid_move")


def actor_kinds(user, collaboration) -> frozenset:
    """What ``user`` is to ``collaboration`` in the workflow tables (staff kinds only)."""
    kinds = set()
    if permissions.may_change(user, collaboration):
        kinds.add(workflow.RECORDER)
    if permissions.may_coordinate(user, collaboration.municipality_id):
        kinds.add(workflow.COORDINATOR)
    return frozenset(kinds)


def require_change(user, collaboration) -> None:
    if not permissions.may_change(user, collaboration):
        raise PermissionDenied


def _pk(value):
    return getattr(value, "pk", value)


def _same_municipality(municipality_id, values) -> bool:
    return all(getattr(v, "municipality_id", None) == municipality_id for v in values)


def collaboration_problems(*, municipality, data: dict) -> dict:
    """What is wrong with ``data`` for a collaboration of ``municipality``, per field (empty:
    nothing): every chosen administration, focus area, district, target group and partner
    belongs to the municipality, the responsible person works for it. The admin's form asks
    the same."""
    municipality_id = _pk(municipality)
    problems = {}
    administration = data.get("administration")
    if administration is not None and administration.municipality_id != municipality_id:
        problems["administration"] = _("The administration belongs to another municipality.")
    responsible = data.get("responsible")
    if responsible is not None and not user_has_role(responsible, municipality_id, ADMIN_ROLES):
        problems["responsible"] = _("The responsible person must work for the municipality.")
    messages = {
        "focus_areas": _("Choose the municipality's own focus areas."),
        "districts": _("Choose the municipality's own districts."),
        "target_groups": _("Choose the municipality's own target groups."),
        "partners": _("Partner organisations must be registered in the municipality."),
    }
    for name, message in messages.items():
        if name in data and not _same_municipality(municipality_id, data[name] or ()):
            problems[name] = message
    outside = data.get("outside_partners")
    if outside is not None:
        names = [name.strip().casefold() for _kind, name in outside]
        kinds = set(OutsidePartner.Kind.values)
        if any(not name for name in names) or any(kind not in kinds for kind, _n in outside):
            problems["outside_partners"] = _("Give each outside partner a kind and a name.")
        elif len(set(names)) != len(names):
            problems["outside_partners"] = _("An outside partner is named twice.")
    return problems


def _values(collaboration: Collaboration, names) -> dict:
    """The audit's picture of the named fields, as people read them: related rows by
    name, dates as ISO text, choices by their stored value."""
    found = {}
    for name in names:
        if name in MANY:
            found[name] = sorted(str(o) for o in getattr(collaboration, name).all())
        elif name == "outside_partners":
            found[name] = sorted(str(o) for o in collaboration.outside_partners.all())
        elif name in ("administration", "responsible"):
            value = getattr(collaboration, name)
            found[name] = str(value) if value is not None else None
        else:
            value = getattr(collaboration, name)
            found[name] = value if isinstance(value, bool | int | None) else str(value)
    return found


def _comparable(collaboration: Collaboration, name):
    """A field's stored value in a form to compare with cleaned data."""
    if name in MANY:
        return sorted(getattr(collaboration, name).values_list("pk", flat=True))
    if name == "outside_partners":
        return sorted(collaboration.outside_partners.values_list("kind", "name"))
    return getattr(collaboration, name)


def _given(name, value):
    if name in MANY:
        return sorted(_pk(v) for v in value or ())
    if name == "outside_partners":
        return sorted((kind, partner.strip()) for kind, partner in value or ())
    return value


def _set_outside_partners(collaboration, outside) -> None:
    wanted = {name.strip(): kind for kind, name in outside}
    collaboration.outside_partners.exclude(name__in=list(wanted)).delete()
    for name, kind in wanted.items():
        OutsidePartner.objects.update_or_create(
            collaboration=collaboration, name=name, defaults={"kind": kind}
        )


def _write(collaboration: Collaboration, data: dict, plain) -> None:
    collaboration.full_clean(exclude=["created_by"])
    if collaboration.pk is None:
        collaboration.save()
    elif plain:
        collaboration.save(update_fields=sorted(set(plain) | {"updated_at"}))
    for name in MANY:
        if name in data:
            getattr(collaboration, name).set(data[name] or [])
    if "outside_partners" in data:
        _set_outside_partners(collaboration, data["outside_partners"] or [])


@transaction.atomic
def collaboration_create(*, municipality, by, data: dict) -> Collaboration:
    """Record a collaboration of ``municipality`` from cleaned ``data`` (the fields of
    ``FIELDS`` and ``MANY``, and ``outside_partners`` as (kind, name) pairs). It starts
    planned; the recorder must may record for its administration."""
    if not permissions.may_record(by, municipality, data.get("administration")):
        raise PermissionDenied
    problems = collaboration_problems(municipality=municipality, data=data)
    if problems:
        raise ValidationError(problems)
    collaboration = Collaboration(
        municipality=municipality,
        status=workflow.CREATED_AS["collaboration"],
        source=Collaboration.Source.RECORDED,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        **{name: data[name] for name in FIELDS if name in data},
    )
    _write(collaboration, data, None)
    audit_record(
        actor=by,
        action="collaboration.created",
        target=collaboration,
        municipality=municipality,
        after=_values(collaboration, ("title", "kind", "level", "administration")),
    )
    return collaboration


@transaction.atomic
def collaboration_update(*, collaboration: Collaboration, by, data: dict) -> Collaboration:
    """Change a collaboration from cleaned ``data`` (only the keys given). An entry of a
    network keeps the network's name, description, focus areas, districts, target groups
    and partners: changing them is refused (they are changed on the network). Moving it to
    another administration needs the right to record there too."""
    current = (
        Collaboration.objects.select_for_update(of=("self",))
        .select_related("municipality")
        .get(pk=collaboration.pk)
    )
    require_change(by, current)
    data = {k: v for k, v in data.items() if k in FIELDS or k in MANY or k == "outside_partners"}
    changed = [
        name for name, value in data.items() if _given(name, value) != _comparable(current, name)
    ]
    before = _values(current, changed)
    if current.is_linked:
        kept = sorted(set(changed) & NETWORK_KEPT)
        if kept:
            raise ValidationError(
                {name: _("Kept in step by the network: change it on the network.") for name in kept}
            )
    if "administration" in changed and not permissions.may_record(
        by, current.municipality, data["administration"]
    ):
        raise PermissionDenied
    problems = collaboration_problems(
        municipality=current.municipality, data={k: data[k] for k in changed}
    )
    if problems:
        raise ValidationError(problems)
    if not changed:
        return current
    plain = [name for name in changed if name in FIELDS]
    for name in plain:
        setattr(current, name, data[name])
    _write(current, {k: data[k] for k in changed}, plain)
    audit_record(
        actor=by,
        action="collaboration.changed",
        target=current,
        municipality=current.municipality,
        before={k: before[k] for k in changed},
        after=_values(current, changed),
    )
    return current


def status_problem(collaboration: Collaboration, status: str, by) -> str | None:
    """Why ``by`` may not move ``collaboration`` to ``status`` (None: they may): the table,
    and the guard that an agreement starts only with its legal form assessed and two
    parties."""
    kinds = actor_kinds(by, collaboration)
    table = workflow.COLLABORATION_TRANSITIONS
    problem = move_problem(table, C, collaboration.status, status, kinds)
    if problem or status == collaboration.status:
        return problem
    if status == C.ACTIVE and collaboration.kind in AGREEMENT_GUARDED:
        agreement = getattr(collaboration, "agreement", None) if collaboration.pk else None
        if agreement is None or not agreement.is_assessed:
            return _(
                "An agreement becomes active once its legal form is assessed: record the "
                "agreement and the assessment first."
            )
        if agreement.parties.count() < 2:
            return _("An agreement becomes active once it has at least two parties.")
    return None


@transaction.atomic
def collaboration_set_status(*, collaboration: Collaboration, status: str, by) -> Collaboration:
    """Move a collaboration (``workflow.COLLABORATION_TRANSITIONS``), audited."""
    current = (
        Collaboration.objects.select_for_update(of=("self",))
        .select_related("municipality")
        .get(pk=collaboration.pk)
    )
    require_change(by, current)
    if status == current.status and status in C.values:
        return current
    problem = status_problem(current, status, by)
    if problem:
        raise ValidationError(problem, code="invalid_move")
    before = current.status
    current.status = status
    current.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=by,
        action="collaboration.status_changed",
        target=current,
        municipality=current.municipality,
        before={"status": before},
        after={"status": status},
    )
    return current
