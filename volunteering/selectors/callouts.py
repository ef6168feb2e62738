"""Reads of call-outs: who may open one and pledge as whom, the call-outs a person is asked
to answer, and the coverage of a call-out's need by its pledges (in words, for the
coordinator's page)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Q, Sum, Value, When
from django.utils.translation import gettext_lazy as _

from organisations.permissions import NETWORKS, organisations_where
from portal.models import Notification
from volunteering.languages import LANGUAGES
from volunteering.models import CallOut, Pledge, Volunteer
from volunteering.services.callouts import LIVE, Giver

C = CallOut.Status
P = Pledge.Status
SHOWN = (C.OPEN, C.CLOSED, C.CANCELLED)  # a draft is the coordinator's alone


# --- who -------------------------------------------------------------------------------------


def givers_for(user, municipality) -> list[Giver]:
    """As whom ``user`` may pledge in ``municipality``: themselves as its volunteer, and
    each organisation there they act for (by name)."""
    if not getattr(user, "is_authenticated", False):
        return []
    municipality_id = getattr(municipality, "pk", municipality)
    givers = [
        Giver(volunteer=volunteer)
        for volunteer in Volunteer.objects.filter(user=user, municipality_id=municipality_id)
    ]
    organisations = organisations_where(user, NETWORKS).filter(municipality_id=municipality_id)
    givers += [Giver(organisation=o) for o in organisations.distinct().order_by("name")]
    return givers


def giver_key(giver: Giver) -> str:
    """The giver as a form value: ``volunteer`` or ``organisation-<pk>``."""
    if giver.volunteer is not None:
        return "volunteer"
    return f"organisation-{giver.organisation.pk}"


def pledges_of(callout: CallOut, givers) -> dict[str, Pledge]:
    """The givers' pledges to ``callout``, by giver key."""
    volunteers = [g.volunteer.pk for g in givers if g.volunteer is not None]
    organisations = [g.organisation.pk for g in givers if g.organisation is not None]
    found = (
        callout.pledges.filter(Q(volunteer__in=volunteers) | Q(organisation__in=organisations))
        .select_related("organisation", "volunteer__user")
        .prefetch_related("skills")
    )
    return {giver_key(Giver(pledge.organisation, pledge.volunteer)): pledge for pledge in found}


def received(user, callout: CallOut) -> bool:
    """Whether the call-out reached ``user`` by email (e.g. as a member of a network it
    went to): they may read it, and pledge once they are a volunteer of the municipality."""
    from volunteering.delivery import KIND, callout_key

    return Notification.objects.filter(kind=KIND, key=callout_key(callout), user=user).exists()


def callout_shown(pk) -> CallOut | None:
    """A sent call-out (open, closed or cancelled), with what its page shows."""
    return (
        CallOut.objects.filter(pk=pk, status__in=SHOWN)
        .select_related("municipality", "responsible")
        .prefetch_related("skills")
        .first()
    )


def _acute_first():
    return Case(When(urgency=CallOut.Urgency.ACUTE, then=Value(0)), default=Value(1),
                output_field=IntegerField())  # fmt: skip


def open_callouts_for(user):
    """Open call-outs asking ``user``: those to volunteers of a municipality where they
    are a volunteer, and those to organisations of a municipality where they act for one;
    acute ones first, then by the answer-by time."""
    if not getattr(user, "is_authenticated", False):
        return CallOut.objects.none()
    as_volunteer = Volunteer.objects.filter(user=user).values("municipality")
    as_organisation = organisations_where(user, NETWORKS).values("municipality")
    return (
        CallOut.objects.filter(status=C.OPEN)
        .filter(
            Q(to_volunteers=True, municipality__in=as_volunteer)
            | Q(to_organisations=True, municipality__in=as_organisation)
        )
        .select_related("municipality")
        .annotate(acute_first=_acute_first())
        .order_by("acute_first", "respond_by", "-sent_at", "pk")
    )


def pledges_by(user):
    """The pledges ``user`` gave as a volunteer or for an organisation they act for."""
    if not getattr(user, "is_authenticated", False):
        return Pledge.objects.none()
    organisations = organisations_where(user, NETWORKS).values("pk")
    return (
        Pledge.objects.filter(Q(volunteer__user=user) | Q(organisation__in=organisations))
        .exclude(callout__status=C.DRAFT)
        .select_related("callout", "organisation", "volunteer")
        .order_by("-pledged_at", "-pk")
    )


