"""GDPR: what the app keeps about a person (follows, alerts, opt-outs), for export and erasure."""
