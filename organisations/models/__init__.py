"""The organisation registry (föreningsregister): associations and informal groups.

An organisation registers (status *pending*), an officer approves it or asks for changes,
and may grant it *bidragsberättigad* status (eligible for grants) for a period, usually a
year after the annual meeting. Board, member counts and documents are kept per year.
One module per part; every model is imported from here (``organisations.models``), which
is also where the migrations find ``document_path`` and the invitation defaults.
"""

from organisations.models.documents import (
    DEFAULT_REQUIRED_DOCUMENTS,
    Document,
    DocumentKind,
    document_path,
)
from organisations.models.eligibility import EligibilityPeriod
from organisations.models.organisations import ActivityArea, Organisation
from organisations.models.payouts import PayoutAccount
from organisations.models.people import (
    BoardMember,
    Invitation,
    Membership,
    invitation_expiry,
    invitation_token,
)
from organisations.models.registry import IdentityChange, RegistryPolicy
from organisations.models.statistics import AgeBand, Gender, MemberCount, MemberStatistics

__all__ = [
    "DEFAULT_REQUIRED_DOCUMENTS",
    "ActivityArea",
    "AgeBand",
    "BoardMember",
    "Document",
    "DocumentKind",
    "EligibilityPeriod",
    "Gender",
    "IdentityChange",
    "Invitation",
    "MemberCount",
    "MemberStatistics",
    "Membership",
    "Organisation",
    "PayoutAccount",
    "RegistryPolicy",
    "document_path",
    "invitation_expiry",
    "invitation_token",
]
