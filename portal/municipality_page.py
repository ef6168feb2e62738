"""The public municipality page's sections contributed by the apps: the portal shows the
municipality's focus areas, committees, districts and target groups, and knows none of the
domain apps; each app adds what it shows the public about the municipality (its public
networks).

How an app adds a section, without touching ``portal/``: in ``<app>/municipality_page.py``::

    from portal import municipality_page

    @municipality_page.section("networks/_municipality_page.html")
    def _networks(request, municipality) -> dict:
        return {"networks": municipality.networks.filter(visibility="public")}

and import that module from the app's ``AppConfig.ready()`` (as ``audit_texts`` is). The
function's result goes into the page's context (keys must not clash with another
section's; return lazy querysets so the page only reads what it shows); the template is
included with that context, below the focus areas. Sections come in the order they were
registered (the order of ``INSTALLED_APPS``); a template registered again replaces the
earlier one.
"""

from collections.abc import Callable

_SECTIONS: dict[str, Callable[..., dict]] = {}


def section(template: str):
    """Register ``function(request, municipality) -> context`` shown with ``template``
    (a decorator)."""

    def decorate(function):
        _SECTIONS[template] = function
        return function

    return decorate


def unregister(template: str) -> None:
    """Forget a section (tests that register one of their own)."""
    _SECTIONS.pop(template, None)


def sections_context(request, municipality) -> dict:
    """The sections' templates (``municipality_page_sections``) and their merged context."""
    context = {"municipality_page_sections": list(_SECTIONS)}
    for function in list(_SECTIONS.values()):
        context.update(function(request, municipality))
    return context
