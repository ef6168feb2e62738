"""The shape of the benchmark data set, drawn from one random generator with a fixed seed.

Everything random is decided here, in a fixed order, before rows are written: which
municipality has how many organisations, which of them apply to which call, how each case
ends, which organisations join which network and who attends which meeting. The records
carry the ids other tables refer to; ``tables.py`` turns them into rows. The order of the
draws is part of the data set: change it and every later figure changes.
"""

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal

from collaborations.models import Agreement, CoApplication, Collaboration
from grants.models import (
    Application,
    Call,
    Decision,
    FollowUpReport,
    GrantProgramme,
    Instalment,
    Payout,
    PayoutBatch,
)
from networks.models import Meeting, Network, NetworkMember
from organisations.models import Organisation
from portal.models import (
    Administration,
    Committee,
    District,
    FocusArea,
    Municipality,
    TargetGroup,
    User,
)

from .writer import Ids

SLUG_PREFIX = "bench-"
AGE_BANDS = ["0-6", "7-12", "13-20", "21-64", "65+"]
GENDERS = ["women", "men", "other"]
# The participant counts a follow-up report gives: three age bands by two genders.
PARTICIPANT_KEYS = [f"{band}|{gender}" for band in AGE_BANDS[1:4] for gender in GENDERS[:2]]
FOCUS_AREAS = [
    ("gemenskap", "Gemenskap, sammanhang och livskvalitet"),
    ("trygghet", "Trygghet"),
    ("hallbar", "En hållbar och klimatsmart kommun"),
]
TARGET_GROUPS = [("barn-och-unga", "Barn och unga"), ("vuxna", "Vuxna"), ("aldre", "Äldre")]
WORDS = [
    "Idrotts", "Kultur", "Scout", "Pensionärs", "Musik", "Frilufts", "Schack", "Teater",
    "Dans", "Natur", "Brukshunds", "Segel", "Hembygds", "Konst", "Fotbolls", "Simsällskap",
]  # fmt: skip
# Three programmes per municipality: kind, committee, target groups and focus areas (indexes).
PROGRAMMES = [
    ("verksamhetsbidrag", "kfn", [0], [0]),
    ("foreningsbidrag", "kfn", [0, 1], [0, 1]),
    ("projektbidrag", "sn", [2], []),
]
MEETINGS_PER_NETWORK = 10
ACTIONS_PER_NETWORK = 3
# The administrations (förvaltningar) of every municipality and the committee each serves.
ADMINISTRATIONS = [
    ("kultur-och-fritid", "Kultur- och fritidsförvaltningen", "kfn"),
    ("social", "Socialförvaltningen", "sn"),
    ("utbildning", "Utbildningsförvaltningen", None),
    ("stadsbyggnad", "Stadsbyggnadsförvaltningen", None),
]
# Recorded collaborations: kinds (networks are entered by their networks), and the levels
# with their weights.
RECORDED_KINDS = [
    "iop", "agreement", "volunteer_hosting", "premises", "dialogue", "commissioned",
    "co_application", "police", "other",
]  # fmt: skip
LEVELS = (["political", "strategic", "operational"], [1, 3, 6])
FOCUS_AREA_ACTIONS = 5  # per focus area of each municipality


@dataclass(frozen=True)
class Scale:
    municipalities: int
    organisations: int
    applications: int
    networks: int
    years: int = 10
    collaborations: int = 0  # recorded in the register (networks come on top), at least 3 each


SCALES = {
    "small": Scale(
        municipalities=10,
        organisations=5_000,
        applications=25_000,
        networks=200,
        collaborations=400,
    ),
    "large": Scale(
        municipalities=290,
        organisations=200_000,
        applications=1_000_000,
        networks=20_000,
        collaborations=4_000,
    ),
}


@dataclass(slots=True)
class Org:
    id: int
    informal: bool
    created: datetime
    word: str
    approved: bool
    listed: bool
    district: int


@dataclass(slots=True)
class Programme:
    id: int
    kind: str
    committee: int
    groups: list[int]
    focus: list[int]


