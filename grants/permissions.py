"""Who may act on grant cases: the grants side of portal.permissions and organisations.rights.

Cases belong to the committee (nämnd) of their programme: they are handled by officers and
municipal administrators of that committee's municipality whose role covers the committee
(a role without a committee covers them all). Applicants act for their organisation when
their role in it carries the right to apply.
"""

from django.core.exceptions import PermissionDenied

from grants.roles import HANDLE_GRANT_CASES
from organisations.permissions import APPLY, may_for_organisation
from portal.permissions import may


def handles_cases(user, committee) -> bool:
    """Whether ``user`` assesses, decides, pays out and reviews reports for ``committee``."""
    return user is not None and may(user, HANDLE_GRANT_CASES, committee.municipality_id, committee)


def applies_for(user, organisation) -> bool:
    """Whether ``user`` writes and submits applications and reports for ``organisation``."""
    return user is not None and may_for_organisation(user, organisation, APPLY)


def require_applicant(user, organisation) -> None:
    if not applies_for(user, organisation):
        raise PermissionDenied
