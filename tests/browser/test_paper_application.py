"""Issue #24's done criterion for those not online, in a real browser with axe (WCAG 2.1 AA):
an officer logs in to the admin, registers "PRO Fisksätra" (an association of the elderly
without email) on its behalf, then enters its paper application that arrived a few days ago,
before the call's deadline, which has now passed; the submitted case has its diarienummer,
is marked as received on paper on that day, and counts as submitted on the arrival day."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from grants.models import Application, Question
from organisations.models import Organisation
from tests.browser.conftest import admin_session
from tests.factories import PASSWORD, CallFactory, GrantProgrammeFactory

pytestmark = pytest.mark.browser
SAVE = "#content input[type=submit].default"  # the admin forms' submit button


@pytest.fixture
def db(transactional_db):  # the live server reads what the test wrote
    return transactional_db


@pytest.fixture
def senior_call(world):
    """Nacka's call for associations of the elderly: opened a month ago, closed yesterday.
    Eligibility (bidragsberättigande) is not asked, so a newly registered association may
    apply."""
    committee = world.x.committees.get(slug="kfn")
    programme = GrantProgrammeFactory(
        committee=committee, name="Bidrag till pensionärsföreningar", requires_eligibility=False
    )
    for order, (key, label, kind, required) in enumerate([
        ("syfte", "Vad vill föreningen göra?", "textarea", True),
        ("belopp", "Sökt belopp", "amount", True),
    ]):  # fmt: skip
        Question.objects.create(programme=programme, key=key, label=label, field_type=kind,
                                required=required, ordering=order)  # fmt: skip
    return CallFactory(
        programme=programme,
        title="Pensionärsföreningar 2026",
        opens_at=timezone.now() - timedelta(days=30),
        closes_at=timezone.now() - timedelta(days=1),
    )


def test_an_officer_enters_a_paper_application_that_gets_a_number_and_the_arrival_date(
    browser, live_server, world, senior_call, accessible
):
    officer = world.users["officer_x"]
    officer.full_name = "Hanna Handläggare"
    officer.save()
    page = admin_session(browser, live_server, officer.email, PASSWORD)

    # 1. The association, registered on its behalf: no email, a postal address.
    page.goto(reverse("admin:organisations_organisation_add"))
    accessible(page)
    page.locator("#id_municipality").select_option(str(world.x.pk))
    page.locator("#id_kind").select_option("association")
    page.locator("#id_name").fill("PRO Fisksätra")
    page.locator("#id_legal_form").select_option("ideell_forening")
    page.locator("#id_organisation_number").fill("802000-0001")
    page.locator("#id_contact_name").fill("Gunnel Ek")
    page.locator("#id_contact_phone").fill("08-716 00 00")
    page.locator("#id_street_address").fill("Fisksätra torg 1")
    page.locator("#id_postal_code").fill("13341")
    page.locator("#id_city").fill("Saltsjöbaden")
    page.locator("#content input[name=_save]").click()
    page.wait_for_load_state()
    organisation = Organisation.objects.get(name="PRO Fisksätra")
    assert organisation.contact_email == ""
    assert organisation.registered_by_municipality
    assert organisation.status == Organisation.Status.APPROVED
    page.goto(reverse("admin:organisations_organisation_change", args=[organisation.pk]))
    accessible(page)

    # 2. Its paper application, from the organisation's page.
    page.locator(f"a[href$='?organisation={organisation.pk}']").click()
    page.wait_for_url("**/admin/grants/application/paper/**")
    accessible(page)
    arrived = timezone.localdate() - timedelta(days=4)  # before the deadline
    page.locator("#id_call").select_option(str(senior_call.pk))
    page.locator("#id_received_on").fill(arrived.isoformat())
    page.locator("#id_reference").fill("Inkom per post")
    page.locator(SAVE).click()
    page.wait_for_url("**/paper/")
    application = Application.objects.get(organisation=organisation)
    assert application.paper_received_on == arrived
    accessible(page)
    page.locator("#id_q_syfte").fill("Boule och fika varje tisdag för äldre i Fisksätra.")
    page.locator("#paper-submit").click()  # the amount is missing: the form again
    page.wait_for_load_state()
    assert page.locator(".errorlist").count() >= 1
    assert "Boule och fika" in page.locator("#id_q_syfte").input_value()
    accessible(page)
    page.locator("#id_q_belopp").fill("8000")
    page.locator("#paper-submit").click()
    page.wait_for_url(f"**{reverse('admin:grants_application_change', args=[application.pk])}**")

    # 3. The case: its number, received on paper on the arrival day, submitted that day.
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.diarienummer.startswith(f"KFN {arrived.year}/")
    assert timezone.localdate(application.submitted_at) == arrived
    assert application.late_deduction_percent == 0
    with translation.override("sv"):
        day = formats.date_format(arrived, "j F Y")
    mark = page.locator("[data-testid=paper-mark]")
    assert "Inkommen på papper" in mark.inner_text()
    assert f"Registrerad av Hanna Handläggare från en pappersansökan som kom in {day}" in (
        mark.inner_text()
    )
    content = page.content()
    assert application.diarienummer in content
    assert "ingen e-post" in content  # the officer is told to post the receipt
    accessible(page)


def test_an_officer_gives_a_representative_from_a_paper_fullmakt_accessibly(
    browser, live_server, world, accessible
):
    from organisations.models import Invitation, Membership
    from tests.browser.conftest import portal_session
    from tests.factories import MembershipFactory, UserFactory

    responsible = MembershipFactory(
        organisation__municipality=world.x, organisation__approved=True,
        organisation__name="SPF Seniorerna Saltsjöbaden",
    )  # fmt: skip
    organisation = responsible.organisation
    page = admin_session(browser, live_server, world.users["officer_x"].email, PASSWORD)
    page.goto(reverse("admin:organisations_organisation_change", args=[organisation.pk]))
    page.locator("a[href$='/representatives/']").click()
    page.wait_for_url("**/representatives/")
    accessible(page)
    page.locator("#id_email").fill("ombud@example.se")
    page.locator(SAVE).click()  # the authorisation is missing: the form again
    page.wait_for_load_state()
    assert page.locator("#id_email").input_value() == "ombud@example.se"
    accessible(page)
    page.locator("#id_authorisation").fill("Fullmakt undertecknad av ordföranden, inkom 3 mars")
    page.locator(SAVE).click()
    page.wait_for_load_state()
    invitation = Invitation.objects.get(email="ombud@example.se")
    assert invitation.role == Membership.Role.REPRESENTATIVE
    assert "ombud@example.se" in page.content()
    accessible(page)

    # The association's people page shows its representative (with the end button).
    Membership.objects.create(
        user=UserFactory(full_name="Rut Ombud", email="rut@example.se"),
        organisation=organisation, role=Membership.Role.REPRESENTATIVE,
        valid_until=timezone.localdate() + timedelta(days=90), authorisation="Fullmakt",
    )  # fmt: skip
    own = portal_session(browser, live_server, responsible.user.email, PASSWORD)
    own.goto(reverse("organisations:people", args=[organisation.pk]))
    assert "rut@example.se" in own.content()
    accessible(own)
