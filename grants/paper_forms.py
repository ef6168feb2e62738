"""The officer's form to begin entering a paper application (grants.services.paper): which
call, which organisation, and the day the paper arrived. The application itself is the
programme's own form (grants.form_builder.application_form)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.models import Call
from organisations.models import Organisation


class CallChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, call):
        return f"{call.title} ({call.programme.name})"


class PaperStartForm(forms.Form):
    call = CallChoiceField(label=_("Call"), queryset=Call.objects.none())
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        help_text=_("Not in the list? Register the organisation first (Organisations › Add)."),
    )
    received_on = forms.DateField(
        label=_("The paper arrived on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "The day the municipality received the paper (the date stamp). It counts as the "
            "day of submission for the deadline and any late deduction."
        ),
    )
    reference = forms.CharField(
        label=_("Note on the paper"),
        max_length=200,
        required=False,
        help_text=_("E.g. “Arrived by post”, or “Handed in at the reception”."),
    )

    def __init__(self, *args, calls, organisation, **kwargs):
        """``organisation``: the admin's field for it (a search box of the organisations
        the officer may enter papers for, ``grants.admin.paper``), labelled as here."""
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = calls
        declared = self.fields["organisation"]
        organisation.label, organisation.help_text = declared.label, declared.help_text
        organisation.required = True
        organisation.widget.is_required = True
        self.fields["organisation"] = organisation

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise forms.ValidationError(_("The arrival date cannot be in the future."))
        return received_on
