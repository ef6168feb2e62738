"""Organisations and their activity areas."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

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
    contact_email = models.EmailField(
        _("contact person's email"), blank=True,
        help_text=_("Required when the organisation registers itself; an organisation the "
                    "municipality registers on its behalf may have none, then its postal "
                    "address is required."),
    )  # fmt: skip
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
    registered_by_municipality = models.BooleanField(
        _("registered by the municipality"), default=False, editable=False,
        help_text=_("Entered by an officer on the organisation's behalf (from a paper form "
                    "or a call); who and when: “registered by” and “created”."),
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
            # Reachable by email or by post: an organisation without email (registered by
            # the municipality on its behalf) has a full postal address.
            models.CheckConstraint(
                condition=~models.Q(contact_email="")
                | (
                    models.Q(street_address__gt="")
                    & models.Q(postal_code__gt="")
                    & models.Q(city__gt="")
                ),
                name="organisation_reachable_by_email_or_post",
                violation_error_message=_(
                    "Give the contact person's email, or the organisation's full postal "
                    "address (street, postal code and city) for letters."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "status"], name="org_municipality_status_idx"),
            # The admin's list: a municipality's organisations by name (and by id among equal
            # names), read in order and stopped at a page, both ways.
            models.Index(fields=["municipality", "name", "id"], name="org_municipality_name_idx"),
            # Searches for part of a name (Django's icontains is UPPER(name) LIKE UPPER(…)):
            # a trigram index answers them without reading every name (pg_trgm).
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="org_name_trigram_idx"),
            models.Index(
                fields=["municipality", "name"],
                condition=models.Q(listed_in_directory=True, status="approved"),
                name="org_directory_idx",
            ),
            # The public directory of every municipality, by name: its first page read in
            # order and stopped after 25, not 150 000 listed organisations sorted (300 ms).
            models.Index(
                fields=["name", "id"],
                condition=models.Q(listed_in_directory=True, status="approved"),
                name="org_directory_name_idx",
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