@dataclass(slots=True)
class GrantCall:
    id: int
    programme: Programme
    year: int
    committee: int
    abbreviation: str
    focus: int | None  # the call's own focus area, for a programme without any
    tags: list[int]  # the focus areas its applications are tagged with


@dataclass(slots=True)
class Outcome:
    """A decided case: the decision, and its payout and accepted report where there is one."""

    id: int
    outcome: str
    amount: Decimal
    decided_at: datetime
    instalment: int | None = None
    payout: int | None = None
    batch: int | None = None
    report: int | None = None
    participants: tuple[int, ...] = ()


@dataclass(slots=True)
class Case:
    id: int
    organisation: int
    call: GrantCall
    municipality: int
    number: int  # in the committee's diarienummer series of the year
    submitted: datetime
    requested: Decimal
    status: str
    decision: Outcome | None = None


@dataclass(slots=True)
class MeetingPlan:
    id: int
    number: int
    starts_at: datetime
    uid: uuid.UUID
    attendance: list[tuple[int, int]]  # (member id, people)


@dataclass(slots=True)
class NetworkPlan:
    id: int
    number: int
    municipality: int
    public: bool
    focus: int
    members: list[tuple[int, int]]  # (member id, organisation id)
    meetings: list[MeetingPlan]
    actions: list[tuple[date, str, int]]  # (due on, status, owner member id)
    entry: int = 0  # its entry in the collaboration register
    administration: int | None = None


@dataclass(slots=True)
class EntryPlan:
    """A collaboration recorded in the register, with its agreement or co-application."""

    id: int
    number: int
    kind: str
    level: str
    status: str
    administration: int
    focus: int
    district: int
    partners: list[int]
    starts_on: date
    ends_on: date | None
    agreement: int | None = None
    co_application: int | None = None
    action: tuple[date, str] | None = None  # (due on, status)


@dataclass
class Place:
    """A municipality, its structure and logins, and the data set's share of it."""

    index: int
    share: float
    id: int
    kfn: int
    sn: int
    districts: list[int]
    focus: list[int]
    groups: list[int]
    officer: int
    politician: int
    administrations: list[int] = field(default_factory=list)
    organisations: list[Org] = field(default_factory=list)
    programmes: list[Programme] = field(default_factory=list)
    calls: list[GrantCall] = field(default_factory=list)
    networks: list[NetworkPlan] = field(default_factory=list)
    entries: list[EntryPlan] = field(default_factory=list)
    focus_actions: list[tuple[int, date, str, int]] = field(default_factory=list)

    @property
    def code(self) -> str:
        return f"{9000 + self.index:04d}"


@dataclass
class World:
    scale: Scale
    ids: Ids
    now: datetime
    tz: object
    rng: random.Random = field(default_factory=lambda: random.Random(2026))  # noqa: S311
    places: list[Place] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    diary: dict[tuple[int, int], int] = field(default_factory=dict)  # (committee, year): last
    batches: dict[tuple[int, int], int] = field(default_factory=dict)  # (committee, year): id

    @property
    def today(self) -> date:
        return self.now.astimezone(self.tz).date()

    @property
    def first_year(self) -> int:
        return self.today.year - self.scale.years + 1


def weights(n: int) -> list[float]:
    raw = [1 / (i + 1) ** 0.85 for i in range(n)]
    total = sum(raw)
    return [w / total for w in raw]


def places_plan(world: World) -> None:
    """Municipalities with sizes skewed like Sweden's: the largest has about a tenth."""
    take = world.ids.take
    for i, share in enumerate(weights(world.scale.municipalities)):
        world.places.append(
            Place(
                index=i,
                share=share,
                id=take(Municipality),
                kfn=take(Committee),
                sn=take(Committee),
                districts=[take(District) for _ in range(6)],
                focus=[take(FocusArea) for _ in FOCUS_AREAS],
                groups=[take(TargetGroup) for _ in TARGET_GROUPS],
                officer=take(User),
                politician=take(User),
                administrations=[take(Administration) for _ in ADMINISTRATIONS],
            )
        )


