from django import forms
from django.utils.translation import gettext_lazy as _

from networks.models import Action, Invitation


class JoinForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    message = forms.CharField(
        label=_("Why do you want to take part? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class InvitationChoiceForm(forms.Form):
    """Which of the person's invitations to a meeting an answer is for (a hidden field)."""

    invitation = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args, invitations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invitation"].queryset = invitations


class RsvpForm(forms.Form):
    ANSWERS = [
        (Invitation.Response.YES, _("Yes, we come")),
        (Invitation.Response.MAYBE, _("Maybe")),
        (Invitation.Response.NO, _("No, we cannot come")),
        (Invitation.Response.WAITLIST, _("Put us on the waiting list")),
    ]
    response = forms.ChoiceField(label=_("Answer"), choices=ANSWERS, widget=forms.RadioSelect)
    places = forms.IntegerField(
        label=_("How many people come?"), min_value=1, max_value=50, initial=1
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(label=_("File"))


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Progress"), choices=Action.Status.choices)
    progress_note = forms.CharField(
        label=_("Note on progress"),
        max_length=Action._meta.get_field("progress_note").max_length,
        required=False,
    )
