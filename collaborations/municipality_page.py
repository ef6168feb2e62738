"""The public municipality page's section of its public collaborations
(``portal.municipality_page``), registered from ``CollaborationsConfig.ready()``."""

from collaborations.queries_public import public_collaborations
from portal import municipality_page

SHOWN = 10


@municipality_page.section("collaborations/_municipality_page.html")
def collaborations(request, municipality) -> dict:
    current = public_collaborations(municipality).order_by("-starts_on", "title", "pk")
    return {"public_collaborations": current[:SHOWN]}
