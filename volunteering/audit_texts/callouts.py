"""How the audit trail reads the callouts events (portal.audit_text)."""
