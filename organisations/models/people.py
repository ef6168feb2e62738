"""The people of an organisation: memberships, invitations and the board."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations import rights
from organisations.models.organisations import Organisation


class Membership(models.Model):
    """A person's role in an organisation; a person may belong to several organisations."""

    class Role(models.TextChoices):
        RESPONSIBLE = "responsible", _("Responsible (ansvarig)")
        GRANT_MANAGER = "grant_manager", _("Grant manager (bidragsansvarig)")
        MEMBER = "member", _("Member")
        # acts for the organisation by its authorisation (fullmakt); see organisations.rights
        REPRESENTATIVE = "representative", _("Representative (ombud)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("user"),
    )  # fmt: skip
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("organisation"),
    )  # fmt: skip
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True,
        help_text=_("The last day of a representative's authorisation; none: until removed."),
    )  # fmt: skip
    authorisation = models.TextField(
        _("authorisation (fullmakt)"), blank=True,
        help_text=_("What authorises a representative: who signed the fullmakt and when, "
                    "and where the paper is kept."),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation}"

    @staticmethod
    def current_q(prefix: str = "", day=None) -> models.Q:
        """Memberships in force on ``day`` (today): without an end, or ending that day or
        later (``prefix``: the path to the membership, e.g. ``"memberships__"``)."""
        day = day or timezone.localdate()
        return models.Q(**{f"{prefix}valid_until__isnull": True}) | models.Q(
            **{f"{prefix}valid_until__gte": day}
        )

    @property
    def is_current(self) -> bool:
        return self.valid_until is None or self.valid_until >= timezone.localdate()

    def may(self, right: str) -> bool:
        """Whether this role carries ``right`` (organisations.rights), while in force."""
        return self.is_current and rights.role_may(self.role, right)

    @property
    def can_edit(self) -> bool:
        return self.may(rights.EDIT)

    @property
    def can_apply(self) -> bool:
        return self.may(rights.APPLY)

    @property
    def can_manage_people(self) -> bool:
        return self.may(rights.PEOPLE)


def invitation_token() -> str:
    return secrets.token_urlsafe(32)


def invitation_expiry():
    return timezone.now() + timedelta(days=14)


class Invitation(models.Model):
    """An invitation by email to join an organisation with a role; valid for 14 days."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations",
        verbose_name=_("organisation"),
    )  # fmt: skip
    email = models.EmailField(_("email"))
    role = models.CharField(
        _("role"), max_length=20, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    token = models.CharField(max_length=64, unique=True, default=invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("invited by"),
    )  # fmt: skip
    valid_until = models.DateField(
        _("representative until"), null=True, blank=True,
        help_text=_("For a representative (ombud): the last day of the authorisation."),
    )  # fmt: skip
    authorisation = models.TextField(_("authorisation (fullmakt)"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), default=invitation_expiry)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=models.Q(accepted_at__isnull=True),
                name="invitation_one_open_per_email",
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class BoardMember(models.Model):
    """A person on the board (styrelse) for a year, or the auditor (revisor)."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair (ordförande)")
        TREASURER = "treasurer", _("Treasurer (kassör)")
        SECRETARY = "secretary", _("Secretary (sekreterare)")
        MEMBER = "member", _("Board member (ledamot)")
        DEPUTY = "deputy", _("Deputy (suppleant)")
        AUDITOR = "auditor", _("Auditor (revisor)")

    SINGLE_ROLES = (Role.CHAIR, Role.TREASURER, Role.SECRETARY)

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="board_members",
        verbose_name=_("organisation"),
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(_("year"))
    full_name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_signatory = models.BooleanField(_("signatory (firmatecknare)"), default=False)

    class Meta:
        verbose_name = _("board member")
        verbose_name_plural = _("board members")
        ordering = ["year", "role", "full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "role"],
                condition=models.Q(role__in=["chair", "treasurer", "secretary"]),
                name="board_one_person_per_single_role",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.get_role_display()}, {self.year})"
