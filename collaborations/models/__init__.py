from collaborations.models.agreements import (
    Agreement,
    CollaborationDocument,
    Contribution,
    FollowUp,
    Indicator,
    IndicatorResult,
    Party,
    collaboration_document_path,
)
from collaborations.models.external import CoApplication
from collaborations.models.proposals import Proposal
from collaborations.models.register import Collaboration, OutsidePartner

__all__ = [
    "Agreement",
    "CoApplication",
    "Collaboration",
    "CollaborationDocument",
    "Contribution",
    "FollowUp",
    "Indicator",
    "IndicatorResult",
    "OutsidePartner",
    "Party",
    "Proposal",
    "collaboration_document_path",
]
