"""The ground floor: municipalities, people, roles, permissions, audit, the outbox, auth."""
