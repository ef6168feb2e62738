"""One generator per table: rows as dicts of the values that matter, keyed by field attname.

Fields a generator leaves out get what Django would give them (``writer.Writer``). Ids that
other rows refer to come from the planned world (``world.py``); the rest are taken here, in
the order the rows are written.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Model

from collaborations.models import (
    Agreement,
    CoApplication,
    Collaboration,
    Indicator,
    Party,
)
from grants.models import (
    Application,
    ApplicationEvent,
    Call,
    Decision,
    DiarySequence,
    FollowUpReport,
    GrantProgramme,
    Instalment,
    Payout,
    PayoutBatch,
)
from networks.models import Action, Attendance, Meeting, Network, NetworkMember
from organisations.models import Organisation
from portal.models import (
    Administration,
    Committee,
    District,
    FocusArea,
    Municipality,
    RoleAssignment,
    TargetGroup,
    User,
)

from .world import (
    ADMINISTRATIONS,
    FOCUS_AREAS,
    PARTICIPANT_KEYS,
    SLUG_PREFIX,
    TARGET_GROUPS,
    World,
)


def org_number(serial: int) -> str:
    """A Swedish organisation number (802xxx-xxxx, non-profit series) with a valid check
    digit, unique per serial below a million."""
    digits = [8, 0, 2] + [int(c) for c in f"{serial % 10**6:06d}"]
    total = 0
    for i, d in enumerate(digits):
        v = d * (2 if i % 2 == 0 else 1)
        total += v - 9 if v > 9 else v
    check = (10 - total % 10) % 10
    s = "".join(map(str, digits)) + str(check)
    return f"{s[:6]}-{s[6:]}"


# Municipalities and their structure.


def municipalities(world: World):
    for place in world.places:
        code = place.code
        yield {
            "id": place.id,
            "name": f"Benchkommun {place.index + 1:03d}",
            "slug": f"{SLUG_PREFIX}{place.index + 1:03d}",
            "municipality_code": code,
            "organisation_number": f"212000-{code}",
            "open_data_prefix": f"360G-bench-{code}",
        }


def committees(world: World):
    for place in world.places:
        yield {
            "id": place.kfn,
            "municipality_id": place.id,
            "ordering": 0,
            "name": "Kultur- och fritidsnämnden",
            "slug": "kfn",
            "abbreviation": "KFN",
        }
        yield {
            "id": place.sn,
            "municipality_id": place.id,
            "ordering": 1,
            "name": "Socialnämnden",
            "slug": "sn",
            "abbreviation": "SN",
        }


def districts(world: World):
    for place in world.places:
        for k, did in enumerate(place.districts):
            yield {
                "id": did,
                "municipality_id": place.id,
                "ordering": k,
                "name": f"Kommundel {k + 1}",
                "slug": f"kommundel-{k + 1}",
            }


def administrations(world: World):
    for place in world.places:
        for k, (aid, (slug, name, _committee)) in enumerate(
            zip(place.administrations, ADMINISTRATIONS, strict=True)
        ):
            yield {
                "id": aid,
                "municipality_id": place.id,
                "ordering": k,
                "name": name,
                "slug": slug,
            }


def administration_committees(world: World):
    through = Administration.committees.through
    for place in world.places:
        for aid, (_slug, _name, committee) in zip(
            place.administrations, ADMINISTRATIONS, strict=True
        ):
            if committee is not None:
                yield {
                    "id": world.ids.take(through),
                    "administration_id": aid,
                    "committee_id": getattr(place, committee),
                }


def focus_areas(world: World):
    for place in world.places:
        for k, (fid, (slug, name)) in enumerate(zip(place.focus, FOCUS_AREAS, strict=True)):
            yield {
                "id": fid,
                "municipality_id": place.id,
                "ordering": k,
                "name": name,
                "slug": slug,
            }


def target_groups(world: World):
    for place in world.places:
        for k, (gid, (slug, name)) in enumerate(zip(place.groups, TARGET_GROUPS, strict=True)):
            yield {
                "id": gid,
                "municipality_id": place.id,
                "ordering": k,
                "name": name,
                "slug": slug,
            }


def users(world: World):
    """An officer and a politician per municipality (no usable password)."""
    for place in world.places:
        for uid, who in ((place.officer, "handlaggare"), (place.politician, "politiker")):
            yield {
                "id": uid,
                "password": "!",
                "email": f"{who}.{place.code}@bench.example.se",
                "full_name": f"Bench {who.title()} {place.code}",
            }


def role_assignments(world: World):
    for place in world.places:
        yield {
            "id": world.ids.take(RoleAssignment),
            "role": "officer",
            "user_id": place.officer,
            "municipality_id": place.id,
            "committee_id": place.kfn,
        }
        yield {
            "id": world.ids.take(RoleAssignment),
            "role": "politician",
            "user_id": place.politician,
            "municipality_id": place.id,
            "committee_id": None,
        }


# Organisations.


def organisations(world: World):
    for place in world.places:
        for org in place.organisations:
            oid = org.id
            yield {
                "id": oid,
                "municipality_id": place.id,
                "district_id": org.district,
                "kind": "informal_group" if org.informal else "association",
                "name": f"{org.word}{'gruppen' if org.informal else 'föreningen'} {oid}",
                "legal_form": "" if org.informal else "ideell_forening",
                "organisation_number": "" if org.informal else org_number(oid),
                "status": "approved" if org.approved else "pending",
                "purpose": "Verksamhet för alla.",
                "street_address": "Storgatan 1",
                "postal_code": "131 00",
                "city": "Benchstad",
                "email": f"info{oid}@forening.example.se",
                "contact_name": "Kontaktperson",
                "contact_email": f"kontakt{oid}@forening.example.se",
                "listed_in_directory": org.listed,
                "created_at": org.created,
                "updated_at": org.created,
            }


# Grant programmes and calls.


def programmes(world: World):
    for place in world.places:
        for programme in place.programmes:
            yield {
                "id": programme.id,
                "committee_id": programme.committee,
                "name": programme.kind.title(),
                "slug": programme.kind,
                "kind": programme.kind,
                "informal_groups_allowed": True,
                "report_due_days": 90,
            }


def programme_target_groups(world: World):
    through = GrantProgramme.target_groups.through
    for place in world.places:
        for programme in place.programmes:
            for group in programme.groups:
                yield {
                    "id": world.ids.take(through),
                    "grantprogramme_id": programme.id,
                    "targetgroup_id": group,
                }


def programme_focus_areas(world: World):
    through = GrantProgramme.focus_areas.through
    for place in world.places:
        for programme in place.programmes:
            for area in programme.focus:
                yield {
                    "id": world.ids.take(through),
                    "grantprogramme_id": programme.id,
                    "focusarea_id": area,
                }


def calls(world: World):
    for place in world.places:
        for call in place.calls:
            year = call.year
            yield {
                "id": call.id,
                "programme_id": call.programme.id,
                "title": f"{call.programme.kind.title()} {year}",
                "opens_at": datetime(year, 1, 15, 8, tzinfo=world.tz),
                "closes_at": datetime(year, 3, 15, 23, 59, tzinfo=world.tz),
                "budget": Decimal(10**7),
                "focus_area_id": call.focus,
            }


# Applications and what follows them.


def applications(world: World):
    for case in world.cases:
        call = case.call
        yield {
            "id": case.id,
            "call_id": call.id,
            "municipality_id": case.municipality,
            "organisation_id": case.organisation,
            "status": case.status,
            "amount_requested": case.requested,
            "diarienummer": f"{call.abbreviation} {call.year}/{case.number}",
            "registry_committee_id": call.committee,
            "created_at": case.submitted,
            "updated_at": case.submitted,
            "submitted_at": case.submitted,
            "waiting_since": case.submitted,  # its one "submitted" event's time, below
        }


def application_focus_areas(world: World):
    through = Application.focus_areas.through
    for case in world.cases:
        for area in case.call.tags:
            yield {"id": world.ids.take(through), "application_id": case.id, "focusarea_id": area}


def application_events(world: World):
    """Each case's timeline: the officer queue's "days waiting" reads it."""

    def event(case, at, from_status, to_status):
        return {
            "id": world.ids.take(ApplicationEvent),
            "application_id": case.id,
            "created_at": at,
            "from_status": from_status,
            "to_status": to_status,
        }

    for case in world.cases:
        yield event(case, case.submitted, "draft", "submitted")
        if case.status in ("under_review", "withdrawn"):
            yield event(case, case.submitted + timedelta(days=3), "submitted", case.status)
        elif case.decision:
            yield event(case, case.decision.decided_at, "under_review", "decided")


def diary_sequences(world: World):
    """Numbering continues after the data set's diarienummer."""
    for (committee, year), last in world.diary.items():
        yield {
            "id": world.ids.take(DiarySequence),
            "committee_id": committee,
            "year": year,
            "last_number": last,
        }


