"""Volunteers (frivilliga): a person signs up in a municipality with what they can offer,
where, for what and how to be reached, with their consent; they change it, pause and
resume, and remove it themselves.

Only the person themselves writes their profile (a coordinator may pause or resume it,
``workflow.VOLUNTEER_TRANSITIONS``); every write is checked here and audited without the
personal details themselves (the audit names the fields changed, not their values).
Removing a profile deletes the volunteer's rows: their shifts and pledges keep the hours
for the figures but no longer name anyone, their coming shifts are given up (the waiting
list moves up), and the audit trail's labels of the removed rows no longer carry the name.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.links import absolute_reverse
from portal.models import AuditEvent
from portal.notifications import notify
from portal.services import audit_record
from volunteering import permissions, workflow
from volunteering.languages import LANGUAGE_NAMES
from volunteering.models import CallOut, Pledge, ShiftSignup, Volunteer

V = Volunteer.Status
CHANNELS_NEEDING_PHONE = (Volunteer.Channel.SMS, Volunteer.Channel.PHONE)
REGISTERED_KIND = "volunteering.volunteer_registered"

# What a volunteer writes about themselves (the form's fields, the service's keys).
FIELDS = ("languages", "has_car", "offers_premises", "other_offer", "hours_per_month",
          "reach_by", "phone")  # fmt: skip
MANY = ("skills", "districts", "focus_areas", "target_groups")


# --- shared by the app's services --------------------------------------------------------


def _same_municipality(municipality_id, values) -> bool:
    return all(getattr(v, "municipality_id", None) == municipality_id for v in values)


def anonymous_label() -> str:
    """What the audit trail calls a volunteer who removed their data (stored text, in the
    portal's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("A former volunteer")


# --- the profile -------------------------------------------------------------------------


def profile_problems(*, municipality, data: dict) -> dict:
    """What is wrong with ``data`` for a volunteer of ``municipality``, per field (empty:
    nothing). The form asks the same, so a refusal is a form error."""
    problems = {}
    reach_by = list(data.get("reach_by") or [])
    if not reach_by:
        problems["reach_by"] = _("Choose at least one way to reach you.")
    elif any(c not in Volunteer.Channel.values for c in reach_by):
        problems["reach_by"] = _("Choose among the ways offered.")
    elif set(reach_by) & set(CHANNELS_NEEDING_PHONE) and not (data.get("phone") or "").strip():
        problems["phone"] = _("Give a phone number to be reached by text message or phone.")
    if any(code not in LANGUAGE_NAMES for code in data.get("languages") or ()):
        problems["languages"] = _("Choose among the languages offered.")
    hours = data.get("hours_per_month")
    if hours is not None and not 1 <= hours <= 200:
        problems["hours_per_month"] = _("Give a number of hours between 1 and 200, or none.")
    municipality_id = getattr(municipality, "pk", municipality)
    messages = {
        "skills": _("Choose the municipality's own skills and resources."),
        "districts": _("Choose the municipality's own districts."),
        "focus_areas": _("Choose the municipality's own focus areas."),
        "target_groups": _("Choose the municipality's own target groups."),
    }
    for name, message in messages.items():
        if not _same_municipality(municipality_id, data.get(name) or ()):
            problems[name] = message
    return problems


def _apply(volunteer: Volunteer, data: dict) -> list[str]:
    """Set the plain fields of ``data`` on ``volunteer``; the names of those changed."""
    changed = []
    for name in FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name in ("other_offer", "phone"):
            value = (value or "").strip()
        if name in ("languages", "reach_by"):
            value = list(value or [])
        if getattr(volunteer, name) != value:
            setattr(volunteer, name, value)
            changed.append(name)
    if not set(volunteer.reach_by) & set(CHANNELS_NEEDING_PHONE) and volunteer.phone:
        volunteer.phone = ""  # asked for only to be reached by it: not kept otherwise
        if "phone" not in changed:
            changed.append("phone")
    return changed


def _set_many(volunteer: Volunteer, data: dict) -> list[str]:
    changed = []
    for name in MANY:
        if name not in data:
            continue
        wanted = {v.pk for v in data[name] or ()}
        manager = getattr(volunteer, name)
        if {v.pk for v in manager.all()} != wanted:
            manager.set(list(data[name] or ()))
            changed.append(name)
    return changed


@transaction.atomic
def volunteer_register(*, user, municipality, data: dict, consent: bool) -> Volunteer:
    """Sign ``user`` up as a volunteer of ``municipality`` with ``data`` (FIELDS and MANY)
    and their consent to the text of ``Volunteer.CONSENT_VERSION``."""
    if not getattr(user, "is_authenticated", False) or not municipality.is_active:
        raise PermissionDenied
    problems = profile_problems(municipality=municipality, data=data)
    if not consent:
        problems["consent"] = _("Give your consent to sign up as a volunteer.")
    if Volunteer.objects.filter(user=user, municipality=municipality).exists():
        problems.setdefault(
            "__all__", _("You are already a volunteer in %(name)s.") % {"name": municipality}
        )
    if problems:
        raise ValidationError(problems)
    volunteer = Volunteer(
        user=user,
        municipality=municipality,
        status=workflow.CREATED_AS["volunteer"],
        consent_at=timezone.now(),
        consent_version=Volunteer.CONSENT_VERSION,
    )
    _apply(volunteer, data)
    volunteer.full_clean(exclude=["user", "municipality"])
    volunteer.save()
    _set_many(volunteer, data)
    audit_record(
        actor=user,
        action="volunteer.registered",
        target=volunteer,
        municipality=municipality,
        after={"consent_version": volunteer.consent_version},
    )
    notify(
        kind=REGISTERED_KIND,
        key=f"volunteer:{volunteer.pk}:registered",
        template="volunteering/email/volunteer_registered",
        context={
            "municipality": municipality,
            "url": absolute_reverse("volunteering:mine"),
            "public_url": absolute_reverse("volunteering:public_posts", args=[municipality.slug]),
        },
        recipients=[user],
        municipality=municipality,
    )
    return volunteer


def _own(volunteer: Volunteer, by) -> Volunteer:
    """The volunteer's row, locked, if ``by`` is the person themselves."""
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if volunteer.user_id != getattr(by, "pk", None):
        raise PermissionDenied
    return volunteer


@transaction.atomic
def volunteer_update(*, volunteer: Volunteer, by, data: dict, consent: bool = False) -> Volunteer:
    """The person changes what they wrote. A profile given under an older consent text is
    kept only with the current one accepted."""
    volunteer = _own(volunteer, by)
    problems = profile_problems(municipality=volunteer.municipality_id, data=data)
    renewing = volunteer.consent_version != Volunteer.CONSENT_VERSION
    if renewing and not consent:
        problems["consent"] = _("Give your consent to the current text to keep your profile.")
    if problems:
        raise ValidationError(problems)
    changed = _apply(volunteer, data)
    if renewing:
        volunteer.consent_at, volunteer.consent_version = timezone.now(), Volunteer.CONSENT_VERSION
        changed += ["consent_at", "consent_version"]
    if changed:
        volunteer.full_clean(exclude=["user", "municipality"])
        volunteer.save(update_fields=[*changed, "updated_at"])
    changed += _set_many(volunteer, data)
    if changed:
        audit_record(
            actor=by,
            action="volunteer.changed",
            target=volunteer,
            municipality=volunteer.municipality,
            after={"fields": sorted(changed)},  # which, never the person's values
        )
    return volunteer


def actor_kinds(user, volunteer: Volunteer) -> frozenset:
    kinds = set()
    if volunteer.user_id == getattr(user, "pk", None):
        kinds.add(workflow.VOLUNTEER)
    if permissions.may_coordinate(user, volunteer.municipality_id):
        kinds.add(workflow.COORDINATOR)
    return frozenset(kinds)


@transaction.atomic
def volunteer_set_status(*, volunteer: Volunteer, status: str, by) -> Volunteer:
    """Pause (not asked for help for now) or make available again, by the person or a
    coordinator (``workflow.VOLUNTEER_TRANSITIONS``)."""
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    kinds = actor_kinds(by, volunteer)
    if not kinds:
        raise PermissionDenied
    if status == volunteer.status:
        return volunteer
    workflow.check_move(workflow.VOLUNTEER_TRANSITIONS, V, volunteer.status, status, kinds)
    before = volunteer.status
    volunteer.status = status
    volunteer.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=by,
        action="volunteer.status_changed",
        target=volunteer,
        municipality=volunteer.municipality,
        before={"status": before},
        after={"status": status},
    )
    return volunteer


