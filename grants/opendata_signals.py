"""What drops a municipality's published grants (``grants.opendata``): every change to a
value the open-data files or the public page show. The version is dropped at once (a
request in the same transaction, or a test, sees the change) and again when the change
commits (a request that built the files meanwhile read the data from before it)."""

from functools import lru_cache

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from grants import opendata
from grants.models import Application, Call, Decision, GrantProgramme, Payout, PayoutBatch
from organisations.models import IdentityChange, Organisation
from portal.models import Committee, District, FocusArea, Municipality

# An application shows only once decided: a draft or a case in progress changes nothing.
UNDECIDED = frozenset(
    status.value
    for status in (
        Application.Status.DRAFT,
        Application.Status.SUBMITTED,
        Application.Status.UNDER_REVIEW,
        Application.Status.COMPLETION_REQUESTED,
    )
)


_drop = opendata.FILES.drop


def _of_application(application_id):
    return Application.objects.filter(pk=application_id).values_list("municipality_id", flat=True)


def _connect(model, municipality_of):
    def changed(sender, instance, **kwargs):
        if kwargs.get("raw"):
            return
        for municipality_id in municipality_of(instance):
            _drop(municipality_id)

    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"opendata-{model.__name__}")
    post_delete.connect(
        changed, sender=model, weak=False, dispatch_uid=f"opendata-del-{model.__name__}"
    )


_connect(Municipality, lambda m: [m.pk])
_connect(Application, lambda a: [] if a.status in UNDECIDED else [a.municipality_id])
_connect(Decision, lambda d: _of_application(d.application_id))
_connect(Payout, lambda p: _of_batch(p.batch_id))
_connect(PayoutBatch, lambda b: _of_batch(b.pk, b.committee_id))


@lru_cache(maxsize=1024)
def _of_batch(batch_id, committee_id=None) -> tuple:
    """A batch's municipality, kept: a batch never changes committee, nor a committee its
    municipality. Cancelling a batch deletes its thousands of payouts one signal each; a
    query per payout made the cancel thousands of queries."""
    committees = Committee.objects.filter(
        pk=committee_id if committee_id is not None else PayoutBatch.objects.filter(
            pk=batch_id).values("committee_id")[:1]
    )  # fmt: skip
    return tuple(committees.values_list("municipality_id", flat=True))


_connect(
    GrantProgramme,
    lambda p: Committee.objects.filter(pk=p.committee_id).values_list("municipality_id", flat=True),
)
_connect(
    Call,
    lambda c: GrantProgramme.objects.filter(pk=c.programme_id).values_list(
        "committee__municipality_id", flat=True
    ),
)
_connect(Organisation, lambda o: [o.municipality_id])
_connect(
    IdentityChange,
    lambda c: Organisation.objects.filter(pk=c.organisation_id).values_list(
        "municipality_id", flat=True
    ),
)
_connect(District, lambda d: [d.municipality_id])
_connect(FocusArea, lambda f: [f.municipality_id])


@receiver(m2m_changed, sender=Application.focus_areas.through, dispatch_uid="opendata-focus")
def _focus_areas_changed(sender, instance, action, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, Application):
        if instance.status not in UNDECIDED:
            _drop(instance.municipality_id)
    else:  # a focus area's applications changed from its side
        _drop(instance.municipality_id)
