"""An organisation's own volunteer opportunities, from its page: its people write one (bad
input keeps what was typed), publish, change and close it; an organisation not yet approved
writes but does not publish; another organisation's people, officers and coordinators get
404. Volunteers answer an opportunity with their interest: the contact person is emailed
with how to reach them, the organisation's page lists it, a second time is refused."""

import pytest
from django.urls import reverse

from organisations.models import Organisation
from portal.models import AuditEvent, Notification
from tests.query_counts import assert_constant_queries
from tests.volunteering.test_posts_public import organisation_post
from volunteering.models import Interest, Post
from volunteering.services import posts as services

pytestmark = pytest.mark.django_db


def _page(vol):
    return reverse("volunteering:organisation_posts", args=[vol.organisation_2.pk])


FORM = {
    "activity": "Fotbollsskolan",
    "title": "Ledare för fotbollsskolan",
    "description": "Träna barn i fotboll på lördagar, 10–12.",
    "place": "Fisksätra IP",
    "requirements": "Du är minst 18 år.",
    "requires_record_extract": "on",
    "contact_name": "Fia Fotbollsledare",
    "contact_email": "fia@fisksatraif.example.se",
}


def test_the_organisations_people_write_publish_change_and_close_an_opportunity(client, vol):
    client.force_login(vol.org_user_2)
    new = reverse("volunteering:organisation_post_new", args=[vol.organisation_2.pk])
    bad = client.post(new, {**FORM, "contact_email": "inte-en-adress", "title": ""})
    assert bad.status_code == 200
    assert set(bad.context["form"].errors) == {"contact_email", "title"}
    html = bad.content.decode()
    assert "Träna barn i fotboll på lördagar, 10–12." in html  # nothing typed is lost
    assert "Fisksätra IP" in html
    assert not Post.objects.exists()

    response = client.post(new, {**FORM, "focus_areas": [vol.focus_area.pk]})

    assert response["Location"] == _page(vol)
    post = Post.objects.get()
    assert (post.organisation, post.administration, post.status) == (
        vol.organisation_2, None, Post.Status.DRAFT,
    )  # fmt: skip
    assert post.requires_record_extract
    assert list(post.focus_areas.all()) == [vol.focus_area]
    status = reverse("volunteering:organisation_post_status", args=[vol.organisation_2.pk, post.pk])
    client.post(status, {"status": "published"})
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED
    edit = reverse("volunteering:organisation_post_edit", args=[vol.organisation_2.pk, post.pk])
    page = client.get(edit)
    assert page.context["form"]["title"].value() == "Ledare för fotbollsskolan"
    client.post(edit, {**FORM, "title": "Ledare för fotbollsskolan 2027",
                       "focus_areas": [vol.focus_area.pk]})  # fmt: skip
    post.refresh_from_db()
    assert post.title == "Ledare för fotbollsskolan 2027"
    client.post(status, {"status": "closed"})
    post.refresh_from_db()
    assert post.status == Post.Status.CLOSED
    actions = list(
        AuditEvent.objects.filter(target_type="volunteering.post")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["post.created", "post.status_changed", "post.changed",
                       "post.status_changed"]  # fmt: skip
    changed = AuditEvent.objects.get(action="post.changed")
    assert changed.after == {"title": "Ledare för fotbollsskolan 2027"}


def test_an_organisation_not_yet_approved_writes_but_does_not_publish(client, vol):
    Organisation.objects.filter(pk=vol.organisation_2.pk).update(status="pending")
    post = organisation_post(vol, publish=False)
    client.force_login(vol.org_user_2)
    html = client.get(_page(vol)).content.decode()
    assert "när kommunen har godkänt organisationens registrering" in html
    status = reverse("volunteering:organisation_post_status", args=[vol.organisation_2.pk, post.pk])
    response = client.post(status, {"status": "published"})
    assert "godkänner först" in str(list(client.get(response["Location"]).context["messages"])[-1])
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT


def test_others_get_404(client, vol):
    post = organisation_post(vol)
    urls = [
        _page(vol),
        reverse("volunteering:organisation_post_new", args=[vol.organisation_2.pk]),
        reverse("volunteering:organisation_post_edit", args=[vol.organisation_2.pk, post.pk]),
    ]
    for outsider in (vol.org_user, vol.culture_officer, vol.coordinator, vol.volunteer.user):
        client.force_login(outsider)
        assert [client.get(url).status_code for url in urls] == [404, 404, 404]
        status = reverse(
            "volunteering:organisation_post_status", args=[vol.organisation_2.pk, post.pk]
        )
        assert client.post(status, {"status": "closed"}).status_code == 404
    client.force_login(vol.org_user)  # its own organisation's page, but another's post
    other = reverse("volunteering:organisation_post_edit", args=[vol.organisation.pk, post.pk])
    assert client.get(other).status_code == 404
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED


def test_a_volunteer_shows_interest_and_the_contact_person_is_emailed(client, vol):
    post = organisation_post(vol)
    vol.volunteer.phone, vol.volunteer.reach_by = "070-123 45 67", ["email", "phone"]
    vol.volunteer.save()
    url = reverse("volunteering:interest", args=[post.pk])
    client.force_login(vol.volunteer.user)

    response = client.post(url, {"message": "Jag kan lördagar och har spelat i tio år."})

    assert response["Location"] == reverse("volunteering:post", args=[post.pk])
    interest = Interest.objects.get()
    assert (interest.post, interest.volunteer) == (post, vol.volunteer)
    mail = Notification.objects.get(kind=services.INTEREST_KIND)
    assert mail.recipient == "fia@fisksatraif.example.se"
    assert "Vera Volontär" in mail.body
    assert vol.volunteer.user.email in mail.body
    assert "070-123 45 67" in mail.body
    assert "Jag kan lördagar" in mail.body
    assert AuditEvent.objects.filter(action="interest.sent", target_id=str(interest.pk)).exists()
    again = client.post(url, {"message": "Igen"})
    assert again.status_code == 200
    assert "Du anmälde ditt intresse den" in again.content.decode()
    assert Interest.objects.count() == 1
    client.force_login(vol.org_user_2)
    html = client.get(_page(vol)).content.decode()
    assert "Vera Volontär" in html
    assert "Jag kan lördagar" in html


def test_someone_not_a_volunteer_signs_up_before_showing_interest(client, vol):
    post = organisation_post(vol)
    client.force_login(vol.org_user)
    response = client.get(reverse("volunteering:interest", args=[post.pk]))
    assert response["Location"].startswith(
        reverse("volunteering:volunteer_register", args=["nacka"])
    )
    assert not Interest.objects.exists()


def test_the_organisations_page_reads_a_fixed_number_of_queries(client, vol):
    organisation_post(vol)
    client.force_login(vol.org_user_2)

    def grow():
        for n in range(3):
            post = organisation_post(vol, title=f"Uppdrag {n}", district=vol.district)
            services.interest_send(post=post, volunteer=vol.volunteer, by=vol.volunteer.user)
            services.interest_send(post=post, volunteer=vol.volunteer_2, by=vol.volunteer_2.user)

    response = assert_constant_queries(client, _page(vol), grow)
    assert "Uppdrag 2" in response.content.decode()
