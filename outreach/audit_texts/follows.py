"""Sentences for the audit codes of following."""
