"""Advice times: officers publish times (one, or a series), associations' people book one
for their question (errors keep what was typed), the booker and the officer are emailed (the
booker with the calendar file), a reminder comes once the day before, either side cancels,
and everything stays within the municipality."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from advice import reminders
from advice.models import AdviceBooking, AdviceSlot
from advice.services import bookings as services
from advice.services import slots as slot_services
from portal.models import AuditEvent, Notification
from tests.advice.conftest import slot

pytestmark = pytest.mark.django_db
B = AdviceBooking.Status


def test_the_public_list_shows_free_times_by_date_with_filters(client, adv, world):
    url = reverse("advice:slots", args=["nacka"])
    page = client.get(url).content.decode()
    assert page.count("Föreningsbidrag") == 3
    assert "Telefon" in page
    assert "Video" in page
    assert "video.example.se" not in page  # the link comes only with a booking
    only_phone = client.get(url, {"mode": "phone"}).content.decode()
    assert only_phone.count("Föreningsbidrag") == 1
    services.book(slot=adv.in_person, by=adv.chair, question="Hur söker vi projektbidrag?",
                  organisation=adv.organisation)  # fmt: skip
    assert client.get(url).content.decode().count("Föreningsbidrag") == 2
    assert client.get(reverse("advice:slots", args=["ekero"])).status_code == 200
    assert (
        "Föreningsbidrag"
        not in client.get(reverse("advice:slots", args=["ekero"])).content.decode()
    )
    assert client.get(reverse("advice:slots", args=["no-such"])).status_code == 404


def test_an_association_books_a_time_and_both_are_emailed(client, adv):
    url = reverse("advice:book", args=[adv.phone.pk])
    assert client.get(url).status_code == 302  # login first
    client.force_login(adv.chair)
    page = client.get(url).content.decode()
    assert "IK Nacka" in page
    question = "Hur söker vi projektbidrag?"
    data = {"organisation": adv.organisation.pk, "question": question, "contact_phone": ""}
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Hur söker vi projektbidrag?" in page
    assert "Ange numret" in page
    response = client.post(url, {"organisation": adv.organisation.pk, "contact_phone": "070-1",
                                 "question": "Hur söker vi projektbidrag?"})  # fmt: skip
    booking = AdviceBooking.objects.get()
    assert response["Location"] == reverse("advice:booking", args=[booking.pk])
    assert (booking.organisation, booking.booked_by, booking.status) == (
        adv.organisation, adv.chair, B.BOOKED)  # fmt: skip
    to_booker = Notification.objects.get(kind=services.BOOKED_KIND)
    assert to_booker.recipient == adv.chair.email
    assert to_booker.attachment_name == "radgivning.ics"
    assert b"BEGIN:VEVENT" in bytes(to_booker.attachment)
    to_officer = Notification.objects.get(kind=services.OFFICER_KIND)
    assert to_officer.recipient == adv.officer.email
    assert "Hur söker vi projektbidrag?" in to_officer.body
    assert AuditEvent.objects.filter(action="advice_booking.created").count() == 1
    assert "Hur söker vi projektbidrag?" in client.get(response["Location"]).content.decode()
    # the time is gone from the booking page for the next person
    assert "Någon annan har just bokat" in client.get(url).content.decode()


def test_the_video_link_is_given_only_with_the_booking(adv):
    booking = services.book(slot=adv.video, by=adv.chair, question="Fråga")
    mail = Notification.objects.get(kind=services.BOOKED_KIND)
    assert "https://video.example.se/rum" in mail.body
    assert booking.organisation is None


def test_only_people_who_act_for_the_organisation_book_for_it(adv, world):
    with pytest.raises(PermissionDenied):
        services.book(slot=adv.in_person, by=adv.member, question="?",
                      organisation=adv.organisation)  # fmt: skip
    with pytest.raises(ValidationError):
        services.book(slot=adv.in_person, by=adv.chair, question="  ")
    assert not AdviceBooking.objects.exists()


def test_a_second_booking_of_a_booked_time_is_refused_clearly(adv, world):
    services.book(slot=adv.in_person, by=adv.chair, question="Första")
    with pytest.raises(ValidationError) as refused:
        services.book(slot=adv.in_person, by=world.users["member"], question="Andra")
    assert "Någon annan har just bokat" in " ".join(refused.value.messages)
    assert AdviceBooking.objects.filter(status=B.BOOKED).count() == 1


def test_the_reminder_comes_once_the_day_before(adv):
    services.book(slot=adv.in_person, by=adv.chair, question="Fråga")
    day_before = timezone.localdate(adv.in_person.starts_at) - timedelta(days=1)
    x = adv.in_person.municipality
    assert reminders.advice_tomorrow(x, day_before - timedelta(days=1)) == 0
    assert reminders.advice_tomorrow(x, day_before) == 1
    assert reminders.advice_tomorrow(x, day_before) == 0
    assert Notification.objects.filter(kind=services.REMINDER_KIND).count() == 1


def test_the_booker_cancels_and_the_officer_is_told(client, adv):
    booking = services.book(slot=adv.in_person, by=adv.chair, question="Fråga")
    client.force_login(adv.chair)
    client.post(reverse("advice:booking_cancel", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.status == B.CANCELLED
    told = Notification.objects.get(kind=services.CANCELLED_OFFICER_KIND)
    assert told.recipient == adv.officer.email
    again = services.book(slot=adv.in_person, by=adv.chair, question="Ny fråga")  # free again
    assert again.status == B.BOOKED


def test_the_officer_cancels_and_the_booker_is_told(client, adv, world):
    booking = services.book(slot=adv.in_person, by=adv.chair, question="Fråga")
    client.force_login(world.users["coordinator_x"])
    response = client.post(reverse("admin:advice_advicebooking_cancel", args=[booking.pk]))
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == B.CANCELLED
    assert Notification.objects.get(kind=services.CANCELLED_KIND).recipient == adv.chair.email


def test_cancelling_the_time_cancels_its_booking(adv):
    services.book(slot=adv.in_person, by=adv.chair, question="Fråga")
    slot_services.slot_set_status(slot=adv.in_person, status="cancelled", by=adv.officer)
    assert AdviceBooking.objects.get().status == B.CANCELLED
    assert Notification.objects.filter(kind=services.CANCELLED_KIND).count() == 1
    with pytest.raises(ValidationError):
        services.book(slot=adv.in_person, by=adv.chair, question="Fråga")


def test_other_people_and_municipalities_see_nothing(client, adv, world):
    booking = services.book(slot=adv.in_person, by=adv.chair, question="Hemlig fråga")
    url = reverse("advice:booking", args=[booking.pk])
    for role in ("member", "officer_y", "politician_x"):
        client.force_login(world.users[role])
        assert client.get(url).status_code == 404
        assert client.post(reverse("advice:booking_cancel", args=[booking.pk])).status_code == 404
    client.force_login(world.users["officer_x"])
    assert client.get(url).status_code == 200
    client.force_login(world.users["officer_y"])
    admin_url = reverse("admin:advice_advicebooking_change", args=[booking.pk])
    assert client.get(admin_url).status_code == 404
    with pytest.raises(PermissionDenied):
        slot_services.slot_series(municipality=world.x, officer=world.users["officer_y"],
                                  by=world.users["officer_y"], times=[], data={})  # fmt: skip
    assert booking.slot.municipality == world.x


def test_an_officer_publishes_a_series_in_the_admin(client, adv, world):
    client.force_login(world.users["officer_x"])
    next_tuesday = timezone.localdate() + timedelta(
        days=(1 - timezone.localdate().weekday()) % 7 + 7
    )
    data = {
        "municipality": world.x.pk, "officer": world.users["officer_x"].pk,
        "title": "Rådgivning om bidrag", "notes": "", "status": "published",
        "starts_at_0": next_tuesday.isoformat(), "starts_at_1": "13:00",
        "ends_at_0": next_tuesday.isoformat(), "ends_at_1": "16:00",
        "slot_minutes": "30", "weeks": "4", "mode": "phone", "address": "", "video_url": "",
        "bookings-TOTAL_FORMS": "0", "bookings-INITIAL_FORMS": "0",
    }  # fmt: skip
    response = client.post(reverse("admin:advice_adviceslot_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    series = AdviceSlot.objects.filter(title="Rådgivning om bidrag").order_by("starts_at")
    assert series.count() == 24  # six a day, four Tuesdays
    assert {timezone.localtime(s.starts_at).weekday() for s in series} == {1}
    assert timezone.localtime(series.first().starts_at).hour == 13
    published = AuditEvent.objects.filter(action="advice_slot.published").order_by("pk").last()
    assert published.after["times"] == 24


def test_my_page_lists_the_persons_bookings(client, adv):
    services.book(slot=adv.in_person, by=adv.chair, question="Fråga",
                  organisation=adv.organisation)  # fmt: skip
    client.force_login(adv.chair)
    page = client.get(reverse("portal:my_page")).content.decode()
    assert "Mina rådgivningstider" in page
    assert "Föreningsbidrag" in page


def test_gdpr_export_and_erasure(adv):
    from portal.gdpr import erasure, export

    services.book(slot=adv.in_person, by=adv.member, question="Fråga")
    assert export.personal_data(adv.member)["advice_bookings"][0]["question"] == "Fråga"
    erasure.account_delete(user=adv.member)
    assert not AdviceBooking.objects.exists()
    assert Notification.objects.filter(kind=services.CANCELLED_OFFICER_KIND).count() == 1


def test_a_past_time_cannot_be_booked(adv, world):
    AdviceSlot.objects.filter(pk=adv.phone.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    adv.phone.refresh_from_db()
    with pytest.raises(ValidationError):
        services.book(slot=adv.phone, by=adv.chair, question="?", contact_phone="070")
    assert slot(world, adv.officer, days=2).status == "published"
