"""Volunteer posts in the admin, the hosts' tool: an officer writes a post of their
administration with its shifts and publishes it; choices are the administrations they host;
an officer of another committee (or municipality) cannot open or run the post; the host
records who came and the hours (the shift's length by default) and the extracts shown;
places never fall below the booked, more places book the waiting; the list's queries do not
grow with its rows. Every write is audited."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from portal.models import AuditEvent, Notification
from tests.networks.test_admin import add_rows, change_form_data
from tests.query_counts import assert_constant_queries
from tests.volunteering.test_posts_signup import post_in, shift_of, volunteer_in
from volunteering.models import Post, RecordExtractCheck, Shift, ShiftSignup
from volunteering.services import posts as services

pytestmark = pytest.mark.django_db
S = ShiftSignup.Status


def _url(model, action="changelist", *args):
    return reverse(f"admin:volunteering_{model}_{action}", args=args)


def _booked(shift, *volunteers):
    for volunteer in volunteers:
        services.shift_sign_up(shift=shift, volunteer=volunteer, by=volunteer.user)


def _to_past(shift, hours=3):
    start = timezone.now() - timedelta(hours=hours + 1)
    Shift.objects.filter(pk=shift.pk).update(
        starts_at=start, ends_at=start + timedelta(hours=hours)
    )
    shift.refresh_from_db()
    return shift


def test_the_host_writes_a_post_with_shifts_and_publishes_it(client, vol):
    client.force_login(vol.culture_officer)
    page = client.get(_url("post", "add"))
    assert page.status_code == 200
    assert list(page.context["adminform"].form.fields["administration"].queryset) == [vol.culture]
    start = timezone.localtime() + timedelta(days=7)
    data = change_form_data(
        page, administration=str(vol.culture.pk), activity="Boskola", title="Läxhjälp i Boskolan",
        description="Hjälp barn med läxorna efter skolan.", place="Fisksätra skola",
        district=str(vol.district.pk), focus_areas=[str(vol.focus_area.pk)],
        contact_name="Kim Kontakt", contact_email="kim@nacka.example.se",
        requires_record_extract="on",
    )  # fmt: skip
    day, later = start.date().isoformat(), (start + timedelta(days=7)).date().isoformat()
    add_rows(
        data, "shifts",
        {"starts_at_0": day, "starts_at_1": "15:00", "ends_at_0": day, "ends_at_1": "17:30",
         "places": "4"},
        {"starts_at_0": later, "starts_at_1": "15:00", "ends_at_0": later, "ends_at_1": "17:30",
         "places": "4", "note": "Samling i matsalen"},
    )  # fmt: skip
    response = client.post(_url("post", "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    post = Post.objects.get()
    assert (post.administration, post.municipality, post.status) == (
        vol.culture, vol.municipality, Post.Status.DRAFT,
    )  # fmt: skip
    assert post.requires_record_extract
    assert post.created_by == vol.culture_officer
    assert list(post.focus_areas.all()) == [vol.focus_area]
    assert [(s.places, s.hours) for s in post.shifts.all()] == [(4, 2.5), (4, 2.5)]
    actions = list(
        AuditEvent.objects.filter(target_type__startswith="volunteering.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["post.created", "shift.created", "shift.created"]

    page = client.get(_url("post", "change", post.pk))
    assert page.context["status_moves"] == [("published", Post.Status.PUBLISHED.label)]
    response = client.post(_url("post", "status", post.pk), {"status": "published"})
    assert response["Location"] == _url("post", "change", post.pk)
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED
    assert AuditEvent.objects.get(action="post.status_changed").after == {"status": "published"}
    client.post(_url("post", "status", post.pk), {"status": "draft"})  # no such move
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED
    assert client.get(_url("post", "status", post.pk)).status_code == 405


def test_a_coordinator_hosts_every_administration(client, vol):
    client.force_login(vol.coordinator)
    form = client.get(_url("post", "add")).context["adminform"].form
    assert set(form.fields["administration"].queryset) == {vol.culture, vol.social}
    post = post_in(vol, by=vol.coordinator, administration=vol.social)
    assert client.get(_url("post", "change", post.pk)).status_code == 200


def test_an_officer_of_another_committee_cannot_run_the_other_administrations_post(client, vol):
    post = post_in(vol)  # the culture administration's
    shift = shift_of(post, vol.culture_officer)
    client.force_login(vol.social_officer)
    html = client.get(_url("post")).content.decode()
    assert _url("post", "change", post.pk) not in html
    for url in (
        _url("post", "change", post.pk),
        _url("post", "extracts", post.pk),
        _url("shift", "change", shift.pk),
        _url("shift", "attendance", shift.pk),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(_url("post", "status", post.pk), {"status": "closed"}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.post_set_status(post=post, status="closed", by=vol.social_officer)
    with pytest.raises(PermissionDenied):
        services.shift_create(post=post, by=vol.social_officer, starts_at=shift.starts_at,
                              ends_at=shift.ends_at, places=3)  # fmt: skip
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED
    client.force_login(vol.other_officer)  # another municipality's officer
    assert client.get(_url("post", "change", post.pk)).status_code == 404
    assert client.get(_url("shift", "change", shift.pk)).status_code == 404


def test_the_host_records_attendance_and_hours(client, vol):
    post = post_in(vol)
    shift = shift_of(post, vol.culture_officer, places=3, hours=3)
    waiting = volunteer_in(vol.municipality, "Wilma Väntar")
    _booked(shift, vol.volunteer, vol.volunteer_2)
    services.shift_update(shift=shift, by=vol.culture_officer, starts_at=shift.starts_at,
                          ends_at=shift.ends_at, places=2)  # fmt: skip
    _booked(shift, waiting)  # on the waiting list: not recorded
    url = _url("shift", "attendance", shift.pk)
    client.force_login(vol.culture_officer)
    before = client.post(url, {})
    assert "när passet har börjat" in before.content.decode()
    _to_past(shift, hours=3)
    vera = ShiftSignup.objects.get(volunteer=vol.volunteer)
    ville = ShiftSignup.objects.get(volunteer=vol.volunteer_2)
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"][f"hours_{vera.pk}"].value() == Decimal("3")  # the shift's length
    assert (
        f"hours_{ShiftSignup.objects.get(volunteer=waiting).pk}" not in page.context["form"].fields
    )

    response = client.post(url, {f"came_{vera.pk}": "yes", f"hours_{vera.pk}": "",
                                 f"came_{ville.pk}": "no", f"hours_{ville.pk}": "3"})  # fmt: skip

    assert response["Location"] == _url("shift", "change", shift.pk)
    vera.refresh_from_db()
    ville.refresh_from_db()
    assert (vera.attended, vera.hours, vera.recorded_by) == (True, Decimal("3.00"),
                                                             vol.culture_officer)  # fmt: skip
    assert (ville.attended, ville.hours) == (False, None)
    event = AuditEvent.objects.get(action="shift.attendance_recorded")
    assert event.after == {"came": 1, "did_not_come": 1, "hours": "3.00"}
    assert "Vera" not in str(event.after)  # counts, never names
    client.post(url, {f"came_{vera.pk}": "yes", f"hours_{vera.pk}": "2,5",
                      f"came_{ville.pk}": "no"})  # fmt: skip
    vera.refresh_from_db()
    assert vera.hours == Decimal("2.50")
    bad = client.post(url, {f"came_{vera.pk}": "yes", f"hours_{vera.pk}": "30"})
    assert bad.status_code == 200
    assert bad.context["form"].errors
    vera.refresh_from_db()
    assert vera.hours == Decimal("2.50")
    for outsider, expected in ((vol.social_officer, 404), (vol.volunteer.user, 302)):
        client.force_login(outsider)
        response = client.post(url, {f"came_{vera.pk}": "no"})
        assert response.status_code == expected
        if expected == 302:
            assert reverse("admin:login") in response["Location"]
    vera.refresh_from_db()
    assert vera.attended is True


def test_places_never_fall_below_the_booked_and_a_booked_shift_is_not_removed(client, vol):
    post = post_in(vol)
    shift = shift_of(post, vol.culture_officer, places=2)
    _booked(shift, vol.volunteer, vol.volunteer_2)
    client.force_login(vol.culture_officer)
    page = client.get(_url("post", "change", post.pk))
    response = client.post(_url("post", "change", post.pk),
                           change_form_data(page, **{"shifts-0-places": "1"}))  # fmt: skip
    assert response.status_code == 200
    assert "2 frivilliga är bokade" in response.content.decode()
    response = client.post(_url("post", "change", post.pk),
                           change_form_data(page, **{"shifts-0-DELETE": "on"}))  # fmt: skip
    assert response.status_code == 200
    assert "ställ in det i stället" in response.content.decode()
    assert Shift.objects.get(pk=shift.pk).places == 2
    empty = shift_of(post, vol.culture_officer, starts_in=timedelta(days=9))
    page = client.get(_url("post", "change", post.pk))
    response = client.post(_url("post", "change", post.pk),
                           change_form_data(page, **{"shifts-1-DELETE": "on"}))  # fmt: skip
    assert response.status_code == 302
    assert not Shift.objects.filter(pk=empty.pk).exists()
    assert AuditEvent.objects.filter(action="shift.deleted", target_id=str(empty.pk)).exists()


def test_more_places_on_the_shift_page_book_the_first_waiting(client, vol):
    shift = shift_of(post_in(vol), vol.culture_officer, places=1)
    _booked(shift, vol.volunteer, vol.volunteer_2)
    client.force_login(vol.culture_officer)
    page = client.get(_url("shift", "change", shift.pk))
    assert "1 av 1 platser bokade, 1 på väntelistan." in page.content.decode()
    response = client.post(_url("shift", "change", shift.pk),
                           change_form_data(page, places="2"))  # fmt: skip
    assert response.status_code == 302
    assert ShiftSignup.objects.get(volunteer=vol.volunteer_2).status == S.CONFIRMED
    assert Notification.objects.filter(
        kind=services.PROMOTED_KIND, user=vol.volunteer_2.user
    ).exists()
    assert AuditEvent.objects.get(action="shift.changed").after == {"places": 2}


def test_the_host_records_the_extracts_shown_and_sees_who_has_not(client, vol):
    post = post_in(vol, requires_record_extract=True, activity="Boskola", title="Läxhjälp")
    shift = shift_of(post, vol.culture_officer)
    _booked(shift, vol.volunteer, vol.volunteer_2)
    client.force_login(vol.culture_officer)
    change = client.get(_url("post", "change", post.pk)).content.decode()
    assert "2 bokade frivilliga har inte visat något utdrag" in change
    url = _url("post", "extracts", post.pk)
    page = client.get(url)
    assert page.content.decode().count("Inte visat") == 2
    tomorrow = timezone.localdate() + timedelta(days=1)
    refused = client.post(url, {"volunteer": vol.volunteer.pk, "shown_on": tomorrow.isoformat()})
    assert "framtiden" in refused.content.decode()
    assert not RecordExtractCheck.objects.exists()

    response = client.post(url, {"volunteer": vol.volunteer.pk,
                                 "shown_on": timezone.localdate().isoformat()})  # fmt: skip

    assert response.status_code == 302
    check = RecordExtractCheck.objects.get()
    assert (check.volunteer, check.shown_on, check.recorded_by) == (
        vol.volunteer, timezone.localdate(), vol.culture_officer,
    )  # fmt: skip
    assert AuditEvent.objects.filter(action="extract.recorded", target_id=str(check.pk)).exists()
    assert client.get(url).content.decode().count("Inte visat") == 1
    change = client.get(_url("post", "change", post.pk)).content.decode()
    assert "1 bokad frivillig har inte visat något utdrag" in change
    attendance = client.get(_url("shift", "attendance", _to_past(shift).pk)).content.decode()
    assert attendance.count("Inte visat") == 1


def test_the_lists_read_a_fixed_number_of_queries(client, vol):
    client.force_login(vol.coordinator)
    post = post_in(vol)
    shift_of(post, vol.culture_officer)

    def grow():
        for n in range(3):
            more = post_in(vol, title=f"Språkcafé {n}", administration=vol.social,
                           by=vol.coordinator)  # fmt: skip
            more.focus_areas.add(vol.focus_area)
            _booked(shift_of(more, vol.coordinator), vol.volunteer)

    assert_constant_queries(client, _url("post"), grow)
    response = assert_constant_queries(client, _url("shift"), grow)
    assert "Språkcafé 2" in response.content.decode()
