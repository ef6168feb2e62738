"""The organisations app in the admin, the officers' registry tool: registrations,
eligibility, payout details (organisations) and the review of identity changes (identity).
Each module registers its classes with ``@admin.register``."""

from organisations.admin.organisations import (
    ActivityAreaAdmin,
    OrganisationAdmin,
    PayoutAccountAdmin,
    RegistryPolicyAdmin,
)

__all__ = ["ActivityAreaAdmin", "OrganisationAdmin", "PayoutAccountAdmin", "RegistryPolicyAdmin"]
