"""Networks the municipality convenes with civil society (BRÅ, night-walkers, ...) and
their members: organisations, informal groups, individuals and outside partners."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from collaborations.models import Collaboration
from portal.models import District, FocusArea, Municipality, TargetGroup


class Network(models.Model):
    """A standing forum convened by a municipal unit, with members and meetings."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        INVITE_ONLY = "invite_only", _("Invite only")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="networks",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80)
    purpose = models.TextField(_("purpose"))
    convening_unit = models.CharField(_("convening unit"), max_length=200)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_networks",
        verbose_name=_("coordinator"),
    )
    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="networks", verbose_name=_("focus areas")
    )
    districts = models.ManyToManyField(
        District, blank=True, related_name="networks", verbose_name=_("districts")
    )
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="networks", verbose_name=_("target groups")
    )
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    register_entry = models.OneToOneField(
        Collaboration,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="network",
        verbose_name=_("entry in the collaboration register"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "slug"], name="network_unique_slug_per_municipality"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC


class NetworkMember(models.Model):
    """A member of a network: an organisation (or informal group), a person, or an outside
    partner such as the police, each with a role. Organisations may ask to join a public
    network; the request waits until the coordinator accepts or declines it."""

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation or group")
        INDIVIDUAL = "individual", _("Individual")
        PARTNER = "partner", _("Outside partner")

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        CHAIR = "chair", _("Chair")
        SECRETARY = "secretary", _("Secretary")
        ADVISER = "adviser", _("Adviser")
        OBSERVER = "observer", _("Observer")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Asked to join")
        ACTIVE = "active", _("Member")
        DECLINED = "declined", _("Declined")
        LEFT = "left", pgettext_lazy("network member", "Left")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="members", verbose_name=_("network")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="network_memberships",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="network_memberships",
        verbose_name=_("person"),
    )
    partner_name = models.CharField(
        _("partner"), max_length=200, blank=True, help_text=_("E.g. the police in Nacka.")
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    listed_publicly = models.BooleanField(
        _("listed on the public network page"),
        default=False,
        help_text=_("Only organisations that have agreed are listed."),
    )
    request_message = models.TextField(_("message with the request"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        ordering = ["network", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        kind="organisation",
                        organisation__isnull=False,
                        user__isnull=True,
                        partner_name="",
                    )
                    | models.Q(
                        kind="individual",
                        organisation__isnull=True,
                        user__isnull=False,
                        partner_name="",
                    )
                    | (
                        models.Q(kind="partner", organisation__isnull=True, user__isnull=True)
                        & ~models.Q(partner_name="")
                    )
                ),
                name="network_member_kind_matches",
                violation_error_message=_(
                    "Give the organisation, the person or the partner's name, as the kind says."
                ),
            ),
            models.UniqueConstraint(
                fields=["network", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="network_member_organisation_once",
                violation_error_message=_("The organisation is already in the network."),
            ),
            models.UniqueConstraint(
                fields=["network", "user"],
                condition=models.Q(user__isnull=False),
                name="network_member_person_once",
                violation_error_message=_("The person is already in the network."),
            ),
        ]
        indexes = [models.Index(fields=["network", "status"], name="network_member_status_idx")]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        if self.kind == self.Kind.ORGANISATION and self.organisation_id:
            return self.organisation.name
        if self.kind == self.Kind.INDIVIDUAL and self.user_id:
            return self.user.get_full_name() or self.user.email
        return self.partner_name

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE
