"""The rich-text editor (Tiptap, from django-prose-editor's static files) started by
``information/editor.js`` under the portal's Content-Security-Policy: a module script from
our own static files, no import map and no injected style element (the editor's base styles
are in ``information/editor.css``). Without JavaScript the field stays a plain text area of
HTML, which is sanitised all the same."""

from django import forms
from django.forms.widgets import Script
from django.utils.translation import gettext_lazy as _

# The editor's buttons and dialogs, in the reader's language (read by editor.js).
LABELS = {
    "Bold": _("Bold"),
    "Italic": _("Italic"),
    "Heading": _("Heading"),
    "Heading 2": _("Heading 2"),
    "Heading 3": _("Heading 3"),
    "Heading 4": _("Heading 4"),
    "Paragraph": _("Paragraph"),
    "Bullet list": _("Bullet list"),
    "Numbered list": _("Numbered list"),
    "Blockquote": _("Quote"),
    "Link": _("Link"),
    "Undo": _("Undo"),
    "Redo": _("Redo"),
    "Update": _("Save"),
    "Cancel": _("Cancel"),
    "URL": _("Address (URL)"),
    "Title": _("Title"),
    "Remove link": _("Remove link"),
    "Edit Link": _("Edit link"),
    "insert link": _("Link"),
    "Edit HTML": _("Edit HTML"),
    "HTML": _("HTML"),
}


class RichTextWidget(forms.Textarea):
    template_name = "information/widgets/richtext.html"

    def __init__(self, attrs=None):
        super().__init__({"rows": 12, "class": "richtext-source", **(attrs or {})})

    @property
    def media(self):
        return forms.Media(
            css={
                "all": [
                    "django_prose_editor/material-icons.css",
                    "django_prose_editor/editor.css",
                    "django_prose_editor/overrides.css",
                    "information/editor.css",
                ]
            },
            js=[Script("information/editor.js", type="module")],
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-richtext"] = "1"
        context["labels"] = {key: str(label) for key, label in LABELS.items()}
        context["labels_id"] = f"{context['widget']['attrs'].get('id', name)}-labels"
        return context

    def use_required_attribute(self, initial):
        return False  # the text area is hidden behind the editor; the server says what is missing
