"""An association proposes a story of good practice (the public proposal page)."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from portal.models import District, FocusArea


def paragraphs(text: str) -> str:
    """Plain text written in a text area as HTML paragraphs (blank lines between them)."""
    parts = [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n")]
    return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in parts if p)


class StoryProposalForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("For the organisation"), queryset=None, empty_label=None
    )
    title_sv = forms.CharField(label=_("Title (Swedish)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    summary_sv = forms.CharField(
        label=_("Summary (Swedish)"), max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A sentence or two shown in the list of stories."),
    )  # fmt: skip
    summary_en = forms.CharField(
        label=_("Summary (English)"), max_length=500, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    body_sv = forms.CharField(
        label=_("The story (Swedish)"), widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("What you did, with whom, and what came of it. Leave a blank line "
                    "between paragraphs; the municipality may format the text before it is "
                    "published."),
    )  # fmt: skip
    body_en = forms.CharField(
        label=_("The story (English)"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    focus_areas = forms.ModelMultipleChoiceField(
        label=_("Focus areas"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    districts = forms.ModelMultipleChoiceField(
        label=_("Districts"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, municipality, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations.order_by("name")
        self.fields["focus_areas"].queryset = FocusArea.objects.filter(
            municipality=municipality
        ).order_by("ordering", "name")
        self.fields["districts"].queryset = District.objects.filter(
            municipality=municipality
        ).order_by("ordering", "name")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "organisation"}
        data["body_sv"] = paragraphs(data.get("body_sv", ""))
        data["body_en"] = paragraphs(data.get("body_en", ""))
        return data
