"""The shared core: users, municipalities and their structure, roles and the audit trail."""

import re

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from stdnum import luhn

from portal.managers import UserManager


class User(AbstractBaseUser, PermissionsMixin):
    """A person using the portal. Email is the login; roles come from RoleAssignment."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="sv"
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("portal administrator"),
        default=False,
        help_text=_(
            "Technical administrators of the whole portal. Officers get admin access "
            "through their roles instead."
        ),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


# A 360Giving publisher prefix: "360G-", then letters and digits, maybe joined by - or _.
OPEN_DATA_PREFIX_PATTERN = r"^360G-[A-Za-z0-9]+([-_][A-Za-z0-9]+)*$"


def validate_bankgiro(value: str) -> None:
    """A bankgiro number: 7 or 8 digits (a dash allowed), the last a Luhn check digit."""
    digits = re.sub(r"[\s-]", "", value or "")
    if not re.fullmatch(r"\d{7,8}", digits) or not luhn.is_valid(digits):
        raise ValidationError(
            _("Enter a bankgiro number of 7 or 8 digits with a correct check digit."),
            code="bankgiro",
        )


def validate_swedish_iban(value: str) -> None:
    """A Swedish IBAN (SE, 2 check digits, 20 digits), checked by schwifty."""
    try:
        iban = IBAN(value or "")
    except SchwiftyException:
        iban = None
    if iban is None or iban.country_code != "SE":
        raise ValidationError(
            _("Enter a Swedish IBAN: SE followed by 22 digits."),
            code="iban",
        )


class Municipality(models.Model):
    """A kommun hosted by this portal; one deployment serves several municipalities."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    municipality_code = models.CharField(
        _("municipality code"),
        max_length=4,
        unique=True,
        help_text=_("The four-digit kommunkod from Statistics Sweden, e.g. 0182 for Nacka."),
    )
    organisation_number = models.CharField(_("organisation number"), max_length=11, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    open_data_prefix = models.CharField(
        _("360Giving publisher prefix"),
        max_length=60,
        blank=True,
        validators=[
            RegexValidator(
                OPEN_DATA_PREFIX_PATTERN,
                _("Write the prefix as 360Giving gave it: 360G- followed by letters or digits."),
            )
        ],
        help_text=_(
            "The prefix that 360Giving gives the municipality as a publisher of open data, "
            "e.g. 360G-nacka. It begins the identifiers of the municipality's grants, so "
            "change it only when 360Giving gives a new one. Empty: the portal's own prefix "
            "followed by the municipality's number."
        ),
    )
    # The payer's account in the bank payment file (pain.001, grants.payment_files).
    payer_bankgiro = models.CharField(
        _("payer's bankgiro"),
        max_length=9,
        blank=True,
        validators=[validate_bankgiro],
        help_text=_(
            "The municipality's own bankgiro that grants are paid from, e.g. 5050-1055. "
            "Used in the bank payment file when no IBAN is given."
        ),
    )
    payer_iban = models.CharField(
        _("payer's IBAN"),
        max_length=34,
        blank=True,
        validators=[validate_swedish_iban],
        help_text=_(
            "The municipality's own bank account that grants are paid from, as an IBAN "
            "(SE and 22 digits). The bank's BIC is found from it."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(municipality_code__regex=r"^[0-9]{4}$"),
                name="municipality_code_four_digits",
            ),
            models.CheckConstraint(
                condition=models.Q(open_data_prefix="")
                | models.Q(open_data_prefix__regex=OPEN_DATA_PREFIX_PATTERN),
                name="municipality_open_data_prefix_format",
            ),
            models.UniqueConstraint(
                fields=["open_data_prefix"],
                condition=~models.Q(open_data_prefix=""),
                name="municipality_open_data_prefix_unique",
                violation_error_message=_("Another municipality publishes with this prefix."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def publisher_prefix(self) -> str:
        """The 360Giving prefix of the municipality's open data: its own, or one made from
        the portal's (``OPEN_DATA_PREFIX``) and its number, as every grant was published
        before municipalities had their own."""
        return self.open_data_prefix or f"{settings.OPEN_DATA_PREFIX}-{self.pk}"

    def clean(self):
        """The payer's account in one written form: ``NNNN-NNNN`` and a compact IBAN."""
        super().clean()
        digits = re.sub(r"[\s-]", "", self.payer_bankgiro or "")
        if re.fullmatch(r"\d{7,8}", digits):
            self.payer_bankgiro = f"{digits[:-4]}-{digits[-4:]}"
        if self.payer_iban:
            self.payer_iban = re.sub(r"\s", "", self.payer_iban).upper()

    @property
    def payer_bic(self) -> str:
        """The BIC of the payer's bank, found from the IBAN (schwifty's bank registry)."""
        try:
            bic = IBAN(self.payer_iban).bic if self.payer_iban else None
        except SchwiftyException:
            bic = None
        return str(bic) if bic else ""


class MunicipalityOwned(models.Model):
    """Base for the named things a municipality configures for itself."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="%(class)ss",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["municipality__name", "ordering", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "slug"], name="%(class)s_unique_slug_per_municipality"
            ),
            models.UniqueConstraint(
                fields=["municipality", "name"], name="%(class)s_unique_name_per_municipality"
            ),
        ]

    def __str__(self):
        return self.name


class Committee(MunicipalityOwned):
    """A nämnd (committee): owns grant programmes and employs the officers who handle them."""

    abbreviation = models.CharField(
        _("abbreviation"),
        max_length=12,
        help_text=_("Used in diarienummer, e.g. KFN in 'KFN 2026/123'."),
    )

    class Meta(MunicipalityOwned.Meta):
        verbose_name = _("committee")
        verbose_name_plural = _("committees")


class Administration(MunicipalityOwned):
    """A förvaltning (administration): the municipal organisation that does the work a
    committee (nämnd) decides on. It owns collaborations and actions; officers belong to it
    through the committees it serves."""

    committees = models.ManyToManyField(
        Committee,
        blank=True,
        related_name="administrations",
        verbose_name=_("committees served"),
        help_text=_("The committees whose decisions this administration prepares and carries out."),
    )

    class Meta(MunicipalityOwned.Meta):
        verbose_name = _("administration")
        verbose_name_plural = _("administrations")


class District(MunicipalityOwned):
    """A kommundel (district) of a municipality, e.g. Fisksätra in Nacka."""

    class Meta(MunicipalityOwned.Meta):
        verbose_name = _("district")
        verbose_name_plural = _("districts")


class FocusArea(MunicipalityOwned):
    """A prioritised area for collaboration; grants, organisations and networks are tagged."""

    class Meta(MunicipalityOwned.Meta):
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")


class TargetGroup(MunicipalityOwned):
    """Who an activity is for (children and youth, elderly, ...), so skews become visible."""

    class Meta(MunicipalityOwned.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class Role(models.TextChoices):
    """Municipal roles. Association membership is per organisation (organisations app)."""

    OFFICER = "officer", _("Officer (handläggare)")
    COORDINATOR = "coordinator", _("Coordinator")
    POLITICIAN = "politician", _("Politician")
    MUNICIPAL_ADMIN = "municipal_admin", _("Municipal administrator")


class RoleAssignment(models.Model):
    """Gives a user a role in one municipality, for one committee or (none given) all of them.

    The committee limits what the role covers of committee-bound things (grant programmes
    and their cases, see portal.roles.COMMITTEE_SCOPED); a person may hold several
    assignments, in several municipalities and for several committees.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("user"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("municipality"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    committee = models.ForeignKey(
        Committee,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="officers",
        verbose_name=_("committee"),
        help_text=_(
            "The committee whose grant cases this role handles. Leave empty for all "
            "committees of the municipality."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality", "role", "committee"],
                nulls_distinct=False,
                name="role_assignment_unique",
            ),
        ]

    def __str__(self):
        scope = self.committee or self.municipality
        return f"{self.user} – {self.get_role_display()} ({scope})"


class AuditEvent(models.Model):
    """An append-only record of a change: who did what to which object, before and after."""

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.CharField(_("object type"), max_length=100)
    target_id = models.CharField(_("object id"), max_length=64)
    target_repr = models.CharField(_("object"), max_length=255)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self):
        # Shown as the title of the event's admin page: the object and time, not the code
        # (the page reads the event as a sentence, portal.audit_text).
        return f"{self.target_repr}, {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"


class Notification(models.Model):
    """One message to one person: the outbox and the record of what was sent, to whom, why
    and when. Rows are written in the transaction of the change that causes them and sent
    afterwards by a worker, so nothing is lost when the broker is down, and the unique key
    (kind, key, recipient) means a job that runs twice never sends the same reminder twice.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    class Priority(models.IntegerChoices):
        """Higher is sent first: an acute call-out passes the day's reminders in the queue."""

        NORMAL = 0, _("Normal")
        HIGH = 10, _("High")

    MAX_ATTEMPTS = 6

    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    key = models.CharField(
        _("reason"), max_length=200, help_text=_("What the message is about, e.g. report:17:due.")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    recipient = models.EmailField(_("recipient"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )
    language = models.CharField(_("language"), max_length=8, default="sv")
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("message"))
    attachment_name = models.CharField(max_length=100, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    attachment = models.BinaryField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    priority = models.SmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    # How it is sent: a name in settings.NOTIFICATION_CHANNELS (portal.channels); the
    # recipient is an address in that channel's terms.
    channel = models.CharField(_("channel"), max_length=20, default="email")
    # One-click unsubscribe (RFC 8058) for messages the reader chose to get (alerts, digests,
    # mailings): sent as the List-Unsubscribe header, and the body's last line links it.
    unsubscribe_url = models.URLField(_("unsubscribe address"), max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    send_after = models.DateTimeField(_("send after"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key", "recipient"], name="notification_once_per_recipient"
            ),
        ]
        indexes = [
            # The worker's order (portal.notifications.deliver_pending): the waiting rows
            # only, highest priority first, then the oldest due.
            models.Index(
                models.F("priority").desc(),
                "send_after",
                "id",
                condition=models.Q(status="pending"),
                name="notification_due_idx",
            ),
        ]

    def __str__(self):
        return self.subject or self.kind  # read by people (admin titles, the audit trail)


class ReminderPolicy(models.Model):
    """When a municipality's reminders go out (days); empty turns a reminder off."""

    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.CASCADE,
        related_name="reminder_policy",
        verbose_name=_("municipality"),
    )
    call_closing_days = models.PositiveSmallIntegerField(
        _("days before a call closes (drafts)"), null=True, blank=True, default=3
    )
    completion_days = models.PositiveSmallIntegerField(
        _("days a completion request may go unanswered"), null=True, blank=True, default=7
    )
    report_due_days = models.PositiveSmallIntegerField(
        _("days before a follow-up report is due"), null=True, blank=True, default=14
    )
    report_escalation_days = models.PositiveSmallIntegerField(
        _("days overdue before the officer is told"), null=True, blank=True, default=14
    )
    renewal_days = models.PositiveSmallIntegerField(
        _("days before eligibility lapses (yearly renewal)"), null=True, blank=True, default=30
    )
    meeting_day_before = models.BooleanField(_("remind of meetings the day before"), default=True)
    action_overdue = models.BooleanField(_("tell owners of overdue actions"), default=True)
    target_handling_days = models.PositiveSmallIntegerField(
        _("target handling time (days) for the officers' weekly digest"),
        null=True,
        blank=True,
        default=21,
    )

    rejected_application_years = models.PositiveSmallIntegerField(
        _("years before rejected applications' personal data is removed"),
        null=True,
        blank=True,
        default=2,
        help_text=_("Follow the municipality's document management plan (gallringsbeslut)."),
    )
    notification_days = models.PositiveSmallIntegerField(
        _("days sent messages are kept"), null=True, blank=True, default=365
    )

    class Meta:
        verbose_name = _("reminder policy")
        verbose_name_plural = _("reminder policies")

    def __str__(self):
        return str(self.municipality)


class LoginLimitEntry(models.Model):
    """One entry of allauth's login defences (a rate-limit history, its short lock, a used
    one-time code), kept in PostgreSQL rather than Redis so that logging in works and the
    limits hold when Redis is down or hung (portal.login_limits)."""

    key = models.TextField(_("key"), primary_key=True)
    value = models.JSONField(_("value"))
    expires_at = models.DateTimeField(_("expires"), db_index=True)

    class Meta:
        verbose_name = _("login limit entry")
        verbose_name_plural = _("login limit entries")

    def __str__(self):
        return self.key
