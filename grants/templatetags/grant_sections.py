"""Sections of the application page and the officer's case page that read their own data:
each page includes the section's template with one line, and the template asks here."""

from django import template

from grants.models import Decision, HostAgreement
from grants.sections import host_section_context, invoices_section_context

register = template.Library()


@register.simple_tag(takes_context=True)
def host_section(context, application):
    """The group's host organisation section (grants/_host.html)."""
    return host_section_context(application, context["request"].user)


@register.simple_tag(takes_context=True)
def invoices_section(context, application):
    """The group's suppliers' invoices section (grants/_invoices.html)."""
    return invoices_section_context(application, context["request"].user)


@register.simple_tag
def case_hosts_invoices(application):
    """For the officer's case page: the host agreement, the decision and its invoices."""
    decision = Decision.objects.filter(application=application).select_related("host").first()
    return {
        "agreement": HostAgreement.objects.filter(application=application)
        .select_related("host", "signed_by")
        .first(),
        "decision": decision,
        "invoices": list(decision.invoices.select_related("reviewed_by"))
        if decision is not None
        else [],
    }
