"""Small builders for the register's tests (through the services)."""

from datetime import timedelta

from django.utils import timezone

from collaborations import services
from collaborations.models import Collaboration, Party


def recorded(c, *, by=None, administration=None, **data):
    """A planned collaboration of the culture administration, recorded by its officer."""
    values = {
        "title": "Läxhjälp i Fisksätra",
        "kind": Collaboration.Kind.VOLUNTEER_HOSTING,
        "level": Collaboration.Level.OPERATIONAL,
        "administration": administration or c.culture,
    }
    values.update(data)
    return services.collaboration_create(
        municipality=c.municipality, by=by or c.culture_officer, data=values
    )


def iop(c, *, by=None, assessed=True, parties=True):
    """An IOP of the social administration with the women's shelter: the agreement, its
    assessment and two parties (the organisation and the administration)."""
    by = by or c.social_officer
    collaboration = recorded(
        c,
        by=by,
        administration=c.social,
        title="IOP Kvinnojouren",
        kind=Collaboration.Kind.IOP,
        level=Collaboration.Level.STRATEGIC,
        partners=[c.organisation],
    )
    agreement = services.agreement_save(
        collaboration=collaboration, by=by, data={"legal_form": "iop", "follow_up_month": 3}
    )
    if assessed:
        services.agreement_assess(
            agreement=agreement,
            by=by,
            legal_form="iop",
            assessment="Kvinnojouren bidrar med egna insatser; inget köp, inget bidrag.",
            assessed_on=timezone.localdate() - timedelta(days=1),
        )
    if parties:
        Party.objects.create(agreement=agreement, organisation=c.organisation)
        Party.objects.create(agreement=agreement, administration=c.social)
    collaboration.refresh_from_db()
    return collaboration
