"""The organisations' reminders (run daily by ``portal.reminders``): the yearly renewal of
eligibility. Registered from ``OrganisationsConfig.ready()``."""

from datetime import timedelta

from organisations.models import EligibilityPeriod
from organisations.selectors import people_by_organisation
from portal import reminders
from portal.notifications import notify_many


@reminders.rule
def renewal(municipality, today) -> int:
    """Eligibility that lapses within N days: time for the yearly renewal."""
    days = reminders.policy(municipality).renewal_days
    if days is None:
        return 0
    periods = list(
        EligibilityPeriod.objects.filter(
            organisation__municipality=municipality,
            revoked_at__isnull=True,
            valid_until__gte=today,
            valid_until__lte=today + timedelta(days=days),
        ).select_related("organisation")
    )
    people = people_by_organisation((p.organisation_id for p in periods), roles=["responsible"])
    items = [
        (
            f"eligibility:{p.pk}",
            {
                "period": p,
                "organisation": p.organisation,
                "url": reminders.url("organisations:detail", p.organisation_id),
            },
            people.get(p.organisation_id, []),
        )
        for p in periods
    ]
    return len(
        notify_many(
            kind="reminder.renewal",
            template="organisations/email/renewal",
            items=items,
            municipality=municipality,
        )
    )
