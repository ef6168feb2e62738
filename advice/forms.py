"""Forms of advice times: the public list's filter, the booking, and the admin's time (one,
or a series)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from advice.models import AdviceSlot
from portal.forms import BootstrapForm
from portal.models import FocusArea


class SlotFilterForm(BootstrapForm):
    mode = forms.ChoiceField(
        label=_("Form"), required=False, choices=[("", _("All")), *AdviceSlot.Mode.choices]
    )
    focus_area = forms.ModelChoiceField(
        label=_("Focus area"), required=False, queryset=FocusArea.objects.none(),
        empty_label=_("All"),
    )  # fmt: skip

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = FocusArea.objects.filter(
            municipality=municipality
        ).order_by("name")


class BookingForm(BootstrapForm):
    organisation = forms.ModelChoiceField(
        label=_("Booked for"),
        queryset=None,
        required=False,
        empty_label=_("Myself"),
    )
    question = forms.CharField(
        label=_("Your question"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("E.g. “How do we apply for a project grant?” The officer prepares."),
    )
    contact_phone = forms.CharField(
        label=_("Phone"), max_length=40, required=False,
        help_text=_("The number the officer calls."),
    )  # fmt: skip

    def __init__(self, *args, slot, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        count = organisations.count()
        if count:
            self.fields["organisation"].queryset = organisations
        if count == 1:
            self.fields["organisation"].empty_label = None
            self.fields["organisation"].required = True
        elif not count:
            del self.fields["organisation"]
        if slot.mode == AdviceSlot.Mode.PHONE:
            self.fields["contact_phone"].required = True
            self.fields["contact_phone"].error_messages["required"] = _(
                "Give the number the officer calls."
            )
            self.fields["contact_phone"].widget.attrs["autocomplete"] = "tel"
        else:
            del self.fields["contact_phone"]
