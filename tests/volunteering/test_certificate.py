"""The volunteer's certificate (intyg): a tagged PDF (PDF/UA, language, title) in the
volunteer's language with their name, the municipality, each activity with dates and hours,
the total and the recognitions published to them; only for the volunteer themselves."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.grants.pdf_tags import TaggedPdf
from tests.volunteering.test_figures import activity
from volunteering import certificate
from volunteering.services import recognition as recognition_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def done(vol):
    activity(vol)
    recognition = recognition_services.recognition_nominate(
        municipality=vol.municipality, by=vol.coordinator,
        data={"kind": "award", "title": "Årets eldsjäl", "year": timezone.localdate().year,
              "volunteer": vol.volunteer, "citation": "För språkcaféet.",
              "consent_to_publish": True},
    )  # fmt: skip
    recognition_services.recognition_set_status(
        recognition=recognition, status="published", by=vol.coordinator
    )
    return vol


def test_the_volunteer_downloads_a_tagged_pdf_of_what_they_did(client, done):
    vol = done
    client.force_login(vol.volunteer.user)
    response = client.get(reverse("volunteering:certificate", args=[vol.municipality.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="intyg-nacka-')
    assert response.content.startswith(b"%PDF-")

    raw = certificate.certificate_pdf(vol.volunteer, uncompressed=True)
    for marker in (b"/StructTreeRoot", b"/MarkInfo", b"/Lang (sv)", b"/H1", b"/Table"):
        assert marker in raw, marker
    assert b"/Title" in raw
    pdf = TaggedPdf(raw)
    text = pdf.text
    for expected in (
        "Intyg om frivilliginsatser",
        "Vera Volontär",
        "Nacka kommun",
        "MeetingPoint: Språkcafévärd",
        "Evakuering vid strömavbrott",
        "Snöskottning",
        "Årets eldsjäl",
    ):
        assert expected in text, expected
    pairs = pdf.row_header_pairs()
    assert pairs["Namn"] == "Vera Volontär"
    assert pairs["Timmar totalt"] == "17,50"


def test_the_certificate_is_in_the_volunteers_language(client, done):
    vol = done
    user = vol.volunteer.user
    user.preferred_language = "en"
    user.save(update_fields=["preferred_language"])
    html = certificate.certificate_html(vol.volunteer)
    assert '<html lang="en">' in html
    assert "Certificate of volunteering" in html
    assert "Issued by Nacka kommun" in html
    client.force_login(user)
    page = client.get(reverse("volunteering:certificate_page", args=[vol.municipality.slug]))
    assert "Certificate of volunteering" in page.content.decode()
    raw = certificate.certificate_pdf(vol.volunteer, uncompressed=True)
    assert b"/Lang (en)" in raw


def test_no_certificate_without_a_volunteer_profile_there(client, done):
    vol = done
    url = reverse("volunteering:certificate", args=[vol.municipality.slug])
    assert client.get(url).status_code == 302  # to the login
    client.force_login(vol.coordinator)  # staff, but no volunteer of Nacka
    assert client.get(url).status_code == 404
    client.force_login(vol.volunteer.user)  # a volunteer of Nacka, not of Ekerö
    assert client.get(reverse("volunteering:certificate", args=[vol.other.slug])).status_code == (
        404
    )
    page = reverse("volunteering:certificate_page", args=[vol.other.slug])
    assert client.get(page).status_code == 404
