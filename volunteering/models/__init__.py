from volunteering.models.callouts import CallOut, Pledge
from volunteering.models.capabilities import Skill
from volunteering.models.posts import Interest, Post, RecordExtractCheck, Shift, ShiftSignup
from volunteering.models.recognition import Recognition
from volunteering.models.volunteers import Readiness, Volunteer

__all__ = [
    "CallOut",
    "Interest",
    "Pledge",
    "Post",
    "Readiness",
    "Recognition",
    "RecordExtractCheck",
    "Shift",
    "ShiftSignup",
    "Skill",
    "Volunteer",
]
