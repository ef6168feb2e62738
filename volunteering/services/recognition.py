"""Recognition: the municipality's thanks and awards (e.g. "Årets eldsjäl 2026") to a
volunteer, an organisation or someone named, nominated by a coordinator and then published
on the public pages or withdrawn (``workflow.RECOGNITION_TRANSITIONS``).

A person is named publicly only with their consent: a recognition that is not to an
organisation (a volunteer, or a name that may be a person's) is published only with
``consent_to_publish`` ticked, and the consent cannot be taken back while it is published
(withdraw it first). Every write asks ``permissions.may_coordinate`` again and is audited.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.services import audit_record
from volunteering import permissions, workflow
from volunteering.models import Recognition

R = Recognition.Status
# What a coordinator sets; the status moves through recognition_set_status.
FIELDS = (
    "kind",
    "title",
    "year",
    "volunteer",
    "organisation",
    "recipient_name",
    "citation",
    "district",
    "consent_to_publish",
)
MANY = ("focus_areas",)
FIRST_YEAR = 1990


def _require(by, municipality) -> None:
    if not permissions.may_coordinate(by, municipality):
        raise PermissionDenied


def _kinds(by, municipality) -> frozenset:
    if permissions.may_coordinate(by, municipality):
        return workflow.ONLY_COORDINATOR
    return frozenset()


def _own(municipality_id, value) -> bool:
    return value is None or getattr(value, "municipality_id", None) == municipality_id


def _values(recognition: Recognition | None, data: dict) -> dict:
    """The recognition's values after ``data`` (the current ones where data has none)."""
    names = (*FIELDS, *MANY)
    current = {}
    if recognition is not None:
        current = {name: getattr(recognition, name) for name in FIELDS}
        if recognition.pk:
            current["focus_areas"] = list(recognition.focus_areas.all())
    return current | {k: v for k, v in data.items() if k in names}


def needs_consent(values) -> bool:
    """Whether publishing needs the person's consent: unless it goes to an organisation."""
    organisation = values.get("organisation") if isinstance(values, dict) else values.organisation
    return organisation is None


def _problems(municipality, values: dict, status: str) -> dict:
    problems = {}
    m = municipality.pk
    if values.get("kind") not in Recognition.Kind.values:
        problems["kind"] = _("Choose thanks or an award.")
    if not (values.get("title") or "").strip():
        problems["title"] = _("Give the recognition a title, e.g. “Årets eldsjäl 2026”.")
    year, this_year = values.get("year"), timezone.localdate().year
    if not isinstance(year, int) or not FIRST_YEAR <= year <= this_year + 1:
        problems["year"] = _("Give a year between %(first)s and %(last)s.") % {
            "first": FIRST_YEAR,
            "last": this_year + 1,
        }
    volunteer, organisation = values.get("volunteer"), values.get("organisation")
    if volunteer is not None and organisation is not None:
        problems["organisation"] = _(
            "Choose a volunteer or an organisation, not both (or only write the name)."
        )
    if not _own(m, volunteer):
        problems["volunteer"] = _("Choose a volunteer of the municipality.")
    if not _own(m, organisation):
        problems["organisation"] = _("Choose an organisation of the municipality.")
    if not (values.get("citation") or "").strip():
        problems["citation"] = _("Write the motivation: it is published with the recognition.")
    if not _own(m, values.get("district")):
        problems["district"] = _("Choose one of the municipality's districts.")
    if not all(_own(m, area) for area in values.get("focus_areas") or ()):
        problems["focus_areas"] = _("Choose the municipality's own focus areas.")
    if status == R.PUBLISHED and needs_consent(values) and not values.get("consent_to_publish"):
        problems["consent_to_publish"] = _(
            "The recognition is published: a person is named publicly only with their "
            "consent. Withdraw it before removing the consent."
        )
    return problems


def recognition_problems(*, municipality, data: dict, recognition=None) -> dict:
    """What is wrong with ``data`` for a new recognition of ``municipality`` or a change of
    ``recognition`` (field -> message; empty: nothing). The admin's form asks the same, so
    a refusal is a form error with what was typed kept."""
    values = _values(recognition, data)
    values["recipient_name"] = _name(values)
    status = recognition.status if recognition is not None else workflow.CREATED_AS["recognition"]
    problems = _problems(municipality, values, status)
    if status == R.PUBLISHED:
        # The consent was given by the person named: another name needs its own.
        for name in ("volunteer", "organisation", "recipient_name"):
            if name in data and data[name] != getattr(recognition, name):
                problems.setdefault(
                    name, _("Withdraw the recognition before changing whom it names.")
                )
    if not values["recipient_name"] and "volunteer" not in problems:
        problems["recipient_name"] = _(
            "Write the name shown, or choose a volunteer or an organisation."
        )
    return problems


def _name(values: dict) -> str:
    """The name shown: as written, else the volunteer's or the organisation's."""
    written = (values.get("recipient_name") or "").strip()
    if written:
        return written
    chosen = values.get("volunteer") or values.get("organisation")
    return str(chosen) if chosen is not None else ""


def _plain(value):
    if isinstance(value, list):
        return sorted(str(v) for v in value)
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