# --- coverage ---------------------------------------------------------------------------------

COVERED, OFFERED, MISSING = "covered", "offered", "missing"
STATE_TEXT = {
    COVERED: _("Covered by an accepted pledge"),
    OFFERED: _("Offered, not yet accepted"),
    MISSING: _("Not covered"),
}


@dataclass(frozen=True)
class Need:
    """One skill or language the call-out asks for, and how far pledges cover it."""

    name: str
    state: str

    @property
    def state_text(self) -> str:
        return str(STATE_TEXT[self.state])


@dataclass(frozen=True)
class Offer:
    """Premises or goods offered in a pledge."""

    giver: str
    text: str
    status: str


@dataclass
class Coverage:
    people_needed: int | None
    people_offered: int
    people_accepted: int
    hours_needed: int | None
    hours_offered: int
    hours_accepted: int
    pledges: int
    skills: list[Need] = field(default_factory=list)
    languages: list[Need] = field(default_factory=list)
    premises: list[Offer] = field(default_factory=list)
    goods: list[Offer] = field(default_factory=list)

    @property
    def people_missing(self) -> int:
        return max((self.people_needed or 0) - self.people_accepted, 0)

    @property
    def hours_missing(self) -> int:
        return max((self.hours_needed or 0) - self.hours_accepted, 0)


def live_pledges(callout: CallOut) -> list[Pledge]:
    """The offered and accepted pledges, with what coverage reads of them."""
    return list(
        callout.pledges.filter(status__in=LIVE)
        .select_related("organisation__readiness", "volunteer__user")
        .prefetch_related("skills")
    )


def _languages_of(pledge: Pledge) -> set[str]:
    """A volunteer's own languages; an organisation's from its readiness."""
    if pledge.volunteer is not None:
        return set(pledge.volunteer.languages or ())
    readiness = getattr(pledge.organisation, "readiness", None) if pledge.organisation else None
    return set(readiness.languages or ()) if readiness is not None else set()


def _state(accepted: bool, offered: bool) -> str:
    return COVERED if accepted else OFFERED if offered else MISSING


def coverage(callout: CallOut, pledges: list[Pledge] | None = None) -> Coverage:
    """The need against the pledges: people and hours offered and accepted, each needed
    skill and language covered, offered or missing (a volunteer's languages count for
    their pledge, an organisation's readiness languages for its pledge), the premises and
    goods offered."""
    pledges = live_pledges(callout) if pledges is None else pledges
    accepted = [p for p in pledges if p.status == P.ACCEPTED]
    found = Coverage(
        people_needed=callout.people_needed,
        people_offered=sum(p.people for p in pledges),
        people_accepted=sum(p.people for p in accepted),
        hours_needed=callout.hours_needed,
        hours_offered=sum(p.hours for p in pledges),
        hours_accepted=sum(p.hours for p in accepted),
        pledges=len(pledges),
    )
    skills_offered = {s.pk for p in pledges for s in p.skills.all()}
    skills_accepted = {s.pk for p in accepted for s in p.skills.all()}
    for skill in sorted(callout.skills.all(), key=lambda s: s.name):
        state = _state(skill.pk in skills_accepted, skill.pk in skills_offered)
        found.skills.append(Need(skill.name, state))
    spoken = set().union(*(_languages_of(p) for p in pledges)) if pledges else set()
    spoken_accepted = set().union(*(_languages_of(p) for p in accepted)) if accepted else set()
    wanted = set(callout.languages or ())
    for code, name in LANGUAGES:
        if code in wanted:
            state = _state(code in spoken_accepted, code in spoken)
            found.languages.append(Need(str(name), state))
    for pledge in pledges:
        status = pledge.get_status_display()
        if pledge.premises.strip():
            found.premises.append(Offer(str(pledge), pledge.premises, status))
        if pledge.goods.strip():
            found.goods.append(Offer(str(pledge), pledge.goods, status))
    return found


def with_pledge_totals(queryset):
    """Call-outs with the people offered and accepted (the admin's list, one query)."""
    live = Q(pledges__status__in=LIVE)
    return queryset.annotate(
        people_offered=Sum("pledges__people", filter=live, default=0),
        people_accepted=Sum("pledges__people", filter=Q(pledges__status=P.ACCEPTED), default=0),
    )
