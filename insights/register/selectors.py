"""Reads that join the register with grants and networks (top floor): the grants per
programme beside the register, organisations that work with many administrations that
share nothing with each other, and a focus area's action plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from collaborations.models import Agreement, CoApplication, Collaboration, Party
from grants.models import Application, Call, Decision, GrantProgramme
from insights import selectors as dashboard_selectors
from networks.models import Action, Network
from organisations.models import Organisation
from portal.models import Administration

# An organisation that works with at least this many administrations is a gap when some
# of those administrations share no collaboration (or network) with each other.
MANY_ADMINISTRATIONS = 3
# Grants count as a link between an organisation and an administration when decided in
# this year or the years before it, this many.
GRANT_YEARS_BACK = 1
# The gaps list this many organisations at most (those with the most administrations first).
GAPS_SHOWN = 100

LIVE = [Collaboration.Status.PLANNED, Collaboration.Status.ACTIVE]


@dataclass
class ProgrammeGrants:
    programme_id: int
    name: str
    committee: str
    organisations: int
    granted: object  # Decimal, kronor


def grants_by_programme(municipality, year: int) -> list[ProgrammeGrants]:
    """One query: per grant programme, the organisations granted money in ``year`` (the
    dashboard's year of a grant) and the money granted. The register links to grants, it
    does not copy them."""
    rows = (
        dashboard_selectors.applications(
            dashboard_selectors.Filters(municipality=municipality, years=(year,))
        )
        .filter(decision__isnull=False)
        .exclude(decision__outcome=Decision.Outcome.REJECTED)
        .values("call__programme_id", "call__programme__name", "call__programme__committee__name")
        .annotate(
            organisations=Count("organisation", distinct=True),
            granted=Sum("decision__amount", default=0),
        )
        .order_by("call__programme__name")
    )
    return [
        ProgrammeGrants(
            programme_id=row["call__programme_id"],
            name=row["call__programme__name"],
            committee=row["call__programme__committee__name"],
            organisations=row["organisations"],
            granted=row["granted"],
        )
        for row in rows
    ]


@dataclass
class AdministrationLinks:
    administration: Administration
    collaborations: list[Collaboration] = field(default_factory=list)
    programmes: list[GrantProgramme] = field(default_factory=list)
    unconnected: list[Administration] = field(default_factory=list)  # shares nothing with


@dataclass
class ManyAdministrations:
    """An organisation that works with several administrations, and how."""

    organisation: Organisation
    administrations: list[AdministrationLinks]
    unconnected_pairs: int


def _tables() -> dict:
    return {
        "collab": Collaboration._meta.db_table,
        "partners": Collaboration.partners.through._meta.db_table,
        "agreement": Agreement._meta.db_table,
        "party": Party._meta.db_table,
        "coapp": CoApplication._meta.db_table,
        "app": Application._meta.db_table,
        "decision": Decision._meta.db_table,
        "call": Call._meta.db_table,
        "prog": GrantProgramme._meta.db_table,
        "adm_committees": Administration.committees.through._meta.db_table,
        "network": Network._meta.db_table,
    }


# (organisation, administration, collaboration or grant programme) for every way an
# organisation works with an administration: partner of an entry (networks included, through
# their register entries), party to an agreement, applicant in a co-application, or granted
# money by a committee the administration serves. Only organisations with many
# administrations come back.
LINKS_SQL = """
WITH links AS (
    SELECT cp.organisation_id AS org, c.administration_id AS adm, c.id AS collab,
           NULL::integer AS programme
    FROM {partners} cp JOIN {collab} c ON c.id = cp.collaboration_id
    WHERE c.municipality_id = %(municipality)s AND c.administration_id IS NOT NULL
      AND c.status = ANY(%(live)s)
    UNION
    SELECT p.organisation_id, c.administration_id, c.id, NULL
    FROM {party} p JOIN {agreement} ag ON ag.id = p.agreement_id
    JOIN {collab} c ON c.id = ag.collaboration_id
    WHERE c.municipality_id = %(municipality)s AND c.administration_id IS NOT NULL
      AND c.status = ANY(%(live)s) AND p.organisation_id IS NOT NULL
    UNION
    SELECT ca.applicant_id, c.administration_id, c.id, NULL
    FROM {coapp} ca JOIN {collab} c ON c.id = ca.collaboration_id
    WHERE c.municipality_id = %(municipality)s AND c.administration_id IS NOT NULL
      AND c.status = ANY(%(live)s)
    UNION
    SELECT a.organisation_id, ac.administration_id, NULL, pr.id
    FROM {app} a
    JOIN {decision} d ON d.application_id = a.id AND d.outcome <> %(rejected)s
    JOIN {call} ca ON ca.id = a.call_id
    JOIN {prog} pr ON pr.id = ca.programme_id
    JOIN {adm_committees} ac ON ac.committee_id = pr.committee_id
    WHERE a.municipality_id = %(municipality)s AND d.decided_at >= %(since)s
), wide AS (
    SELECT org FROM links GROUP BY org HAVING COUNT(DISTINCT adm) >= %(threshold)s
    ORDER BY COUNT(DISTINCT adm) DESC, org LIMIT %(shown)s
)
SELECT l.org, l.adm, l.collab, l.programme FROM links l JOIN wide USING (org)
ORDER BY l.org, l.adm
"""

# Pairs of administrations that take part in the same live collaboration: its owner and the
# administrations that are parties to its agreement.
PAIRS_SQL = """
WITH involved AS (
    SELECT c.id AS collab, c.administration_id AS adm FROM {collab} c
    WHERE c.municipality_id = %(municipality)s AND c.administration_id IS NOT NULL
      AND c.status = ANY(%(live)s)
    UNION
    SELECT c.id, p.administration_id
    FROM {party} p JOIN {agreement} ag ON ag.id = p.agreement_id
    JOIN {collab} c ON c.id = ag.collaboration_id
    WHERE c.municipality_id = %(municipality)s AND p.administration_id IS NOT NULL
      AND c.status = ANY(%(live)s)
)
SELECT DISTINCT a.adm, b.adm FROM involved a
JOIN involved b ON a.collab = b.collab AND a.adm < b.adm
"""


def _fetch(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql.format(**_tables()), params)
        return cursor.fetchall()


def many_administrations(
    municipality, *, threshold: int = MANY_ADMINISTRATIONS, today: date | None = None
) -> list[ManyAdministrations]:
    """Organisations working with ``threshold`` or more administrations of which some pair
    shares no collaboration: six queries whatever the size of the register."""
    today = today or timezone.localdate()
    # The start of the first year counted, in the portal's time zone.
    since = timezone.make_aware(datetime(today.year - GRANT_YEARS_BACK, 1, 1))  # noqa: DTZ001
    params = {
        "municipality": municipality.pk,
        "live": list(LIVE),
        "rejected": Decision.Outcome.REJECTED,
        "since": since,
        "threshold": threshold,
        "shown": GAPS_SHOWN,
    }
    links = _fetch(LINKS_SQL, params)
    if not links:
        return []
    pairs = {tuple(pair) for pair in _fetch(PAIRS_SQL, params)}
    organisations = Organisation.objects.only("pk", "name").in_bulk({r[0] for r in links})
    administrations = Administration.objects.only("pk", "name").in_bulk({r[1] for r in links})
    collaborations = (
        Collaboration.objects.select_related("network")
        .only("pk", "title", "kind", "level", "network__id")
        .in_bulk({r[2] for r in links if r[2]})
    )
    programmes = GrantProgramme.objects.only("pk", "name").in_bulk({r[3] for r in links if r[3]})

    found: dict[int, dict[int, AdministrationLinks]] = {}
    for org, adm, collab, programme in links:
        per_org = found.setdefault(org, {})
        entry = per_org.setdefault(adm, AdministrationLinks(administrations[adm]))
        if collab and collaborations[collab] not in entry.collaborations:
            entry.collaborations.append(collaborations[collab])
        if programme and programmes[programme] not in entry.programmes:
            entry.programmes.append(programmes[programme])
    result = []
    for org, per_org in found.items():
        ids = sorted(per_org)
        unconnected = 0
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                if (a, b) not in pairs:
                    unconnected += 1
                    per_org[a].unconnected.append(administrations[b])
                    per_org[b].unconnected.append(administrations[a])
        if unconnected:
            listed = sorted(per_org.values(), key=lambda x: x.administration.name)
            result.append(ManyAdministrations(organisations[org], listed, unconnected))
    result.sort(key=lambda x: (-len(x.administrations), x.organisation.name))
    return result


def focus_area_actions(focus_area) -> QuerySet[Action]:
    """The focus area's action plan: actions placed on it, and actions placed on no focus
    area of their own that hang on a collaboration or a network tagged with it, with what
    the plan shows (one query)."""
    tagged_collaboration = Collaboration.focus_areas.through.objects.filter(
        collaboration_id=OuterRef("collaboration_id"), focusarea=focus_area
    )
    tagged_network = Network.focus_areas.through.objects.filter(
        network_id=OuterRef("network_id"), focusarea=focus_area
    )
    actions = Action.objects.filter(municipality_id=focus_area.municipality_id).filter(
        Q(focus_area=focus_area)
        | Q(focus_area__isnull=True) & (Exists(tagged_collaboration) | Exists(tagged_network))
    )
    return _with_plan_columns(actions)


def plan_progress(actions: QuerySet[Action]) -> dict:
    """How far a plan has come: its actions per progress, and how many are overdue (one
    query)."""
    today = timezone.localdate()
    counted = actions.order_by().aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(status__in=Action.OPEN_STATUSES, due_on__lt=today)),
        **{status: Count("pk", filter=Q(status=status)) for status in Action.Status.values},
    )
    counted["statuses"] = [(label, counted[value]) for value, label in Action.Status.choices]
    return counted


def entry_actions(entry: Collaboration) -> QuerySet[Action]:
    """The actions of an entry: on it, on its network, or coming from its agreement."""
    condition = Q(collaboration=entry)
    network = getattr(entry, "network", None)
    if network is not None:
        condition |= Q(network=network)
    agreement = getattr(entry, "agreement", None)
    if agreement is not None:
        condition |= Q(agreement=agreement)
    return _with_plan_columns(
        Action.objects.filter(condition, municipality_id=entry.municipality_id)
    )


def _with_plan_columns(queryset: QuerySet[Action]) -> QuerySet[Action]:
    return queryset.select_related(
        "network",
        "collaboration",
        "meeting",
        "agreement__collaboration",
        "owner_member__organisation",
        "owner_member__user",
        "owner_officer",
        "owner_unit",
        "owner_organisation",
    ).order_by("due_on", "pk")
