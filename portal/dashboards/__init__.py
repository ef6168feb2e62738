"""Dashboards for politicians and officers: where collaboration stands, per focus area."""
