"""The networks app in the admin, the coordinators' tool: networks and members (join
requests), meeting places, meetings (invitations, attendance, minutes, actions), actions
and shared documents. Each module registers its classes with ``@admin.register``."""

from networks.admin.actions import ActionAdmin, NetworkDocumentAdmin
from networks.admin.meetings import MeetingAdmin
from networks.admin.networks import MeetingPlaceAdmin, NetworkAdmin, NetworkMemberAdmin

__all__ = [
    "ActionAdmin",
    "MeetingAdmin",
    "MeetingPlaceAdmin",
    "NetworkAdmin",
    "NetworkDocumentAdmin",
    "NetworkMemberAdmin",
]
