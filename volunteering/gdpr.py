"""Mobilisation and volunteering's part of a person's data rights (``portal.gdpr``),
registered from ``VolunteeringConfig.ready()``.

The export holds the person's volunteer profiles, their shifts (booked, waited for,
done, with the hours), the pledges they made (their own or an organisation's), their
expressions of interest, the dates they showed an extract from the criminal records, the
recognitions naming them, and the posts and call-outs they wrote or are responsible for.

Erasure removes the volunteer profiles as "remove me" does (``erase_volunteers``): the
shifts and pledges keep their hours for the figures without the person, coming shifts are
given up, extract checks and interests go. Rows that are the municipality's or an
organisation's (posts, call-outs, an organisation's pledges, recognitions) stay and no
longer point at the person."""

from django.db.models import Q
from django.utils.translation import gettext_lazy

from portal import audit_text
from portal.gdpr import erasure, export
from portal.gdpr.export import iso
from volunteering.models import (
    CallOut,
    Interest,
    Pledge,
    Post,
    Readiness,
    Recognition,
    RecordExtractCheck,
    ShiftSignup,
    Volunteer,
)
from volunteering.services.volunteers import erase_volunteers

audit_text.register_erased("volunteer_profiles", gettext_lazy("Volunteer profiles removed"))
audit_text.register_erased(
    "volunteer_shifts_given_up", gettext_lazy("Coming volunteer shifts given up")
)
audit_text.register_erased(
    "volunteer_pledges_withdrawn", gettext_lazy("Offers to open call-outs withdrawn")
)


def _names(manager) -> list[str]:
    return sorted(str(item) for item in manager.all())


def _hours(value):
    return None if value is None else str(value)


@export.section
def volunteering(user) -> dict:
    profiles = (
        Volunteer.objects.filter(user=user)
        .select_related("municipality")
        .prefetch_related("skills", "districts", "focus_areas", "target_groups")
        .order_by("pk")
    )
    signups = (
        ShiftSignup.objects.filter(volunteer__user=user)
        .select_related("shift__post__municipality")
        .order_by("shift__starts_at", "pk")
    )
    pledges = (
        Pledge.objects.filter(Q(volunteer__user=user) | Q(pledged_by=user))
        .select_related("callout", "organisation")
        .prefetch_related("skills")
        .order_by("pledged_at", "pk")
    )
    return {
        "volunteer_profiles": [
            {
                "municipality": v.municipality.name,
                "status": v.status,
                "skills": _names(v.skills),
                "languages": list(v.languages),
                "has_car": v.has_car,
                "offers_premises": v.offers_premises,
                "other_offer": v.other_offer,
                "hours_per_month": v.hours_per_month,
                "districts": _names(v.districts),
                "focus_areas": _names(v.focus_areas),
                "target_groups": _names(v.target_groups),
                "reach_by": list(v.reach_by),
                "phone": v.phone,
                "consent_given_at": iso(v.consent_at),
                "consent_text_version": v.consent_version,
                "created_at": iso(v.created_at),
            }
            for v in profiles
        ],
        "volunteer_shifts": [
            {
                "municipality": s.shift.post.municipality.name,
                "post": s.shift.post.title,
                "starts_at": iso(s.shift.starts_at),
                "ends_at": iso(s.shift.ends_at),
                "status": s.status,
                "signed_up_at": iso(s.signed_up_at),
                "came": s.attended,
                "hours": _hours(s.hours),
            }
            for s in signups
        ],
        "volunteer_pledges": [
            {
                "call_out": p.callout.title,
                "for_organisation": p.organisation.name if p.organisation else None,
                "status": p.status,
                "people": p.people,
                "hours_offered": p.hours,
                "skills": _names(p.skills),
                "premises": p.premises,
                "goods": p.goods,
                "message": p.message,
                "offered_at": iso(p.pledged_at),
                "hours_given": _hours(p.hours_given),
            }
            for p in pledges
        ],
        "volunteer_interests": [
            {"post": i.post.title, "message": i.message, "sent_at": iso(i.created_at)}
            for i in Interest.objects.filter(volunteer__user=user)
            .select_related("post")
            .order_by("pk")
        ],
        "criminal_record_extracts_shown": [
            {"post": c.post.title, "shown_on": iso(c.shown_on)}
            for c in RecordExtractCheck.objects.filter(volunteer__user=user)
            .select_related("post")
            .order_by("pk")
        ],
        "volunteer_recognitions": [
            {
                "title": r.title,
                "year": r.year,
                "kind": r.kind,
                "name_shown": r.recipient_name,
                "motivation": r.citation,
                "status": r.status,
                "consent_to_publish": r.consent_to_publish,
                "published_at": iso(r.published_at),
            }
            for r in Recognition.objects.filter(volunteer__user=user).order_by("pk")
        ],
        "volunteer_posts_written": [
            {"title": p.title, "activity": p.activity, "created_at": iso(p.created_at)}
            for p in Post.objects.filter(created_by=user).order_by("pk")
        ],
        "call_outs_written_or_responsible": [
            {
                "title": c.title,
                "responsible": c.responsible_id == user.pk,
                "created_at": iso(c.created_at),
            }
            for c in CallOut.objects.filter(Q(created_by=user) | Q(responsible=user)).order_by("pk")
        ],
    }


@erasure.step
def erase_volunteering(user) -> dict:
    """The person's volunteer profiles go (as "remove me"); the municipality's and the
    organisations' rows stay without pointing at them."""
    removed = erase_volunteers(list(Volunteer.objects.filter(user=user)))
    Pledge.objects.filter(pledged_by=user).update(pledged_by=None)
    Pledge.objects.filter(decided_by=user).update(decided_by=None)
    Post.objects.filter(created_by=user).update(created_by=None)
    ShiftSignup.objects.filter(recorded_by=user).update(recorded_by=None)
    RecordExtractCheck.objects.filter(recorded_by=user).update(recorded_by=None)
    CallOut.objects.filter(created_by=user).update(created_by=None)
    CallOut.objects.filter(responsible=user).update(responsible=None)
    Recognition.objects.filter(nominated_by=user).update(nominated_by=None)
    Readiness.objects.filter(updated_by=user).update(updated_by=None)
    return removed
