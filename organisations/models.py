"""The organisation registry (föreningsregister): associations and informal groups.

An organisation registers (status *pending*), an officer approves it or asks for changes,
and may grant it *bidragsberättigad* status (eligible for grants) for a period, usually a
year after the annual meeting. Board, member counts and documents are kept per year.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations import rights
from portal.models import District, FocusArea, Municipality, TargetGroup


class ActivityArea(models.Model):
    """What an organisation does (sport, culture, scouting, ...), shared by all municipalities."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("activity area")
        verbose_name_plural = _("activity areas")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    """An association (förening) or an informal group registered in one municipality."""

    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("Association")
        INFORMAL_GROUP = "informal_group", _("Informal group")

    class LegalForm(models.TextChoices):
        IDEELL_FORENING = "ideell_forening", _("Non-profit association (ideell förening)")
        EKONOMISK_FORENING = "ekonomisk_forening", _("Economic association (ekonomisk förening)")
        STIFTELSE = "stiftelse", _("Foundation (stiftelse)")
        TROSSAMFUND = "trossamfund", _("Religious community (trossamfund)")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Registered")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="organisations",
        verbose_name=_("municipality"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    legal_form = models.CharField(
        _("legal form"), max_length=30, choices=LegalForm.choices, blank=True
    )
    organisation_number = models.CharField(
        _("organisation number"), max_length=11, blank=True,
        help_text=_("Organisationsnummer, NNNNNN-NNNN. Informal groups have none."),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    status_message = models.TextField(
        _("message from the municipality"), blank=True,
        help_text=_("What the officer asks the organisation to change."),
    )  # fmt: skip
    purpose = models.TextField(_("purpose"), blank=True)
    district = models.ForeignKey(
        District, on_delete=models.SET_NULL, null=True, blank=True, related_name="organisations",
        verbose_name=_("district"),
    )  # fmt: skip
    activity_areas = models.ManyToManyField(
        ActivityArea, blank=True, related_name="organisations", verbose_name=_("activity areas")
    )
    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="organisations", verbose_name=_("focus areas")
    )
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="organisations", verbose_name=_("target groups")
    )
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(
        _("contact person"), max_length=200,
        help_text=_("For an informal group: the responsible adult."),
    )  # fmt: skip
    contact_email = models.EmailField(_("contact person's email"))
    contact_phone = models.CharField(_("contact person's phone"), max_length=40, blank=True)
    values_attested_at = models.DateTimeField(
        _("values attested"), null=True, blank=True,
        help_text=_("When the organisation attested democracy, equal worth, "
                    "non-discrimination and the Convention on the Rights of the Child."),
    )  # fmt: skip
    has_drug_policy = models.BooleanField(_("has a drug and alcohol policy"), default=False)
    listed_in_directory = models.BooleanField(_("listed in the public directory"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("registered by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "organisation_number"],
                condition=~models.Q(organisation_number=""),
                name="organisation_number_unique_per_municipality",
                violation_error_message=_(
                    "An organisation with this organisation number is already registered "
                    "in the municipality."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(kind="association", legal_form__gt="")
                | models.Q(kind="informal_group", legal_form="", organisation_number=""),
                name="organisation_kind_matches_legal_form",
                violation_error_message=_(
                    "An association needs its legal form; an informal group has neither a "
                    "legal form nor an organisation number."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "changes_requested", "approved"]),
                name="organisation_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "status"], name="org_municipality_status_idx"),
            models.Index(
                fields=["municipality", "name"],
                condition=models.Q(listed_in_directory=True, status="approved"),
                name="org_directory_idx",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_informal(self) -> bool:
        return self.kind == self.Kind.INFORMAL_GROUP

    @property
    def open_data_id(self) -> str:
        """Identifier for open data: SE-ON-<org.nr> for registered organisations."""
        return (
            f"SE-ON-{self.organisation_number.replace('-', '')}" if self.organisation_number else ""
        )


class Membership(models.Model):
    """A person's role in an organisation; a person may belong to several organisations."""

    class Role(models.TextChoices):
        RESPONSIBLE = "responsible", _("Responsible (ansvarig)")
        GRANT_MANAGER = "grant_manager", _("Grant manager (bidragsansvarig)")
        MEMBER = "member", _("Member")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("user"),
    )  # fmt: skip
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("organisation"),
    )  # fmt: skip
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation}"

    def may(self, right: str) -> bool:
        """Whether this role carries ``right`` (organisations.rights)."""
        return rights.role_may(self.role, right)

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


class EligibilityPeriod(models.Model):
    """A period in which the organisation is bidragsberättigad (eligible for grants)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="eligibility_periods",
        verbose_name=_("organisation"),
    )  # fmt: skip
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("granted by"),
    )  # fmt: skip
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("revoked by"),
    )  # fmt: skip
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)

    class Meta:
        verbose_name = _("eligibility period")
        verbose_name_plural = _("eligibility periods")
        ordering = ["-valid_until"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gt=models.F("valid_from")),
                name="eligibility_period_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.organisation}: {self.valid_from} – {self.valid_until}"

    def covers(self, day) -> bool:
        return self.revoked_at is None and self.valid_from <= day <= self.valid_until


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


class AgeBand(models.TextChoices):
    AGE_0_6 = "0-6", _("0–6 years")
    AGE_7_12 = "7-12", _("7–12 years")
    AGE_13_20 = "13-20", _("13–20 years")
    AGE_21_64 = "21-64", _("21–64 years")
    AGE_65 = "65+", _("65 years and older")


class Gender(models.TextChoices):
    WOMEN = "women", _("Women and girls")
    MEN = "men", _("Men and boys")
    OTHER = "other", _("Other or not stated")


class MemberStatistics(models.Model):
    """Member counts of one year, by age band and gender, and the share living locally."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="member_statistics",
        verbose_name=_("organisation"),
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(_("year"))
    residents_percent = models.PositiveSmallIntegerField(_("share living in the municipality (%)"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("member statistics")
        verbose_name_plural = _("member statistics")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="member_stats_per_year"),
            models.CheckConstraint(
                condition=models.Q(residents_percent__lte=100), name="residents_percent_max_100"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} {self.year}"


class MemberCount(models.Model):
    statistics = models.ForeignKey(
        MemberStatistics, on_delete=models.CASCADE, related_name="counts"
    )
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices)
    count = models.PositiveIntegerField(_("number of members"), default=0)

    class Meta:
        verbose_name = _("member count")
        verbose_name_plural = _("member counts")
        constraints = [
            models.UniqueConstraint(
                fields=["statistics", "age_band", "gender"], name="member_count_cell_unique"
            ),
        ]

    def __str__(self):
        return f"{self.age_band} {self.gender}: {self.count}"


class DocumentKind(models.TextChoices):
    STADGAR = "stadgar", _("Statutes (stadgar)")
    ARSMOTESPROTOKOLL = "arsmotesprotokoll", _("Minutes of the annual meeting (årsmötesprotokoll)")
    VERKSAMHETSBERATTELSE = "verksamhetsberattelse", _("Annual report (verksamhetsberättelse)")
    EKONOMISK_BERATTELSE = "ekonomisk_berattelse", _("Financial statements (ekonomisk berättelse)")
    REVISIONSBERATTELSE = "revisionsberattelse", _("Auditor's report (revisionsberättelse)")
    VERKSAMHETSPLAN = "verksamhetsplan", _("Plan of activities (verksamhetsplan)")
    BUDGET = "budget", _("Budget")


DEFAULT_REQUIRED_DOCUMENTS = [
    DocumentKind.STADGAR,
    DocumentKind.ARSMOTESPROTOKOLL,
    DocumentKind.VERKSAMHETSBERATTELSE,
    DocumentKind.EKONOMISK_BERATTELSE,
    DocumentKind.REVISIONSBERATTELSE,
]


def document_path(instance, filename):
    """Files are stored under a random name; the original name is kept in the row."""
    return f"organisations/{instance.organisation_id}/{instance.year}/{secrets.token_hex(16)}"


class Document(models.Model):
    """A yearly document, stored privately and served only through a permission check."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="documents",
        verbose_name=_("organisation"),
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("document"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("uploaded by"),
    )  # fmt: skip
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-year", "kind", "-uploaded_at"]
        indexes = [
            models.Index(fields=["organisation", "year", "kind"], name="document_lookup_idx")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year} – {self.organisation}"


class PayoutAccount(models.Model):
    """Where grants are paid: a bankgiro or plusgiro in the organisation's own name.

    After the first registration only an officer may change it (audited).
    """

    class Method(models.TextChoices):
        BANKGIRO = "bankgiro", _("Bankgiro")
        PLUSGIRO = "plusgiro", _("Plusgiro")

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="payout_account",
        verbose_name=_("organisation"),
    )  # fmt: skip
    method = models.CharField(_("payment method"), max_length=10, choices=Method.choices)
    number = models.CharField(_("account number"), max_length=12)
    account_holder = models.CharField(
        _("account holder"), max_length=200,
        help_text=_("The account must be in the organisation's own name."),
    )  # fmt: skip
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("registered by"),
    )  # fmt: skip
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("payout account")
        verbose_name_plural = _("payout accounts")

    def __str__(self):
        return f"{self.get_method_display()} {self.number}"

    @property
    def masked_number(self) -> str:
        """The number with all but its last two digits hidden, for those who may read the
        decision but do not handle payouts (organisations.rights.PAYOUT)."""
        digits = sum(ch.isdigit() for ch in self.number)
        shown = 0
        masked = []
        for ch in reversed(self.number):
            if ch.isdigit():
                shown += 1
                masked.append(ch if shown <= 2 else "•")
            else:
                masked.append(ch)
        return "".join(reversed(masked)) if digits > 2 else "•" * len(self.number)


class RegistryPolicy(models.Model):
    """A municipality's registry rules: required documents, upload limit, eligibility length."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="registry_policy",
        verbose_name=_("municipality"),
    )  # fmt: skip
    required_documents = ArrayField(
        models.CharField(max_length=30, choices=DocumentKind.choices),
        default=list, blank=True, verbose_name=_("required yearly documents"),
    )  # fmt: skip
    eligibility_months = models.PositiveSmallIntegerField(
        _("eligibility period (months)"), default=12
    )
    minimum_board_size = models.PositiveSmallIntegerField(_("minimum board size"), default=3)

    class Meta:
        verbose_name = _("registry policy")
        verbose_name_plural = _("registry policies")

    def __str__(self):
        return str(self.municipality)


