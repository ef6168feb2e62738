"""Inline formsets of the admin that refuse a page out of step with the stored rows.

A formset's management form says how many of its rows are stored ones (INITIAL_FORMS). Had
it said fewer than the rows the page carries -- a page out of date, or a tampered one --
Django took the stored rows for new ones and saved them again: a duplicate key, a 500.
Such a page is refused with an error that says to open it again.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class StoredRowsCheck:
    """For a BaseInlineFormSet (or subclass): a row posted as new must not be a stored one."""

    def clean(self):
        super().clean()
        pk_name = self.model._meta.pk.name
        if any(form.cleaned_data.get(pk_name) for form in self.extra_forms if form.is_valid()):
            raise ValidationError(
                _("The page is out of date: open it again and make the changes again."),
                code="out_of_date",
            )


def checked_inline(inline_class) -> None:
    """Give ``inline_class`` (an InlineModelAdmin) the check, once."""
    if not issubclass(inline_class.formset, StoredRowsCheck):
        formset = inline_class.formset
        inline_class.formset = type(f"Checked{formset.__name__}", (StoredRowsCheck, formset), {})
