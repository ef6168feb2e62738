"""A model field for rich text (information.richtext): a text column whose form field is
the rich-text editor and whose value is sanitised when the form is cleaned."""

from django import forms
from django.db import models

from information import richtext
from information.widgets import RichTextWidget


class RichTextFormField(forms.CharField):
    widget = RichTextWidget

    def clean(self, value):
        return super().clean(richtext.clean(value or ""))


class RichTextField(models.TextField):
    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": RichTextFormField, "widget": RichTextWidget, **kwargs}
        )