def organisations_plan(world: World) -> None:
    rng, scale = world.rng, world.scale
    for place in world.places:
        for _ in range(max(20, round(scale.organisations * place.share))):
            oid = world.ids.take(Organisation)
            informal = rng.random() < 0.08
            created = world.now - timedelta(days=rng.randrange(30, 365 * scale.years))
            place.organisations.append(
                Org(
                    id=oid,
                    informal=informal,
                    created=created,
                    word=rng.choice(WORDS),
                    approved=rng.random() < 0.95,
                    listed=rng.random() < 0.8,
                    district=rng.choice(place.districts),
                )
            )


def calls_plan(world: World) -> None:
    """Three programmes per municipality, one call each per year."""
    for place in world.places:
        for kind, committee, group_idx, focus_idx in PROGRAMMES:
            programme = Programme(
                id=world.ids.take(GrantProgramme),
                kind=kind,
                committee=getattr(place, committee),
                groups=[place.groups[g] for g in group_idx],
                focus=[place.focus[f] for f in focus_idx],
            )
            place.programmes.append(programme)
            for year in range(world.first_year, world.today.year + 1):
                focus = place.focus[year % 3] if not focus_idx else None
                place.calls.append(
                    GrantCall(
                        id=world.ids.take(Call),
                        programme=programme,
                        year=year,
                        committee=programme.committee,
                        abbreviation=committee.upper(),
                        focus=focus,
                        tags=[focus] if focus else programme.focus,
                    )
                )


def cases_plan(world: World) -> None:
    """Applications with their timeline: submitted, then decided (most), under review or
    withdrawn; decisions ≈85 % approved in full or part, paid in yearly batches, with an
    accepted follow-up report for earlier years."""
    rng, scale, tz, this_year = world.rng, world.scale, world.tz, world.today.year
    total_orgs = sum(len(place.organisations) for place in world.places)
    for place in world.places:
        per_call = max(
            1, round(scale.applications * len(place.organisations) / total_orgs / len(place.calls))
        )
        for call in place.calls:
            chosen = rng.sample(place.organisations, min(per_call, len(place.organisations)))
            for org in chosen:
                aid = world.ids.take(Application)
                key = (call.committee, call.year)
                world.diary[key] = number = world.diary.get(key, 0) + 1
                submitted = datetime(call.year, 1, 15, 9, tzinfo=tz) + timedelta(
                    minutes=rng.randrange(60 * 24 * 58)
                )
                requested = Decimal(rng.randrange(20, 1500) * 100)
                current = call.year == this_year
                roll = rng.random()
                status = "decided"
                if roll < 0.02:
                    status = "withdrawn"
                elif current and roll < 0.12:
                    status = "under_review"
                elif current and roll < 0.2:
                    status = "submitted"
                case = Case(aid, org.id, call, place.id, number, submitted, requested, status)
                if status == "decided":
                    case.decision = _decide(world, case, current)
                world.cases.append(case)


def _decide(world: World, case: Case, current: bool) -> Outcome:
    rng = world.rng
    did = world.ids.take(Decision)
    roll = rng.random()
    outcome, amount = "approved", case.requested
    if roll < 0.15:
        outcome, amount = "rejected", Decimal(0)
    elif roll < 0.4:
        outcome, amount = "partly_approved", (case.requested / 2).quantize(Decimal(100))
    decided = case.submitted + timedelta(days=rng.randrange(20, 70))
    decision = Outcome(did, outcome, amount, decided)
    if amount > 0:
        decision.instalment = world.ids.take(Instalment)
    if amount <= 0 or (current and rng.random() < 0.2):
        return decision  # nothing to pay (yet)
    key = (case.call.committee, case.call.year)
    if key not in world.batches:
        world.batches[key] = world.ids.take(PayoutBatch)
    decision.batch = world.batches[key]
    decision.payout = world.ids.take(Payout)
    if current:
        return decision  # no report due yet
    decision.participants = tuple(rng.randrange(0, 30) for _ in PARTICIPANT_KEYS)
    decision.report = world.ids.take(FollowUpReport)
    return decision


