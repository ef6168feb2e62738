"""The register's association and public pages in a real browser with axe: the
organisation's collaborations and agreement, the proposal form with its errors, the public
list and page."""

import pytest
from django.urls import reverse

from collaborations.models import Collaboration
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
