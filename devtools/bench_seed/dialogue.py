"""Information and dialogue in the benchmark data set: the municipality's pages, focus-area
goals, contact directory, news and stories (``information``); follows, alert settings and
alerts, segments, mailings with their deliveries in the outbox and opt-outs (``outreach``);
surveys and consultations with questions, answers and comments (``surveys``); weekly advice
times with bookings (``advice``); and open forums of the public networks with sign-ups.

Drawn after everything else from a random generator of its own (the figures drawn before
stay as they were), planned here and written with the same COPY writer; ``seed()`` calls
``seed_dialogue`` last, with the volunteering plans (volunteers follow, answer as persons,
book advice times and sign up to forums) and the people plans (the coordinator writes,
representatives book and propose stories for their organisations).

Sizes per municipality of *n* organisations (``clamp(x, low, high)``): 3–5 pages, a goal per
focus area, ``clamp(n/20, 10, 50)`` contacts, ``clamp(n/10, 20, 200)`` news items and
``clamp(n/40, 5, 80)`` stories over the data set's years; every second volunteer follows one
to three things (thousands of follows in the largest municipality at the large scale), with
an alert for each matching news item of the last 60 days; four segments; two to six
mailings a year for three years, each delivered to ``clamp(n/20, 10, 200)`` addresses;
``clamp(n/100, 2, 100)`` opt-outs; three surveys a year for three years (the yearly needs
inventory, a consultation with comments, a survey of organisations and persons) with
``clamp(n/20, 5, 400)`` organisations answering, and a draft; ``clamp(n/2500, 2, 8)`` advice
times a week, 26 weeks back and 8 ahead, most booked; ``max(2, n/200)`` open forums, half
held (with check-ins), half coming (some with a waiting list).
"""

import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from datetime import time as clock

from django.db import connection
from django.urls import reverse
from django.utils import translation

from advice.models import AdviceBooking, AdviceSlot
from information.models import Contact, FocusAreaGoal, NewsItem, Page, Story
from networks.models import Meeting, MeetingPlace, OpenSignup
from outreach.models import Alert, AlertSetting, Follow, Mailing, MailingOptOut, Segment
from portal.models import Notification
from surveys.models import Comment, Survey, SurveyQuestion, SurveyResponse

from .people import PlacePeople
from .volunteering import PlaceVolunteering
from .world import FOCUS_AREAS, Place, World
from .writer import Ids

SEED = 2525
SURVEY_YEARS = 3
MAILING_YEARS = 3
ALERT_DAYS = 60
ADVICE_WEEKS_HELD, ADVICE_WEEKS_COMING = 26, 8
PAGES = [
    ("policy", "policy", "Policy för samverkan med civilsamhället"),
    ("how", "sa-samverkar-vi", "Så samverkar vi"),
    ("other", "lokaler", "Lokaler för föreningar"),
    ("other", "bidrag-och-stod", "Bidrag och stöd"),
    ("other", "frivillighet", "Frivillighet i kommunen"),
]
PLACES = [("Medborgarhuset", "Torget 1"), ("Föreningarnas hus", "Parkvägen 4")]
TITLES = ["Samverkanssamordnare", "Föreningskonsulent", "Verksamhetsutvecklare",
          "Fritidskonsulent", "Utvecklingsledare", "Enhetschef"]  # fmt: skip
NEEDS = ["Lokaler", "Ekonomi", "Ledare", "Kompetens", "Synlighet"]
CONSULTATION_TEXT = (
    "Inledning om samverkan med civilsamhället.\n# 1. Syfte\nVarför vi samverkar.\n"
    "# 2. Former\nHur vi samverkar.\n# 3. Uppföljning\nHur vi följer upp."
)
SECTIONS = ["1. Syfte", "2. Former", "3. Uppföljning"]
FREQUENCIES = (["daily", "weekly", "at_once", "paused"], [5, 3, 1, 1])
DELAY = {"at_once": timedelta(minutes=5), "daily": timedelta(days=1),
         "weekly": timedelta(days=7)}  # fmt: skip


def clamp(x: float, low: int, high: int) -> int:
    return max(low, min(high, round(x)))


@dataclass(slots=True)
class NewsPlan:
    id: int
    number: int
    status: str
    published: datetime | None
    focus: list[int]


@dataclass(slots=True)
class StoryPlan:
    id: int
    number: int
    status: str
    at: datetime
    focus: int
    district: int
    organisations: list[int]
    proposer: tuple[int, int] | None  # (user, organisation) of a proposal