def decisions(world: World):
    for case in world.cases:
        if decision := case.decision:
            yield {
                "id": decision.id,
                "application_id": case.id,
                "outcome": decision.outcome,
                "amount": decision.amount,
                "reasons": "Beslut enligt riktlinjerna.",
                "decided_by_kind": "delegated_officer",
                "decided_at": decision.decided_at,
            }


def payout_batches(world: World):
    """One paid batch per committee and year."""
    for (committee, year), bid in world.batches.items():
        yield {
            "id": bid,
            "committee_id": committee,
            "status": "paid",
            "payment_date": date(year, 6, 30),
            "created_at": datetime(year, 6, 1, tzinfo=world.tz),
            "paid_at": datetime(year, 6, 30, tzinfo=world.tz),
        }


def instalments(world: World):
    """Every grant's plan: one instalment of the whole amount, paid where it was paid."""
    for case in world.cases:
        decision = case.decision
        if decision and decision.instalment:
            paid = decision.payout is not None
            yield {
                "id": decision.instalment,
                "decision_id": decision.id,
                "number": 1,
                "amount": decision.amount,
                "status": "paid" if paid else "planned",
                "paid_at": decision.decided_at + timedelta(days=30) if paid else None,
                "cancelled_reason": "",
            }


def payouts(world: World):
    for case in world.cases:
        decision = case.decision
        if decision and decision.payout:
            yield {
                "id": decision.payout,
                "batch_id": decision.batch,
                "decision_id": decision.id,
                "instalment_id": decision.instalment,
                "amount": decision.amount,
                "method": "bankgiro",
                "account_number": "5050-1055",
                "account_holder": "Föreningen",
                "organisation_name": "Föreningen",
                "organisation_number": "802000-0000",
                "reference": f"B{decision.payout}",
            }


