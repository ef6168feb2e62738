"""The form of a person's own erasure request (My page)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.gdpr.erasure import deletion_blockers


class AccountDeleteForm(forms.Form):
    """The person confirms the erasure with their password, or, when they log in only
    through their organisation's identity provider (no password), by typing their address."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To make sure it is you."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            self.fields["password"] = forms.CharField(
                label=_("Your email address"),
                help_text=_("Type the email address of your account to confirm."),
                widget=forms.TextInput(attrs={"autocomplete": "email"}),
            )

    def clean_password(self):
        given = self.cleaned_data["password"]
        if self.user.has_usable_password():
            if not self.user.check_password(given):
                raise ValidationError(_("The password is not correct."), code="wrong")
        elif given.strip().casefold() != self.user.email.casefold():
            raise ValidationError(_("This is not the email address of your account."), code="wrong")
        return given

    def clean(self):
        cleaned = super().clean()
        for problem in deletion_blockers(self.user):
            self.add_error(None, problem)
        return cleaned