@dataclass(slots=True)
class SurveyPlan:
    id: int
    kind: str  # inventory, consultation, survey, draft
    year: int
    status: str
    opens: datetime | None
    closes: datetime
    segment: int | None
    questions: list[int]
    responses: list[tuple] = field(default_factory=list)  # (id, org, person, at, answers)
    comments: list[tuple] = field(default_factory=list)  # (id, org, author, section, at)


@dataclass(slots=True)
class MailingPlan:
    id: int
    number: int
    status: str
    at: datetime
    segment: int
    recipients: list[str]


@dataclass(slots=True)
class SlotPlan:
    id: int
    starts: datetime
    mode: str
    cancelled: bool
    focus: int
    bookings: list[tuple] = field(default_factory=list)  # (id, user, org, cancelled)


@dataclass(slots=True)
class ForumPlan:
    id: int
    network: int
    number: int
    starts: datetime
    capacity: int
    uid: uuid.UUID
    signups: list[tuple] = field(default_factory=list)
    # (id, name, email, user, organisation, places, status, at, checked_in, interpreter, token)


@dataclass
class PlaceDialogue:
    place: Place
    people: PlacePeople
    pages: list[tuple[int, int]] = field(default_factory=list)  # (id, index in PAGES)
    goals: list[int] = field(default_factory=list)
    contacts: list[tuple] = field(default_factory=list)  # (id, kind, committee, adm, focus)
    news: list[NewsPlan] = field(default_factory=list)
    stories: list[StoryPlan] = field(default_factory=list)
    follows: list[tuple] = field(default_factory=list)  # (id, user, target, value, at)
    settings: list[tuple] = field(default_factory=list)  # (id, user, frequency)
    alerts: list[tuple] = field(default_factory=list)  # (id, user, news, sent)
    segments: list[tuple] = field(default_factory=list)  # (id, name, focus, district, network)
    mailings: list[MailingPlan] = field(default_factory=list)
    opt_outs: list[tuple[int, str, datetime]] = field(default_factory=list)
    surveys: list[SurveyPlan] = field(default_factory=list)
    places: list[int] = field(default_factory=list)  # meeting places
    slots: list[SlotPlan] = field(default_factory=list)
    forums: list[ForumPlan] = field(default_factory=list)


