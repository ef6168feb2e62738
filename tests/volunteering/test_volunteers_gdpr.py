"""A volunteer's data rights through the portal's hooks: the export (My page's "Download my
data") holds their volunteer profile, shifts with hours, offers, interest, the dates they
showed an extract and the recognitions naming them, and nothing of another volunteer's;
erasing the account removes the volunteer rows as "remove me" does, keeps the hours without
the person, and unlinks the rows the municipality keeps."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from portal.gdpr import erasure
from portal.models import AuditEvent, User
from tests.factories import PASSWORD
from tests.volunteering.test_volunteers_pages import _history
from volunteering.models import (
    Interest,
    Pledge,
    Post,
    Recognition,
    RecordExtractCheck,
    ShiftSignup,
    Volunteer,
)

pytestmark = pytest.mark.django_db


def _recognised(vol):
    return Recognition.objects.create(
        municipality=vol.municipality, title="Årets eldsjäl 2026", year=2026,
        volunteer=vol.volunteer, recipient_name="Vera Volontär",
        citation="För hundra timmar på MeetingPoint.", consent_to_publish=True,
        nominated_by=vol.coordinator,
    )  # fmt: skip


def test_the_export_holds_the_volunteers_own_data_and_no_one_elses(client, vol):
    _history(vol)
    _recognised(vol)
    vol.volunteer.phone, vol.volunteer.reach_by = "070-111 22 33", ["email", "sms"]
    vol.volunteer.save()
    client.force_login(vol.volunteer.user)

    response = client.get(reverse("portal:my_data"))

    raw = response.content.decode()
    data = json.loads(raw)
    (profile,) = data["volunteer_profiles"]
    assert profile["municipality"] == "Nacka kommun"
    assert profile["phone"] == "070-111 22 33"
    assert profile["languages"] == ["sv", "ar"]
    assert profile["skills"] == ["Första hjälpen"]
    assert profile["consent_text_version"] == Volunteer.CONSENT_VERSION
    assert profile["consent_given_at"]
    shifts = data["volunteer_shifts"]
    assert [(s["status"], s["hours"]) for s in shifts] == [("confirmed", "3.00"),
                                                           ("confirmed", None)]  # fmt: skip
    assert {p["call_out"] for p in data["volunteer_pledges"]} == {"Vinterevakuering",
                                                                 "Skogsbrand"}  # fmt: skip
    assert [i["message"] for i in data["volunteer_interests"]] == ["Jag kan på tisdagar"]
    assert [c["post"] for c in data["criminal_record_extracts_shown"]] == ["Värd på MeetingPoint"]
    assert data["volunteer_recognitions"][0]["title"] == "Årets eldsjäl 2026"
    for secret in ("Ville Volontär", vol.volunteer_2.user.email, vol.coordinator.email):
        assert secret not in raw
    client.force_login(vol.volunteer_2.user)
    other = json.loads(client.get(reverse("portal:my_data")).content)
    assert [s["status"] for s in other["volunteer_shifts"]] == ["waiting"]
    assert other["volunteer_pledges"] == other["volunteer_recognitions"] == []


def test_erasing_the_account_removes_the_volunteer_and_keeps_the_hours(client, vol):
    _post, past, coming = _history(vol)
    recognition = _recognised(vol)
    user = vol.volunteer.user
    assert client.login(email=user.email, password=PASSWORD)

    response = client.post(reverse("portal:delete_account"), {"password": PASSWORD})

    assert response.status_code == 302
    assert not Volunteer.objects.filter(user=user).exists()
    assert ShiftSignup.objects.get(shift=past).hours == Decimal("3.00")
    assert ShiftSignup.objects.get(shift=past).volunteer is None
    assert ShiftSignup.objects.get(shift=coming, volunteer=vol.volunteer_2).status == "confirmed"
    assert not Pledge.objects.filter(pledged_by=user).exists()
    assert Pledge.objects.filter(hours_given=Decimal("5.5"), volunteer=None).exists()
    assert not RecordExtractCheck.objects.exists()
    assert not Interest.objects.exists()
    recognition.refresh_from_db()
    assert recognition.volunteer is None
    assert User.objects.get(pk=user.pk).email.startswith("removed-")
    erased = AuditEvent.objects.get(action="gdpr.erasure_requested")
    assert erased.after["volunteer_profiles"] == 1
    assert erased.after["volunteer_shifts_given_up"] == 1
    assert erased.after["volunteer_pledges_withdrawn"] == 1


def test_erasing_a_host_unlinks_the_posts_they_wrote(vol):
    author = vol.volunteer_2.user  # someone who wrote a post (here through the model)
    post = Post.objects.create(
        municipality=vol.municipality, administration=vol.culture, activity="Språkcafé",
        title="Samtalsledare", description="Leda samtal.", contact_name="Kim",
        contact_email="kim@example.se", created_by=author,
    )  # fmt: skip
    erasure.account_delete(user=author)
    post.refresh_from_db()
    assert post.created_by is None
    assert Post.objects.filter(pk=post.pk).exists()