def follow_up_reports(world: World):
    for case in world.cases:
        decision = case.decision
        if decision and decision.report:
            counts = dict(zip(PARTICIPANT_KEYS, decision.participants, strict=True))
            yield {
                "id": decision.report,
                "decision_id": decision.id,
                "municipality_id": case.municipality,
                "call_id": case.call.id,
                "number": 1,
                "kind": "final",
                "due_on": decision.decided_at.date() + timedelta(days=365),
                "status": "accepted",
                "outcomes": "Vi genomförde verksamheten.",
                "participants": {"counts": counts, "total": sum(counts.values())},
                "money_used": decision.amount,
                "unused_amount": Decimal(0),
                "submitted_at": decision.decided_at + timedelta(days=300),
            }


# Networks.


def networks(world: World):
    for place in world.places:
        for network in place.networks:
            yield {
                "id": network.id,
                "municipality_id": network.municipality,
                "name": f"Nätverk {network.number}",
                "slug": f"natverk-{network.number}",
                "purpose": "Samverkan lokalt.",
                "convening_unit": "Kommunledningen",
                "visibility": "public" if network.public else "invite_only",
                "register_entry_id": network.entry,
            }


def network_focus_areas(world: World):
    through = Network.focus_areas.through
    for place in world.places:
        for network in place.networks:
            yield {
                "id": world.ids.take(through),
                "network_id": network.id,
                "focusarea_id": network.focus,
            }


def network_members(world: World):
    for place in world.places:
        for network in place.networks:
            for member, organisation in network.members:
                yield {
                    "id": member,
                    "network_id": network.id,
                    "kind": "organisation",
                    "organisation_id": organisation,
                    "listed_publicly": True,
                }