def _plan_place(world, place, people, volunteering, rng) -> PlaceDialogue:
    take, now, tz, today = world.ids.take, world.now, world.tz, world.today
    n = len(place.organisations)
    found = PlaceDialogue(place, people)
    approved = [org.id for org in place.organisations if org.approved]
    users = [v.user for v in volunteering.volunteers]
    representing = [(uid, org) for uid, orgs in people.representatives for org, _until in orgs]

    # Information: pages, goals, contacts, news, stories.
    found.pages = [(take(Page), k) for k in range(3 + place.index % 3)]
    found.goals = [take(FocusAreaGoal) for _ in place.focus]
    for k in range(clamp(n / 20, 10, 50)):
        politician = k < 3
        found.contacts.append(
            (
                take(Contact),
                "politician" if politician else "officer",
                (place.kfn if k % 2 == 0 else place.sn) if politician else None,
                None if politician else rng.choice(place.administrations),
                rng.sample(place.focus, rng.randrange(0 if politician else 1, 3)),
            )
        )
    span = 365 * world.scale.years
    for k in range(clamp(n / 10, 20, 200)):
        status = rng.choices(["published", "draft", "archived"], [18, 1, 1])[0]
        ago = timedelta(minutes=rng.randrange(span * 1440))
        published = None if status == "draft" else now - ago
        focus = rng.sample(place.focus, rng.randrange(0, 3))
        found.news.append(NewsPlan(take(NewsItem), k + 1, status, published, focus))
    for k in range(clamp(n / 40, 5, 80)):
        status = rng.choices(["published", "proposed", "rejected", "withdrawn"], [15, 3, 1, 1])[0]
        at = now - timedelta(minutes=rng.randrange(span * 1440))
        organisations = rng.sample(approved, min(rng.randrange(1, 3), len(approved)))
        proposer = None
        if representing and (status != "published" or rng.random() < 0.3):
            proposer = rng.choice(representing)
            organisations = sorted({proposer[1], *organisations})
        found.stories.append(
            StoryPlan(take(Story), k + 1, status, at, rng.choice(place.focus),
                      rng.choice(place.districts), organisations, proposer)
        )  # fmt: skip

    # Outreach: follows, alert settings, alerts (of recent news), segments, mailings.
    kinds = ["focus_area", "district", "organisation"] + (["network"] if place.networks else [])
    following: dict[int, tuple[str, set[int]]] = {}  # user: (frequency, focus areas)
    for user in users:
        if rng.random() >= 0.5:
            continue
        focus = set()
        for kind in rng.sample(kinds, rng.randrange(1, 4)):
            value = rng.choice(
                {"focus_area": place.focus, "district": place.districts,
                 "organisation": approved or [place.organisations[0].id],
                 "network": [nw.id for nw in place.networks]}[kind]
            )  # fmt: skip
            if kind == "focus_area":
                focus.add(value)
            at = now - timedelta(minutes=rng.randrange(3 * 365 * 1440))
            found.follows.append((take(Follow), user, kind, value, at))
        frequency = rng.choices(*FREQUENCIES)[0]
        found.settings.append((take(AlertSetting), user, frequency))
        following[user] = (frequency, focus)
    recent = [
        item for item in found.news
        if item.status == "published" and now - item.published < timedelta(ALERT_DAYS)
    ]  # fmt: skip
    for item in recent:
        for user, (frequency, focus) in following.items():
            if frequency == "paused" or (item.focus and not focus & set(item.focus)):
                continue
            sent = item.published + DELAY[frequency]
            found.alerts.append((take(Alert), user, item, sent if sent < now else None))
    network = place.networks[0].id if place.networks else None
    found.segments = [
        (take(Segment), "Alla föreningar", None, None, None),
        (take(Segment), "Föreningar i Kommundel 1", None, place.districts[0], None),
        (take(Segment), f"{FOCUS_AREAS[0][1]} – bidragsberättigade", place.focus[0], None, None),
    ]
    if network:
        found.segments.append((take(Segment), "Medlemmar i Nätverk 1", None, None, network))
    addresses = [f"kontakt{org}@forening.example.se" for org in approved]
    opted = rng.sample(addresses, min(clamp(n / 100, 2, 100), len(addresses)))
    found.opt_outs = [
        (take(MailingOptOut), address, now - timedelta(days=rng.randrange(1, 1000)))
        for address in opted
    ]
    reachable = sorted(set(addresses) - set(opted))
    number = 0
    for year in range(today.year - MAILING_YEARS + 1, today.year + 1):
        for _ in range(rng.randrange(2, 7)):
            number += 1
            at = datetime(year, 1, 10, 9, tzinfo=tz) + timedelta(minutes=rng.randrange(330 * 1440))
            status = "cancelled" if rng.random() < 0.03 else "sent"
            if at >= now:
                at, status = now - timedelta(days=rng.randrange(1, 30)), "sent"
            recipients = []
            if status == "sent":
                size = min(clamp(n / 20, 10, 200), len(reachable))
                recipients = rng.sample(reachable, size)
            segment = rng.choice(found.segments)[0]
            found.mailings.append(
                MailingPlan(take(Mailing), number, status, at, segment, recipients)
            )
    found.mailings.append(
        MailingPlan(take(Mailing), number + 1, "draft", now, found.segments[0][0], [])
    )

    # Surveys: the yearly needs inventory, a consultation and a survey each year; a draft.
    respondents = clamp(n / 20, 5, 400)
    for year in range(today.year - SURVEY_YEARS + 1, today.year + 1):
        current = year == today.year

        def at(month, day, hour, year=year):
            return datetime(year, month, day, hour, tzinfo=tz)

        windows = [
            ("inventory", at(9, 1, 8), at(10, 31, 23)),
            ("consultation", at(3, 1, 8), at(4, 15, 23)),
            ("survey", at(5, 1, 8), at(5, 31, 23)),
        ]
        if current:  # this year's consultation is open now
            windows[1] = ("consultation", now - timedelta(days=10), now + timedelta(days=20))
        for kind, opens, closes in windows:
            questions = 2 if kind == "consultation" else 5
            survey = SurveyPlan(
                take(Survey), kind, year, "closed" if closes < now else "open", opens, closes,
                found.segments[0][0] if kind == "survey" else None,
                [take(SurveyQuestion) for _ in range(questions)],
            )  # fmt: skip
            share = 0.5 if survey.status == "open" else 1
            for org in rng.sample(approved, min(round(respondents * share), len(approved))):
                at = opens + (min(closes, now) - opens) * rng.random()
                survey.responses.append((take(SurveyResponse), org, None, at, _answers(kind, rng)))
            if kind != "inventory":  # persons answer too
                for user in rng.sample(users, min(clamp(n / 50, 2, 100), len(users))):
                    at = opens + (min(closes, now) - opens) * rng.random()
                    survey.responses.append(
                        (take(SurveyResponse), None, user, at, _answers(kind, rng))
                    )
            if kind == "consultation":
                for response in survey.responses[: clamp(len(survey.responses) / 4, 3, 80)]:
                    _rid, org, user, at, _ = response
                    survey.comments.append((take(Comment), org, user, rng.choice(SECTIONS), at))
            found.surveys.append(survey)
    found.surveys.append(
        SurveyPlan(take(Survey), "draft", today.year, "draft", None, now + timedelta(days=60),
                   None, [take(SurveyQuestion) for _ in range(5)])
    )  # fmt: skip

    # Advice times, weekly, in a meeting place, by phone or by video; most booked.
    found.places = [take(MeetingPlace) for _ in PLACES]
    per_week = clamp(n / 2500, 2, 8)
    weekday = 1 + place.index % 4
    first = today - timedelta(days=(today.weekday() - weekday) % 7 + 7 * ADVICE_WEEKS_HELD)
    bookers = [(user, None) for user in users] + representing
    for week in range(ADVICE_WEEKS_HELD + ADVICE_WEEKS_COMING):
        day = first + timedelta(weeks=week)
        mode = ["in_person", "phone", "video"][week % 3]
        for k in range(per_week):
            starts = datetime.combine(day, clock(9), tzinfo=tz) + timedelta(minutes=45 * k)
            slot = SlotPlan(take(AdviceSlot), starts, mode, rng.random() < 0.03,
                            rng.choice(place.focus))  # fmt: skip
            held = starts < now
            if not slot.cancelled and bookers and rng.random() < (0.7 if held else 0.4):
                if held and rng.random() < 0.05:  # cancelled, then nobody else took it
                    user, org = rng.choice(bookers)
                    slot.bookings.append((take(AdviceBooking), user, org, True))
                else:
                    user, org = rng.choice(bookers)
                    slot.bookings.append((take(AdviceBooking), user, org, False))
            found.slots.append(slot)
    coming = [s for s in found.slots if s.starts > now and not s.cancelled and not s.bookings]
    if coming:  # the bench member has booked one for its organisation
        coming[0].bookings.append((take(AdviceBooking), people.users["medlem"], people.member.id,
                                   False))  # fmt: skip

    # Open forums of public networks: half held (checked in), half coming.
    public = [nw.id for nw in place.networks if nw.public]
    for k in range(max(2, round(n / 200)) if public else 0):
        held = k % 2 == 0
        days = -rng.randrange(10, 300) if held else rng.randrange(7, 60)
        day = today + timedelta(days)
        forum = ForumPlan(
            take(Meeting), rng.choice(public), k + 1, datetime.combine(day, clock(18), tzinfo=tz),
            rng.randrange(30, 81), uuid.UUID(int=rng.getrandbits(128)),
        )  # fmt: skip
        people_ = rng.sample(users, min(len(users), rng.randrange(0, 15)))
        taken = 0
        for j in range(rng.randrange(forum.capacity // 3, forum.capacity + 10)):
            places = rng.choices([1, 2, 3], [7, 2, 1])[0]
            sid = take(OpenSignup)
            status = "booked" if taken + places <= forum.capacity else "waiting"
            if status == "waiting" and held:
                break  # nobody waits for a forum that is over
            if rng.random() < 0.05:
                status = "cancelled"
            elif status == "booked":
                taken += places
            user = people_[j] if j < len(people_) else None
            email = f"frivillig.{user}@bench.example.se" if user else f"besokare.{sid}@example.se"
            org = rng.choice(approved) if approved and rng.random() < 0.3 else None
            at = forum.starts - timedelta(days=30) + timedelta(minutes=j * 37)
            checked = (
                forum.starts + timedelta(minutes=rng.randrange(-15, 30))
                if held and status == "booked" and rng.random() < 0.8
                else None
            )
            interpreter = rng.choice(["sgn-SE", "ar"]) if rng.random() < 0.05 else ""
            forum.signups.append((sid, f"Besökare {sid}", email, user, org, places, status, at,
                                  checked, interpreter, rng.randbytes(24).hex()))  # fmt: skip
        found.forums.append(forum)
    return found


def _answers(kind: str, rng) -> dict:
    if kind == "consultation":
        return {"agree": str(rng.randrange(1, 6)), "other": "Bra förslag i stort."}
    return {
        "situation": str(rng.choices(range(1, 6), [1, 2, 4, 3, 2])[0]),
        "needs": rng.sample(NEEDS, rng.randrange(1, 4)),
        "members": rng.randrange(5, 400),
        "obstacles": rng.choice(["Svårt att hitta lokaler.", "Få ledare.", ""]),
        "contact": rng.choice(["Ja", "Nej"]),
    }


# Question keys, kinds and labels: the inventory's and survey's five, the consultation's two.
QUESTIONS = [
    ("situation", "scale", "Hur ser föreningens situation ut i dag?", ""),
    ("needs", "multiple_choice", "Vad behöver ni mest stöd med?", "\n".join(NEEDS)),
    ("members", "number", "Hur många medlemmar har ni?", ""),
    ("obstacles", "textarea", "Vad hindrar er verksamhet?", ""),
    ("contact", "choice", "Vill ni bli kontaktade av kommunen?", "Ja\nNej"),
]
CONSULTATION_QUESTIONS = [
    ("agree", "scale", "Hur väl stämmer förslaget med era behov?", ""),
    ("other", "textarea", "Övriga synpunkter", ""),
]
SURVEY_TITLES = {
    "inventory": "Behovsinventering {year}",
    "consultation": "Remiss: policy för samverkan {year}",
    "survey": "Enkät om lokaler {year}",
    "draft": "Enkät om frivilligheten {year}",
}


# --- rows ---------------------------------------------------------------------------------


def _html(text: str) -> str:
    return f"<p>{text}</p>"


def _pages(plans, world):
    for p in plans:
        for pid, k in p.pages:
            kind, slug, title = PAGES[k]
            draft = k == 4
            yield {
                "id": pid,
                "municipality_id": p.place.id,
                "kind": kind,
                "slug": slug,
                "title_sv": title,
                "summary_sv": f"{title} i korthet.",
                "body_sv": _html(f"{title}. Så arbetar kommunen tillsammans med föreningarna."),
                "ordering": k,
                "status": "draft" if draft else "published",
                "created_by_id": p.people.users["kommunadmin"],
                "published_at": None if draft else world.now - timedelta(days=200 - 30 * k),
            }


def _goals(plans, world):
    for p in plans:
        for gid, focus in zip(p.goals, p.place.focus, strict=True):
            yield {
                "id": gid,
                "municipality_id": p.place.id,
                "focus_area_id": focus,
                "body_sv": _html("Fler ska kunna delta, i hela kommunen."),
            }


def _contacts(plans, world):
    for p in plans:
        for k, (cid, kind, committee, administration, _focus) in enumerate(p.contacts):
            officer = kind == "officer"
            yield {
                "id": cid,
                "municipality_id": p.place.id,
                "kind": kind,
                "name": f"{'Tjänsteperson' if officer else 'Politiker'} {k + 1}",
                "title_sv": TITLES[k % len(TITLES)] if officer else "Ordförande",
                "email": f"kontakt.{cid}@kommun.example.se",
                "phone": f"08-123 {cid % 100000:05d}",
                "user_id": p.place.officer if k == 3 else None,
                "responsibility": ["strategic", "coordinating", "operational"][k % 3]
                if officer else "",
                "administration_id": administration,
                "committee_id": committee,
                "ordering": k,
            }  # fmt: skip


def _news(plans, world):
    for p in plans:
        for item in p.news:
            at = item.published or world.now
            yield {
                "id": item.id,
                "municipality_id": p.place.id,
                "title_sv": f"Nyhet {item.number}: samverkan i kommunen",
                "lead_sv": "Kort om vad som är nytt i samverkan med civilsamhället.",
                "body_sv": _html("Kommunen och föreningarna har träffats och planerat."),
                "status": item.status,
                "created_by_id": p.people.users["samordnare"],
                "created_at": at - timedelta(hours=2),
                "published_at": item.published,
            }


def _stories(plans, world):
    for p in plans:
        for s in p.stories:
            published = s.status == "published"
            user, org = s.proposer or (None, None)
            yield {
                "id": s.id,
                "municipality_id": p.place.id,
                "title_sv": f"Gott exempel {s.number}",
                "summary_sv": "Hur en förening och kommunen gjorde något tillsammans.",
                "body_sv": _html("Det började med en idé på en nätverksträff."),
                "status": s.status,
                "proposed_by_id": user,
                "proposing_organisation_id": org,
                "written_by_id": None if user else p.people.users["samordnare"],
                "decision_note": "Passar inte just nu." if s.status == "rejected" else "",
                "created_at": s.at,
                "published_at": s.at + timedelta(days=3) if published else None,
            }


def _follows(plans, world):
    for p in plans:
        for fid, user, kind, value, at in p.follows:
            row = {"id": fid, "user_id": user, "municipality_id": p.place.id, "created_at": at}
            for target in ("focus_area", "district", "network", "organisation"):
                row[f"{target}_id"] = value if target == kind else None
            yield row


def _settings(plans, world):
    for p in plans:
        for sid, user, frequency in p.settings:
            yield {
                "id": sid,
                "user_id": user,
                "municipality_id": p.place.id,
                "frequency": frequency,
            }


def _alerts(plans, world):
    with translation.override("sv"):
        for p in plans:
            paths = {}
            for aid, user, item, sent in p.alerts:
                if item.id not in paths:
                    slug = f"bench-{p.place.index + 1:03d}"
                    paths[item.id] = reverse("information:news_item", args=[slug, item.id])
                yield {
                    "id": aid,
                    "user_id": user,
                    "municipality_id": p.place.id,
                    "key": f"news:{item.id}",
                    "kind": "news",
                    "title": f"Nyhet {item.number}: samverkan i kommunen",
                    "summary": "Kort om vad som är nytt i samverkan med civilsamhället.",
                    "path": paths[item.id],
                    "created_at": item.published,
                    "sent_at": sent,
                }


def _segments(plans, world):
    for p in plans:
        for sid, name, _focus, _district, network in p.segments:
            yield {
                "id": sid,
                "municipality_id": p.place.id,
                "name": name,
                "description": "",
                "to_organisations": network is None,
                "only_eligible": "bidragsberättigade" in name,
                "created_by_id": p.people.users["samordnare"],
            }


def _segment_links(index: int):
    def pairs(plans):
        return ((s[0], s[index]) for p in plans for s in p.segments if s[index] is not None)

    return pairs


def _mailings(plans, world):
    for p in plans:
        for m in p.mailings:
            sent = m.status == "sent"
            yield {
                "id": m.id,
                "municipality_id": p.place.id,
                "segment_id": m.segment,
                "subject_sv": f"Nytt från kommunen {m.number}",
                "body_sv": "Hej! Här kommer nytt om samverkan med civilsamhället.",
                "status": m.status,
                "recipient_count": len(m.recipients),
                "created_by_id": p.people.users["samordnare"],
                "created_at": m.at - timedelta(days=2),
                "updated_at": m.at,
                "sent_by_id": p.people.users["samordnare"] if sent else None,
                "sent_at": m.at if sent else None,
            }


def _deliveries(plans, world):
    """Each sent mailing's rows in the outbox (kind "mailing", key "mailing:<pk>"), sent."""
    for p in plans:
        for m in p.mailings:
            for address in m.recipients:
                yield {
                    "id": world.ids.take(Notification),
                    "kind": "mailing",
                    "key": f"mailing:{m.id}",
                    "municipality_id": p.place.id,
                    "recipient": address,
                    "subject": f"Nytt från kommunen {m.number}",
                    "body": "Hej! Här kommer nytt om samverkan med civilsamhället.",
                    "status": "sent",
                    "attempts": 1,
                    "created_at": m.at,
                    "send_after": m.at,
                    "sent_at": m.at + timedelta(minutes=2),
                }


def _opt_outs(plans, world):
    for p in plans:
        for oid, address, at in p.opt_outs:
            yield {"id": oid, "municipality_id": p.place.id, "email": address, "created_at": at}


def _surveys(plans, world):
    for p in plans:
        approved = sum(1 for org in p.place.organisations if org.approved)
        for s in p.surveys:
            consultation = s.kind == "consultation"
            yield {
                "id": s.id,
                "municipality_id": p.place.id,
                "kind": "consultation" if consultation else "survey",
                "title_sv": SURVEY_TITLES[s.kind].format(year=s.year),
                "intro_sv": "Era svar hjälper kommunen att planera stödet till föreningarna.",
                "document_text_sv": CONSULTATION_TEXT if consultation else "",
                "audience": "segment" if s.segment else "everyone",
                "segment_id": s.segment,
                "respondents": "organisations" if s.kind == "inventory" else "both",
                "series": "Behovsinventering" if s.kind == "inventory" else "",
                "year": s.year,
                "status": s.status,
                "opens_at": s.opens,
                "closes_at": s.closes,
                "closed_at": s.closes if s.status == "closed" else None,
                "invited_organisations": approved if s.opens else 0,
                "invited_people": 0,
                "created_by_id": p.people.users["samordnare"],
                "created_at": (s.opens or world.now) - timedelta(days=7),
            }


def _questions(plans, world):
    for p in plans:
        for s in p.surveys:
            asked = CONSULTATION_QUESTIONS if s.kind == "consultation" else QUESTIONS
            for k, (qid, (key, kind, label, choices)) in enumerate(
                zip(s.questions, asked, strict=True)
            ):
                yield {
                    "id": qid,
                    "survey_id": s.id,
                    "key": key,
                    "label_sv": label,
                    "field_type": kind,
                    "required": kind != "textarea",
                    "choices": choices,
                    "ordering": k,
                }


def _responses(plans, world):
    for p in plans:
        for s in p.surveys:
            for rid, org, person, at, answers in s.responses:
                yield {
                    "id": rid,
                    "survey_id": s.id,
                    "organisation_id": org,
                    "person_id": person,
                    "answers": answers,
                    "submitted_at": at,
                    "updated_at": at,
                }


def _comments(plans, world):
    for p in plans:
        for s in p.surveys:
            for cid, org, author, section, at in s.comments:
                yield {
                    "id": cid,
                    "survey_id": s.id,
                    "organisation_id": org,
                    "author_id": author,
                    "section": section,
                    "text": "Vi föreslår att uppföljningen görs tillsammans med föreningarna.",
                    "created_at": at,
                }


def _meeting_places(plans, world):
    for p in plans:
        for mid, (name, street) in zip(p.places, PLACES, strict=True):
            yield {
                "id": mid,
                "municipality_id": p.place.id,
                "name": name,
                "street_address": street,
                "postal_code": "131 00",
                "city": "Benchstad",
                "step_free": True,
                "hearing_loop": name == PLACES[0][0],
            }


def _slots(plans, world):
    for p in plans:
        for s in p.slots:
            yield {
                "id": s.id,
                "municipality_id": p.place.id,
                "officer_id": p.place.officer,
                "administration_id": p.place.administrations[0],
                "title": "Rådgivning om bidrag och stöd",
                "starts_at": s.starts,
                "ends_at": s.starts + timedelta(minutes=30),
                "mode": s.mode,
                "place_id": p.places[0] if s.mode == "in_person" else None,
                "video_url": f"https://meet.example.se/rad-{s.id}" if s.mode == "video" else "",
                "status": "cancelled" if s.cancelled else "published",
                "created_by_id": p.place.officer,
                "created_at": s.starts - timedelta(days=30),
            }


def _bookings(plans, world):
    for p in plans:
        for s in p.slots:
            for bid, user, org, cancelled in s.bookings:
                yield {
                    "id": bid,
                    "slot_id": s.id,
                    "organisation_id": org,
                    "booked_by_id": user,
                    "question": "Hur söker vi bidrag för ett nytt projekt?",
                    "status": "cancelled" if cancelled else "booked",
                    "created_at": s.starts - timedelta(days=6),
                    "cancelled_at": s.starts - timedelta(days=2) if cancelled else None,
                    "cancelled_by_id": user if cancelled else None,
                }


def _forums(plans, world):
    for p in plans:
        for f in p.forums:
            yield {
                "id": f.id,
                "network_id": f.network,
                "municipality_id": p.place.id,  # the network's (a public one of the place)
                "title": f"Öppet forum {f.number}",
                "description": "Välkommen att tycka till om föreningslivet i kommunen.",
                "starts_at": f.starts,
                "ends_at": f.starts + timedelta(hours=2),
                "mode": "in_person",
                "place_id": p.places[1],
                "capacity": f.capacity,
                "is_public": True,
                "open_signup": True,
                "status": "planned",
                "uid": f.uid,
                "created_by_id": p.people.users["samordnare"],
            }


def _signups(plans, world):
    organisations = {}
    for p in plans:
        organisations.update({o.id: o for o in p.place.organisations})
        for f in p.forums:
            for sid, name, email, user, org, places, status, at, checked, lang, token in f.signups:
                yield {
                    "id": sid,
                    "meeting_id": f.id,
                    "name": name,
                    "email": email,
                    "organisation_id": org,
                    "organisation_name": _org_name(organisations[org]) if org else "",
                    "interpreter_language": lang,
                    "places": places,
                    "status": status,
                    "signed_up_at": at,
                    "token": token,
                    "user_id": user,
                    "checked_in_at": checked,
                    "checked_in_by_id": p.people.users["samordnare"] if checked else None,
                    "created_at": at,
                }


def _org_name(org) -> str:
    """As tables.organisations names it."""
    return f"{org.word}{'gruppen' if org.informal else 'föreningen'} {org.id}"


def _through(model, owner: str, target: str, pairs):
    def rows(plans, world):
        for owner_id, target_id in pairs(plans):
            yield {"id": world.ids.take(model), owner: owner_id, target: target_id}

    return rows


def _rows(plans):
    """Every table in the order written, with its generator."""
    contact_focus = (
        (c[0], f) for p in plans for c in p.contacts for f in c[4]
    )  # fmt: skip
    news_focus = ((i.id, f) for p in plans for i in p.news for f in i.focus)
    story_focus = ((s.id, s.focus) for p in plans for s in p.stories)
    story_districts = ((s.id, s.district) for p in plans for s in p.stories)
    story_orgs = ((s.id, o) for p in plans for s in p.stories for o in s.organisations)
    slot_focus = ((s.id, s.focus) for p in plans for s in p.slots)

    def m2m(model_field, owner, target, pairs):
        through = model_field.through
        return (through, _through(through, owner, target, lambda _plans: pairs))

    return [
        (Page, _pages),
        (FocusAreaGoal, _goals),
        (Contact, _contacts),
        m2m(Contact.focus_areas, "contact_id", "focusarea_id", contact_focus),
        (NewsItem, _news),
        m2m(NewsItem.focus_areas, "newsitem_id", "focusarea_id", news_focus),
        (Story, _stories),
        m2m(Story.focus_areas, "story_id", "focusarea_id", story_focus),
        m2m(Story.districts, "story_id", "district_id", story_districts),
        m2m(Story.organisations, "story_id", "organisation_id", story_orgs),
        (Follow, _follows),
        (AlertSetting, _settings),
        (Alert, _alerts),
        (Segment, _segments),
        m2m(Segment.focus_areas, "segment_id", "focusarea_id", _segment_links(2)(plans)),
        m2m(Segment.districts, "segment_id", "district_id", _segment_links(3)(plans)),
        m2m(Segment.networks, "segment_id", "network_id", _segment_links(4)(plans)),
        (Mailing, _mailings),
        (Notification, _deliveries),
        (MailingOptOut, _opt_outs),
        (Survey, _surveys),
        (SurveyQuestion, _questions),
        (SurveyResponse, _responses),
        (Comment, _comments),
        (MeetingPlace, _meeting_places),
        (AdviceSlot, _slots),
        m2m(AdviceSlot.focus_areas, "adviceslot_id", "focusarea_id", slot_focus),
        (AdviceBooking, _bookings),
        (Meeting, _forums),
        (OpenSignup, _signups),
    ]


MODELS = [Page, FocusAreaGoal, Contact, Contact.focus_areas.through, NewsItem,
          NewsItem.focus_areas.through, Story, Story.focus_areas.through,
          Story.districts.through, Story.organisations.through, Follow, AlertSetting, Alert,
          Segment, Segment.focus_areas.through, Segment.districts.through,
          Segment.networks.through, Mailing, Notification, MailingOptOut, Survey,
          SurveyQuestion, SurveyResponse, Comment, MeetingPlace, AdviceSlot,
          AdviceSlot.focus_areas.through, AdviceBooking, OpenSignup]  # fmt: skip


def seed_dialogue(
    world: World, write, people: list[PlacePeople], volunteering: list[PlaceVolunteering]
) -> None:
    """Plan every municipality's information and dialogue and write it."""
    with connection.cursor() as cursor:
        world.ids.last.update(Ids(cursor, [m for m in MODELS if m not in world.ids.last]).last)
    rng = random.Random(SEED)  # noqa: S311 - benchmark data
    plans = [
        _plan_place(world, place, p, v, rng)
        for place, p, v in zip(world.places, people, volunteering, strict=True)
    ]
    write([(model, lambda w, g=generator: g(plans, w)) for model, generator in _rows(plans)])
