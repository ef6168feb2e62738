"""Open sign-ups to a public meeting (an open forum): anyone, with or without an account,
takes places for themselves and their party, or joins the waiting list. The meeting's places
are shared with the network members' yes-answers (``networks.signups.places_taken``)."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from networks.models.meetings import Meeting

MAX_PLACES = 5

# Interpreting a visitor may ask for: the languages most spoken in Swedish municipalities
# besides Swedish, and Swedish sign language. Codes are ISO 639 (``sgn-SE`` for svenskt
# teckenspråk), so they stay the same whatever the UI language; "other" is written out.
INTERPRETER_LANGUAGES = [
    ("sgn-SE", _("Swedish sign language")),
    ("ar", _("Arabic")),
    ("so", _("Somali")),
    ("ti", _("Tigrinya")),
    ("fa", _("Persian")),
    ("prs", _("Dari")),
    ("ku", _("Kurdish")),
    ("tr", _("Turkish")),
    ("bcs", _("Bosnian, Croatian, Serbian")),
    ("pl", _("Polish")),
    ("uk", _("Ukrainian")),
    ("ru", _("Russian")),
    ("fi", _("Finnish")),
    ("en", _("English")),
    ("other", _("Another language")),
]


def new_token() -> str:
    return secrets.token_urlsafe(32)


class OpenSignup(models.Model):
    """One person's sign-up (with ``places`` for their party) to an open forum."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", pgettext_lazy("sign-up", "Cancelled")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="open_signups", verbose_name=_("meeting")
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254)
    organisation_name = models.CharField(
        _("organisation"), max_length=200, blank=True, help_text=_("If you come for one.")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered organisation"),
    )
    access_needs = models.TextField(_("access needs"), blank=True, max_length=1000)
    interpreter_language = models.CharField(
        _("interpreter"), max_length=10, choices=INTERPRETER_LANGUAGES, blank=True
    )
    interpreter_other = models.CharField(_("other language"), max_length=100, blank=True)
    places = models.PositiveSmallIntegerField(
        _("places"), default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_PLACES)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.BOOKED
    )
    signed_up_at = models.DateTimeField(
        _("signed up"), default=timezone.now, help_text=_("The place in the waiting list.")
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forum_signups",
        verbose_name=_("account"),
    )
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("open sign-up")
        verbose_name_plural = _("open sign-ups")
        ordering = ["meeting", "signed_up_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "email"], name="open_signup_once"),
            models.CheckConstraint(
                condition=models.Q(places__gte=1) & models.Q(places__lte=MAX_PLACES),
                name="open_signup_places",
            ),
        ]
        indexes = [
            models.Index(fields=["meeting", "status", "signed_up_at"], name="open_signup_queue_idx")
        ]

    def __str__(self):
        return self.name

    @property
    def interpreter(self) -> str:
        """The interpreting asked for, as a reader says it ("" for none)."""
        if self.interpreter_language == "other":
            return self.interpreter_other
        return str(self.get_interpreter_language_display()) if self.interpreter_language else ""

    @property
    def shown_organisation(self) -> str:
        return self.organisation.name if self.organisation_id else self.organisation_name