def meetings(world: World):
    for place in world.places:
        for network in place.networks:
            for meeting in network.meetings:
                yield {
                    "id": meeting.id,
                    "network_id": network.id,
                    "municipality_id": network.municipality,
                    "title": f"Träff {meeting.number}",
                    "starts_at": meeting.starts_at,
                    "ends_at": meeting.starts_at + timedelta(hours=2),
                    "mode": "online",
                    "online_url": "https://meet.example.se/x",
                    "is_public": True,
                    "status": "planned",
                    "uid": meeting.uid,
                }


def attendance(world: World):
    for place in world.places:
        for network in place.networks:
            for meeting in network.meetings:
                for member, people in meeting.attendance:
                    yield {
                        "id": world.ids.take(Attendance),
                        "meeting_id": meeting.id,
                        "member_id": member,
                        "people": people,
                        "recorded_at": meeting.starts_at,
                    }


def actions(world: World):
    for place in world.places:
        for network in place.networks:
            for j, (due_on, status, owner) in enumerate(network.actions):
                yield {
                    "id": world.ids.take(Action),
                    "municipality_id": network.municipality,
                    "network_id": network.id,
                    "title": f"Åtgärd {j + 1}",
                    "due_on": due_on,
                    "status": status,
                    "owner_member_id": owner,
                }


# The collaboration register.


def network_entries(world: World):
    """The networks' own entries (source network), written before the networks."""
    for place in world.places:
        for network in place.networks:
            yield {
                "id": network.entry,
                "municipality_id": place.id,
                "title": f"Nätverk {network.number}",
                "description": "Samverkan lokalt.",
                "kind": "network",
                "level": "operational",
                "source": "network",
                "status": "active",
                "administration_id": network.administration,
                "is_public": network.public,
            }


def _through(world: World, field: str, column: str, values):
    through = Collaboration._meta.get_field(field).remote_field.through
    for collaboration, value in values:
        yield {"id": world.ids.take(through), "collaboration_id": collaboration, column: value}


def network_entry_focus_areas(world: World):
    pairs = ((n.entry, n.focus) for p in world.places for n in p.networks)
    return _through(world, "focus_areas", "focusarea_id", pairs)


def network_entry_partners(world: World):
    pairs = (
        (n.entry, organisation) for p in world.places for n in p.networks
        for _member, organisation in n.members
    )  # fmt: skip
    return _through(world, "partners", "organisation_id", pairs)


KIND_TITLES = {
    "iop": "IOP", "agreement": "Överenskommelse", "volunteer_hosting": "Volontärer",
    "premises": "Lokaler", "dialogue": "Dialogforum", "commissioned": "Uppdrag",
    "co_application": "Medsökt projekt", "police": "Medborgarlöfte", "other": "Samverkan",
}  # fmt: skip


def entries(world: World):
    for place in world.places:
        for entry in place.entries:
            yield {
                "id": entry.id,
                "municipality_id": place.id,
                "title": f"{KIND_TITLES[entry.kind]} {entry.number}",
                "description": "Samverkan med civilsamhället.",
                "kind": entry.kind,
                "level": entry.level,
                "status": entry.status,
                "administration_id": entry.administration,
                "responsible_id": place.officer,
                "starts_on": entry.starts_on,
                "ends_on": entry.ends_on,
                "is_public": entry.number % 2 == 0,
            }


def entry_focus_areas(world: World):
    pairs = ((e.id, e.focus) for p in world.places for e in p.entries)
    return _through(world, "focus_areas", "focusarea_id", pairs)


def entry_districts(world: World):
    pairs = ((e.id, e.district) for p in world.places for e in p.entries)
    return _through(world, "districts", "district_id", pairs)


def entry_partners(world: World):
    pairs = ((e.id, o) for p in world.places for e in p.entries for o in e.partners)
    return _through(world, "partners", "organisation_id", pairs)


def agreements(world: World):
    for place in world.places:
        for entry in place.entries:
            if entry.agreement:
                yield {
                    "id": entry.agreement,
                    "collaboration_id": entry.id,
                    "legal_form": "iop" if entry.kind == "iop" else "other",
                    "lawfulness_assessment": "Bedömd mot LOU och bidragsreglerna.",
                    "assessed_on": entry.starts_on,
                    "signed_on": entry.starts_on,
                }