class IdentityChange(models.Model):
    """A change of an approved organisation's name, legal form or organisation number that
    waits for an officer of its municipality (organisations.identity).

    Until it is approved the organisation's row keeps the approved identity, so the registry,
    open data, payment files and decision letters go on using it. The row holds the identity
    in force when the change was asked for and the one asked for: the officer sees both.
    Statuses and who moves them: organisations.workflow.IDENTITY_CHANGE_TRANSITIONS.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        APPROVED = "approved", _("Approved by the municipality")
        REJECTED = "rejected", _("Not approved")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="identity_changes",
        verbose_name=_("organisation"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    name_before = models.CharField(_("name in force"), max_length=200)
    legal_form_before = models.CharField(
        _("legal form in force"), max_length=30, choices=Organisation.LegalForm.choices,
        blank=True,
    )  # fmt: skip
    organisation_number_before = models.CharField(
        _("organisation number in force"), max_length=11, blank=True
    )
    name_after = models.CharField(_("new name"), max_length=200)
    legal_form_after = models.CharField(
        _("new legal form"), max_length=30, choices=Organisation.LegalForm.choices, blank=True
    )
    organisation_number_after = models.CharField(
        _("new organisation number"), max_length=11, blank=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("asked for by"),
    )  # fmt: skip
    requested_at = models.DateTimeField(_("asked for"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("decided by"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_message = models.TextField(_("message from the municipality"), blank=True)

    FIELDS = ("name", "legal_form", "organisation_number")

    class Meta:
        verbose_name = _("change of name or organisation number")
        verbose_name_plural = _("changes of name or organisation number")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(status="pending"),
                name="identity_change_one_pending",
                violation_error_message=_("A change is already awaiting review."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "approved", "rejected", "withdrawn"]),
                name="identity_change_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending", decided_at__isnull=True)
                | (~models.Q(status="pending") & models.Q(decided_at__isnull=False)),
                name="identity_change_decided_when_closed",
            ),
            models.CheckConstraint(
                condition=~models.Q(
                    name_after=models.F("name_before"),
                    legal_form_after=models.F("legal_form_before"),
                    organisation_number_after=models.F("organisation_number_before"),
                ),
                name="identity_change_changes_something",
            ),
        ]

    def __str__(self):
        return f"{self.name_before} → {self.name_after}"

    @property
    def before(self) -> dict:
        return {name: getattr(self, f"{name}_before") for name in self.FIELDS}

    @property
    def after(self) -> dict:
        return {name: getattr(self, f"{name}_after") for name in self.FIELDS}

    @property
    def is_new_legal_person(self) -> bool:
        """A new organisation number or legal form: another legal person than the one the
        municipality approved (see organisations.identity.identity_change_approve)."""
        return (
            self.organisation_number_after != self.organisation_number_before
            or self.legal_form_after != self.legal_form_before
        )

    def differences(self) -> list[tuple[str, str, str, bool]]:
        """(label, in force, asked for, changed) per identity field, for before/after tables."""
        legal_forms = dict(Organisation.LegalForm.choices)
        rows = []
        for name in self.FIELDS:
            before, after = getattr(self, f"{name}_before"), getattr(self, f"{name}_after")
            if name == "legal_form":
                before, after = legal_forms.get(before, before), legal_forms.get(after, after)
            label = Organisation._meta.get_field(name).verbose_name
            rows.append((label, before or "–", after or "–", before != after))
        return rows
