"""Advice times (rådgivning): an officer's bookable slots and the bookings of them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from networks.models import MeetingPlace
from portal.models import Administration, FocusArea, Municipality


class AdviceSlot(models.Model):
    """One bookable time of an officer: in person, by phone or by video."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("Phone")
        VIDEO = "video", _("Video")

    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", pgettext_lazy("advice time", "Cancelled")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="advice_slots",
        verbose_name=_("municipality"),
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="advice_slots",
        verbose_name=_("officer"),
    )
    administration = models.ForeignKey(
        Administration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("administration"),
    )
    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="+", verbose_name=_("focus areas")
    )
    title = models.CharField(
        _("topic"), max_length=200, help_text=_("E.g. “Grants for associations”.")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    mode = models.CharField(_("form"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    place = models.ForeignKey(
        MeetingPlace,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("place"),
    )
    address = models.CharField(
        _("address"), max_length=300, blank=True, help_text=_("If the place is not in the list.")
    )
    video_url = models.URLField(
        _("video link"), blank=True, help_text=_("Given only in the confirmation of a booking.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    notes = models.TextField(
        _("information for the person booking"), blank=True, help_text=_("Shown in the list.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("advice time")
        verbose_name_plural = _("advice times")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="advice_slot_ends_after_start",
                violation_error_message=_("The time must end after it starts."),
            ),
            models.CheckConstraint(
                condition=~models.Q(mode="in_person")
                | models.Q(place__isnull=False)
                | ~models.Q(address=""),
                name="advice_slot_in_person_has_place",
                violation_error_message=_("An advice time in person needs a place or address."),
            ),
            models.CheckConstraint(
                condition=~models.Q(mode="video") | ~models.Q(video_url=""),
                name="advice_slot_video_has_link",
                violation_error_message=_("An advice time by video needs a link."),
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "status", "starts_at"], name="advice_slot_idx")
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.title} ({local:%Y-%m-%d %H:%M})"

    @property
    def where(self) -> str:
        """The place of a meeting in person ("" otherwise)."""
        if self.mode != self.Mode.IN_PERSON:
            return ""
        if self.place_id:
            return f"{self.place.name}, {self.place.address}"
        return self.address


class AdviceBooking(models.Model):
    """An association's (or a person's) booking of an advice time, with its question."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CANCELLED = "cancelled", pgettext_lazy("booking", "Cancelled")

    slot = models.ForeignKey(
        AdviceSlot, on_delete=models.CASCADE, related_name="bookings", verbose_name=_("time")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="advice_bookings",
        verbose_name=_("organisation"),
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="advice_bookings",
        verbose_name=_("booked by"),
    )
    question = models.TextField(_("question"), max_length=2000)
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.BOOKED
    )
    created_at = models.DateTimeField(_("booked"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("advice booking")
        verbose_name_plural = _("advice bookings")
        ordering = ["slot__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot"],
                condition=models.Q(status="booked"),
                name="advice_one_booking_a_slot",
                violation_error_message=_("The time is already booked."),
            ),
        ]

    def __str__(self):
        return f"{self.slot} – {self.who}"

    @property
    def who(self) -> str:
        if self.organisation_id:
            return self.organisation.name
        return self.booked_by.get_full_name()
