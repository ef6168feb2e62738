"""``{{ amount|kronor }}``: an amount as portal.money writes it in the page's language."""

from django import template

from portal.money import format_amount, format_number, format_ore

register = template.Library()


@register.filter
def kronor(value):
    return format_amount(value)


@register.filter
def ore_kronor(value):
    """An amount kept in integer öre (``amount_ore``), written as ``|kronor`` writes kronor."""
    return format_ore(value)


@register.filter
def kronor_number(value):
    """The number without the currency, for a column whose header names it."""
    return format_number(value)
