"""The public contact directory: who holds the strategic, coordinating and operational
responsibility per focus area and administration, and the politicians responsible per
committee. Kept by the municipal administrator; every write is checked and audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from information import permissions
from information.models import Contact
from information.services.common import all_own, apply, create, own, summary_of, tidy, values_of
from portal.services import audit_record

FIELDS = (
    "kind",
    "name",
    "title_sv",
    "title_en",
    "email",
    "phone",
    "user",
    "responsibility",
    "administration",
    "committee",
    "ordering",
    "is_published",
)
MANY = ("focus_areas",)
TEXT = ("name", "title_sv", "title_en", "email", "phone")
K = Contact.Kind


def _require(by, municipality) -> None:
    if not permissions.may_edit_pages(by, municipality):
        raise PermissionDenied


def _values(contact, data):
    values = tidy(values_of(contact, data, FIELDS, MANY), text=TEXT)
    if values.get("kind") == K.POLITICIAN:
        values["responsibility"] = ""
    elif values.get("kind") == K.OFFICER:
        values["committee"] = None
    return values


def contact_problems(*, municipality, data: dict, contact: Contact | None = None) -> dict:
    """What is wrong with ``data`` (field -> message); the admin's form asks the same."""
    values = _values(contact, data)
    m = municipality.pk
    problems = {}
    if not values.get("name"):
        problems["name"] = _("Write the person's name.")
    if not values.get("title_sv"):
        problems["title_sv"] = _("Write the person's title in Swedish.")
    if not (values.get("email") or values.get("phone")):
        problems["email"] = _("Give an email address or a phone number to reach the person.")
    kind = values.get("kind")
    if kind not in K.values:
        problems["kind"] = _("Choose an officer or a politician.")
    if kind == K.OFFICER:
        if values.get("responsibility") not in Contact.Responsibility.values:
            problems["responsibility"] = _(
                "Choose the responsibility: strategic, coordinating or operational."
            )
        if values.get("administration") is None and not values.get("focus_areas"):
            problems["administration"] = _(
                "Choose the administration, one or more focus areas, or both."
            )
    if kind == K.POLITICIAN and values.get("committee") is None:
        problems["committee"] = _("Choose the committee the politician is responsible in.")
    if not own(m, values.get("administration")):
        problems["administration"] = _("Choose one of the municipality's administrations.")
    if not own(m, values.get("committee")):
        problems["committee"] = _("Choose one of the municipality's committees.")
    if not all_own(m, values.get("focus_areas")):
        problems["focus_areas"] = _("Choose the municipality's own focus areas.")
    return problems


@transaction.atomic
def contact_create(*, municipality, by, data: dict) -> Contact:
    _require(by, municipality)
    problems = contact_problems(municipality=municipality, data=data)
    if problems:
        raise ValidationError(problems)
    values = _values(None, data)
    contact = create(Contact, values, FIELDS, MANY, municipality=municipality)
    audit_record(
        actor=by, action="contact.created", target=contact, municipality=municipality,
        after=summary_of(values, ("kind", "name", "title_sv", "responsibility", "administration",
                                  "committee", "focus_areas")),
    )  # fmt: skip
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, by, data: dict) -> Contact:
    current = Contact.objects.select_for_update(of=("self",)).get(pk=contact.pk)
    _require(by, current.municipality)
    problems = contact_problems(municipality=current.municipality, data=data, contact=current)
    if problems:
        raise ValidationError(problems)
    before, after = apply(current, _values(current, data), FIELDS, MANY)
    if after:
        audit_record(
            actor=by, action="contact.changed", target=current,
            municipality=current.municipality, before=before, after=after,
        )  # fmt: skip
    return current


@transaction.atomic
def contact_delete(*, contact: Contact, by) -> None:
    current = Contact.objects.select_for_update(of=("self",)).get(pk=contact.pk)
    _require(by, current.municipality)
    audit_record(
        actor=by, action="contact.deleted", target=current, municipality=current.municipality,
        before={"name": current.name, "title_sv": current.title_sv},
    )  # fmt: skip
    current.delete()
