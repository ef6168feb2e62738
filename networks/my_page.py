"""My page's section of the person's open actions in networks (``portal.my_page``),
registered from ``NetworksConfig.ready()``."""

from networks import selectors
from portal import my_page


@my_page.section("networks/_my_page.html")
def actions(request) -> dict:
    return {"actions": selectors.open_actions_for_user(request.user)}
