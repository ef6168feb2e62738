"""Booking a shift through the real pages: a person who is not yet a volunteer of the
post's municipality signs up there first and comes back; a full shift puts the next one on
its waiting list (the page says so, with the place in the list); giving up a place books
the first waiting, who is emailed; one signs up again after giving up; cancelled, past and
closed shifts refuse; nobody gives up another's place. Each move is audited."""

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import AuditEvent, Notification
from tests.factories import UserFactory
from volunteering.models import Post, Shift, ShiftSignup, Volunteer
from volunteering.services import posts as services

pytestmark = pytest.mark.django_db
S = ShiftSignup.Status


# --- builders shared by the posts' test modules ---------------------------------------------


def post_in(vol, *, by=None, administration=None, publish=True, **fields):
    """A post of the culture administration (MeetingPoint), written by its officer."""
    data = {
        "activity": "MeetingPoint",
        "title": "Värd på MeetingPoint",
        "description": "Ta emot besökare, koka kaffe och prata svenska.",
        "place": "Fisksätra bibliotek",
        "district": vol.district,
        "contact_name": "Kim Kontakt",
        "contact_email": "kim.kontakt@nacka.example.se",
    }
    data.update(fields)
    by = by or vol.culture_officer
    post = services.post_create(by=by, administration=administration or vol.culture, data=data)
    if publish:
        services.post_set_status(post=post, status=Post.Status.PUBLISHED, by=by)
    return post


def shift_of(post, by, *, places=2, starts_in=timedelta(days=3), hours=3):
    start = (timezone.now() + starts_in).replace(second=0, microsecond=0)
    return services.shift_create(
        post=post, by=by, starts_at=start, ends_at=start + timedelta(hours=hours), places=places
    )


def volunteer_in(municipality, name, **fields):
    return Volunteer.objects.create(
        user=UserFactory(full_name=name),
        municipality=municipality,
        reach_by=["email"],
        consent_version=Volunteer.CONSENT_VERSION,
        **fields,
    )


def sign_up(client, shift):
    return client.post(reverse("volunteering:shift_sign_up", args=[shift.pk]))


# --- the tests ------------------------------------------------------------------------------


def test_a_person_not_yet_a_volunteer_signs_up_first_and_comes_back(client, vol):
    post = post_in(vol)
    shift = shift_of(post, vol.culture_officer)
    person = UserFactory(full_name="Nora Ny")
    client.force_login(person)

    response = sign_up(client, shift)

    assert response.status_code == 302
    target = urlparse(response["Location"])
    assert target.path == reverse("volunteering:volunteer_register", args=["nacka"])
    back = parse_qs(target.query)["next"][0]
    assert back == reverse("volunteering:post", args=[post.pk])
    assert not ShiftSignup.objects.exists()
    registered = client.post(
        f"{target.path}?{target.query}",
        {"reach_by": ["email"], "consent": "on", "next": back},
    )
    assert registered.status_code == 302
    assert registered["Location"] == back
    assert sign_up(client, shift).status_code == 302
    signup = ShiftSignup.objects.get()
    assert (signup.volunteer.user, signup.status) == (person, S.CONFIRMED)


def test_a_full_shift_puts_the_next_on_the_waiting_list_and_the_page_says_so(client, vol):
    post = post_in(vol)
    shift = shift_of(post, vol.culture_officer, places=1)
    client.force_login(vol.volunteer.user)
    response = sign_up(client, shift)
    assert response["Location"].endswith(f"#shift-{shift.pk}")
    client.force_login(vol.volunteer_2.user)
    response = sign_up(client, shift)
    page = client.get(response["Location"])

    booked = ShiftSignup.objects.get(volunteer=vol.volunteer)
    waiting = ShiftSignup.objects.get(volunteer=vol.volunteer_2)
    assert (booked.status, waiting.status) == (S.CONFIRMED, S.WAITING)
    html = page.content.decode()
    assert "Du står på väntelistan, nummer 1." in html
    assert "på väntelistan som nummer 1" in html  # the message after signing up
    assert "Fullt – ställ dig på väntelistan" in html
    kinds = dict(Notification.objects.values_list("user_id", "kind"))
    assert kinds[vol.volunteer.user_id] == services.BOOKED_KIND
    assert kinds[vol.volunteer_2.user_id] == services.WAITING_KIND
    waiting_mail = Notification.objects.get(user=vol.volunteer_2.user)
    assert "nummer 1 på väntelistan" in waiting_mail.body
    assert AuditEvent.objects.filter(
        action="signup.created", target_id=str(waiting.pk), after={"status": "waiting"}
    ).exists()


def test_giving_up_a_place_books_the_first_waiting_who_is_emailed(client, vol):
    post = post_in(vol)
    shift = shift_of(post, vol.culture_officer, places=1)
    third = volunteer_in(vol.municipality, "Tova Tredje")
    for volunteer in (vol.volunteer, vol.volunteer_2, third):
        services.shift_sign_up(shift=shift, volunteer=volunteer, by=volunteer.user)
    vera = ShiftSignup.objects.get(volunteer=vol.volunteer)
    client.force_login(vol.volunteer.user)

    response = client.post(
        reverse("volunteering:signup_cancel", args=[vera.pk]),
        {"next": reverse("volunteering:mine")},
    )

    assert response["Location"] == reverse("volunteering:mine")
    statuses = dict(ShiftSignup.objects.values_list("volunteer_id", "status"))
    assert statuses == {
        vol.volunteer.pk: S.CANCELLED,
        vol.volunteer_2.pk: S.CONFIRMED,
        third.pk: S.WAITING,
    }
    promoted = Notification.objects.get(kind=services.PROMOTED_KIND)
    assert promoted.user == vol.volunteer_2.user
    assert "är din" in promoted.subject
    assert services.waiting_position(ShiftSignup.objects.get(volunteer=third)) == 1
    moved = AuditEvent.objects.get(action="signup.status_changed", after__from_waiting_list=True)
    assert moved.actor is None  # the portal gave the place
    client.force_login(third.user)
    assert "nummer 1" in client.get(reverse("volunteering:mine")).content.decode()


