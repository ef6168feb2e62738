"""``{% payment_plan decision as plan %}``: a decision's payment plan for a page (one query;
grants.selectors.decision_plan)."""

from django import template

from grants import selectors

register = template.Library()


@register.simple_tag
def payment_plan(decision):
    return selectors.decision_plan(decision)
