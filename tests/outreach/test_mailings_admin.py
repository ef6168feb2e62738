"""Segments and mailings in the coordinators' admin, through the real pages: a segment
written with the municipality's own choices, its page showing whom it reaches by name; a
mailing previewed in Swedish and English with its count, sent from its confirm page (the
delivery queued on commit and run), sent twice still once; the delivery's status from the
outbox and the link to its rows for whoever may read the outbox; a segment used by a
mailing stays; another municipality's coordinator and the officers kept out; query counts
constant."""

import pytest
from django.urls import reverse

from outreach.models import Mailing, Segment
from outreach.services import mailings as services
from portal.models import AuditEvent, Notification, Role
from portal.services import role_assign
from tests.factories import OrganisationFactory, UserFactory
from tests.networks.test_admin import change_form_data
from tests.outreach import test_segments
from tests.outreach.test_mailings import draft, sent
from tests.outreach.test_segments import segment_of
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db
mw = test_segments.mw  # the mailings' world (a fixture)
M = Mailing.Status


def _url(model, action="changelist", *args):
    return reverse(f"admin:outreach_{model}_{action}", args=args)


@pytest.fixture(autouse=True)
def _portal_address(settings):
    settings.PORTAL_BASE_URL = "https://samverkan.example"


@pytest.fixture
def coordinator(client, mw):
    client.force_login(mw.coordinator)
    return mw.coordinator


@pytest.fixture
def worker(monkeypatch):
    """The delivery task runs when the worker gets it: here, at once."""
    from outreach import mailing_tasks

    queued = []
    monkeypatch.setattr(
        services,
        "queue_delivery",
        lambda pk: queued.append(pk) or mailing_tasks.mailing_send.apply(args=[pk]),
    )
    return queued


