"""The public municipality page's section of its public networks
(``portal.municipality_page``), registered from ``NetworksConfig.ready()``."""

from networks.models import Network
from portal import municipality_page


@municipality_page.section("networks/_municipality_page.html")
def public_networks(request, municipality) -> dict:
    networks = municipality.networks.filter(visibility=Network.Visibility.PUBLIC)
    return {"networks": networks.order_by("name")}
