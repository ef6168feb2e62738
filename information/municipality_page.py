"""The public municipality page's section on the municipality's information
(``portal.municipality_page``), registered from ``InformationConfig.ready()``: the way to the
policy, how the municipality collaborates, its contacts, stories of good practice and news."""

from information.models import Page
from portal import municipality_page


@municipality_page.section("information/_municipality_page.html")
def information(request, municipality) -> dict:
    return {
        "information_policy": Page.objects.filter(
            municipality=municipality, kind=Page.Kind.POLICY, status=Page.Status.PUBLISHED
        )
        .only("pk", "slug", "title_sv", "title_en")
        .first()
    }