def parties(world: World):
    """The partner organisation and the owning administration (every row sets both
    columns: the writer takes its column list from the first row)."""
    for place in world.places:
        for entry in place.entries:
            if entry.agreement:
                for organisation, administration in (
                    (entry.partners[0], None),
                    (None, entry.administration),
                ):
                    yield {
                        "id": world.ids.take(Party),
                        "agreement_id": entry.agreement,
                        "organisation_id": organisation,
                        "administration_id": administration,
                    }


def indicators(world: World):
    for place in world.places:
        for entry in place.entries:
            if entry.agreement:
                yield {
                    "id": world.ids.take(Indicator),
                    "agreement_id": entry.agreement,
                    "goal": "Fler deltar",
                    "name": "Deltagare",
                    "unit": "personer",
                    "target": Decimal(100),
                }


def co_applications(world: World):
    for place in world.places:
        for entry in place.entries:
            if entry.co_application:
                granted = entry.number % 3 == 0
                yield {
                    "id": entry.co_application,
                    "collaboration_id": entry.id,
                    "applicant_id": entry.partners[0],
                    "funder": "arvsfonden",
                    "municipal_role": "co_applicant",
                    "status": "granted" if granted else "submitted",
                    "applied_ore": 500_000_00,
                    "granted_ore": 400_000_00 if granted else 0,
                    "submitted_on": entry.starts_on,
                    "decided_on": entry.starts_on + timedelta(days=90) if granted else None,
                }


def register_actions(world: World):
    """An action on each recorded collaboration (its administration owns it) and a few on
    each focus area."""
    for place in world.places:
        for entry in place.entries:
            due_on, status = entry.action
            yield {
                "id": world.ids.take(Action),
                "municipality_id": place.id,
                "collaboration_id": entry.id,
                "agreement_id": entry.agreement,
                "focus_area_id": None,
                "title": f"Åtgärd i {KIND_TITLES[entry.kind].lower()} {entry.number}",
                "due_on": due_on,
                "status": status,
                "owner_unit_id": entry.administration,
            }
        for j, (focus, due_on, status, administration) in enumerate(place.focus_actions):
            yield {
                "id": world.ids.take(Action),
                "municipality_id": place.id,
                "collaboration_id": None,
                "agreement_id": None,
                "focus_area_id": focus,
                "title": f"Fokusåtgärd {j + 1}",
                "due_on": due_on,
                "status": status,
                "owner_unit_id": administration,
            }


# Each group of tables in the order they are written (a row's references before it).
STRUCTURE: list[tuple[type[Model], object]] = [
    (Municipality, municipalities),
    (Committee, committees),
    (District, districts),
    (Administration, administrations),
    (Administration.committees.through, administration_committees),
    (FocusArea, focus_areas),
    (TargetGroup, target_groups),
    (User, users),
    (RoleAssignment, role_assignments),
]
ORGANISATIONS = [(Organisation, organisations)]
PROGRAMMES = [
    (GrantProgramme, programmes),
    (GrantProgramme.target_groups.through, programme_target_groups),
    (GrantProgramme.focus_areas.through, programme_focus_areas),
    (Call, calls),
]
CASES = [
    (Application, applications),
    (Application.focus_areas.through, application_focus_areas),
    (ApplicationEvent, application_events),
    (DiarySequence, diary_sequences),
    (Decision, decisions),
    (PayoutBatch, payout_batches),
    (Instalment, instalments),
    (Payout, payouts),
    (FollowUpReport, follow_up_reports),
]
NETWORKS = [
    (Collaboration, network_entries),
    (Collaboration.focus_areas.through, network_entry_focus_areas),
    (Collaboration.partners.through, network_entry_partners),
    (Network, networks),
    (Network.focus_areas.through, network_focus_areas),
    (NetworkMember, network_members),
    (Meeting, meetings),
    (Attendance, attendance),
    (Action, actions),
]
REGISTER = [
    (Collaboration, entries),
    (Collaboration.focus_areas.through, entry_focus_areas),
    (Collaboration.districts.through, entry_districts),
    (Collaboration.partners.through, entry_partners),
    (Agreement, agreements),
    (Party, parties),
    (Indicator, indicators),
    (CoApplication, co_applications),
    (Action, register_actions),
]
TABLES = STRUCTURE + ORGANISATIONS + PROGRAMMES + CASES + NETWORKS + REGISTER
