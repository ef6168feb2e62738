"""The register's retention rule (run by ``portal.retention``), registered from
``CollaborationsConfig.ready()``: declined proposals whose answer is older than the
municipality's period for rejected applications (``ReminderPolicy.rejected_application_years``)
are deleted, with the text an association wrote and the name of who sent it. Proposals
taken up stay with the collaboration they became."""

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _

from collaborations.models import Proposal
from portal import audit_text, retention


@retention.rule
def declined_proposals(municipality, policy, now) -> list[retention.Step]:
    if policy.rejected_application_years is None:
        return []
    cutoff = now - relativedelta(years=policy.rejected_application_years)
    old = Proposal.objects.filter(
        municipality=municipality, status=Proposal.Status.DECLINED, decided_at__lt=cutoff
    )
    return [retention.Step("declined_proposals", municipality, old, action=_delete)]


def _delete(ids) -> None:
    Proposal.objects.filter(pk__in=ids).delete()


def _describe(event) -> None:
    event.say(_("Retention: declined collaboration proposals removed"))
    event.note(_("How many"), str(event.after.get("count", "")))


audit_text.register("retention.declined_proposals", _describe)
