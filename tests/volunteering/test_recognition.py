"""Recognition: coordinators nominate thanks and awards in the admin and publish or withdraw
them (audited); a person is published only with their consent; the public page shows what is
published, by year, with volunteering in a few figures and no personal data."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal import audit_text
from portal.models import AuditEvent
from tests.factories import UserFactory
from volunteering.models import CallOut, Pledge, Post, Recognition, Shift, ShiftSignup, Volunteer
from volunteering.services import recognition as services

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def _add(client, vol, **changes):
    data = {
        "municipality": vol.municipality.pk,
        "kind": "award",
        "title": f"Årets eldsjäl {YEAR}",
        "year": YEAR,
        "volunteer": vol.volunteer.pk,
        "organisation": "",
        "recipient_name": "",
        "citation": "För nattvandringarna i Fisksätra varje fredag.",
        "focus_areas": [vol.focus_area.pk],
        "district": vol.district.pk,
        "_save": "Spara",
    }
    data.update(changes)
    return client.post(reverse("admin:volunteering_recognition_add"), data)


def _status(client, recognition, status):
    url = reverse("admin:volunteering_recognition_status", args=[recognition.pk])
    return client.post(url, {"status": status}, follow=True)


def test_a_coordinator_nominates_and_publishes_a_volunteer_with_consent(client, vol):
    client.force_login(vol.coordinator)
    response = _add(client, vol, consent_to_publish="on")
    assert response.status_code == 302, response.context["adminform"].form.errors
    recognition = Recognition.objects.get()
    assert recognition.status == "nominated"
    assert recognition.recipient_name == "Vera Volontär"  # the volunteer's name by default
    assert recognition.nominated_by == vol.coordinator
    assert list(recognition.focus_areas.all()) == [vol.focus_area]
    public = reverse("volunteering:recognitions", args=[vol.municipality.slug])
    assert "Årets eldsjäl" not in Client().get(public).content.decode()

    page = client.get(reverse("admin:volunteering_recognition_change", args=[recognition.pk]))
    assert 'name="status" value="published"' in page.content.decode()
    _status(client, recognition, "published")
    recognition.refresh_from_db()
    assert recognition.status == "published"
    assert recognition.published_at is not None
    event = AuditEvent.objects.get(action="recognition.status_changed")
    assert (event.before, event.after) == ({"status": "nominated"}, {"status": "published"})
    assert event.actor == vol.coordinator
    assert AuditEvent.objects.filter(action="recognition.nominated").count() == 1

    client.logout()
    html = client.get(public).content.decode()
    assert f"Årets eldsjäl {YEAR}: Vera Volontär" in html
    assert "För nattvandringarna i Fisksätra" in html


def test_a_person_is_not_published_without_consent(client, vol):
    client.force_login(vol.coordinator)
    _add(client, vol)
    recognition = Recognition.objects.get()
    response = _status(client, recognition, "published")
    assert "samtycke" in response.content.decode()  # the refusal, in the admin's Swedish
    recognition.refresh_from_db()
    assert recognition.status == "nominated"
    # Only a name, no volunteer: may be a person, so consent too.
    named = services.recognition_nominate(
        municipality=vol.municipality, by=vol.coordinator,
        data={"kind": "thanks", "title": "Tack", "year": YEAR, "recipient_name": "Kalle",
              "citation": "Tack för hjälpen."},
    )  # fmt: skip
    with pytest.raises(services.ValidationError, match="samtycke"):
        services.recognition_set_status(recognition=named, status="published", by=vol.coordinator)


def test_an_organisation_is_published_without_a_persons_consent(client, vol):
    client.force_login(vol.coordinator)
    _add(client, vol, kind="thanks", title="Tack för beredskapen", volunteer="",
         organisation=vol.organisation.pk)  # fmt: skip
    recognition = Recognition.objects.get()
    assert recognition.recipient_name == "Röda Korset Nacka"
    _status(client, recognition, "published")
    recognition.refresh_from_db()
    assert recognition.status == "published"


def test_consent_cannot_be_removed_while_published_and_withdrawal_hides_it(client, vol):
    client.force_login(vol.coordinator)
    _add(client, vol, consent_to_publish="on")
    recognition = Recognition.objects.get()
    _status(client, recognition, "published")
    url = reverse("admin:volunteering_recognition_change", args=[recognition.pk])
    page = client.get(url)
    from tests.security.admin_forms import form_data

    data = form_data(page.context["adminform"].form, {"consent_to_publish": False})
    data["citation"] = "Ny motivering som inte får försvinna."
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with the error and what was typed
    html = response.content.decode()
    assert "Ny motivering som inte får försvinna." in html
    assert response.context["adminform"].form.errors["consent_to_publish"]
    recognition.refresh_from_db()
    assert recognition.consent_to_publish is True

    _status(client, recognition, "withdrawn")
    recognition.refresh_from_db()
    assert recognition.status == "withdrawn"
    public = reverse("volunteering:recognitions", args=[vol.municipality.slug])
    client.logout()
    assert "Årets eldsjäl" not in client.get(public).content.decode()


def test_a_change_is_audited_with_before_and_after(client, vol):
    client.force_login(vol.coordinator)
    _add(client, vol)
    recognition = Recognition.objects.get()
    services.recognition_update(
        recognition=recognition, by=vol.coordinator, data={"title": "Årets ljuspunkt"}
    )
    event = AuditEvent.objects.get(action="recognition.changed")
    assert event.before == {"title": f"Årets eldsjäl {YEAR}"}
    assert event.after == {"title": "Årets ljuspunkt"}
    for code in ("recognition.nominated", "recognition.changed", "recognition.status_changed"):
        assert audit_text.is_registered(code)
    sentence = audit_text.sentence(event)
    assert "Årets ljuspunkt" in sentence
    assert "{" not in sentence


def test_another_municipalitys_volunteer_or_district_is_refused(vol):
    other = Volunteer.objects.create(
        user=UserFactory(), municipality=vol.other, consent_version=Volunteer.CONSENT_VERSION
    )
    with pytest.raises(services.ValidationError) as error:
        services.recognition_nominate(
            municipality=vol.municipality, by=vol.coordinator,
            data={"kind": "award", "title": "Eldsjäl", "year": YEAR, "volunteer": other,
                  "citation": "Bra."},
        )  # fmt: skip
    assert "volunteer" in error.value.message_dict
    with pytest.raises(services.PermissionDenied):
        services.recognition_nominate(
            municipality=vol.municipality, by=vol.other_coordinator,
            data={"kind": "award", "title": "Eldsjäl", "year": YEAR, "citation": "Bra."},
        )  # fmt: skip
    with pytest.raises(services.ValidationError) as error:
        services.recognition_nominate(
            municipality=vol.municipality, by=vol.coordinator,
            data={"kind": "award", "title": "", "year": 1500, "citation": ""},
        )  # fmt: skip
    assert {"title", "year", "citation", "recipient_name"} <= set(error.value.message_dict)


def test_only_the_municipalitys_coordinators_reach_the_admin_pages(client, vol):
    recognition = services.recognition_nominate(
        municipality=vol.municipality, by=vol.coordinator,
        data={"kind": "award", "title": "Eldsjäl", "year": YEAR, "citation": "Bra.",
              "recipient_name": "Kalle"},
    )  # fmt: skip
    change = reverse("admin:volunteering_recognition_change", args=[recognition.pk])
    client.force_login(vol.other_coordinator)  # Ekerö's coordinator: not found
    assert client.get(change).status_code == 404
    assert _status(client, recognition, "withdrawn").status_code == 404
    client.force_login(vol.culture_officer)  # an officer: no recognition rights
    assert client.get(change).status_code == 403
    recognition.refresh_from_db()
    assert recognition.status == "nominated"


def test_the_public_page_sums_up_volunteering_without_names(client, vol):
    now = timezone.now()
    post = Post.objects.create(
        municipality=vol.municipality, administration=vol.culture, activity="MeetingPoint",
        title="Språkcafévärd", description="Prata svenska.", contact_name="Kim",
        contact_email="kim@example.se", status="published",
    )  # fmt: skip
    shift = Shift.objects.create(
        post=post, starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=2, hours=-3),
        places=3,
    )  # fmt: skip
    ShiftSignup.objects.create(shift=shift, volunteer=vol.volunteer, attended=True,
                               hours=Decimal("3"))  # fmt: skip
    callout = CallOut.objects.create(
        municipality=vol.municipality, title="Evakuering", description="Värme.",
        status="open", sent_at=now - timedelta(days=1),
    )  # fmt: skip
    Pledge.objects.create(callout=callout, volunteer=vol.volunteer_2, status="accepted",
                          hours_given=Decimal("5.5"))  # fmt: skip
    Pledge.objects.create(callout=callout, organisation=vol.organisation, status="pledged",
                          hours_given=Decimal("40"))  # fmt: skip
    html = client.get(reverse("volunteering:recognitions", args=[vol.municipality.slug]))
    text = html.content.decode()
    summary = html.context["summary"]
    assert (summary.volunteers, summary.hours, summary.callouts_answered) == (
        2,
        Decimal("8.5"),
        1,
    )
    assert "Vera" not in text
    assert "Ville" not in text
    assert client.get(reverse("volunteering:recognitions", args=["no-such"])).status_code == 404


def test_the_municipality_page_links_to_volunteering(client, vol):
    services.recognition_set_status(
        recognition=services.recognition_nominate(
            municipality=vol.municipality, by=vol.coordinator,
            data={"kind": "thanks", "title": "Tack till Röda Korset", "year": YEAR,
                  "organisation": vol.organisation, "citation": "Beredskapen."},
        ),
        status="published", by=vol.coordinator,
    )  # fmt: skip
    html = client.get(reverse("portal:municipality", args=[vol.municipality.slug]))
    text = html.content.decode()
    assert reverse("volunteering:recognitions", args=[vol.municipality.slug]) in text
    assert reverse("volunteering:public_posts", args=[vol.municipality.slug]) in text
    assert "Tack till Röda Korset" in text


def test_a_volunteer_who_removes_themselves_is_no_longer_named(client, vol):
    recognition = services.recognition_nominate(
        municipality=vol.municipality, by=vol.coordinator,
        data={"kind": "award", "title": "Årets eldsjäl", "year": YEAR,
              "volunteer": vol.volunteer, "citation": "Bra.", "consent_to_publish": True},
    )  # fmt: skip
    services.recognition_set_status(recognition=recognition, status="published", by=vol.coordinator)
    # "remove me" on the volunteer's own page
    client.force_login(vol.volunteer.user)
    response = client.post(
        reverse("volunteering:volunteer_remove", args=[vol.municipality.slug]), {"confirm": "on"}
    )
    assert response.status_code == 302
    assert not Volunteer.objects.filter(pk=vol.volunteer.pk).exists()
    client.logout()
    recognition.refresh_from_db()
    assert recognition.status == "withdrawn"
    assert recognition.recipient_name == "en tidigare frivillig"
    assert (recognition.volunteer, recognition.consent_to_publish) == (None, False)
    trail = AuditEvent.objects.filter(target_type="volunteering.recognition")
    assert trail.exists()
    assert not any("Vera" in f"{e.target_repr}{e.before}{e.after}" for e in trail)
    public = reverse("volunteering:recognitions", args=[vol.municipality.slug])
    assert "Vera" not in client.get(public).content.decode()


def test_whom_a_published_recognition_names_changes_only_after_withdrawal(vol):
    recognition = services.recognition_nominate(
        municipality=vol.municipality, by=vol.coordinator,
        data={"kind": "award", "title": "Eldsjäl", "year": YEAR, "volunteer": vol.volunteer,
              "citation": "Bra.", "consent_to_publish": True},
    )  # fmt: skip
    services.recognition_set_status(recognition=recognition, status="published", by=vol.coordinator)
    with pytest.raises(services.ValidationError) as error:
        services.recognition_update(
            recognition=recognition, by=vol.coordinator, data={"volunteer": vol.volunteer_2}
        )
    assert "volunteer" in error.value.message_dict
    services.recognition_update(
        recognition=recognition, by=vol.coordinator, data={"citation": "Mycket bra."}
    )
    services.recognition_set_status(recognition=recognition, status="withdrawn", by=vol.coordinator)
    services.recognition_update(
        recognition=recognition, by=vol.coordinator,
        data={"volunteer": vol.volunteer_2, "recipient_name": ""},
    )  # fmt: skip
    recognition.refresh_from_db()
    assert recognition.recipient_name == "Ville Volontär"
