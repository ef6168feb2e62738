"""Following's retention rule (run by ``portal.retention``), registered from
``OutreachConfig.ready()``:

* **Alerts older than a year are deleted.** An alert is a copy of an announcement's title
  and link for one follower, kept until it went out (at once or in a digest). After a
  year it has long been sent, or its person paused their alerts and will not read it: the
  news itself stays on the portal's pages. What a person follows is not thinned here: they
  change it themselves, and the erasure on My page removes it.
"""

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _

from outreach.models import Alert
from portal import audit_text, retention

ALERT_YEARS = 1


@retention.rule
def old_alerts(municipality, policy, now) -> list[retention.Step]:
    old = Alert.objects.filter(
        municipality=municipality, created_at__lt=now - relativedelta(years=ALERT_YEARS)
    )
    return [retention.Step("alerts", municipality, old, action=_delete_alerts)]


def _delete_alerts(ids) -> None:
    Alert.objects.filter(pk__in=ids).delete()


def _alerts(event) -> None:
    event.say(_("Retention: alerts to followers older than a year removed"))
    event.note(_("How many"), str(event.after.get("count", "")))


audit_text.register("retention.alerts", _alerts)
