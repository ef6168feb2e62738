"""My page's section of the person's coming advice times (``portal.my_page``), registered
from ``AdviceConfig.ready()``."""

from advice import selectors
from portal import my_page


@my_page.section("advice/_my_page.html")
def advice_bookings(request) -> dict:
    return {"advice_bookings": list(selectors.coming_bookings_of(request.user)[:20])}
