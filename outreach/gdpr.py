"""GDPR: what the app keeps about a person (follows, alerts, opt-outs), for export and erasure.

Following: the export holds what the person follows in each municipality, how often and
what news they want, and the alerts stored for them (sent or waiting). Erasure removes all
of it: it only concerns the person.

Mailings: the export names the municipalities whose mailings the person's address opted
out of. Erasure keeps those opt-outs: they hold only the address, and they are what keeps
the municipality from writing to it again (a suppression list)."""

from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy

from outreach.models import Alert, AlertSetting, Follow, MailingOptOut
from outreach.models.follows import TARGETS
from portal import audit_text
from portal.gdpr import erasure, export
from portal.gdpr.export import iso

audit_text.register_erased("follows", gettext_lazy("Follows removed"))
audit_text.register_erased("alerts", gettext_lazy("Alerts removed"))


@export.section
def following(user) -> dict:
    follows = (
        Follow.objects.filter(user=user)
        .select_related("municipality", *TARGETS)
        .order_by("municipality__name", "pk")
    )
    return {
        "follows": [
            {
                "municipality": f.municipality.name,
                "follows": f.target_name,
                "name": str(f.target),
                "since": iso(f.created_at),
            }
            for f in follows
        ],
        "alert_settings": [
            {"municipality": s.municipality.name, "how_often": s.frequency, "news": list(s.kinds)}
            for s in AlertSetting.objects.filter(user=user).select_related("municipality")
        ],
        "alerts": [
            {
                "municipality": a.municipality.name,
                "kind": a.kind,
                "title": a.title,
                "page": a.path,
                "created_at": iso(a.created_at),
                "sent_at": iso(a.sent_at),
            }
            for a in Alert.objects.filter(user=user).select_related("municipality")
        ],
        "mailing_opt_outs": [
            {"municipality": o.municipality.name, "since": iso(o.created_at)}
            for o in MailingOptOut.objects.annotate(address=Lower("email"))
            .filter(address=user.email.lower())
            .select_related("municipality")
        ],
    }


@erasure.step
def erase_following(user) -> dict:
    """What the person follows, their settings and alerts only concern them: all go."""
    follows = Follow.objects.filter(user=user).delete()[0]
    AlertSetting.objects.filter(user=user).delete()
    alerts = Alert.objects.filter(user=user).delete()[0]
    return {"follows": follows, "alerts": alerts}
