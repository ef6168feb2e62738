"""What a person follows, on My page (``portal.my_page``), registered from
``OutreachConfig.ready()``: per municipality what they follow and how often they hear of
it, with the way to change it."""

from outreach.selectors.follows import followed_everywhere
from portal import my_page


@my_page.section("outreach/_my_page.html")
def following(request) -> dict:
    return {"outreach_followed": followed_everywhere(request.user)}
