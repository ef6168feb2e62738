"""Documents an organisation keeps current (statutes, annual report, budget ...)."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisations.models.organisations import Organisation


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
