"""Writes of advice times: publishing times (one or a series), booking and cancelling."""