def networks_plan(world: World) -> None:
    """Networks with eight member organisations, ten meetings over two years (attendance
    at those held) and three actions each."""
    rng, take, now, today = world.rng, world.ids.take, world.now, world.today
    for place in world.places:
        for k in range(max(1, round(world.scale.networks * place.share))):
            nid = take(Network)
            public = rng.random() < 0.7
            focus = rng.choice(place.focus)
            picked = rng.sample(place.organisations, min(8, len(place.organisations)))
            members = [(take(NetworkMember), org.id) for org in picked]
            member_ids = [member for member, _org in members]
            meetings = []
            for j in range(MEETINGS_PER_NETWORK):
                starts = datetime.combine(
                    today - timedelta(days=700 - 70 * j + rng.randrange(7)),
                    clock(18),
                    tzinfo=world.tz,
                )
                meeting = MeetingPlan(
                    take(Meeting), j + 1, starts, uuid.UUID(int=rng.getrandbits(128)), []
                )
                if starts < now:
                    attending = rng.sample(member_ids, min(5, len(member_ids)))
                    meeting.attendance = [(member, rng.randrange(1, 4)) for member in attending]
                meetings.append(meeting)
            actions = [
                (
                    today + timedelta(days=rng.randrange(-60, 90)),
                    rng.choice(["open", "in_progress", "done"]),
                    rng.choice(member_ids),
                )
                for _ in range(ACTIONS_PER_NETWORK)
            ]
            network = NetworkPlan(nid, k + 1, place.id, public, focus, members, meetings, actions)
            # Its register entry (no draw: the figures drawn before stay as they were).
            network.entry = take(Collaboration)
            network.administration = place.administrations[k % len(place.administrations)]
            place.networks.append(network)


def register_plan(world: World) -> None:
    """The collaboration register beyond the networks' entries: collaborations of every
    kind and level in every administration (the largest municipality has a few hundred),
    IOPs and agreements with two parties and an indicator, co-applications, an action on
    each collaboration and a few on each focus area. Drawn after everything else."""
    rng, take, today = world.rng, world.ids.take, world.today
    for place in world.places:
        for k in range(max(3, round(world.scale.collaborations * place.share))):
            kind = RECORDED_KINDS[k % len(RECORDED_KINDS)] if k < 9 else rng.choice(RECORDED_KINDS)
            level = rng.choices(LEVELS[0], LEVELS[1])[0]
            status = rng.choices(["active", "planned", "ended"], [8, 1, 1])[0]
            starts_on = today - timedelta(days=rng.randrange(0, 365 * 3))
            ends_on = starts_on + timedelta(days=365 * rng.randrange(1, 4))
            if status == "active" and ends_on < today:
                ends_on = None
            entry = EntryPlan(
                id=take(Collaboration),
                number=k + 1,
                kind=kind,
                level=level,
                status=status,
                administration=rng.choice(place.administrations),
                focus=rng.choice(place.focus),
                district=rng.choice(place.districts),
                partners=[org.id for org in rng.sample(place.organisations, rng.randrange(1, 4))],
                starts_on=starts_on,
                ends_on=ends_on,
            )
            if kind in ("iop", "agreement", "commissioned", "premises"):
                entry.agreement = take(Agreement)
            elif kind == "co_application":
                entry.co_application = take(CoApplication)
            entry.action = (
                today + timedelta(days=rng.randrange(-60, 120)),
                rng.choice(["open", "in_progress", "done"]),
            )
            place.entries.append(entry)
        for focus in place.focus:
            for _ in range(FOCUS_AREA_ACTIONS):
                place.focus_actions.append(
                    (
                        focus,
                        today + timedelta(days=rng.randrange(-30, 180)),
                        rng.choice(["open", "in_progress", "done", "cancelled"]),
                        rng.choice(place.administrations),
                    )
                )
