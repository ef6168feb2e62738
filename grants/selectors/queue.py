"""Reads for the officers' queue (the case list in the admin): which cases a person may see,
written so that PostgreSQL can walk the queue's index instead of every case."""

from django.db.models import Q, Value
from django.db.models.functions import Upper
from django.utils.text import smart_split, unescape_string_literal

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


# A search word naming at most this many of the person's organisations is looked up by
# their ids; more, and the names stay a subquery (queue_search).
FEW_ORGANISATIONS = 200


def queue_search(queryset, *, organisations, search_term: str):
    """The cases of ``queryset`` matching every word of ``search_term``: in the diarienummer
    or in the name of the case's organisation (one of ``organisations``, the person's).

    A word is looked up among the organisations first (a trigram index on their names
    answers it), one query with at most ``FEW_ORGANISATIONS`` + 1 ids:

    * few names match (a name or part of one: the usual search): the cases are those of
      these organisations or with the word in their diarienummer, two indexes PostgreSQL
      reads together (the organisation's, and a trigram index on the diarienummer), so the
      page and its count read the matching cases only (bench/, 70 000 cases: a name or a
      number, page 194–324 → 9 ms, count 39–49 → 4–7 ms);
    * many match (a word in a tenth of the names): the names stay a subquery. Given their ids as
      a list PostgreSQL misjudges how many cases match and joins and sorts them all
      (bench/: 47 → 330 ms); as a subquery it walks the queue in order and stops at a page.

    Diarienummer are matched on their stored capitals (the word is upper-cased once, by the
    database, so both sides fold case alike).
    """
    for word in smart_split(search_term):
        if word[:1] in {'"', "'"} and word[-1:] == word[:1]:
            word = unescape_string_literal(word)
        named = organisations.filter(name__icontains=word).values("pk")
        found = list(named.order_by().values_list("pk", flat=True)[: FEW_ORGANISATIONS + 1])
        in_number = Q(diarienummer_search__contains=Upper(Value(word)))
        if len(found) <= FEW_ORGANISATIONS:
            queryset = queryset.filter(in_number | Q(organisation_id__in=found))
        else:
            queryset = queryset.filter(in_number | Q(organisation__in=named))
    return queryset
