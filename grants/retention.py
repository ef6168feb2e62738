"""The grants' retention rules (run by ``portal.retention``), registered from
``GrantsConfig.ready()``:

* Rejected applications older than the municipality's period: the typed answers, uploaded
  attachments and message texts go; the case row, its number and its decision stay.
* Drafts nobody submitted, untouched for the same period: deleted (never public records).
"""

from dateutil.relativedelta import relativedelta

from grants.models import Application, ApplicationMessage, Attachment
from portal import retention


@retention.rule
def applications(municipality, policy, now) -> list[retention.Step]:
    if policy.rejected_application_years is None:
        return []
    cutoff = now - relativedelta(years=policy.rejected_application_years)
    mine = Application.objects.filter(call__programme__committee__municipality=municipality)
    rejected = mine.filter(decision__outcome="rejected", decision__decided_at__lt=cutoff).exclude(
        answers={}, attachments__isnull=True
    )
    drafts = mine.filter(status=Application.Status.DRAFT, updated_at__lt=cutoff)
    return [
        retention.Step("rejected_applications", municipality, rejected, action=_thin),
        retention.Step("old_drafts", municipality, drafts, action=_delete_drafts),
    ]


def _thin(ids) -> None:
    for attachment in Attachment.objects.filter(application_id__in=ids).exclude(file=""):
        attachment.file.delete(save=False)
    Attachment.objects.filter(application_id__in=ids).delete()
    ApplicationMessage.objects.filter(application_id__in=ids).update(body="[gallrat]")
    Application.objects.filter(pk__in=ids).update(answers={})


def _delete_drafts(ids) -> None:
    for draft in Application.objects.filter(pk__in=ids):
        for attachment in draft.attachments.exclude(file=""):
            attachment.file.delete(save=False)
        draft.delete()
