"""The networks' retention rule for open forums (run by ``portal.retention``), registered
from ``NetworksConfig.ready()``:

* **Open sign-ups are deleted six months after their meeting.** A sign-up holds the name,
  address, access needs and interpreting of someone who often has no account; after the
  meeting it only serves the follow-up (who came, questions afterwards), for which six
  months is ample. The meeting keeps its attendance of members; the audit trail never
  named the people who signed up.
"""

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _

from networks.models import OpenSignup
from portal import audit_text, retention

SIGNUP_MONTHS = 6


@retention.rule
def old_open_signups(municipality, policy, now) -> list[retention.Step]:
    old = OpenSignup.objects.filter(
        meeting__municipality=municipality,
        meeting__ends_at__lt=now - relativedelta(months=SIGNUP_MONTHS),
    )
    return [retention.Step("open_signups", municipality, old, action=_delete_signups)]


def _delete_signups(ids) -> None:
    OpenSignup.objects.filter(pk__in=ids).delete()


def _open_signups(event) -> None:
    event.say(_("Retention: sign-ups to open forums held six months ago deleted"))
    event.note(_("How many"), str(event.after.get("count", "")))


audit_text.register("retention.open_signups", _open_signups)
