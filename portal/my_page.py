"""My page's sections contributed by the apps: the portal shows the person's roles, their
data and the erasure form, and knows none of the domain apps; each app adds what it holds
for the person (their organisations, their open actions in networks).

How an app adds a section, without touching ``portal/``: in ``<app>/my_page.py``::

    from portal import my_page

    @my_page.section("organisations/_my_page.html")
    def _organisations(request) -> dict:
        return {"memberships": request.user.memberships.select_related(...)}

and import that module from the app's ``AppConfig.ready()`` (as ``audit_texts`` is). The
function's result goes into the page's context (keys must not clash with another
section's); the template is included with that context, above the person's roles.
Sections come in the order they were registered (the order of ``INSTALLED_APPS``); a
template registered again replaces the earlier one.
"""

from collections.abc import Callable

_SECTIONS: dict[str, Callable[..., dict]] = {}


def section(template: str):
    """Register ``function(request) -> context`` shown with ``template`` (a decorator)."""

    def decorate(function):
        _SECTIONS[template] = function
        return function

    return decorate


def unregister(template: str) -> None:
    """Forget a section (tests that register one of their own)."""
    _SECTIONS.pop(template, None)


def sections_context(request) -> dict:
    """The sections' templates (``my_page_sections``) and their merged context."""
    context = {"my_page_sections": list(_SECTIONS)}
    for function in list(_SECTIONS.values()):
        context.update(function(request))
    return context
