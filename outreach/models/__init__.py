"""The app's models, one module per subject."""

from outreach.models.follows import Alert, AlertSetting, Follow
from outreach.models.mailings import Mailing
from outreach.models.segments import MailingOptOut, Segment

__all__ = ["Alert", "AlertSetting", "Follow", "Mailing", "MailingOptOut", "Segment"]
