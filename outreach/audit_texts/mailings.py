"""Sentences for the audit codes of segments and mailings."""
