"""How the audit trail reads the posts events (portal.audit_text)."""
