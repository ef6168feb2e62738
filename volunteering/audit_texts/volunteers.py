"""How the audit trail reads the volunteers events (portal.audit_text)."""
