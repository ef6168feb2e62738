"""Sentences for the collaboration register's audit events (filled in with the services)."""
