"""My page's section of mobilisation and volunteering (``portal.my_page``), registered
from ``VolunteeringConfig.ready()``: for a volunteer, their coming shifts (booked or on
the waiting list) and their open offers to call-outs, with the way to their volunteer
page; for an organisation's people, the way to its volunteer opportunities."""

from django.utils import timezone

from organisations.models import Organisation
from organisations.permissions import NETWORKS, organisations_where
from portal import my_page
from volunteering.models import CallOut, Pledge, ShiftSignup, Volunteer
from volunteering.selectors.posts import with_position

S = ShiftSignup.Status
SHOWN = 10
OPEN_PLEDGES = (Pledge.Status.PLEDGED, Pledge.Status.ACCEPTED)


@my_page.section("volunteering/_my_page.html")
def volunteering(request) -> dict:
    user = request.user
    is_volunteer = Volunteer.objects.filter(user=user).exists()
    coming, pledges = [], []
    if is_volunteer:
        coming = list(
            with_position(
                ShiftSignup.objects.filter(
                    volunteer__user=user,
                    status__in=(S.CONFIRMED, S.WAITING),
                    shift__ends_at__gt=timezone.now(),
                ).select_related("shift__post")
            ).order_by("shift__starts_at", "pk")[:SHOWN]
        )
        pledges = list(
            Pledge.objects.filter(
                volunteer__user=user, status__in=OPEN_PLEDGES, callout__status=CallOut.Status.OPEN
            )
            .select_related("callout")
            .order_by("-pledged_at", "-pk")[:SHOWN]
        )
    offering = list(
        Organisation.objects.filter(pk__in=organisations_where(user, NETWORKS).values("pk"))
        .only("pk", "name")
        .order_by("name")
    )
    return {
        "volunteering_is_volunteer": is_volunteer,
        "volunteering_coming_shifts": coming,
        "volunteering_open_pledges": pledges,
        "volunteering_organisations": offering,
    }
