"""The collaboration register in the admin, the officers' tool: collaborations (with outside
partners and documents), agreements (parties, contributions, indicators, yearly
follow-ups), co-applications and the associations' proposals. Each module registers its
classes with ``@admin.register``; the rules live in collaborations.services."""

from collaborations.admin.agreements import AgreementAdmin, FollowUpAdmin, PartyAdmin
from collaborations.admin.external import CoApplicationAdmin
from collaborations.admin.proposals import ProposalAdmin
from collaborations.admin.register import CollaborationAdmin

__all__ = [
    "AgreementAdmin",
    "CoApplicationAdmin",
    "CollaborationAdmin",
    "FollowUpAdmin",
    "PartyAdmin",
    "ProposalAdmin",
]
