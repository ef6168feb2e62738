"""Writes of the collaboration register (see each module): collaborations, agreements and
their follow-ups, co-applications for outside money, proposals from associations."""

from collaborations.services.agreements import (
    agreement_assess,
    agreement_problems,
    agreement_save,
    contribution_problems,
    document_remove,
    document_upload,
    follow_up_actor_kinds,
    follow_up_due_on,
    follow_up_open,
    follow_up_save_results,
    follow_up_set_status,
    follow_up_status_problem,
    indicator_problems,
    party_problems,
)
from collaborations.services.co_applications import (
    co_application_problems,
    co_application_save,
    co_application_set_status,
)
from collaborations.services.co_applications import status_problem as co_application_status_problem
from collaborations.services.collaborations import (
    NETWORK_KEPT,
    actor_kinds,
    collaboration_create,
    collaboration_problems,
    collaboration_set_status,
    collaboration_update,
    move_problem,
)
from collaborations.services.collaborations import status_problem as collaboration_status_problem
from collaborations.services.proposals import (
    decide_problem as proposal_decide_problem,
)
from collaborations.services.proposals import (
    proposal_decide,
    proposal_submit,
    proposal_take_up,
)

__all__ = [
    "NETWORK_KEPT",
    "actor_kinds",
    "agreement_assess",
    "agreement_problems",
    "agreement_save",
    "co_application_problems",
    "co_application_save",
    "co_application_set_status",
    "co_application_status_problem",
    "collaboration_create",
    "collaboration_problems",
    "collaboration_set_status",
    "collaboration_status_problem",
    "collaboration_update",
    "contribution_problems",
    "document_remove",
    "document_upload",
    "follow_up_actor_kinds",
    "follow_up_due_on",
    "follow_up_open",
    "follow_up_save_results",
    "follow_up_set_status",
    "follow_up_status_problem",
    "indicator_problems",
    "move_problem",
    "party_problems",
    "proposal_decide",
    "proposal_decide_problem",
    "proposal_submit",
    "proposal_take_up",
]
