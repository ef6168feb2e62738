"""The people the every-page benchmark logs in as, and representatives (ombud).

Per municipality (``code`` is its municipality code, 9000 …), besides the officer and the
politician of ``tables.users``:

- ``samordnare.{code}@bench.example.se``: a coordinator of the municipality;
- ``kommunadmin.{code}@bench.example.se``: its municipal administrator;
- ``medlem.{code}@bench.example.se``: the responsible person (who may apply) and chair
  (ordförande) of the municipality's organisation with the most applications, which is
  given what its pages need besides its cases: the year's documents in the registry, a
  draft application in an open (rolling) call, an attachment (from the registry) on its
  latest decided application, a board, a payout account and a network membership.

Representatives: about one person per 150 organisations acts as ombud for one to three
approved organisations (a fifth of the authorisations end on a day, all in the future).

Drawn after everything else from a random generator of its own (the figures drawn before
stay as they were) and written with the same COPY writer.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from grants.models import Application, Attachment, Call
from networks.models import NetworkMember
from organisations.models import BoardMember, Document, Membership, Organisation, PayoutAccount
from organisations.models.documents import DocumentKind
from portal.models import Municipality, RoleAssignment, User

from .world import Place, World
from .writer import Ids

SEED = 2424
EMAIL = "{who}.{code}@bench.example.se"
# who -> their municipal role (the member has none).
PEOPLE = {"samordnare": "coordinator", "kommunadmin": "municipal_admin", "medlem": None}
ORGANISATIONS_PER_REPRESENTATIVE = 150
DOCUMENTS = [DocumentKind.STADGAR, DocumentKind.ARSMOTESPROTOKOLL,
             DocumentKind.VERKSAMHETSBERATTELSE]  # fmt: skip
PDF = b"%PDF-1.4\n% Benchmark document\n%%EOF\n"
MODELS = [Membership, BoardMember, Document, PayoutAccount, Attachment]


@dataclass(slots=True)
class MemberOrganisation:
    """The municipality's organisation with the most applications, and what it gets."""

    id: int
    decided: int | None  # its latest decided application
    networks: list[int]  # networks it is a member of already
    documents: list[tuple[int, str, str]] = field(default_factory=list)  # (id, kind, file)
    call: int = 0  # the rolling call it has a draft in
    draft: int = 0
    membership: int = 0  # its new network membership (0: it has one)


@dataclass
class PlacePeople:
    place: Place
    users: dict[str, int]  # who -> user id
    member: MemberOrganisation
    representatives: list[tuple[int, list[tuple[int, object]]]] = field(default_factory=list)
    # (user id, [(organisation id, valid until or None)])


def _busiest(world: World) -> dict[int, MemberOrganisation]:
    """Per municipality: the organisation with the most applications (the lowest id of
    those tied), its latest decided application and its networks, read from what was
    written (the cases are gone from the plan by now)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT DISTINCT ON (municipality_id) municipality_id, organisation_id
            FROM (SELECT municipality_id, organisation_id, COUNT(*) AS n
                  FROM grants_application GROUP BY 1, 2) counts
            WHERE municipality_id = ANY(%s)
            ORDER BY municipality_id, n DESC, organisation_id
            """,
            [[place.id for place in world.places]],
        )
        chosen = dict(cursor.fetchall())
        organisations = list(chosen.values())
        cursor.execute(
            """
            SELECT DISTINCT ON (organisation_id) organisation_id, id FROM grants_application
            WHERE organisation_id = ANY(%s) AND status = 'decided'
            ORDER BY organisation_id, submitted_at DESC, id DESC
            """,
            [organisations],
        )
        decided = dict(cursor.fetchall())
        cursor.execute(
            "SELECT organisation_id, network_id FROM networks_networkmember "
            "WHERE organisation_id = ANY(%s) AND status = 'active' ORDER BY id",
            [organisations],
        )
        networks: dict[int, list[int]] = {}
        for organisation, network in cursor.fetchall():
            networks.setdefault(organisation, []).append(network)
    return {
        municipality: MemberOrganisation(org, decided.get(org), networks.get(org, []))
        for municipality, org in chosen.items()
    }


