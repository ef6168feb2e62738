"""Reads of the app: who a segment reaches, what a person follows, a mailing's status."""
