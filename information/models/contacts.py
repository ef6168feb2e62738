from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import Administration, Committee, FocusArea, Municipality


class Contact(models.Model):
    """An entry of the public contact directory: an officer with a strategic, coordinating
    or operational responsibility for focus areas and/or an administration, or a politician
    responsible in a committee."""

    class Kind(models.TextChoices):
        OFFICER = "officer", _("Officer")
        POLITICIAN = "politician", _("Politician")

    class Responsibility(models.TextChoices):
        STRATEGIC = "strategic", _("Strategic")
        COORDINATING = "coordinating", _("Coordinating")
        OPERATIONAL = "operational", _("Operational")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="information_contacts",
        verbose_name=_("municipality"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OFFICER)
    name = models.CharField(_("name"), max_length=200)
    title_sv = models.CharField(
        _("title (Swedish)"), max_length=200, help_text=_("E.g. Samverkanssamordnare.")
    )
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="information_contacts", verbose_name=_("user account"),
        help_text=_("Optional: the person's account in the portal."),
    )  # fmt: skip
    responsibility = models.CharField(
        _("responsibility"), max_length=15, choices=Responsibility.choices, blank=True
    )
    administration = models.ForeignKey(
        Administration, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="information_contacts", verbose_name=_("administration"),
    )  # fmt: skip
    committee = models.ForeignKey(
        Committee, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="information_contacts", verbose_name=_("committee"),
    )  # fmt: skip
    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="information_contacts",
        verbose_name=_("focus areas"),
    )  # fmt: skip
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("shown publicly"), default=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["municipality", "ordering", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="officer", committee__isnull=True) | Q(kind="politician"),
                name="information_contact_committee_for_politicians",
            ),
            models.CheckConstraint(
                condition=Q(kind="politician", responsibility="")
                | (Q(kind="officer") & ~Q(responsibility="")),
                name="information_contact_responsibility_for_officers",
            ),
        ]

    def __str__(self):
        return self.name
