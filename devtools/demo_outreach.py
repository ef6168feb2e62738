"""Demo data of issue #24's outreach part (see README, "Demo data"); safe to run again."""


def seed(municipalities: dict, user) -> None:
    """Create or update the demo's outreach data: ``municipalities`` by slug, and
    ``user(email, full_name)`` creates or returns a demo login."""
