"""How the audit trail reads surveys' events (see portal.audit_text); imported from
SurveysConfig.ready()."""

from surveys.audit_texts import surveys  # noqa: F401
