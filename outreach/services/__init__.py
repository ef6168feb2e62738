"""Writes of the app: follows and alert settings, alerts, segments and mailings."""
