"""The top floor: dashboards, their rollups, the monthly reports and the exports.

Reads every app (grants, organisations, networks, portal); no app imports it.
"""
