"""The officers' admin pages for paper applications: begin (call, organisation, arrival day),
type in the programme's form (drafts, errors, submit), and the mark on the case page and in
the case list; scoped to the committees whose cases the officer handles."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from grants import services
from grants.models import Application, Question
from portal.models import AuditEvent
from tests.factories import CallFactory, GrantProgrammeFactory, MembershipFactory
from tests.grants.helpers import eligible_organisation

pytestmark = pytest.mark.django_db
START = "admin:grants_application_paper_start"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def call(world):
    committee = world.x.committees.get(slug="kfn")
    programme = GrantProgrammeFactory(committee=committee, name="Föreningsbidrag för seniorer")
    for order, (key, label, kind, required) in enumerate([
        ("syfte", "Vad vill ni göra?", "textarea", True),
        ("belopp", "Sökt belopp", "amount", True),
        ("papper", "Den inskannade ansökan", "file", False),
    ]):  # fmt: skip
        Question.objects.create(programme=programme, key=key, label=label, field_type=kind,
                                required=required, ordering=order)  # fmt: skip
    return CallFactory(programme=programme, title="Seniorbidrag 2026",
                       opens_at=timezone.now() - timedelta(days=30))  # fmt: skip


@pytest.fixture
def organisation(world):
    organisation = eligible_organisation(world.x)
    organisation.name = "PRO Fisksätra"
    organisation.save()
    return organisation


def begin(client, call, organisation, received_on=None):
    received_on = received_on or timezone.localdate() - timedelta(days=2)
    return client.post(reverse(START), {
        "call": call.pk, "organisation": organisation.pk,
        "received_on": received_on.isoformat(), "reference": "Inkom per post",
    })  # fmt: skip


def test_an_officer_enters_and_submits_a_paper_application_in_the_admin(
    client, world, call, organisation
):
    officer = world.users["officer_x"]
    client.force_login(officer)
    changelist = client.get(reverse("admin:grants_application_changelist")).content.decode()
    assert reverse(START) in changelist
    page = client.get(reverse(START), {"call": call.pk, "organisation": organisation.pk})
    assert page.status_code == 200
    assert page.context["form"].initial == {"call": call.pk, "organisation": organisation.pk}
    arrived = timezone.localdate() - timedelta(days=2)
    response = begin(client, call, organisation, arrived)
    application = Application.objects.get(organisation=organisation)
    entry = reverse("admin:grants_application_paper", args=[application.pk])
    assert response.status_code == 302
    assert response.url == entry
    assert "Seniorbidrag 2026" in client.get(entry).content.decode()

    # a draft with the scanned paper attached
    scan = SimpleUploadedFile("ansokan.pdf", PDF, content_type="application/pdf")
    saved = client.post(entry, {"action": "save", "q_syfte": "Boule varje tisdag",
                                "q_papper": scan})  # fmt: skip
    assert saved.status_code == 302
    application.refresh_from_db()
    assert application.answers["q_syfte"] == "Boule varje tisdag"
    assert application.attachments.get().original_name == "ansokan.pdf"
    # submitting without the amount: errors in the form, nothing typed lost
    refused = client.post(entry, {"action": "submit", "q_syfte": "Boule varje tisdag och torsdag"})
    assert refused.status_code == 200
    assert "q_belopp" in refused.context["form"].errors
    assert "Boule varje tisdag och torsdag" in refused.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    # the draft is in the case list, to be continued by any officer of the committee
    listed = client.get(reverse("admin:grants_application_changelist"), {"paper": "yes"})
    assert "PRO Fisksätra" in listed.content.decode()

    done = client.post(entry, {"action": "submit", "q_syfte": "Boule", "q_belopp": "8000"})
    assert done.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.diarienummer
    assert timezone.localdate(application.submitted_at) == arrived
    case = client.get(reverse("admin:grants_application_change", args=[application.pk]))
    text = case.content.decode()
    assert application.diarienummer in text
    assert 'data-testid="paper-mark"' in text
    assert f"från en pappersansökan som kom in {arrived.day}" in text
    # typed in again after submission: back to the case page
    assert client.get(entry).status_code == 302


def test_errors_on_the_first_page_are_shown_in_the_form(client, world, call, organisation):
    client.force_login(world.users["officer_x"])
    future = client.post(reverse(START), {
        "call": call.pk, "organisation": organisation.pk,
        "received_on": (timezone.localdate() + timedelta(days=1)).isoformat(),
    })  # fmt: skip
    assert future.status_code == 200
    assert future.context["form"].errors["received_on"]
    early = begin(client, call, organisation, timezone.localdate() - timedelta(days=60))
    assert early.status_code == 200
    assert early.context["form"].errors["received_on"]
    organisation.status = "pending"
    organisation.save()
    pending = begin(client, call, organisation)
    assert pending.status_code == 200
    assert pending.context["form"].non_field_errors()
    assert not Application.objects.exists()


def test_other_municipalities_committees_and_roles_are_kept_out(client, world, call, organisation):
    client.force_login(world.users["officer_y"])
    page = client.get(reverse(START))
    assert page.status_code == 200
    assert call not in page.context["form"].fields["call"].queryset
    assert organisation not in page.context["form"].fields["organisation"].queryset
    refused = begin(client, call, organisation)
    assert refused.status_code == 200
    assert "call" in refused.context["form"].errors
    assert not Application.objects.exists()
    client.force_login(world.users["coordinator_x"])
    assert client.get(reverse(START)).status_code == 403
    client.force_login(world.users["politician_x"])
    assert client.get(reverse(START)).status_code == 302  # to the admin's login


def test_hostile_query_strings_and_ids_are_harmless(client, world, call, organisation):
    client.force_login(world.users["officer_x"])
    for query in ({"call": "1 OR 1=1"}, {"organisation": "../../"}, {"call": "９"}):
        assert client.get(reverse(START), query).status_code == 200
    bad = client.post(reverse(START), {"call": "x", "organisation": "-1", "received_on": "igår"})
    assert bad.status_code == 200
    assert not Application.objects.exists()


def test_an_online_application_is_not_typed_in_as_paper(client, world, call, organisation):
    applicant = MembershipFactory(organisation=organisation).user
    application = services.application_start(call=call, organisation=organisation, by=applicant)
    services.application_submit(
        application=application,
        files={},
        by=applicant,
        data=MultiValueDict({"q_syfte": ["Boule"], "q_belopp": ["900"]}),
    )
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    client.force_login(world.users["officer_x"])
    entry = reverse("admin:grants_application_paper", args=[application.pk])
    assert client.get(entry).status_code == 302
    assert client.post(entry, {"action": "submit"}).status_code == 302
    client.force_login(world.users["officer_y"])
    assert client.get(entry).status_code == 404
    assert not AuditEvent.objects.filter(action__startswith="application.paper").exists()


def test_the_call_and_the_organisation_pages_link_to_the_paper_application(
    client, world, call, organisation
):
    client.force_login(world.users["officer_x"])
    call_page = client.get(reverse("admin:grants_call_change", args=[call.pk])).content.decode()
    assert f"{reverse(START)}?call={call.pk}" in call_page
    org_page = client.get(
        reverse("admin:organisations_organisation_change", args=[organisation.pk])
    ).content.decode()
    assert f"{reverse(START)}?organisation={organisation.pk}" in org_page
