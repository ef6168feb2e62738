"""A volunteer's own pages: signing up (what they offer, where, for what, how to be
reached, consent; bad input keeps what was typed), changing it, pausing and resuming, their
page of shifts, offers and hours, My page's section, and "remove me", which erases their
volunteer data and keeps the hours nameless in the figures."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import AuditEvent, Notification
from tests.factories import UserFactory
from tests.query_counts import assert_constant_queries
from tests.volunteering.test_posts_signup import post_in, shift_of, volunteer_in
from volunteering.models import (
    CallOut,
    Interest,
    Pledge,
    RecordExtractCheck,
    Shift,
    ShiftSignup,
    Volunteer,
)
from volunteering.services import posts as post_services

pytestmark = pytest.mark.django_db
S = ShiftSignup.Status


def _register_url(slug="nacka"):
    return reverse("volunteering:volunteer_register", args=[slug])


def test_signing_up_keeps_what_was_typed_and_asks_for_consent_and_a_phone(client, vol):
    person = UserFactory(full_name="Nora Ny")
    client.force_login(person)
    page = client.get(_register_url())
    html = page.content.decode()
    assert "Vad vi sparar, varför, och hur du tar bort det" in html
    assert "Första hjälpen" in html
    assert "Fisksätra" in html

    response = client.post(_register_url(), {
        "skills": [vol.first_aid.pk], "languages": ["ar", "so"],
        "other_offer": "Kan laga mat för många", "hours_per_month": "6",
        "districts": [vol.district.pk], "reach_by": ["email", "sms"],
    })  # fmt: skip

    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"consent", "phone"}
    html = response.content.decode()
    assert "Kan laga mat för många" in html
    assert form["languages"].value() == ["ar", "so"]
    assert [str(v) for v in form["skills"].value()] == [str(vol.first_aid.pk)]
    assert not Volunteer.objects.filter(user=person).exists()


def test_a_person_signs_up_with_consent_and_is_welcomed(client, vol):
    person = UserFactory(full_name="Nora Ny")
    client.force_login(person)

    response = client.post(_register_url(), {
        "skills": [vol.first_aid.pk, vol.car.pk], "languages": ["ar"], "has_car": "on",
        "districts": [vol.district.pk], "focus_areas": [vol.focus_area.pk],
        "target_groups": [vol.target_group.pk], "reach_by": ["email", "sms"],
        "phone": "070-765 43 21", "consent": "on",
    })  # fmt: skip

    assert response["Location"] == reverse("volunteering:mine")
    volunteer = Volunteer.objects.get(user=person)
    assert volunteer.municipality == vol.municipality
    assert volunteer.consent_version == Volunteer.CONSENT_VERSION
    assert timezone.now() - volunteer.consent_at < timedelta(minutes=1)
    assert set(volunteer.skills.all()) == {vol.first_aid, vol.car}
    assert (volunteer.languages, volunteer.reach_by, volunteer.phone) == (
        ["ar"], ["email", "sms"], "070-765 43 21",
    )  # fmt: skip
    event = AuditEvent.objects.get(action="volunteer.registered")
    assert event.actor == person
    assert "070" not in str(event.after)
    welcome = Notification.objects.get(kind="volunteering.volunteer_registered")
    assert welcome.user == person
    assert "frivillig" in welcome.subject
    again = client.get(_register_url())  # already a volunteer: to the profile
    assert again["Location"] == reverse("volunteering:volunteer_edit", args=["nacka"])


def test_changing_the_profile_is_audited_without_the_values(client, vol):
    client.force_login(vol.volunteer.user)
    url = reverse("volunteering:volunteer_edit", args=["nacka"])
    page = client.get(url)
    assert "consent" not in page.context["form"].fields  # given already, the text unchanged
    response = client.post(url, {"languages": ["sv", "ar", "ti"], "skills": [vol.first_aid.pk],
                                 "districts": [vol.district.pk], "focus_areas": [vol.focus_area.pk],
                                 "reach_by": ["phone"], "phone": "08-123 456"})  # fmt: skip
    assert response.status_code == 302
    vol.volunteer.refresh_from_db()
    assert (vol.volunteer.languages, vol.volunteer.phone) == (["sv", "ar", "ti"], "08-123 456")
    event = AuditEvent.objects.get(action="volunteer.changed")
    assert event.after == {"fields": ["languages", "phone", "reach_by"]}
    client.post(url, {"languages": ["sv"], "reach_by": ["email"], "phone": "08-123 456"})
    vol.volunteer.refresh_from_db()
    assert vol.volunteer.phone == ""  # not kept when not to be reached by it


def test_an_older_consent_is_asked_for_again(client, vol):
    Volunteer.objects.filter(pk=vol.volunteer.pk).update(consent_version="2020-01")
    client.force_login(vol.volunteer.user)
    url = reverse("volunteering:volunteer_edit", args=["nacka"])
    response = client.post(url, {"reach_by": ["email"]})
    assert response.status_code == 200
    assert "consent" in response.context["form"].errors
    client.post(url, {"reach_by": ["email"], "consent": "on"})
    vol.volunteer.refresh_from_db()
    assert vol.volunteer.consent_version == Volunteer.CONSENT_VERSION


def test_pausing_and_resuming_through_the_workflow(client, vol):
    client.force_login(vol.volunteer.user)
    url = reverse("volunteering:volunteer_status", args=["nacka"])
    client.post(url, {"status": "paused"})
    vol.volunteer.refresh_from_db()
    assert vol.volunteer.status == Volunteer.Status.PAUSED
    assert "Gör mig tillgänglig igen" in client.get(reverse("volunteering:mine")).content.decode()
    client.post(url, {"status": "active"})
    vol.volunteer.refresh_from_db()
    assert vol.volunteer.status == Volunteer.Status.ACTIVE
    client.post(url, {"status": "removed"})  # no such status
    vol.volunteer.refresh_from_db()
    assert vol.volunteer.status == Volunteer.Status.ACTIVE
    assert list(
        AuditEvent.objects.filter(action="volunteer.status_changed")
        .order_by("pk")
        .values_list("after", flat=True)
    ) == [{"status": "paused"}, {"status": "active"}]
    assert client.get(url).status_code == 405


def _history(vol):
    """Vera's past shift with hours, a coming booking with Ville waiting, an offer to an
    open and to a closed call-out, an extract shown and an interest sent."""
    officer = vol.culture_officer
    post = post_in(vol, requires_record_extract=True)
    past = shift_of(post, officer, places=1)
    post_services.shift_sign_up(shift=past, volunteer=vol.volunteer, by=vol.volunteer.user)
    start = timezone.now() - timedelta(days=2)
    Shift.objects.filter(pk=past.pk).update(starts_at=start, ends_at=start + timedelta(hours=3))
    post_services.attendance_record(
        shift=past, by=officer,
        rows={ShiftSignup.objects.get(shift=past).pk: (True, None)},
    )  # fmt: skip
    coming = shift_of(post, officer, places=1)
    for volunteer in (vol.volunteer, vol.volunteer_2):
        post_services.shift_sign_up(shift=coming, volunteer=volunteer, by=volunteer.user)
    open_callout = CallOut.objects.create(
        municipality=vol.municipality, title="Vinterevakuering", description="Hjälp",
        status="open",
    )  # fmt: skip
    closed = CallOut.objects.create(
        municipality=vol.municipality, title="Skogsbrand", description="Hjälp", status="closed"
    )
    Pledge.objects.create(callout=open_callout, volunteer=vol.volunteer, hours=4,
                          status="accepted", pledged_by=vol.volunteer.user)  # fmt: skip
    Pledge.objects.create(callout=closed, volunteer=vol.volunteer, hours=5, status="accepted",
                          hours_given=Decimal("5.5"), pledged_by=vol.volunteer.user)  # fmt: skip
    post_services.extract_check_record(post=post, volunteer=vol.volunteer,
                                       shown_on=timezone.localdate(), by=officer)  # fmt: skip
    Interest.objects.create(post=post, volunteer=vol.volunteer, message="Jag kan på tisdagar")
    return post, past, coming


def test_the_volunteer_page_lists_shifts_offers_and_hours(client, vol):
    _post, _past, coming = _history(vol)
    client.force_login(vol.volunteer.user)
    html = client.get(reverse("volunteering:mine")).content.decode()
    assert "Nacka kommun" in html
    assert "Timmar totalt: 8,5." in html  # 3 on the shift and 5.5 for the call-out
    assert "Vinterevakuering" in html
    assert "Skogsbrand" in html
    booked = ShiftSignup.objects.get(shift=coming, volunteer=vol.volunteer)
    assert reverse("volunteering:signup_cancel", args=[booked.pk]) in html
    assert "Första hjälpen" in html
    assert "arabiska" in html.lower()
    assert reverse("volunteering:certificate", args=["nacka"]) in html
    assert "Bli frivillig i en annan kommun" in html
    client.force_login(vol.volunteer_2.user)
    html = client.get(reverse("volunteering:mine")).content.decode()
    assert "På väntelistan, nummer 1" in html
    assert "Vinterevakuering" not in html


def test_the_volunteer_page_reads_a_fixed_number_of_queries(client, vol):
    _history(vol)
    client.force_login(vol.volunteer.user)

    def grow():
        other = volunteer_in(vol.other, "Vera i Ekerö")
        Volunteer.objects.filter(pk=other.pk).update(user=vol.volunteer.user)
        for n in range(3):
            post = post_in(vol, title=f"Pass {n}")
            post_services.shift_sign_up(shift=shift_of(post, vol.culture_officer),
                                        volunteer=vol.volunteer, by=vol.volunteer.user)  # fmt: skip
            Interest.objects.create(post=post, volunteer=vol.volunteer)

    response = assert_constant_queries(client, reverse("volunteering:mine"), grow)
    assert "Ekerö kommun" in response.content.decode()


def test_my_page_shows_the_coming_shifts_and_open_offers(client, vol):
    _history(vol)
    client.force_login(vol.volunteer.user)
    html = client.get(reverse("portal:my_page")).content.decode()
    assert "Mina kommande pass" in html
    assert "Värd på MeetingPoint" in html
    assert "Vinterevakuering" in html
    assert "Skogsbrand" not in html
    client.force_login(vol.org_user_2)
    html = client.get(reverse("portal:my_page")).content.decode()
    assert reverse("volunteering:organisation_posts", args=[vol.organisation_2.pk]) in html


def test_remove_me_erases_the_volunteer_and_keeps_the_hours_nameless(client, vol):
    _post, past, coming = _history(vol)
    pk = vol.volunteer.pk
    client.force_login(vol.volunteer.user)
    url = reverse("volunteering:volunteer_remove", args=["nacka"])
    unconfirmed = client.post(url, {})
    assert unconfirmed.status_code == 200
    assert unconfirmed.context["form"].errors
    assert Volunteer.objects.filter(pk=pk).exists()

    response = client.post(url, {"confirm": "on"})

    assert response["Location"] == reverse("volunteering:mine")
    assert not Volunteer.objects.filter(pk=pk).exists()
    done = ShiftSignup.objects.get(shift=past)
    assert (done.volunteer, done.hours) == (None, Decimal("3.00"))  # in the figures, nameless
    given_up = ShiftSignup.objects.get(shift=coming, volunteer=None)
    assert given_up.status == S.CANCELLED
    assert ShiftSignup.objects.get(shift=coming, volunteer=vol.volunteer_2).status == S.CONFIRMED
    assert Notification.objects.filter(
        kind=post_services.PROMOTED_KIND, user=vol.volunteer_2.user
    ).exists()
    pledges = {p.callout.title: p for p in Pledge.objects.select_related("callout")}
    assert pledges["Vinterevakuering"].status == Pledge.Status.WITHDRAWN
    assert pledges["Skogsbrand"].hours_given == Decimal("5.5")
    assert all(p.volunteer_id is None and p.pledged_by_id is None for p in pledges.values())
    assert not RecordExtractCheck.objects.exists()
    assert not Interest.objects.exists()
    named = AuditEvent.objects.filter(target_repr__contains="Vera Volontär")
    assert not named.exists()
    assert AuditEvent.objects.filter(action="volunteer.removed", target_id=str(pk)).exists()
    assert vol.volunteer.user.__class__.objects.get(pk=vol.volunteer.user_id).is_active


@pytest.mark.parametrize("wanted", ["abc", "https://elak.example/", "//elak.example/", "-1"])
def test_only_the_portals_own_pages_are_gone_back_to(client, vol, wanted):
    shift = shift_of(post_in(vol), vol.culture_officer)
    signup = post_services.shift_sign_up(
        shift=shift, volunteer=vol.volunteer, by=vol.volunteer.user
    )
    client.force_login(vol.volunteer.user)
    url = reverse("volunteering:signup_cancel", args=[signup.pk])
    response = client.post(url, {"next": wanted})
    assert response["Location"] == reverse("volunteering:mine")
