"""The register's association and public pages in a real browser with axe: the
organisation's collaborations and agreement, the proposal form with its errors, the public
list and page."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from collaborations.models import Collaboration, FollowUp
from tests.browser.conftest import login
from tests.collaborations.conftest import collab  # noqa: F401 (the register's world)
from tests.collaborations.pages_data import full_agreement
from tests.conftest import world  # noqa: F401
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def db(transactional_db):  # the live server reads what the test wrote
    return transactional_db


def test_association_and_public_pages_are_accessible(page, collab, accessible, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    collaboration, _document = full_agreement(collab)
    Collaboration.objects.filter(pk=collaboration.pk).update(is_public=True, status="active")

    page.goto(reverse("collaborations:public", args=[collab.municipality.slug]))
    assert "IOP Kvinnojouren" in page.content()
    accessible(page)
    page.get_by_role("link", name="IOP Kvinnojouren").click()
    page.wait_for_load_state()
    assert collab.organisation.name in page.content()
    accessible(page)

    login(page, collab.org_user.email, PASSWORD)
    page.wait_for_url("**/mina-sidor/")
    accessible(page)
    page.get_by_role(
        "link", name=f"Samverkan och överenskommelser för {collab.organisation.name}"
    ).click()
    page.wait_for_load_state()
    assert "Skyddade boendedygn" in page.content()
    accessible(page)
    page.get_by_role("link", name="Föreslå samverkan").first.click()
    page.get_by_label("En idé").check()
    page.get_by_label("Titel").fill("Läxhjälp")
    page.get_by_label("Beskriv förslaget").fill("Kort")
    page.get_by_role("button", name="Skicka förslaget").click()
    page.wait_for_load_state()
    assert "minst 20 tecken" in page.content()
    assert page.get_by_label("Titel").input_value() == "Läxhjälp"
    accessible(page)


def test_the_yearly_follow_up_is_written_and_sent_in_accessibly(
    page,
    collab,  # noqa: F811
    accessible,
    settings,
    tmp_path,
):
    """The shelter's person writes last year's follow-up from the organisation's page: a
    result that is not a number is an error with everything kept, then it is sent in and
    shown read-only."""
    settings.MEDIA_ROOT = tmp_path
    collaboration, _document = full_agreement(collab)
    last_year = timezone.localdate().year - 1
    Collaboration.objects.filter(pk=collaboration.pk).update(
        status="active", starts_on=date(last_year - 1, 1, 1)
    )
    login(page, collab.org_user.email, PASSWORD)
    page.wait_for_url("**/mina-sidor/")
    page.goto(reverse("collaborations:organisation", args=[collab.organisation.pk]))
    page.get_by_role("link", name="Skriv uppföljningen").first.click()
    page.wait_for_load_state()
    accessible(page)
    fields = page.locator("input[name^=result_]")
    fields.nth(0).fill("många")
    fields.nth(1).fill("410")
    page.get_by_role("button", name="Skicka in").click()
    page.wait_for_load_state()
    assert fields.nth(0).input_value() == "många"
    assert fields.nth(1).input_value() == "410"
    accessible(page)  # the errors, tied to their fields
    fields.nth(0).fill("880")
    page.get_by_role("button", name="Skicka in").click()
    page.wait_for_load_state()
    follow_up = FollowUp.objects.get(agreement=collaboration.agreement, year=last_year)
    assert follow_up.status == "submitted"
    assert sorted(r.value for r in follow_up.results.all()) == [410, 880]
    page.goto(
        reverse(
            "collaborations:follow_up",
            args=[collab.organisation.pk, collaboration.agreement.pk, last_year],
        )
    )
    assert page.locator("input[name^=result_]").count() == 0  # read-only now
    accessible(page)
