"""Mobilisation and volunteering in the benchmark data set: skills, volunteers (with their
logins), call-outs with pledges, volunteer posts with weekly shifts and sign-ups (attended
with hours in the past, booked and waiting in the coming weeks), and a few published
recognitions, in proportion to each municipality's organisations.

Drawn after everything else from a random generator of its own (the figures drawn before
stay as they were), planned here and written with the same COPY writer; ``seed()`` calls
``seed_volunteering(plan, write)`` before the id sequences are reset.

Sizes per municipality of *n* organisations: 0.4·n volunteers, n/50 call-outs with six
pledges each, n/40 posts with twelve weekly shifts (eight held, four coming). The small
scale gets about 2 000 volunteers and 1 500 shifts; the large one 80 000 and 60 000.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from datetime import time as clock
from decimal import Decimal

from django.db import connection

from portal.models import User
from volunteering.models import (
    CallOut,
    Pledge,
    Post,
    Recognition,
    Shift,
    ShiftSignup,
    Skill,
    Volunteer,
)

from .world import Place, World
from .writer import Ids

SKILLS = [
    ("forsta-hjalpen", "Första hjälpen"), ("laxhjalp", "Läxhjälp"),
    ("leda-barngrupper", "Leda barngrupper"), ("bil", "Körkort och bil"),
    ("lokal", "Lokal att låna ut"), ("matlagning", "Matlagning för många"),
    ("tolkning", "Tolkning"), ("samtal", "Samtal på lätt svenska"),
]  # fmt: skip
LANGUAGES = ["sv", "en", "ar", "so", "ti", "fa", "uk", "pl"]
ACTIVITIES = ["MeetingPoint", "Boskola", "Språkcafé", "Läxhjälp", "Nattvandring", "Fotboll"]
VOLUNTEERS_PER_ORGANISATION = 0.4
ORGANISATIONS_PER_CALLOUT = 50
ORGANISATIONS_PER_POST = 40
PLEDGES_PER_CALLOUT = 6
SHIFTS_HELD, SHIFTS_COMING = 8, 4
RECOGNITIONS = 3
SEED = 2323

VolunteerM2M = (Volunteer.skills.through, Volunteer.districts.through,
                Volunteer.focus_areas.through)  # fmt: skip
CallOutM2M = (CallOut.skills.through, CallOut.districts.through, CallOut.focus_areas.through)
MODELS = [Skill, Volunteer, *VolunteerM2M, CallOut, *CallOutM2M, Pledge, Post,
          Post.focus_areas.through, Shift, ShiftSignup, Recognition]  # fmt: skip


@dataclass(slots=True)
class VolunteerPlan:
    id: int
    user: int
    active: bool
    languages: list[str]
    skills: list[int]
    district: int
    focus: list[int]


@dataclass(slots=True)
class CallOutPlan:
    id: int
    number: int
    acute: bool
    status: str
    sent: datetime | None
    needed: int
    skill: int
    district: int
    focus: int
    pledges: list[tuple] = field(default_factory=list)  # (id, org, volunteer, status, people, h)


@dataclass(slots=True)
class ShiftPlan:
    id: int
    starts: datetime
    hours: int
    places: int
    signups: list[tuple] = field(default_factory=list)  # (id, volunteer, status, attended)


@dataclass(slots=True)
class PostPlan:
    id: int
    number: int
    activity: str
    administration: int | None
    organisation: int | None
    published: bool
    district: int
    focus: int
    shifts: list[ShiftPlan] = field(default_factory=list)


@dataclass
class PlaceVolunteering:
    place: Place
    skills: list[int] = field(default_factory=list)
    volunteers: list[VolunteerPlan] = field(default_factory=list)
    callouts: list[CallOutPlan] = field(default_factory=list)
    posts: list[PostPlan] = field(default_factory=list)
    recognitions: list[tuple] = field(default_factory=list)  # (id, volunteer, organisation)


def _plan_place(world: World, place: Place, rng: random.Random) -> PlaceVolunteering:
    take, now, tz = world.ids.take, world.now, world.tz
    today = world.today
    found = PlaceVolunteering(place, skills=[take(Skill) for _ in SKILLS])
    n = len(place.organisations)
    for _ in range(max(10, round(VOLUNTEERS_PER_ORGANISATION * n))):
        found.volunteers.append(
            VolunteerPlan(
                id=take(Volunteer),
                user=take(User),
                active=rng.random() < 0.9,
                languages=["sv", *rng.sample(LANGUAGES[1:], rng.randrange(0, 3))],
                skills=rng.sample(found.skills, rng.randrange(1, 3)),
                district=rng.choice(place.districts),
                focus=rng.sample(place.focus, rng.randrange(1, 3)),
            )
        )
    approved = [org.id for org in place.organisations if org.approved]
    for k in range(max(2, round(n / ORGANISATIONS_PER_CALLOUT))):
        # The first one of each municipality is sent these days (open, acute); the others
        # over the last three years, a few still drafts.
        days = rng.randrange(6) if k == 0 else rng.randrange(1000)
        sent = now - timedelta(days=days, minutes=rng.randrange(60 * 24))
        if k and rng.random() < 0.05:
            sent = None
        status = "draft" if sent is None else ("open" if now - sent < timedelta(30) else "closed")
        callout = CallOutPlan(
            id=take(CallOut), number=k + 1, acute=k == 0 or rng.random() < 0.1, status=status,
            sent=sent, needed=rng.randrange(5, 31), skill=rng.choice(found.skills),
            district=rng.choice(place.districts), focus=rng.choice(place.focus),
        )  # fmt: skip
        if sent is not None:
            organisations = rng.sample(approved, min(PLEDGES_PER_CALLOUT // 2, len(approved)))
            people = rng.sample(found.volunteers, PLEDGES_PER_CALLOUT - len(organisations))
            for org, volunteer in [(o, None) for o in organisations] + [
                (None, v.id) for v in people
            ]:
                state = rng.choices(["accepted", "pledged", "declined", "withdrawn"],
                                    [5, 2.5, 1.5, 1])[0]  # fmt: skip
                size = rng.randrange(2, 8) if org else 1
                given = None
                if state == "accepted" and status == "closed":
                    given = Decimal(size * rng.randrange(2, 9))
                callout.pledges.append((take(Pledge), org, volunteer, state, size, given))
        found.callouts.append(callout)
    for k in range(max(3, round(n / ORGANISATIONS_PER_POST))):
        municipal = rng.random() < 0.7 or not approved
        post = PostPlan(
            id=take(Post), number=k + 1, activity=rng.choice(ACTIVITIES),
            administration=rng.choice(place.administrations) if municipal else None,
            organisation=None if municipal else rng.choice(approved),
            published=rng.random() < 0.9, district=rng.choice(place.districts),
            focus=rng.choice(place.focus),
        )  # fmt: skip
        if municipal or rng.random() < 0.5:
            weekday, hour = rng.randrange(7), rng.choice([10, 14, 17, 19])
            first = today - timedelta(days=(today.weekday() - weekday) % 7 + 7 * SHIFTS_HELD)
            for week in range(SHIFTS_HELD + SHIFTS_COMING):
                starts = datetime.combine(first + timedelta(weeks=week), clock(hour), tzinfo=tz)
                shift = ShiftPlan(take(Shift), starts, rng.randrange(2, 4), rng.randrange(2, 7))
                held = starts < now
                wanted = rng.randrange(0, shift.places + 3)
                chosen = rng.sample(found.volunteers, min(wanted, len(found.volunteers)))
                for i, volunteer in enumerate(chosen):
                    status = "confirmed" if i < shift.places else "waiting"
                    if held and status == "waiting":
                        break  # nobody waits for a shift that is over
                    attended = (rng.random() < 0.85) if held else None
                    shift.signups.append((take(ShiftSignup), volunteer.id, status, attended))
                post.shifts.append(shift)
        found.posts.append(post)
    for _ in range(RECOGNITIONS):
        if approved and rng.random() < 0.5:
            found.recognitions.append((take(Recognition), None, rng.choice(approved)))
        else:
            found.recognitions.append((take(Recognition), rng.choice(found.volunteers), None))
    return found


# --- rows ---------------------------------------------------------------------------------


def _skills(plans, world):
    for p in plans:
        for sid, (slug, name) in zip(p.skills, SKILLS, strict=True):
            yield {"id": sid, "municipality_id": p.place.id, "name": name, "slug": slug}


def _users(plans, world):
    for p in plans:
        for v in p.volunteers:
            yield {
                "id": v.user,
                "password": "!",
                "email": f"frivillig.{v.user}@bench.example.se",
                "full_name": f"Frivillig {v.user}",
            }


def _volunteers(plans, world):
    for p in plans:
        for v in p.volunteers:
            yield {
                "id": v.id,
                "user_id": v.user,
                "municipality_id": p.place.id,
                "status": "active" if v.active else "paused",
                "languages": v.languages,
                "reach_by": ["email"],
                "consent_version": Volunteer.CONSENT_VERSION,
            }


def _through(model, owner: str, target: str, pairs):
    def rows(plans, world):
        for owner_id, target_id in pairs(plans):
            yield {"id": world.ids.take(model), owner: owner_id, target: target_id}

    return rows


def _volunteer_skills(plans):
    return ((v.id, s) for p in plans for v in p.volunteers for s in v.skills)


def _volunteer_districts(plans):
    return ((v.id, v.district) for p in plans for v in p.volunteers)


def _volunteer_focus(plans):
    return ((v.id, f) for p in plans for v in p.volunteers for f in v.focus)


def _callouts(plans, world):
    for p in plans:
        for c in p.callouts:
            closed = c.status == "closed"
            yield {
                "id": c.id,
                "municipality_id": p.place.id,
                "title": f"{'Akut upprop' if c.acute else 'Upprop'} {c.number}",
                "description": "Vi behöver hjälp av civilsamhället.",
                "urgency": "acute" if c.acute else "planned",
                "status": c.status,
                "people_needed": c.needed,
                "starts_at": c.sent,
                "ends_at": c.sent + timedelta(days=2) if c.sent else None,
                "sent_at": c.sent,
                "recipient_count": 40 if c.sent else 0,
                "closed_at": c.sent + timedelta(days=3) if closed else None,
                "created_at": c.sent or world.now,
            }


def _pledges(plans, world):
    for p in plans:
        for c in p.callouts:
            for pid, org, volunteer, status, people, given in c.pledges:
                decided = status in ("accepted", "declined")
                yield {
                    "id": pid,
                    "callout_id": c.id,
                    "organisation_id": org,
                    "volunteer_id": volunteer,
                    "status": status,
                    "people": people,
                    "hours": people * 4,
                    "hours_given": given,
                    "pledged_at": c.sent + timedelta(hours=2),
                    "decided_at": c.sent + timedelta(hours=4) if decided else None,
                }


def _posts(plans, world):
    for p in plans:
        for post in p.posts:
            yield {
                "id": post.id,
                "municipality_id": p.place.id,
                "administration_id": post.administration,
                "organisation_id": post.organisation,
                "activity": post.activity,
                "title": f"Frivillig i {post.activity} {post.number}",
                "description": "Var med och gör skillnad en timme när det passar dig.",
                "district_id": post.district,
                "contact_name": "Kontaktperson",
                "contact_email": f"uppdrag{post.id}@bench.example.se",
                "status": "published" if post.published else "closed",
            }


def _shifts(plans, world):
    for p in plans:
        for post in p.posts:
            for s in post.shifts:
                yield {
                    "id": s.id,
                    "post_id": post.id,
                    "starts_at": s.starts,
                    "ends_at": s.starts + timedelta(hours=s.hours),
                    "places": s.places,
                }


def _signups(plans, world):
    for p in plans:
        for post in p.posts:
            for s in post.shifts:
                for sid, volunteer, status, attended in s.signups:
                    yield {
                        "id": sid,
                        "shift_id": s.id,
                        "volunteer_id": volunteer,
                        "status": status,
                        "signed_up_at": s.starts - timedelta(days=5),
                        "attended": attended,
                        "hours": Decimal(s.hours) if attended else None,
                        "recorded_at": s.starts + timedelta(hours=s.hours) if attended else None,
                    }


def _recognitions(plans, world):
    year = world.today.year
    for p in plans:
        for k, (rid, volunteer, org) in enumerate(p.recognitions):
            yield {
                "id": rid,
                "municipality_id": p.place.id,
                "kind": "award" if k == 0 else "thanks",
                "title": f"Årets eldsjäl {year}" if k == 0 else f"Tack {k}",
                "year": year,
                "volunteer_id": volunteer.id if volunteer else None,
                "organisation_id": org,
                "recipient_name": f"Frivillig {volunteer.user}" if volunteer else f"Förening {org}",
                "citation": "För ett engagemang som gör skillnad.",
                "consent_to_publish": True,
                "status": "published",
                "published_at": world.now,
            }


def seed_volunteering(world: World, write) -> list[PlaceVolunteering]:
    """Plan every municipality's volunteering and write it (``write`` is seed()'s); returns
    the plans (``seed_dialogue`` reads the volunteers)."""
    with connection.cursor() as cursor:
        world.ids.last.update(Ids(cursor, MODELS).last)
    rng = random.Random(SEED)  # noqa: S311 - benchmark data
    plans = [_plan_place(world, place, rng) for place in world.places]

    def bound(generator):
        return lambda w: generator(plans, w)

    write(
        [
            (Skill, bound(_skills)),
            (User, bound(_users)),
            (Volunteer, bound(_volunteers)),
            (VolunteerM2M[0], bound(_through(VolunteerM2M[0], "volunteer_id", "skill_id",
                                             _volunteer_skills))),
            (VolunteerM2M[1], bound(_through(VolunteerM2M[1], "volunteer_id", "district_id",
                                             _volunteer_districts))),
            (VolunteerM2M[2], bound(_through(VolunteerM2M[2], "volunteer_id", "focusarea_id",
                                             _volunteer_focus))),
            (CallOut, bound(_callouts)),
            (CallOutM2M[0], bound(_through(CallOutM2M[0], "callout_id", "skill_id",
                                           lambda ps: ((c.id, c.skill) for p in ps
                                                       for c in p.callouts)))),
            (CallOutM2M[1], bound(_through(CallOutM2M[1], "callout_id", "district_id",
                                           lambda ps: ((c.id, c.district) for p in ps
                                                       for c in p.callouts)))),
            (CallOutM2M[2], bound(_through(CallOutM2M[2], "callout_id", "focusarea_id",
                                           lambda ps: ((c.id, c.focus) for p in ps
                                                       for c in p.callouts)))),
            (Pledge, bound(_pledges)),
            (Post, bound(_posts)),
            (Post.focus_areas.through, bound(_through(
                Post.focus_areas.through, "post_id", "focusarea_id",
                lambda ps: ((post.id, post.focus) for p in ps for post in p.posts)))),
            (Shift, bound(_shifts)),
            (ShiftSignup, bound(_signups)),
            (Recognition, bound(_recognitions)),
        ]
    )  # fmt: skip
    return plans
