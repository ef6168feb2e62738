"""The public municipality page's section on volunteering (``portal.municipality_page``),
registered from ``VolunteeringConfig.ready()``: where to find volunteer opportunities (the
municipality's posts and the organisations' own, listed together) and the latest thanks
and awards, with a link to all of them."""

from portal import municipality_page
from volunteering.models import Recognition

SHOWN = 3


@municipality_page.section("volunteering/_municipality_page.html")
def volunteering(request, municipality) -> dict:
    latest = Recognition.objects.filter(
        municipality=municipality, status=Recognition.Status.PUBLISHED
    ).order_by("-year", "-published_at", "-pk")
    return {"latest_recognitions": latest.only("pk", "title", "recipient_name", "year")[:SHOWN]}
