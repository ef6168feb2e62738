"""How the audit trail reads mobilisation and volunteering's events (see
portal.audit_text), one module per subject; imported from VolunteeringConfig.ready()."""

from volunteering.audit_texts import callouts, posts, recognition, volunteers  # noqa: F401
