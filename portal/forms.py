"""Form helpers shared by the apps' views and admin pages."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BoundField
from django.forms.models import ModelChoiceIterator


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError in the form, field by field where it names one of
    the form's fields, otherwise at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class BootstrapBoundField(BoundField):
    """A field rendered with Bootstrap 5 classes by Django's own form templates.

    crispy-forms renders the same markup at about 4 ms a field: on the dashboard and the
    public filter panels the filter fields were half the page time.
    """

    template_name = "components/field.html"

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        classes = [widget.attrs.get("class", ""), attrs.get("class", ""), css]
        if self.errors:
            classes.append("is-invalid")
        attrs["class"] = " ".join(c for c in classes if c)
        return attrs


class ListedModelChoiceIterator(ModelChoiceIterator):
    """Choices from one ordinary query whose rows the queryset keeps.

    Django's iterator streams the rows through a server-side cursor, three round trips to
    the database for every select on every render; a select shows all its rows anyway.
    Keeps django-filter's "none" choice (``null_label``) where the field has one.
    """

    def _leading(self) -> list[tuple]:
        """The choices before the objects: "all" (empty label) and django-filter's "none"."""
        leading = []
        if self.field.empty_label is not None:
            leading.append(("", self.field.empty_label))
        if getattr(self.field, "null_label", None) is not None:
            leading.append((self.field.null_value, self.field.null_label))
        return leading

    def __iter__(self):
        yield from self._leading()
        for obj in self.queryset:
            yield self.choice(obj)

    def __len__(self):
        return len(self._leading()) + len(self.queryset)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.queryset)


class BootstrapForm(forms.Form):
    """A form whose fields render as Bootstrap 5 field groups: ``{{ field.as_field_group }}``.

    Plain selects write their options out in one template loop (``components/select.html``):
    Django's own select renders a template per option, most of a short form's time. Model
    choices are read with one plain query (``ListedModelChoiceIterator``).
    """

    bound_field_class = BootstrapBoundField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                field.widget.template_name = "components/select.html"
            if isinstance(field, forms.ModelChoiceField):
                field.iterator = ListedModelChoiceIterator
                field.widget.choices = field.choices
