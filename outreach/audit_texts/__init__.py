"""The audit trail's sentences for the app's codes, one module per subject."""

from outreach.audit_texts import follows, mailings  # noqa: F401