def test_one_signs_up_again_after_giving_up(client, vol):
    shift = shift_of(post_in(vol), vol.culture_officer, places=1)
    client.force_login(vol.volunteer.user)
    sign_up(client, shift)
    signup = ShiftSignup.objects.get()
    client.post(reverse("volunteering:signup_cancel", args=[signup.pk]))
    signup.refresh_from_db()
    assert signup.status == S.CANCELLED

    sign_up(client, shift)

    signup.refresh_from_db()
    assert signup.status == S.CONFIRMED
    assert ShiftSignup.objects.count() == 1
    assert Notification.objects.filter(kind=services.BOOKED_KIND).count() == 2  # once each time
    assert list(
        AuditEvent.objects.filter(target_id=str(signup.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["signup.created", "signup.status_changed", "signup.status_changed"]
    again = sign_up(client, shift)  # booked already: refused, nothing changes
    assert "redan anmält dig" in str(list(client.get(again["Location"]).context["messages"])[-1])
    assert ShiftSignup.objects.get().status == S.CONFIRMED


def test_cancelled_past_and_closed_shifts_refuse(client, vol):
    post = post_in(vol)
    cancelled = shift_of(post, vol.culture_officer)
    services.shift_cancel(shift=cancelled, by=vol.culture_officer)
    past = shift_of(post, vol.culture_officer, starts_in=-timedelta(hours=5))
    client.force_login(vol.volunteer.user)
    for shift, text in ((cancelled, "ställts in"), (past, "redan börjat")):
        response = sign_up(client, shift)
        page = client.get(response["Location"])
        assert text in str(list(page.context["messages"])[-1])
    open_shift = shift_of(post, vol.culture_officer)
    services.post_set_status(post=post, status=Post.Status.CLOSED, by=vol.culture_officer)
    sign_up(client, open_shift)
    assert not ShiftSignup.objects.exists()
    page = client.get(reverse("volunteering:post", args=[post.pk])).content.decode()
    assert "Uppdraget är stängt" in page
    assert reverse("volunteering:shift_sign_up", args=[open_shift.pk]) not in page


def test_a_volunteer_of_another_municipality_signs_up_there_first(client, vol):
    shift = shift_of(post_in(vol), vol.culture_officer)
    elsewhere = volunteer_in(vol.other, "Ebbe Ekerö")
    client.force_login(elsewhere.user)
    response = sign_up(client, shift)
    assert urlparse(response["Location"]).path == reverse(
        "volunteering:volunteer_register", args=["nacka"]
    )
    assert not ShiftSignup.objects.exists()


def test_nobody_gives_up_anothers_place_and_drafts_are_not_found(client, vol):
    shift = shift_of(post_in(vol), vol.culture_officer)
    signup = services.shift_sign_up(shift=shift, volunteer=vol.volunteer, by=vol.volunteer.user)
    client.force_login(vol.volunteer_2.user)
    response = client.post(reverse("volunteering:signup_cancel", args=[signup.pk]))
    assert response.status_code == 404
    signup.refresh_from_db()
    assert signup.status == S.CONFIRMED
    assert client.get(reverse("volunteering:signup_cancel", args=[signup.pk])).status_code == 405
    draft = post_in(vol, publish=False, title="Utkast")
    draft_shift = shift_of(draft, vol.culture_officer)
    assert client.get(reverse("volunteering:post", args=[draft.pk])).status_code == 404
    assert sign_up(client, draft_shift).status_code == 404
    client.force_login(vol.culture_officer)  # its host previews it
    assert client.get(reverse("volunteering:post", args=[draft.pk])).status_code == 200


def test_a_paused_volunteer_is_asked_to_resume_first(client, vol):
    shift = shift_of(post_in(vol), vol.culture_officer)
    Volunteer.objects.filter(pk=vol.volunteer.pk).update(status=Volunteer.Status.PAUSED)
    client.force_login(vol.volunteer.user)
    response = sign_up(client, shift)
    assert "pausat" in str(list(client.get(response["Location"]).context["messages"])[-1])
    assert not ShiftSignup.objects.exists()


def test_more_places_and_a_shift_held_after_all_go_to_the_waiting_list(vol):
    officer = vol.culture_officer
    shift = shift_of(post_in(vol), officer, places=1)
    for volunteer in (vol.volunteer, vol.volunteer_2):
        services.shift_sign_up(shift=shift, volunteer=volunteer, by=volunteer.user)
    services.shift_update(shift=shift, by=officer, starts_at=shift.starts_at,
                          ends_at=shift.ends_at, places=2)  # fmt: skip
    assert set(ShiftSignup.objects.values_list("status", flat=True)) == {S.CONFIRMED}
    services.shift_cancel(shift=shift, by=officer)
    told = Notification.objects.filter(kind=services.CANCELLED_KIND)
    assert set(told.values_list("user_id", flat=True)) == {
        vol.volunteer.user_id,
        vol.volunteer_2.user_id,
    }
    assert Shift.objects.get(pk=shift.pk).cancelled
