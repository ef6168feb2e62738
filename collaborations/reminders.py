"""The register's reminders (run daily by ``portal.reminders``), registered from
``CollaborationsConfig.ready()``:

* An agreement ending within ``ENDING_DAYS``: its responsible person and the
  municipality's coordinators, to renew it or let it end on purpose. The key holds the end
  date, so an agreement that is prolonged is reminded of again before its new end.
* A yearly follow-up due (``services.follow_up_due_on``) and not yet submitted: the
  responsible person and the people who act for the partner organisations,
  ``FOLLOW_UP_DAYS`` before and once when it is overdue.

Each reminder is queued once per key and person in the outbox: run twice, sent once."""

from datetime import timedelta

from collaborations.models import Agreement, Collaboration, FollowUp
from collaborations.services.agreements import FOLLOW_UP_YEARS_BACK, follow_up_due_on
from collaborations.services.agreements import agreement_ran_in as _ran_in
from organisations.permissions import NETWORKS, roles_with
from organisations.selectors import people_by_organisation
from portal import reminders
from portal.models import Role
from portal.notifications import notify_many
from portal.selectors import staff_with_roles

ENDING_DAYS = 60
FOLLOW_UP_DAYS = 14
DONE = (FollowUp.Status.SUBMITTED, FollowUp.Status.REVIEWED)


def _staff_url(collaboration) -> str:
    return reminders.url("admin:collaborations_collaboration_change", collaboration.pk)


@reminders.rule
def agreements_ending(municipality, today) -> int:
    ending = list(
        Collaboration.objects.filter(
            municipality=municipality,
            agreement__isnull=False,
            status=Collaboration.Status.ACTIVE,
            ends_on__gte=today,
            ends_on__lte=today + timedelta(days=ENDING_DAYS),
        ).select_related("responsible", "administration")
    )
    if not ending:
        return 0
    coordinators = list(staff_with_roles(municipality, [Role.COORDINATOR]).filter(is_active=True))
    items = [
        (
            f"collaboration:{c.pk}:ending:{c.ends_on.isoformat()}",
            {"collaboration": c, "url": _staff_url(c)},
            _unique([c.responsible, *coordinators]),
        )
        for c in ending
    ]
    return len(
        notify_many(
            kind="reminder.agreement_ending",
            template="collaborations/email/agreement_ending",
            items=items,
            municipality=municipality,
        )
    )


@reminders.rule
def follow_ups_due(municipality, today) -> int:
    years = range(today.year - FOLLOW_UP_YEARS_BACK, today.year)
    agreements = list(
        Agreement.objects.filter(
            collaboration__municipality=municipality,
            collaboration__status__in=[Collaboration.Status.ACTIVE, Collaboration.Status.ENDED],
        )
        .select_related("collaboration__responsible")
        .prefetch_related("parties", "collaboration__partners")
    )
    done = set(
        FollowUp.objects.filter(agreement__in=agreements, status__in=DONE).values_list(
            "agreement_id", "year"
        )
    )
    owed = []
    for agreement in agreements:
        for year in years:
            if (agreement.pk, year) in done or not _ran_in(agreement.collaboration, year):
                continue
            due_on = follow_up_due_on(agreement, year)
            if due_on < today:
                owed.append((agreement, year, due_on, "overdue"))
            elif due_on <= today + timedelta(days=FOLLOW_UP_DAYS):
                owed.append((agreement, year, due_on, "due"))
    if not owed:
        return 0
    organisation_ids = {o for agreement, *_rest in owed for o in _organisation_ids(agreement)}
    people = people_by_organisation(organisation_ids, roles=roles_with(NETWORKS))
    jobs = {"due": [], "overdue": []}
    for agreement, year, due_on, when in owed:
        collaboration = agreement.collaboration
        context = {"collaboration": collaboration, "year": str(year), "due_on": due_on}
        key = f"agreement:{agreement.pk}:follow_up:{year}:{when}"
        if collaboration.responsible_id:
            jobs[when].append(
                (key, {**context, "url": _staff_url(collaboration)}, [collaboration.responsible])
            )
        for organisation_id in sorted(_organisation_ids(agreement)):
            url = reminders.url("collaborations:organisation", organisation_id)
            jobs[when].append((key, {**context, "url": url}, people.get(organisation_id, [])))
    return sum(
        len(
            notify_many(
                kind=f"reminder.follow_up_{when}",
                template=f"collaborations/email/follow_up_{when}",
                items=items,
                municipality=municipality,
            )
        )
        for when, items in jobs.items()
        if items
    )


def _organisation_ids(agreement) -> set:
    parties = {p.organisation_id for p in agreement.parties.all() if p.organisation_id}
    return parties | {o.pk for o in agreement.collaboration.partners.all()}


def _unique(people) -> list:
    seen, unique = set(), []
    for person in people:
        if person is not None and person.pk not in seen:
            seen.add(person.pk)
            unique.append(person)
    return unique
