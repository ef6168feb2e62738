from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import District, FocusArea, Municipality
from volunteering.languages import LANGUAGES


class CallOut(models.Model):
    """A call-out (upprop): the municipality asks civil society for help with a need,
    planned or acute. It is targeted (focus areas, districts, skills, networks, and whether
    organisations, volunteers or both) and sent through the outbox; organisations and
    volunteers pledge, the coordinator accepts and informs them, and closes it with an
    account of what happened."""

    class Urgency(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACUTE = "acute", _("Acute")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Sent, taking pledges")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="callouts",
        verbose_name=_("municipality"),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what is needed"))
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.PLANNED
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    place = models.CharField(_("where"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("from"), null=True, blank=True)
    ends_at = models.DateTimeField(_("until"), null=True, blank=True)
    respond_by = models.DateTimeField(_("answer by"), null=True, blank=True)
    # The need, against which pledges are counted.
    people_needed = models.PositiveIntegerField(_("people needed"), null=True, blank=True)
    hours_needed = models.PositiveIntegerField(_("hours needed"), null=True, blank=True)
    skills = models.ManyToManyField(
        "volunteering.Skill", blank=True, related_name="callouts",
        verbose_name=_("skills and resources needed"),
    )  # fmt: skip
    languages = ArrayField(
        models.CharField(max_length=8, choices=LANGUAGES),
        blank=True,
        default=list,
        verbose_name=_("languages needed"),
    )
    premises_needed = models.CharField(_("premises needed"), max_length=500, blank=True)
    goods_needed = models.CharField(_("goods needed"), max_length=500, blank=True)
    # Who it goes to.
    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="callouts", verbose_name=_("focus areas")
    )
    districts = models.ManyToManyField(
        District, blank=True, related_name="callouts", verbose_name=_("districts")
    )
    networks = models.ManyToManyField(
        "networks.Network", blank=True, related_name="callouts",
        verbose_name=_("networks"),
        help_text=_("Every active member of these networks receives the call-out."),
    )  # fmt: skip
    to_organisations = models.BooleanField(_("to matching organisations"), default=True)
    to_volunteers = models.BooleanField(_("to matching volunteers"), default=True)
    practical_information = models.TextField(
        _("practical information for those accepted"), blank=True,
        help_text=_("Where and when to come, whom to ask for, what to bring."),
    )  # fmt: skip
    account = models.TextField(
        _("what happened"), blank=True,
        help_text=_("A short account when the call-out is closed."),
    )  # fmt: skip
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("responsible coordinator"),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("call-out")
        verbose_name_plural = _("call-outs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=True)
                | Q(ends_at__gte=models.F("starts_at")),
                name="callout_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(to_organisations=True) | Q(to_volunteers=True),
                name="callout_has_an_audience",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "status"], name="callout_status_idx")]

    def __str__(self):
        return self.title

    @property
    def is_acute(self) -> bool:
        return self.urgency == self.Urgency.ACUTE


class Pledge(models.Model):
    """What an organisation or a volunteer offers in answer to a call-out (people, hours,
    skills, premises, goods). The coordinator accepts or declines it, assigns a task and
    sends the practical information; afterwards the hours given are recorded. A pledge
    whose volunteer erased their data stays, nameless, in the figures."""

    class Status(models.TextChoices):
        PLEDGED = "pledged", _("Offered")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Not needed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    callout = models.ForeignKey(
        CallOut, on_delete=models.CASCADE, related_name="pledges", verbose_name=_("call-out")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, null=True, blank=True,
        related_name="pledges", verbose_name=_("organisation"),
    )  # fmt: skip
    volunteer = models.ForeignKey(
        "volunteering.Volunteer", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="pledges", verbose_name=_("volunteer"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLEDGED
    )
    people = models.PositiveSmallIntegerField(_("people"), default=1)
    hours = models.PositiveIntegerField(_("hours offered"), default=0)
    skills = models.ManyToManyField(
        "volunteering.Skill", blank=True, related_name="pledges",
        verbose_name=_("skills and resources offered"),
    )  # fmt: skip
    premises = models.CharField(_("premises offered"), max_length=500, blank=True)
    goods = models.CharField(_("goods offered"), max_length=500, blank=True)
    message = models.TextField(_("message"), blank=True)
    assignment = models.TextField(
        _("task"), blank=True, help_text=_("What the coordinator asks them to do.")
    )
    hours_given = models.DecimalField(
        _("hours given"), max_digits=7, decimal_places=2, null=True, blank=True,
        help_text=_("Recorded afterwards: the hours actually given."),
    )  # fmt: skip
    pledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("offered by"),
    )  # fmt: skip
    pledged_at = models.DateTimeField(_("offered"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("decided by"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    informed_at = models.DateTimeField(_("practical information sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["pledged_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["callout", "organisation"],
                condition=Q(organisation__isnull=False),
                name="pledge_once_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["callout", "volunteer"],
                condition=Q(volunteer__isnull=False),
                name="pledge_once_per_volunteer",
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=True) | Q(volunteer__isnull=True),
                name="pledge_one_giver",
            ),
        ]

    def __str__(self):
        return str(self.organisation or self.volunteer or _("a former volunteer"))
