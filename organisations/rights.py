"""What each role in an organisation may do, written down once (no imports: the models and
organisations.permissions both read it). README ("Roles in an organisation") prints it."""

VIEW = "view"  # the organisation's pages, applications, decisions and reports
EDIT = "edit"  # details, board, member statistics, documents; send the registration again
PEOPLE = "people"  # invite people and remove them
APPLY = "apply"  # start, write, submit and withdraw applications; messages; follow-up reports
PAYOUT = "payout"  # register the payout account and read its number in full
NETWORKS = "networks"  # ask to join networks and answer meeting invitations for the organisation

# Membership.Role value -> rights
RIGHTS: dict[str, frozenset[str]] = {
    "responsible": frozenset({VIEW, EDIT, PEOPLE, APPLY, PAYOUT, NETWORKS}),
    "grant_manager": frozenset({VIEW, EDIT, PEOPLE, APPLY, PAYOUT, NETWORKS}),
    "member": frozenset({VIEW}),  # members read; they do not act
    # A representative (ombud) acts for an association by its authorisation (fullmakt),
    # e.g. for an association of the elderly that is not online: reads, applies and
    # reports, answers networks. The association's own details, its people and its payout
    # account stay with its own responsible people (and the municipality).
    "representative": frozenset({VIEW, APPLY, NETWORKS}),
}


def role_may(role: str | None, right: str) -> bool:
    return role is not None and right in RIGHTS.get(role, frozenset())


def roles_with(right: str) -> list[str]:
    """The membership roles that carry ``right``."""
    return [role for role, rights in RIGHTS.items() if right in rights]
