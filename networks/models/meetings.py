"""Meetings of a network: where and when, the agenda, who is invited and answers, who came,
and the minutes; meeting places carry their address and accessibility information."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from networks.models.networks import Network, NetworkMember
from portal.models import Municipality


class MeetingPlace(models.Model):
    """A room or hall the municipality meets in, with what a visitor needs to know."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="meeting_places",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=200)
    street_address = models.CharField(_("street address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100)
    step_free = models.BooleanField(_("step-free access"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    accessibility_info = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("Entrance, lift, toilets, parking, public transport."),
    )

    class Meta:
        verbose_name = _("meeting place")
        verbose_name_plural = _("meeting places")
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="meeting_place_name_unique"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def address(self) -> str:
        return ", ".join(
            p for p in [self.street_address, f"{self.postal_code} {self.city}".strip()] if p
        )


class Meeting(models.Model):
    """One meeting of a network, in a place, online or both."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("In person and online")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        CANCELLED = "cancelled", pgettext_lazy("meeting", "Cancelled")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("network")
    )
    # The network's, kept on the row by ``save`` (blank: validation need not ask for it):
    # lists scoped to a municipality read their page from an index instead of joining every
    # network's meetings.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        blank=True,
        editable=False,
        verbose_name=_("municipality"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    mode = models.CharField(_("form"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    place = models.ForeignKey(
        MeetingPlace,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("place"),
    )
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty for no limit."),
    )
    is_public = models.BooleanField(
        _("shown on the public page"),
        default=False,
        help_text=_("Only meetings of public networks can be shown publicly."),
    )
    open_signup = models.BooleanField(
        _("open sign-up"),
        default=False,
        help_text=_(
            "Anyone may sign up on the public page, without an account (an open forum). "
            "Only for public meetings of public networks; the places are shared with the "
            "members' answers."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    minutes = models.TextField(pgettext_lazy("meeting minutes", "minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(
        default=0, editable=False, help_text=_("Raised at each change, for calendar updates.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("The meeting must end after it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(mode="online") | models.Q(place__isnull=False),
                name="meeting_in_person_has_place",
                violation_error_message=_("A meeting in person needs a place."),
            ),
            models.CheckConstraint(
                condition=models.Q(mode="in_person") | ~models.Q(online_url=""),
                name="meeting_online_has_link",
                violation_error_message=_("An online meeting needs a link."),
            ),
            models.CheckConstraint(
                condition=models.Q(open_signup=False) | models.Q(is_public=True),
                name="meeting_open_signup_public",
                violation_error_message=_("Only a meeting shown publicly takes open sign-ups."),
            ),
        ]
        indexes = [
            models.Index(fields=["network", "starts_at"], name="meeting_network_time_idx"),
            # a municipality's meetings in time order (the admin's list, its search box)
            models.Index(fields=["municipality", "starts_at", "id"], name="meeting_muni_time_idx"),
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.title} ({local:%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs):
        """The municipality follows the network (set here, so no caller has to)."""
        if self.network_id is not None:
            self.municipality_id = self.network.municipality_id
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "network" in update_fields:
                kwargs["update_fields"] = {*update_fields, "municipality"}
        super().save(*args, **kwargs)

    @property
    def has_started(self) -> bool:
        return timezone.now() >= self.starts_at

    def clean(self):
        super().clean()
        if self.open_signup and self.network_id and not self.network.is_public:
            raise ValidationError(
                {"open_signup": _("Only meetings of public networks take open sign-ups.")}
            )


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    title = models.CharField(_("item"), max_length=200)
    minutes = models.PositiveSmallIntegerField(_("length (minutes)"), null=True, blank=True)
    presenter = models.CharField(_("presented by"), max_length=200, blank=True)
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        ordering = ["ordering", "pk"]

    def __str__(self):
        return self.title


class Invitation(models.Model):
    """A member invited to a meeting and their answer. A yes reserves ``places`` (people from
    the organisation); when the meeting is full, members may go on the waiting list, which
    moves up when a place frees."""

    class Response(models.TextChoices):
        NO_ANSWER = "no_answer", _("Not answered")
        YES = "yes", _("Yes")
        NO = "no", _("No")
        MAYBE = "maybe", _("Maybe")
        WAITLIST = "waitlist", _("On the waiting list")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey(
        NetworkMember,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("member"),
    )
    response = models.CharField(
        _("answer"), max_length=10, choices=Response.choices, default=Response.NO_ANSWER
    )
    places = models.PositiveSmallIntegerField(
        _("places"), default=1, validators=[MinValueValidator(1)]
    )
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["meeting", "invited_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="invitation_once"),
            models.CheckConstraint(condition=models.Q(places__gte=1), name="invitation_places"),
        ]

    def __str__(self):
        return f"{self.member}: {self.get_response_display()}"


class Attendance(models.Model):
    """Who came to a meeting, per member (how many people from an organisation)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(
        NetworkMember,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("member"),
    )
    people = models.PositiveSmallIntegerField(_("people"), default=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once"),
            models.CheckConstraint(condition=models.Q(people__gte=1), name="attendance_people"),
        ]

    def __str__(self):
        return f"{self.member}: {self.people}"
