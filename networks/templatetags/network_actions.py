"""What an action's owner may set its status to, for the select on My page."""

from django import template

from networks import workflow
from networks.models import Action

register = template.Library()


@register.filter
def owner_status_choices(action: Action) -> list[tuple[str, str]]:
    """The action's status and the moves ``workflow.ACTION_TRANSITIONS`` allows its owner
    (My page lists the actions the person owns), in the statuses' order."""
    moves = workflow.moves(action.status, workflow.OWNER, workflow.ACTION_TRANSITIONS)
    offered = {action.status, *moves}
    return [(value, label) for value, label in Action.Status.choices if value in offered]
