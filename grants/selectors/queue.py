"""Reads for the officers' queue (the case list in the admin): which cases a person may see,
written so that PostgreSQL can walk the queue's index instead of every case."""

from django.db.models import Q

from grants.models import Application, Call
from portal.permissions import Scope

# Cases in the queue: drafts are the applicants' own, except a paper application being
# typed in by an officer (grants.services.paper). The partial index application_queue_idx
# has this condition; a query must say it in these words for the index to be used.
IN_QUEUE = ~Q(status=Application.Status.DRAFT, paper_received_on__isnull=True)


def case_scope(scope: Scope, prefix: str = "") -> Q:
    """A filter for the cases inside ``scope`` (portal.permissions.scope of a case permission).

    A role bound to committees reaches the cases of their programmes' calls. Said as
    "the calls' municipalities and these calls" (one small query for the call ids), not as
    a join through call and programme to the committee: with the join PostgreSQL sorts
    every case of the committee for a page of 100 (bench/: 1.4 s for 70 000 cases), with
    the municipality and the calls' ids it reads the queue's index in order and stops.
    ``prefix`` leads from the rows filtered to their case (``"decision__application__"``).
    """
    if scope.everything:
        return Q()
    condition = Q(**{f"{prefix}municipality_id__in": sorted(scope.municipality_ids)})
    if scope.committee_ids:
        calls = Call.objects.filter(programme__committee__in=scope.committee_ids).values_list(
            "pk", "programme__committee__municipality_id"
        )
        call_ids, municipality_ids = set(), set()
        for call_id, municipality_id in calls:
            call_ids.add(call_id)
            municipality_ids.add(municipality_id)
        if call_ids:  # the municipality is implied by the call: it is there for the index
            condition |= Q(
                **{
                    f"{prefix}municipality_id__in": sorted(municipality_ids),
                    f"{prefix}call_id__in": sorted(call_ids),
                }
            )
    return condition
