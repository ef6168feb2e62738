"""The admin of segments and mailings (the coordinators' tools), one module per subject."""

from outreach.admin import mailings, segments  # noqa: F401