def test_a_coordinator_writes_a_segment_with_the_municipalitys_choices(client, mw, coordinator):
    response = client.get(_url("segment", "add"))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert list(form.fields["municipality"].queryset) == [mw.x]
    assert mw.bra in form.fields["networks"].queryset
    assert mw.other_network not in form.fields["networks"].queryset
    assert "Ekerö trygghet" not in response.content.decode()
    data = {
        "municipality": mw.x.pk, "name": "Unga i Fisksätra", "description": "Till träffen",
        "to_organisations": "on", "kinds": "association", "only_eligible": "on",
        "districts": [mw.fisksatra.pk], "target_groups": [mw.youth.pk],
        "networks": [mw.bra.pk],
    }  # fmt: skip
    response = client.post(_url("segment", "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    segment = Segment.objects.get(name="Unga i Fisksätra")
    assert segment.created_by == mw.coordinator
    assert list(segment.networks.all()) == [mw.bra]
    assert AuditEvent.objects.filter(action="segment.created", target_id=str(segment.pk))
    # another municipality's network is refused, with everything typed kept
    response = client.post(_url("segment", "add"), {**data, "name": "Fel",
                                                    "networks": [mw.other_network.pk]})  # fmt: skip
    assert response.status_code == 200
    assert "networks" in response.context["adminform"].form.errors
    assert response.context["adminform"].form["description"].value() == "Till träffen"
    # a name the municipality already has
    response = client.post(_url("segment", "add"), data)
    assert "name" in response.context["adminform"].form.errors
    # nobody to reach
    response = client.post(
        _url("segment", "add"), {**data, "name": "Ingen", "to_organisations": "", "networks": []}
    )
    assert "networks" in response.context["adminform"].form.errors


def test_the_segments_page_shows_whom_it_reaches_by_name(client, mw, coordinator):
    segment = segment_of(mw, name="Fisksätras unga", districts=[mw.fisksatra],
                         target_groups=[mw.youth], networks=[mw.bra])  # fmt: skip
    response = client.get(_url("segment", "change", segment.pk))
    assert response.status_code == 200
    assert response.context["reach"].count == 6
    page = response.content.decode()
    for name in ("Fisksätra ungdomsförening", "Föräldrar i Fisksätra", "Älta IF",
                 "Anna Ansvarig", "Bo Bidrag", "Erik Eldsjäl", "polisen@example.se"):  # fmt: skip
        assert name in page, name
    # changed through the service, audited
    data = change_form_data(response, description="Nu med beskrivning")
    assert client.post(_url("segment", "change", segment.pk), data).status_code == 302
    assert AuditEvent.objects.get(action="segment.changed").after == {
        "description": "Nu med beskrivning"
    }


def test_a_segment_used_by_a_mailing_stays_and_stays_readable(client, mw, coordinator, worker):
    free = segment_of(mw, name="Oanvänt")
    mailing = draft(mw)
    client.post(_url("mailing", "send", mailing.pk))
    assert client.get(_url("segment", "delete", mailing.segment.pk)).status_code == 403
    assert client.get(_url("segment", "change", mailing.segment.pk)).status_code == 200
    assert client.post(_url("segment", "delete", free.pk), {"post": "yes"}).status_code == 302
    assert not Segment.objects.filter(pk=free.pk).exists()
    assert AuditEvent.objects.filter(action="segment.deleted").count() == 1


def test_write_preview_and_send_a_mailing_once(
    client, mw, coordinator, worker, django_capture_on_commit_callbacks
):
    segment = segment_of(mw, name="Fisksätras unga", districts=[mw.fisksatra],
                         target_groups=[mw.youth], networks=[mw.bra])  # fmt: skip
    theirs = Segment.objects.create(municipality=mw.y, name="Ekerös")
    response = client.get(_url("mailing", "add"))
    assert list(response.context["adminform"].form.fields["segment"].queryset) == [segment]
    data = {
        "municipality": mw.x.pk,
        "segment": segment.pk,
        "subject_sv": "Träff i mars",
        "body_sv": "Välkomna!",
        "subject_en": "Meeting in March",
        "body_en": "Welcome!",
    }
    refused = client.post(_url("mailing", "add"), {**data, "segment": theirs.pk})
    assert refused.status_code == 200
    assert "segment" in refused.context["adminform"].form.errors
    response = client.post(_url("mailing", "add"), data)
    mailing = Mailing.objects.get()
    assert response["Location"] == _url("mailing", "change", mailing.pk)
    assert (mailing.status, mailing.created_by) == (M.DRAFT, mw.coordinator)

    preview = client.get(_url("mailing", "preview", mailing.pk))
    assert preview.status_code == 200
    assert preview.context["count"] == 6
    swedish, english = preview.context["versions"]
    assert swedish["subject"] == "[Samverkan – Nacka kommun] Träff i mars"
    assert swedish["body"].startswith("Hej,\n\nVälkomna!")
    assert english["subject"] == "[Samverkan – Nacka kommun] Meeting in March"
    assert english["body"].startswith("Hello,\n\nWelcome!")
    assert "Meeting in March" in preview.content.decode()

    confirm = client.get(_url("mailing", "send", mailing.pk))
    assert confirm.status_code == 200
    assert ": 6 " in confirm.context["intro"]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(_url("mailing", "send", mailing.pk)).status_code == 302
    mailing.refresh_from_db()
    assert (mailing.status, mailing.recipient_count, mailing.sent_by) == (M.SENT, 6, mw.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(_url("mailing", "send", mailing.pk))
    assert again.status_code == 200
    assert again.context["form"].errors
    assert worker == [mailing.pk]
    assert Notification.objects.filter(kind="mailing").count() == 6
    assert AuditEvent.objects.filter(action="mailing.status_changed",
                                     after__status="sending").count() == 1  # fmt: skip
    # sent: read-only, the steps no more offered
    page = client.get(_url("mailing", "change", mailing.pk))
    assert page.context["may_send"] is False
    assert page.context["may_cancel"] is False
    assert "subject_sv" not in page.context["adminform"].form.fields
    assert client.get(_url("mailing", "delete", mailing.pk)).status_code == 403


def test_the_delivery_status_and_the_link_to_the_outbox(client, mw, worker):
    mailing = sent(mw, draft(mw))
    rows = Notification.objects.filter(key=f"mailing:{mailing.pk}").order_by("recipient")
    Notification.objects.filter(pk=rows[0].pk).update(status="sent")
    Notification.objects.filter(pk=rows[1].pk).update(status="failed", attempts=5,
                                                      last_error="550 No such user")  # fmt: skip
    client.force_login(mw.coordinator)
    page = client.get(_url("mailing", "change", mailing.pk))
    delivery = page.context["delivery"]
    assert (delivery.waiting, delivery.sent, delivery.failed) == (4, 1, 1)
    assert "550 No such user" in page.content.decode()
    assert page.context["outbox_url"] == ""  # coordinators do not read the outbox
    # the municipal administrator reads the outbox: the link lists exactly these rows
    admin = UserFactory()
    role_assign(user=admin, municipality=mw.x, role=Role.MUNICIPAL_ADMIN)
    client.force_login(admin)
    link = client.get(_url("mailing", "change", mailing.pk)).context["outbox_url"]
    assert link
    assert f"key=mailing%3A{mailing.pk}" in link
    listed = client.get(link)
    assert listed.status_code == 200
    assert listed.context["cl"].result_count == 6


def test_the_delivery_status_takes_the_same_queries_however_many(client, mw, worker):
    mailing = sent(mw, draft(mw))
    client.force_login(mw.coordinator)

    def grow():
        Notification.objects.filter(key=f"mailing:{mailing.pk}").update(
            status="failed", last_error="x"
        )
        for i in range(10):
            Notification.objects.create(kind="mailing", key=f"mailing:{mailing.pk}",
                                        recipient=f"fler{i}@example.se", municipality=mw.x,
                                        subject="s", body="b")  # fmt: skip

    assert_constant_queries(client, _url("mailing", "change", mailing.pk), grow)


def test_lists_take_the_same_queries_however_many(client, mw, coordinator):
    def grow():
        for i in range(5):
            segment = segment_of(mw, name=f"S{i}")
            draft(mw, segment=segment)

    segment_of(mw, name="Först")
    draft(mw, segment=Segment.objects.get(name="Först"))
    assert_constant_queries(client, _url("mailing"), grow)
    assert_constant_queries(client, _url("segment"), lambda: segment_of(mw, name="Sist"))


def test_another_municipalitys_coordinator_and_the_officers_are_kept_out(client, world, mw):
    mailing = draft(mw)
    ekero = UserFactory()
    role_assign(user=ekero, municipality=mw.y, role=Role.COORDINATOR)
    client.force_login(ekero)
    for action in ("change", "send", "cancel", "preview"):
        assert client.get(_url("mailing", action, mailing.pk)).status_code == 404, action
    assert client.post(_url("mailing", "send", mailing.pk)).status_code == 404
    assert client.get(_url("segment", "change", mailing.segment.pk)).status_code == 404
    client.force_login(world.users["officer_x"])
    assert client.get(_url("mailing")).status_code == 403
    assert client.post(_url("mailing", "send", mailing.pk)).status_code == 403
    assert client.get(_url("segment")).status_code == 403
    mailing.refresh_from_db()
    assert mailing.status == M.DRAFT


def test_cancel_a_draft(client, mw, coordinator):
    mailing = draft(mw)
    assert client.get(_url("mailing", "cancel", mailing.pk)).status_code == 200
    assert client.post(_url("mailing", "cancel", mailing.pk)).status_code == 302
    mailing.refresh_from_db()
    assert mailing.status == M.CANCELLED
    assert client.get(_url("mailing", "change", mailing.pk)).context["may_send"] is False


def test_organisations_without_people_count_through_their_address(client, mw, coordinator):
    OrganisationFactory(municipality=mw.x, approved=True, name="Tyst förening",
                        contact_email="tyst@example.se", district=mw.alta)  # fmt: skip
    segment = segment_of(mw, name="Älta", districts=[mw.alta])
    page = client.get(_url("segment", "change", segment.pk)).content.decode()
    assert "Tyst förening" in page
    assert "tyst@example.se" in page
