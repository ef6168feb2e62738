"""How the audit trail reads the recognition events (portal.audit_text)."""
