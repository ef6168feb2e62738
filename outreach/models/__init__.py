"""The app's models, one module per subject."""

from outreach.models.segments import MailingOptOut, Segment

__all__ = ["MailingOptOut", "Segment"]