def erase_volunteers(volunteers) -> dict:
    """Delete ``volunteers`` (a list of rows) and what only concerns them: their coming
    shifts are given up (the waiting list moves up), their open pledges to open call-outs
    are withdrawn, their sign-ups and pledges keep the hours without the person, their
    extract checks and interests go, recognitions stop naming them (a published one is
    withdrawn: the consent went with them), and the audit trail's labels of the removed rows
    no longer name them. Returns the counts."""
    from volunteering.services.posts import give_up_coming_shifts  # the posts' rules
    from volunteering.services.recognition import recognitions_forget_volunteers

    ids = [v.pk for v in volunteers]
    if not ids:
        return {"volunteer_profiles": 0}
    shifts_given_up = give_up_coming_shifts(volunteer_ids=ids)
    pledges = Pledge.objects.filter(volunteer_id__in=ids)
    withdrawn = pledges.filter(
        status__in=[Pledge.Status.PLEDGED, Pledge.Status.ACCEPTED],
        callout__status=CallOut.Status.OPEN,
    ).update(status=Pledge.Status.WITHDRAWN)
    pledges.update(pledged_by=None)
    signup_ids = list(ShiftSignup.objects.filter(volunteer_id__in=ids).values_list("pk", flat=True))
    targets = {
        "volunteering.volunteer": ids,
        "volunteering.shiftsignup": signup_ids,
        "volunteering.pledge": list(pledges.values_list("pk", flat=True)),
    }
    for volunteer in volunteers:
        for relation in ("extract_checks", "interests"):
            label = getattr(volunteer, relation).model._meta.label_lower
            targets.setdefault(label, []).extend(
                getattr(volunteer, relation).values_list("pk", flat=True)
            )
    recognitions_forget_volunteers(volunteer_ids=ids)
    Volunteer.objects.filter(pk__in=ids).delete()
    label = anonymous_label()
    for target_type, pks in targets.items():
        if pks:
            AuditEvent.objects.filter(
                target_type=target_type, target_id__in=[str(pk) for pk in pks]
            ).update(target_repr=label)
    return {
        "volunteer_profiles": len(ids),
        "volunteer_shifts_given_up": shifts_given_up,
        "volunteer_pledges_withdrawn": withdrawn,
    }


@transaction.atomic
def volunteer_remove(*, volunteer: Volunteer, by) -> dict:
    """The person removes their volunteer profile in one municipality ("remove me")."""
    volunteer = _own(volunteer, by)
    municipality = volunteer.municipality
    audit_record(actor=by, action="volunteer.removed", target=volunteer, municipality=municipality)
    return erase_volunteers([volunteer])