@transaction.atomic
def recognition_nominate(*, municipality, by, data: dict) -> Recognition:
    """A coordinator nominates thanks or an award (status *nominated*), audited."""
    _require(by, municipality)
    values = _values(None, data)
    values["recipient_name"] = _name(values)
    problems = recognition_problems(municipality=municipality, data=data)
    if problems:
        raise ValidationError(problems)
    recognition = Recognition(
        municipality=municipality,
        status=workflow.CREATED_AS["recognition"],
        nominated_by=by,
        **{name: values.get(name) for name in FIELDS if name in values},
    )
    recognition.title = recognition.title.strip()
    recognition.citation = recognition.citation.strip()
    recognition.full_clean()
    recognition.save()
    recognition.focus_areas.set(values.get("focus_areas") or [])
    audit_record(
        actor=by,
        action="recognition.nominated",
        target=recognition,
        municipality=municipality,
        after={
            "kind": recognition.kind,
            "title": recognition.title,
            "year": recognition.year,
            "recipient_name": recognition.recipient_name,
        },
    )
    return recognition


@transaction.atomic
def recognition_update(*, recognition: Recognition, by, data: dict) -> Recognition:
    """Change a recognition's text, recipient or consent, audited (status stays)."""
    current = (
        Recognition.objects.select_for_update(of=("self",))
        .select_related("municipality")
        .get(pk=recognition.pk)
    )
    _require(by, current.municipality)
    values = _values(current, data)
    if "recipient_name" in data or "volunteer" in data or "organisation" in data:
        values["recipient_name"] = _name(values)
    problems = recognition_problems(
        municipality=current.municipality, recognition=current, data=data
    )
    if problems:
        raise ValidationError(problems)
    before, after, changed = {}, {}, []
    for name in FIELDS:
        if name in values and getattr(current, name) != values[name]:
            before[name], after[name] = _plain(getattr(current, name)), _plain(values[name])
            setattr(current, name, values[name])
            changed.append(name)
    if changed:
        current.full_clean()
        current.save(update_fields=changed)
    if "focus_areas" in data:
        old = list(current.focus_areas.all())
        new = list(values["focus_areas"] or [])
        if {a.pk for a in old} != {a.pk for a in new}:
            current.focus_areas.set(new)
            before["focus_areas"], after["focus_areas"] = _plain(old), _plain(new)
    if after:
        audit_record(
            actor=by,
            action="recognition.changed",
            target=current,
            municipality=current.municipality,
            before=before,
            after=after,
        )
    return current


def status_problem(recognition: Recognition, status: str, by) -> str | None:
    """Why ``by`` may not move ``recognition`` to ``status`` (None: they may)."""
    if status not in R.values:
        return _("Unknown status.")
    if status == recognition.status:
        return None
    kinds = _kinds(by, recognition.municipality_id)
    if not workflow.allowed(recognition.status, status, kinds, workflow.RECOGNITION_TRANSITIONS):
        labels = {"old": R(recognition.status).label, "new": R(status).label}
        return _("The status cannot change from “%(old)s” to “%(new)s”.") % labels
    if status == R.PUBLISHED and needs_consent(recognition) and not recognition.consent_to_publish:
        return _(
            "A person is named publicly only with their consent: tick “the person agrees to "
            "be named publicly” when they have agreed, then publish."
        )
    return None


@transaction.atomic
def recognition_set_status(*, recognition: Recognition, status: str, by) -> Recognition:
    """Publish, withdraw or nominate again (``workflow.RECOGNITION_TRANSITIONS``), audited.
    Publishing a recognition of a person needs their consent."""
    current = (
        Recognition.objects.select_for_update(of=("self",))
        .select_related("municipality")
        .get(pk=recognition.pk)
    )
    _require(by, current.municipality)
    problem = status_problem(current, status, by)
    if problem:
        raise ValidationError(problem, code="invalid_move")
    if status == current.status:
        return current
    before = current.status
    current.status = status
    fields = ["status"]
    if status == R.PUBLISHED:
        current.published_at = timezone.now()
        fields.append("published_at")
    current.save(update_fields=fields)
    audit_record(
        actor=by,
        action="recognition.status_changed",
        target=current,
        municipality=current.municipality,
        before={"status": before},
        after={"status": status},
    )
    return current


@transaction.atomic
def recognitions_forget_volunteers(*, volunteer_ids) -> int:
    """When volunteers remove themselves (erasure, "remove me"), the recognitions naming
    them stop doing so: a published one is withdrawn (their consent went with them), the
    name shown becomes "a former volunteer", and the audit trail's rows of those
    recognitions no longer carry the name. The recognition itself stays, as the record of
    what the municipality did. Returns how many were changed."""
    from django.conf import settings
    from django.utils import translation

    from portal.models import AuditEvent

    found = list(
        Recognition.objects.select_for_update().filter(volunteer_id__in=list(volunteer_ids))
    )
    if not found:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        nameless = _("a former volunteer")
    for recognition in found:
        if recognition.status == R.PUBLISHED:
            recognition.status = R.WITHDRAWN
        recognition.recipient_name = nameless
        recognition.consent_to_publish = False
        recognition.volunteer = None
        recognition.save(
            update_fields=["status", "recipient_name", "consent_to_publish", "volunteer"]
        )
    events = AuditEvent.objects.filter(
        target_type=Recognition._meta.label_lower,
        target_id__in=[str(r.pk) for r in found],
    )
    for event in events:
        event.target_repr = nameless
        event.before = {k: v for k, v in (event.before or {}).items() if k != "recipient_name"}
        event.after = {k: v for k, v in (event.after or {}).items() if k != "recipient_name"}
        event.save(update_fields=["target_repr", "before", "after"])
    return len(found)
