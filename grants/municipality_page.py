"""The public municipality page's section on grants (``portal.municipality_page``):
where the municipality's decided grants are listed and published as open data.
Registered from ``GrantsConfig.ready()``."""

from portal import municipality_page


@municipality_page.section("grants/_municipality_page.html")
def decided_grants(request, municipality) -> dict:
    return {}  # the template links to the municipality's list of decided grants
