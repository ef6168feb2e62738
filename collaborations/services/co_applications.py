"""Writes of co-applications for outside money: the municipality's part in an
association's application and what the funder decided."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from collaborations import workflow
from collaborations.models import CoApplication, Collaboration
from collaborations.services.collaborations import actor_kinds, move_problem, require_change
from portal.services import audit_record

X = CoApplication.Status
FIELDS = (
    "applicant",
    "funder",
    "funder_name",
    "municipal_role",
    "applied_ore",
    "co_financing_ore",
    "submitted_on",
)
DECIDED = (X.GRANTED, X.REJECTED)


def co_application_problems(*, collaboration: Collaboration, data: dict) -> dict:
    problems = {}
    if collaboration.kind != Collaboration.Kind.CO_APPLICATION:
        problems[None] = _("Only a co-application for outside money has an application.")
    applicant = data.get("applicant")
    if applicant is not None and applicant.municipality_id != collaboration.municipality_id:
        problems["applicant"] = _("The applicant must be registered in the municipality.")
    for name in ("applied_ore", "co_financing_ore"):
        if (data.get(name) or 0) < 0:
            problems[name] = _("The amount cannot be negative.")
    if data.get("funder") == CoApplication.Funder.OTHER and not (data.get("funder_name") or ""):
        problems["funder_name"] = _("Name the funder.")
    return problems


def _picture(co_application: CoApplication, names) -> dict:
    found = {}
    for name in names:
        value = getattr(co_application, name)
        found[name] = value if isinstance(value, int | None) else str(value)
    return found


@transaction.atomic
def co_application_save(*, collaboration: Collaboration, by, data: dict) -> CoApplication:
    """Record or change the application of a co-application ``collaboration`` (applicant,
    funder, the municipality's role, amounts in öre); the status moves by
    ``co_application_set_status``."""
    collaboration = (
        Collaboration.objects.select_for_update(of=("self",))
        .select_related("municipality")
        .get(pk=collaboration.pk)
    )
    require_change(by, collaboration)
    data = {k: v for k, v in data.items() if k in FIELDS}
    current = CoApplication.objects.select_for_update().filter(collaboration=collaboration).first()
    created = current is None
    if created:
        current = CoApplication(
            collaboration=collaboration, status=workflow.CREATED_AS["co_application"]
        )
    before = {} if created else _picture(current, FIELDS)
    for name, value in data.items():
        setattr(current, name, value)
    problems = co_application_problems(collaboration=collaboration, data=_filled(current))
    if problems:
        raise ValidationError(problems)
    current.full_clean(exclude=["collaboration"])
    after = _picture(current, FIELDS)
    if not created and after == before:
        return current
    current.save()
    audit_record(
        actor=by,
        action="co_application.saved",
        target=current,
        municipality=collaboration.municipality,
        before={k: v for k, v in before.items() if after[k] != v},
        after={k: v for k, v in after.items() if created or before[k] != v},
    )
    return current


def _filled(co_application: CoApplication) -> dict:
    found = {name: getattr(co_application, name) for name in FIELDS if name != "applicant"}
    found["applicant"] = co_application.applicant if co_application.applicant_id else None
    return found


def status_problem(co_application: CoApplication, status: str, by, granted_ore=None) -> str | None:
    kinds = actor_kinds(by, co_application.collaboration)
    table = workflow.CO_APPLICATION_TRANSITIONS
    problem = move_problem(table, X, co_application.status, status, kinds)
    if problem or status == co_application.status:
        return problem
    if status == X.GRANTED and (granted_ore is None or granted_ore <= 0):
        return _("Give the money granted.")
    return None


@transaction.atomic
def co_application_set_status(
    *, co_application: CoApplication, status: str, by, granted_ore=None, decided_on=None
) -> CoApplication:
    """Move a co-application (``workflow.CO_APPLICATION_TRANSITIONS``), audited. The money
    brought in is recorded only when granted (``granted_ore``, öre); a decision taken back
    (to *submitted*) clears it and the decision date."""
    current = (
        CoApplication.objects.select_for_update(of=("self",))
        .select_related("collaboration__municipality")
        .get(pk=co_application.pk)
    )
    require_change(by, current.collaboration)
    if status == current.status and status in X.values:
        return current
    problem = status_problem(current, status, by, granted_ore)
    if problem:
        raise ValidationError(problem, code="invalid_move")
    before = {"status": current.status, "granted_ore": current.granted_ore}
    today = timezone.localdate()
    if decided_on is not None and decided_on > today:
        raise ValidationError({"decided_on": _("The decision date cannot be in the future.")})
    current.status = status
    if status == X.GRANTED:
        current.granted_ore = granted_ore
    else:
        current.granted_ore = 0
    if status in DECIDED:
        current.decided_on = decided_on or today
    elif status == X.SUBMITTED:
        current.decided_on = None
        current.submitted_on = current.submitted_on or today
    current.save(update_fields=["status", "granted_ore", "decided_on", "submitted_on"])
    audit_record(
        actor=by,
        action="co_application.status_changed",
        target=current,
        municipality=current.collaboration.municipality,
        before=before,
        after={"status": status, "granted_ore": current.granted_ore},
    )
    return current
