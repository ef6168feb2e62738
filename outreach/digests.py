"""The daily and weekly digests of alerts (a daily rule of portal.reminders)."""
