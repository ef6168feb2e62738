"""My page's section of the person's organisations (``portal.my_page``), registered from
``OrganisationsConfig.ready()``."""

from portal import my_page


@my_page.section("organisations/_my_page.html")
def memberships(request) -> dict:
    return {"memberships": request.user.memberships.select_related("organisation__municipality")}
