"""What Django's admin widgets leave unnamed or untranslated, named for every admin page."""

from django.contrib import admin
from django.contrib.admin import widgets
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def name_date_and_time(formfield) -> None:
    """Name the date and the time input of a date-and-time field ("Öppnar, datum"): Django's
    split widget labels neither (its label points at no input, axe: label)."""
    label = capfirst(str(formfield.label))
    date, time = formfield.widget.widgets
    date.attrs["aria-label"] = gettext("%(field)s, date") % {"field": label}
    time.attrs["aria-label"] = gettext("%(field)s, time") % {"field": label}


class NamedDateTimeAdmin(admin.ModelAdmin):
    """Every date-and-time field of the page with a named date and time input, and every
    file input named by its label: Django 6.1's admin file widget puts its field in a
    fieldset with a legend, which names no input (axe: label); a plain label does."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(formfield.widget, widgets.AdminSplitDateTime):
            name_date_and_time(formfield)
        if formfield is not None and isinstance(formfield.widget, widgets.AdminFileWidget):
            formfield.widget.use_fieldset = False
        return formfield


def boolean_icon(value):
    """Django's yes/no/unknown icon with a translated text: Django's own says "True" or
    "False" whatever the language (its alt is the Python value). Put in place of Django's
    by PortalAdminConfig.ready for every list and read-only field."""
    icon = {True: "yes", False: "no", None: "unknown"}[value]
    text = {True: _("Yes"), False: _("No"), None: _("Unknown")}[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)
