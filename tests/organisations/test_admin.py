"""Officers review registrations in the admin, scoped to their municipality."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organisations.models import Organisation, PayoutAccount
from organisations.selectors import current_eligibility
from portal.models import AuditEvent
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(world):
    return OrganisationFactory(municipality=world.x, name="Älta Schackklubb")


def url(name, organisation):
    return reverse(f"admin:organisations_organisation_{name}", args=[organisation.pk])


def test_officer_approves_then_grants_and_revokes_eligibility(client, world, pending):
    client.force_login(world.users["officer_x"])
    page = client.get(url("change", pending)).content.decode()
    assert "Godkänn registreringen" in page
    assert client.post(url("approve", pending)).status_code == 302
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.APPROVED

    client.post(url("grant", pending))
    assert current_eligibility(pending) is not None
    response = client.post(url("revoke", pending), {"reason": ""})
    assert response.status_code == 200  # the form again, with its error
    assert response.context["form"].errors["reason"]
    client.post(url("revoke", pending), {"reason": "Verksamheten har upphört."})
    assert current_eligibility(pending) is None
    actions = list(
        AuditEvent.objects.filter(target_id=str(pending.pk)).values_list("action", flat=True)
    )
    assert {"organisation.status_changed", "eligibility.granted", "eligibility.revoked"} <= set(
        actions
    )


def test_officer_asks_for_changes_with_message(client, world, pending):
    client.force_login(world.users["officer_x"])
    client.post(url("request_changes", pending), {"message": "Ladda upp stadgarna."})
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.CHANGES_REQUESTED
    assert pending.status_message == "Ladda upp stadgarna."


def test_other_municipalitys_officer_cannot_review(client, world, pending):
    client.force_login(world.users["officer_y"])
    assert client.post(url("approve", pending)).status_code == 404
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.PENDING
    listed = client.get(reverse("admin:organisations_organisation_changelist"))
    assert pending not in listed.context["cl"].queryset


def test_politician_cannot_use_admin_review(client, world, pending):
    client.force_login(world.users["politician_x"])
    assert client.post(url("approve", pending)).status_code == 302  # to the admin login
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.PENDING


def test_officer_edit_in_admin_is_audited(client, world, pending):
    client.force_login(world.users["officer_x"])
    form = client.get(url("change", pending)).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update({
        "name": "Älta Schacksällskap",
        "activity_areas": [], "focus_areas": [], "target_groups": [],
        "district": "",
    })  # fmt: skip
    for prefix in ("eligibility_periods", "board_members", "documents", "memberships"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    response = client.post(url("change", pending), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    pending.refresh_from_db()
    assert pending.name == "Älta Schacksällskap"
    event = AuditEvent.objects.get(action="organisation.updated", target_id=str(pending.pk))
    assert event.before["name"] == "Älta Schackklubb"


def test_officer_changes_payout_details_audited(client, world, pending):
    account = PayoutAccount.objects.create(
        organisation=pending, method="bankgiro", number="900-8004", account_holder=pending.name
    )
    client.force_login(world.users["officer_x"])
    change_url = reverse("admin:organisations_payoutaccount_change", args=[account.pk])
    bad = client.post(change_url, {"method": "bankgiro", "number": "123", "account_holder": "X"})
    assert bad.status_code == 200
    client.post(
        change_url, {"method": "bankgiro", "number": "5050-1055", "account_holder": pending.name}
    )
    account.refresh_from_db()
    assert account.number == "5050-1055"
    assert AuditEvent.objects.get(action="payout.changed").before["number"] == "900-8004"


def test_changelist_query_count_is_constant(client, world):
    client.force_login(world.users["officer_x"])
    changelist = reverse("admin:organisations_organisation_changelist")
    OrganisationFactory.create_batch(5, municipality=world.x)
    with CaptureQueriesContext(connection) as few:
        assert client.get(changelist).status_code == 200
    OrganisationFactory.create_batch(45, municipality=world.x)
    with CaptureQueriesContext(connection) as many:
        response = client.get(changelist)
    listed = response.context["cl"].result_list
    assert len(listed) == world.x.organisations.count() >= 50
    assert len(few) == len(many)


def test_bulk_approve_and_grant_report_refusals_per_organisation(client, world):
    first = OrganisationFactory(municipality=world.x)
    second = OrganisationFactory(municipality=world.x)
    client.force_login(world.users["officer_x"])
    changelist = reverse("admin:organisations_organisation_changelist")
    client.post(
        changelist, {"action": "grant_eligibility_selected", "_selected_action": [first.pk]}
    )
    assert current_eligibility(first) is None  # refused: not approved yet
    response = client.post(
        changelist,
        {"action": "approve_selected", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )
    assert "2 organisationer har uppdaterats." in response.content.decode()
    client.post(
        changelist, {"action": "grant_eligibility_selected", "_selected_action": [first.pk]}
    )
    assert current_eligibility(first) is not None


def test_organisation_entered_by_the_portal_administrator_is_audited(client, world):
    client.force_login(world.users["superuser"])
    url = reverse("admin:organisations_organisation_add")
    inlines = {}  # the empty rows' management forms, as the page sends them
    for inline in client.get(url).context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        inlines.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    refused = client.post(
        url, {**inlines, "municipality": world.x.pk, "kind": "association", "name": "X"}
    )
    assert "En förening behöver sin juridiska form" in str(refused.context["adminform"].form.errors)
    response = client.post(
        url,
        {
            **inlines,
            "municipality": world.x.pk,
            "kind": Organisation.Kind.ASSOCIATION,
            "legal_form": Organisation.LegalForm.IDEELL_FORENING,
            "name": "Saltsjöbadens hembygdsförening",
            "organisation_number": "802000-0001",
            "status": Organisation.Status.PENDING,
            "contact_name": "Karin Berg",
            "contact_email": "karin@example.se",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    organisation = Organisation.objects.get(name="Saltsjöbadens hembygdsförening")
    assert organisation.created_by == world.users["superuser"]
    event = AuditEvent.objects.get(action="organisation.registered", target_id=str(organisation.pk))
    assert event.actor == world.users["superuser"]
    assert event.municipality == world.x
    assert event.after["entered_in_admin"] is True
