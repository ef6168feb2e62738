"""An officer registers an organisation that is not online on its behalf, in the admin: no
login, no email needed (then a postal address), marked as registered by the municipality,
approved at once, audited."""

import pytest
from django.urls import reverse

from organisations.forms import OrganisationForm
from organisations.models import Membership, Organisation
from portal.models import AuditEvent

pytestmark = pytest.mark.django_db
ADD = "admin:organisations_organisation_add"


def posted(client, **fields):
    url = reverse(ADD)
    inlines = {}  # the empty rows' management forms, as the page sends them
    for inline in client.get(url).context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        inlines.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    return client.post(url, {**inlines, **fields})


def pro_fisksatra(world, **changes):
    return {
        "municipality": world.x.pk,
        "kind": Organisation.Kind.ASSOCIATION,
        "legal_form": Organisation.LegalForm.IDEELL_FORENING,
        "name": "PRO Fisksätra",
        "organisation_number": "802000-0001",
        "contact_name": "Gunnel Ek",
        "contact_phone": "08-716 00 00",
        "street_address": "Fisksätra torg 1",
        "postal_code": "133 41",
        "city": "Saltsjöbaden",
        **changes,
    }


@pytest.mark.parametrize("role", ["officer_x", "admin_x"])
def test_an_officer_registers_an_association_without_email(client, world, role):
    officer = world.users[role]
    client.force_login(officer)
    response = posted(client, **pro_fisksatra(world))
    assert response.status_code == 302, response.context["adminform"].form.errors
    organisation = Organisation.objects.get(name="PRO Fisksätra")
    assert organisation.contact_email == ""
    assert organisation.registered_by_municipality
    assert organisation.created_by == officer
    assert organisation.status == Organisation.Status.APPROVED
    assert not Membership.objects.filter(organisation=organisation).exists()  # no login needed
    actions = list(
        AuditEvent.objects.filter(target_id=str(organisation.pk))
        .order_by("pk")
        .values_list("action", "actor")
    )
    assert actions == [
        ("organisation.registered", officer.pk),
        ("organisation.status_changed", officer.pk),
    ]
    page = client.get(reverse("admin:organisations_organisation_change", args=[organisation.pk]))
    assert "registrerad av kommunen" in page.content.decode().lower()
    listed = client.get(reverse("admin:organisations_organisation_changelist"),
                        {"registered_by_municipality__exact": "1"})  # fmt: skip
    assert "PRO Fisksätra" in listed.content.decode()


def test_without_email_the_postal_address_is_required(client, world):
    client.force_login(world.users["officer_x"])
    response = posted(client, **pro_fisksatra(world, street_address="", city=""))
    assert response.status_code == 200
    errors = str(response.context["adminform"].form.errors)
    assert "postadress" in errors
    assert not Organisation.objects.filter(name="PRO Fisksätra").exists()
    # with an email the address may be left out
    response = posted(client, **pro_fisksatra(world, street_address="", city="",
                                              contact_email="gunnel@example.se"))  # fmt: skip
    assert response.status_code == 302


def test_officers_register_only_in_their_own_municipality(client, world):
    client.force_login(world.users["officer_y"])
    response = posted(client, **pro_fisksatra(world))
    assert response.status_code == 200
    assert "municipality" in response.context["adminform"].form.errors
    assert not Organisation.objects.filter(name="PRO Fisksätra").exists()


@pytest.mark.parametrize("role", ["coordinator_x", "politician_x", "member"])
def test_others_cannot_register_organisations_in_the_admin(client, world, role):
    client.force_login(world.users[role])
    response = client.get(reverse(ADD))
    assert response.status_code in (302, 403)
    assert not Organisation.objects.filter(name="PRO Fisksätra").exists()


def test_an_organisation_registering_itself_online_still_gives_an_email(world):
    form = OrganisationForm(data={"contact_name": "Gunnel Ek"}, municipality=world.x)
    assert form.fields["contact_email"].required
    assert not form.is_valid()
    assert "contact_email" in form.errors
