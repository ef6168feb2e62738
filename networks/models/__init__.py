"""The networks app's models: networks and members, meetings, actions and documents."""

from networks.models.feeds import CalendarFeed
from networks.models.meetings import AgendaItem, Attendance, Invitation, Meeting, MeetingPlace
from networks.models.networks import Network, NetworkMember
from networks.models.signups import OpenSignup
from networks.models.work import Action, NetworkDocument, network_document_path

__all__ = [
    "Action",
    "AgendaItem",
    "Attendance",
    "CalendarFeed",
    "Invitation",
    "Meeting",
    "MeetingPlace",
    "Network",
    "NetworkDocument",
    "NetworkMember",
    "OpenSignup",
    "network_document_path",
]
