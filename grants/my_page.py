"""My page's section of host requests (Värdförfrågningar) to the organisations where the
person may sign (``portal.my_page``), registered from ``GrantsConfig.ready()``."""

from grants.models import HostAgreement
from grants.selectors.hosts import host_requests_for_user
from portal import my_page


@my_page.section("grants/_my_page_hosts.html")
def host_requests(request) -> dict:
    waiting = host_requests_for_user(request.user).filter(status=HostAgreement.Status.REQUESTED)
    return {"host_requests_waiting": list(waiting[:20])}
