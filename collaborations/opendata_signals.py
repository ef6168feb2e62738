"""What drops a municipality's published collaborations (``collaborations.opendata``):
every change to a value the open-data files show — a collaboration, its focus areas,
districts, partners and outside partners, and the names of what they refer to (the
organisations, the administration, focus areas, districts, the municipality). Dropped at
once and again when the change commits (``portal.published_files``). Which collaborations
are shown also depends on the day: a version lasts until midnight at most."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from collaborations.models import Collaboration, OutsidePartner
from collaborations.opendata import FILES
from organisations.models import Organisation
from portal.models import Administration, District, FocusArea, Municipality


def _connect(model, municipality_of, shown=None):
    """``shown``: the fields the files show of ``model``; a save that names its
    ``update_fields`` and none of these changes nothing in them."""

    def changed(sender, instance, **kwargs):
        if kwargs.get("raw"):
            return
        fields = kwargs.get("update_fields")
        if shown and fields is not None and not set(fields) & shown:
            return
        for municipality_id in municipality_of(instance):
            FILES.drop(municipality_id)

    uid = f"collaborations-opendata-{model.__name__}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-del")


def _of_collaborations(ids):
    return set(Collaboration.objects.filter(pk__in=ids).values_list("municipality_id", flat=True))


_connect(Municipality, lambda m: [m.pk])
_connect(Collaboration, lambda c: [c.municipality_id])
_connect(OutsidePartner, lambda p: _of_collaborations([p.collaboration_id]))
# Partners are the municipality's own organisations (collaborations.services).
_connect(Organisation, lambda o: [o.municipality_id], shown={"name", "organisation_number"})
_connect(Administration, lambda a: [a.municipality_id])
_connect(District, lambda d: [d.municipality_id])
_connect(FocusArea, lambda f: [f.municipality_id])


def _relations_changed(sender, instance, action, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    FILES.drop(instance.municipality_id)
    if not isinstance(instance, Collaboration) and pk_set:  # changed from the other side
        for municipality_id in _of_collaborations(pk_set) - {instance.municipality_id}:
            FILES.drop(municipality_id)


for _field in ("focus_areas", "districts", "partners"):
    m2m_changed.connect(
        _relations_changed,
        sender=getattr(Collaboration, _field).through,
        weak=False,
        dispatch_uid=f"collaborations-opendata-{_field}",
    )
