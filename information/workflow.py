"""Information's state machines: ``{(from, to): who may make the move}``. The services check
every move here and audit it; the admin offers only the moves the table allows; tests walk
every pair of states.

Who may: ``EDITOR`` is the municipal administrator (``permissions.may_edit_pages``);
``PUBLISHER`` a coordinator or the municipal administrator (``permissions.may_publish``);
``PROPOSER`` the association person who proposed a story.

Pages. A draft is published; a published page may be taken back to a draft.

Stories. A proposed story (by an association, or written by staff) is published or
declined by a publisher; the proposer may withdraw it while it waits. A published story may
be withdrawn by a publisher; a declined or withdrawn one may be proposed again (reopened) by
a publisher.

News. A draft is published; a published item is archived (no longer listed) and may be
published again.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from information.models import NewsItem, Page, Story
from portal.workflow import allowed_for_kinds as allowed
from portal.workflow import moves_for_kinds as moves  # noqa: F401 - workflow.moves

P = Page.Status
S = Story.Status
N = NewsItem.Status
EDITOR, PUBLISHER, PROPOSER = "editor", "publisher", "proposer"
ONLY_EDITOR = frozenset({EDITOR})
ONLY_PUBLISHER = frozenset({PUBLISHER})

PAGE_TRANSITIONS = {
    (P.DRAFT, P.PUBLISHED): ONLY_EDITOR,
    (P.PUBLISHED, P.DRAFT): ONLY_EDITOR,
}

STORY_TRANSITIONS = {
    (S.PROPOSED, S.PUBLISHED): ONLY_PUBLISHER,
    (S.PROPOSED, S.REJECTED): ONLY_PUBLISHER,
    (S.PROPOSED, S.WITHDRAWN): frozenset({PROPOSER, PUBLISHER}),
    (S.PUBLISHED, S.WITHDRAWN): ONLY_PUBLISHER,
    (S.REJECTED, S.PROPOSED): ONLY_PUBLISHER,
    (S.WITHDRAWN, S.PROPOSED): ONLY_PUBLISHER,
}

NEWS_TRANSITIONS = {
    (N.DRAFT, N.PUBLISHED): ONLY_PUBLISHER,
    (N.PUBLISHED, N.ARCHIVED): ONLY_PUBLISHER,
    (N.ARCHIVED, N.PUBLISHED): ONLY_PUBLISHER,
}

CREATED_AS = {"page": P.DRAFT, "story": S.PROPOSED, "newsitem": N.DRAFT}


def move_problem(table, statuses, old: str, new: str, actor_kinds) -> str | None:
    """Why ``actor_kinds`` may not move a row of ``table`` from ``old`` to ``new`` (None:
    they may)."""
    if new not in statuses.values:
        return _("Unknown status.")
    if old == new or allowed(old, new, actor_kinds, table):
        return None
    labels = {"old": statuses(old).label, "new": statuses(new).label}
    if table.get((old, new)):
        return _("You may not change the status from “%(old)s” to “%(new)s”.") % labels
    return _("The status cannot change from “%(old)s” to “%(new)s”.") % labels


def check_move(table, statuses, old, new, actor_kinds) -> None:
    """``move_problem`` as an error."""
    problem = move_problem(table, statuses, old, new, actor_kinds)
    if problem:
        raise ValidationError(problem, code="invalid_move")
