"""Who hears of what is announced (portal.announcements): alerts to followers."""
