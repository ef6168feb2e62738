"""Rows of the grants admin reached through their case (an Application), limited to the
person's scope the way the queue's indexes want it (grants.selectors.queue.case_scope)."""

from grants.selectors.queue import case_scope


class CaseScopedAdmin:
    """Mixed in before MunicipalityScopedAdmin: its ``scoped`` said on the case's own
    columns (municipality and call) instead of a join through call and programme to the
    committee. ``case_path`` leads from the row to its case ("" for the case itself)."""

    case_path = ""

    def scoped(self, request, queryset, actions=("view", "change")):
        if request.user.is_superuser:
            return queryset
        found = self.scope(request, actions)
        if not hasattr(request, "_case_scopes"):
            request._case_scopes = {}  # worked out once per request (one query for calls)
        key = (found.municipality_ids, found.committee_ids, self.case_path)
        if key not in request._case_scopes:
            request._case_scopes[key] = case_scope(found, self.case_path)
        return queryset.filter(request._case_scopes[key])
