from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Administration, District, FocusArea, Municipality, TargetGroup


class Post(models.Model):
    """A volunteer post (frivilliguppdrag): in a municipal activity run by an
    administration (Boskola, MeetingPoint, the library's language café), with shifts to
    sign up for; or an organisation's own opportunity (a sports club needs leaders), which
    volunteers answer with an expression of interest. Published posts are listed publicly
    side by side."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="volunteer_posts",
        verbose_name=_("municipality"),
    )  # fmt: skip
    administration = models.ForeignKey(
        Administration, on_delete=models.PROTECT, null=True, blank=True,
        related_name="volunteer_posts", verbose_name=_("administration"),
        help_text=_("For a post in a municipal activity."),
    )  # fmt: skip
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, null=True, blank=True,
        related_name="volunteer_posts", verbose_name=_("organisation"),
        help_text=_("For an organisation's own opportunity."),
    )  # fmt: skip
    activity = models.CharField(
        _("activity"), max_length=200, help_text=_("E.g. Boskola, MeetingPoint, Språkcafé.")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    place = models.CharField(_("where"), max_length=300, blank=True)
    district = models.ForeignKey(
        District, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="volunteer_posts", verbose_name=_("district"),
    )  # fmt: skip
    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="volunteer_posts", verbose_name=_("focus areas")
    )
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="volunteer_posts", verbose_name=_("target groups")
    )
    skills = models.ManyToManyField(
        "volunteering.Skill", blank=True, related_name="posts",
        verbose_name=_("skills and resources wanted"),
    )  # fmt: skip
    requirements = models.TextField(_("requirements"), blank=True)
    requires_record_extract = models.BooleanField(
        _("requires an extract from the criminal records"), default=False,
        help_text=_("For work with children: the volunteer shows an extract from the police's "
                    "register (belastningsregistret). The portal records only that it was "
                    "shown and when, never the extract."),
    )  # fmt: skip
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact email"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("volunteer post")
        verbose_name_plural = _("volunteer posts")
        ordering = ["activity", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(administration__isnull=True, organisation__isnull=False)
                | Q(administration__isnull=False, organisation__isnull=True),
                name="post_one_host",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "status"], name="post_status_idx")]

    def __str__(self):
        return f"{self.activity}: {self.title}"

    @property
    def host_name(self) -> str:
        return str(self.organisation or self.administration)


class Shift(models.Model):
    """A shift (pass) of a post with a number of places; sign-ups beyond them wait."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="shifts", verbose_name=_("post")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    places = models.PositiveSmallIntegerField(_("places"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="shift_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(places__gte=1), name="shift_has_places"),
        ]
        indexes = [models.Index(fields=["post", "starts_at"], name="shift_post_start_idx")]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.post.title} {local:%Y-%m-%d %H:%M}"

    @property
    def hours(self):
        """The shift's length in hours (the default for hours logged)."""
        return round((self.ends_at - self.starts_at).total_seconds() / 3600, 2)


class ShiftSignup(models.Model):
    """A volunteer's place on a shift, or their place in its waiting list; the host
    records afterwards whether they came and how many hours they gave."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Booked")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    shift = models.ForeignKey(
        Shift, on_delete=models.CASCADE, related_name="signups", verbose_name=_("shift")
    )
    volunteer = models.ForeignKey(
        "volunteering.Volunteer", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="signups", verbose_name=_("volunteer"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED
    )
    signed_up_at = models.DateTimeField(_("signed up"), default=timezone.now)
    attended = models.BooleanField(_("came"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2, null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("recorded by"),
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded"), null=True, blank=True)

    class Meta:
        verbose_name = _("shift sign-up")
        verbose_name_plural = _("shift sign-ups")
        ordering = ["signed_up_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "volunteer"],
                condition=Q(volunteer__isnull=False),
                name="signup_once_per_shift",
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gte=0, hours__lte=24),
                name="signup_hours_in_a_day",
            ),
        ]
        indexes = [models.Index(fields=["shift", "status"], name="signup_shift_status_idx")]

    def __str__(self):
        return f"{self.volunteer or _('a former volunteer')} – {self.shift}"


class RecordExtractCheck(models.Model):
    """That a volunteer showed an extract from the criminal records for a post, and when.
    Nothing of the extract itself is kept."""

    volunteer = models.ForeignKey(
        "volunteering.Volunteer", on_delete=models.CASCADE, related_name="extract_checks",
        verbose_name=_("volunteer"),
    )  # fmt: skip
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="extract_checks", verbose_name=_("post")
    )
    shown_on = models.DateField(_("shown on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("recorded by"),
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("criminal-record extract shown")
        verbose_name_plural = _("criminal-record extracts shown")
        constraints = [
            models.UniqueConstraint(fields=["volunteer", "post"], name="extract_once_per_post"),
        ]

    def __str__(self):
        return f"{self.volunteer} – {self.post}"


class Interest(models.Model):
    """A volunteer's expression of interest in a post (an organisation's opportunity, or a
    municipal post without shifts); the host is emailed and answers them directly."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="interests", verbose_name=_("post")
    )
    volunteer = models.ForeignKey(
        "volunteering.Volunteer", on_delete=models.CASCADE, related_name="interests",
        verbose_name=_("volunteer"),
    )  # fmt: skip
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["post", "volunteer"], name="interest_once_per_post"),
        ]

    def __str__(self):
        return f"{self.volunteer} – {self.post}"
