"""Forms of host organisations (värdorganisationer): the group names a host, the host answers.
The rules they feed live in grants.services.hosts."""

from django import forms
from django.utils.translation import gettext_lazy as _

from grants.services.hosts import HOST_PROMISE
from organisations.models import Organisation
from portal.forms import BootstrapForm


class HostRequestForm(BootstrapForm):
    host = forms.ModelChoiceField(
        label=_("Host organisation"),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose an association"),
        help_text=_("A registered association in the municipality, e.g. a study association."),
    )
    message = forms.CharField(
        label=_("Message to the host"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the group does and why you ask them."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = candidates  # also the select's choices


class HostAnswerForm(BootstrapForm):
    ACCEPT, DECLINE = "accept", "decline"

    signatory_name = forms.CharField(
        label=_("Your full name (signature)"),
        max_length=200,
        required=False,
        help_text=_("Typing your name signs the acceptance for the organisation."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    signatory_role = forms.CharField(
        label=_("Your role in the organisation"),
        max_length=100,
        required=False,
        help_text=_("For example chair (ordförande) or treasurer (kassör)."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    promise = forms.BooleanField(label=HOST_PROMISE, required=False)
    note = forms.CharField(
        label=_("Note to the group"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
