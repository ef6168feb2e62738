"""Account emails (allauth: confirm your address, reset your password, two-factor changes…)
as the portal's own notifications are: in the recipient's language, naming the portal and
the municipality (portal.email_identity) instead of the server's host name. After a
confirmed address the person is logged in, or told why not and what to do."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.utils import translation
from django.utils.translation import gettext

from portal import email_identity
from portal.models import User


def _language(code) -> str | None:
    """``code`` if the portal speaks it (``en-us`` counts as ``en``), else None."""
    code = (code or "").split("-")[0]
    return code if code in dict(settings.LANGUAGES) else None


class PortalAccountAdapter(DefaultAccountAdapter):
    def new_user(self, request):
        """A sign-up keeps the language of the pages it was made in, for its emails."""
        user = super().new_user(request)
        user.preferred_language = _language(translation.get_language()) or settings.LANGUAGE_CODE
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        user = context.get("user")
        if not isinstance(user, User) or not user.pk:
            user = User.objects.filter(email__iexact=email).first()
        language = (
            (user and _language(user.preferred_language))
            or _language(translation.get_language())
            or settings.LANGUAGE_CODE
        )
        with translation.override(language):
            named = email_identity.municipalities_of(user)
            context = {
                **context,
                "municipalities": named,
                "signature": email_identity.signature(named),
            }
            super().send_mail(template_prefix, email, context)

    def render_mail(self, template_prefix, email, context, headers=None):
        message = super().render_mail(template_prefix, email, context, headers=headers)
        named = context.get("municipalities", ())
        message.subject = email_identity.subject(message.subject, named)
        return message

    def format_email_subject(self, subject: str) -> str:
        """No "[127.0.0.1:8000]" prefix: render_mail names the portal and municipality."""
        return subject

    def get_email_verification_redirect_url(self, email_address) -> str:
        """Logged in when the link is opened in the browser that signed up (allauth's
        ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION); elsewhere the login page says why not."""
        if not self.request.user.is_authenticated:
            messages.info(
                self.request,
                gettext(
                    "You are not logged in yet: that happens by itself only when the link "
                    "is opened in the browser you signed up in. Log in with %(email)s and "
                    "your password."
                )
                % {"email": email_address.email},
            )
        return super().get_email_verification_redirect_url(email_address)
