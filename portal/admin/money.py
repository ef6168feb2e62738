"""Amounts in the admin's lists and read-only fields, written as portal.money writes them
("25 000 kr", "SEK 25,000") instead of Django's bare localized Decimal ("25000,00")."""

from django.contrib import admin

from portal.money import format_amount


def amount_display(path: str, description, *, ordering: str | None = None):
    """A ModelAdmin (or inline) method showing the amount at ``path``, an attribute or a
    ``__``-separated chain of them (``decision__amount``); put it in the class body under
    the name used in ``list_display`` / ``readonly_fields``.

    The description names no currency: the formatted amount does."""
    parts = path.split("__")

    def display(model_admin, obj):
        value = obj
        for part in parts:
            value = getattr(value, part, None)
            if value is None:
                break
        return format_amount(value)

    return admin.display(description=description, ordering=ordering)(display)