def _plan_place(world: World, place: Place, member: MemberOrganisation, rng) -> PlacePeople:
    take, today = world.ids.take, world.today
    found = PlacePeople(place, {who: take(User) for who in PEOPLE}, member)
    folder = f"organisations/{member.id}/{today.year - 1}"
    member.documents = [
        (take(Document), kind, f"{folder}/{rng.randbytes(16).hex()}") for kind in DOCUMENTS
    ]
    member.call, member.draft = take(Call), take(Application)
    if not member.networks:
        public = [n.id for n in place.networks if n.public] or [n.id for n in place.networks]
        member.networks = public[:1]
        member.membership = take(NetworkMember) if public else 0
    approved = [org.id for org in place.organisations if org.approved and org.id != member.id]
    n = len(place.organisations)
    for _ in range(max(2, round(n / ORGANISATIONS_PER_REPRESENTATIVE))):
        represented = []
        for org in rng.sample(approved, min(rng.randrange(1, 4), len(approved))):
            until = today + timedelta(days=rng.randrange(30, 400)) if rng.random() < 0.2 else None
            represented.append((org, until))
        found.representatives.append((take(User), represented))
    return found


def email(who: str, place_or_code) -> str:
    code = getattr(place_or_code, "code", place_or_code)
    return EMAIL.format(who=who, code=code)


# --- rows ---------------------------------------------------------------------------------


def _users(plans, world):
    for p in plans:
        for who, uid in p.users.items():
            yield {
                "id": uid,
                "password": "!",
                "email": email(who, p.place),
                "full_name": f"Bench {who.title()} {p.place.code}",
            }
        for uid, _represented in p.representatives:
            yield {
                "id": uid,
                "password": "!",
                "email": f"ombud.{uid}@bench.example.se",
                "full_name": f"Ombud {uid}",
            }


def _roles(plans, world):
    for p in plans:
        for who, role in PEOPLE.items():
            if role:
                yield {
                    "id": world.ids.take(RoleAssignment),
                    "role": role,
                    "user_id": p.users[who],
                    "municipality_id": p.place.id,
                    "committee_id": None,
                }


def _memberships(plans, world):
    for p in plans:
        yield {
            "id": world.ids.take(Membership),
            "user_id": p.users["medlem"],
            "organisation_id": p.member.id,
            "role": Membership.Role.RESPONSIBLE,
            "valid_until": None,
            "authorisation": "",
        }
        for uid, represented in p.representatives:
            for org, until in represented:
                yield {
                    "id": world.ids.take(Membership),
                    "user_id": uid,
                    "organisation_id": org,
                    "role": Membership.Role.REPRESENTATIVE,
                    "valid_until": until,
                    "authorisation": "Fullmakt undertecknad av ordföranden; originalet finns "
                    "hos föreningen.",
                }


def _board(plans, world):
    year = world.today.year
    for p in plans:
        for role, name in (
            (BoardMember.Role.CHAIR, f"Bench Medlem {p.place.code}"),
            (BoardMember.Role.TREASURER, "Kassör Karlsson"),
            (BoardMember.Role.SECRETARY, "Sekreterare Svensson"),
            (BoardMember.Role.AUDITOR, "Revisor Rask"),
        ):
            yield {
                "id": world.ids.take(BoardMember),
                "organisation_id": p.member.id,
                "year": year,
                "full_name": name,
                "role": role,
                "is_signatory": role == BoardMember.Role.CHAIR,
            }


def _documents(plans, world):
    for p in plans:
        for did, kind, file in p.member.documents:
            yield {
                "id": did,
                "organisation_id": p.member.id,
                "year": world.today.year - 1,
                "kind": kind,
                "file": file,
                "original_name": f"{kind}.pdf",
                "content_type": "application/pdf",
                "size": len(PDF),
                "uploaded_by_id": p.users["medlem"],
            }


