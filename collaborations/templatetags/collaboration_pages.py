"""``{{ contribution.amount_ore|ore_kronor }}``: an amount stored in öre, shown in kronor as
portal.money writes it (``25 000 kr``); None stays an en dash."""

from django import template

from collaborations.queries_public import ore_to_kronor
from portal.money import format_amount

register = template.Library()


@register.filter
def ore_kronor(value):
    return format_amount(ore_to_kronor(value))