def _payout_accounts(plans, world):
    for p in plans:
        yield {
            "id": world.ids.take(PayoutAccount),
            "organisation_id": p.member.id,
            "method": PayoutAccount.Method.BANKGIRO,
            "number": "5050-1055",
            "account_holder": f"Föreningen {p.member.id}",
            "registered_by_id": p.users["medlem"],
        }


def _calls(plans, world):
    """A rolling call of the project grants (projektbidrag) this year, for the draft."""
    year = world.today.year
    for p in plans:
        yield {
            "id": p.member.call,
            "programme_id": p.place.programmes[2].id,
            "title": f"Projektbidrag löpande {year}",
            "opens_at": datetime(year, 1, 1, 8, tzinfo=world.tz),
            "closes_at": None,
            "budget": Decimal(2 * 10**6),
            "focus_area_id": p.place.focus[2],
        }


def _drafts(plans, world):
    for p in plans:
        yield {
            "id": p.member.draft,
            "call_id": p.member.call,
            "municipality_id": p.place.id,
            "organisation_id": p.member.id,
            "status": Application.Status.DRAFT,
            "amount_requested": Decimal(25_000),
            "created_by_id": p.users["medlem"],
            "created_at": world.now - timedelta(days=3),
            "updated_at": world.now - timedelta(days=1),
        }


def _attachments(plans, world):
    for p in plans:
        if p.member.decided:
            did, kind, _file = p.member.documents[0]
            yield {
                "id": world.ids.take(Attachment),
                "application_id": p.member.decided,
                "question_key": str(kind),
                "file": "",
                "registry_document_id": did,
                "original_name": f"{kind}.pdf",
                "content_type": "application/pdf",
                "size": len(PDF),
                "uploaded_by_id": p.users["medlem"],
            }


def _network_members(plans, world):
    for p in plans:
        if p.member.membership:
            yield {
                "id": p.member.membership,
                "network_id": p.member.networks[0],
                "kind": "organisation",
                "organisation_id": p.member.id,
                "listed_publicly": True,
            }


def seed_people(world: World, write) -> list[PlacePeople]:
    """Plan and write the bench people, the member organisations' data and the
    representatives; returns the plans (``seed_dialogue`` reads them). The member
    organisations' document files are stored too (three small files a municipality)."""
    with connection.cursor() as cursor:
        world.ids.last.update(Ids(cursor, [m for m in MODELS if m not in world.ids.last]).last)
    rng = random.Random(SEED)  # noqa: S311 - benchmark data
    busiest = _busiest(world)
    plans = [_plan_place(world, place, busiest[place.id], rng) for place in world.places]

    def bound(generator):
        return lambda w: generator(plans, w)

    write(
        [
            (User, bound(_users)),
            (RoleAssignment, bound(_roles)),
            (Membership, bound(_memberships)),
            (BoardMember, bound(_board)),
            (Document, bound(_documents)),
            (PayoutAccount, bound(_payout_accounts)),
            (Call, bound(_calls)),
            (Application, bound(_drafts)),
            (Attachment, bound(_attachments)),
            (NetworkMember, bound(_network_members)),
        ]
    )
    for p in plans:
        for _did, _kind, file in p.member.documents:
            if not default_storage.exists(file):
                default_storage.save(file, ContentFile(PDF))
    return plans


# --- for the benchmarks -------------------------------------------------------------------


def bench_people(municipality: Municipality) -> dict[str, User]:
    """The bench logins of ``municipality`` by who they are: ``handlaggare`` (officer),
    ``politiker``, ``samordnare`` (coordinator), ``kommunadmin`` (municipal administrator)
    and ``medlem`` (responsible person of ``bench_member_organisation``)."""
    code = municipality.municipality_code
    wanted = {email(who, code): who for who in ("handlaggare", "politiker", *PEOPLE)}
    return {wanted[u.email]: u for u in User.objects.filter(email__in=wanted)}


def bench_member_organisation(municipality: Municipality) -> Organisation:
    """The municipality's organisation with the most applications, whose responsible person
    (and chair) ``medlem.{code}@bench.example.se`` is."""
    return Organisation.objects.get(
        municipality=municipality,
        memberships__user__email=email("medlem", municipality.municipality_code),
    )
