"""The politicians' dashboards (page, drill-down, XLSX and CSV exports) and the open data
(published grants page, 360Giving JSON and CSV) hold no personal data: distinctive member
and contact names, email addresses, phone numbers, a personnummer and a bank account are
seeded everywhere they can be, and none of them appears in any response.

Extends tests/portal/test_dashboard.py and tests/grants/test_opendata.py, which check a
contact name and email on the dashboard pages and the open data only."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from grants import services as grant_services
from grants.models import Application
from insights.rollups import rollups_refresh
from networks.models import Attendance, Meeting, NetworkMember
from organisations.models import BoardMember, Membership, PayoutAccount
from tests.factories import CallFactory, GrantProgrammeFactory, NetworkFactory, UserFactory
from tests.grants.helpers import decide, eligible_organisation, submitted

pytestmark = pytest.mark.django_db

SECRETS = (
    "zelda.hemlig@example.se",
    "Zelda Hemligström",
    "073-765 43 21",
    "kjell.kontakt@example.se",
    "Kjell Kontaktsson",
    "076-111 00 99",
    "Britta Styrelsedotter",
    "19851231-1234",
    "851231-1234",
    "9912-3456",
    "99123456",
    "Petra Personsson",
)


@pytest.fixture
def seeded(world):
    x, officer = world.x, world.users["officer_x"]
    x.organisation_number = "212000-0142"
    x.save()
    member = UserFactory(
        email="zelda.hemlig@example.se", full_name="Zelda Hemligström", phone="073-765 43 21"
    )
    organisation = eligible_organisation(x)
    organisation.contact_name = "Kjell Kontaktsson"
    organisation.contact_email = "kjell.kontakt@example.se"
    organisation.contact_phone = "076-111 00 99"
    organisation.phone = "076-111 00 99"
    organisation.save()
    Membership.objects.create(user=member, organisation=organisation, role="responsible")
    BoardMember.objects.create(
        organisation=organisation,
        year=timezone.localdate().year,
        full_name="Britta Styrelsedotter",
        role="chair",
    )
    PayoutAccount.objects.create(
        organisation=organisation,
        method="bankgiro",
        number="9912-3456",
        account_holder=organisation.name,
        registered_by=member,
    )
    call = CallFactory(
        programme=GrantProgrammeFactory(committee=x.committees.get()),
        focus_area=x.focusareas.get(slug="trygghet"),
        budget=10**6,
    )
    application = submitted(call, "9000", organisation=organisation)
    Application.objects.filter(pk=application.pk).update(
        answers={"q_syfte": "Ledare Petra Personsson, 19851231-1234, tel 073-765 43 21"},
        created_by=member,
    )
    grant_services.application_message_post(
        application=application, by=member, body="Ring Zelda på 073-765 43 21"
    )
    decision = decide(application, officer, amount="9000")
    batch, _refused = grant_services.payout_batch_create(
        committee=x.committees.get(),
        decisions=[decision],
        payment_date=timezone.localdate(),
        by=officer,
    )
    assert batch.payouts.get().account_number == "9912-3456"
    network = NetworkFactory(municipality=x)
    network.focus_areas.add(x.focusareas.get(slug="trygghet"))
    person = NetworkMember.objects.create(network=network, kind="individual", user=member)
    past = timezone.now() - timedelta(days=2)
    meeting = Meeting.objects.create(
        network=network,
        title="Träff",
        mode="online",
        online_url="https://meet.example/x",
        starts_at=past,
        ends_at=past + timedelta(hours=1),
    )
    Attendance.objects.create(meeting=meeting, member=person, people=1)
    decide(submitted(call, "500"), officer, amount="0", outcome="rejected")
    rollups_refresh(x)
    return organisation


def _xlsx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        return "".join(book.read(name).decode() for name in book.namelist())


def _assert_clean(text: str, where: str, world):
    officer = world.users["officer_x"]
    for secret in (*SECRETS, officer.email, officer.full_name):
        assert secret not in text, f"{secret!r} in {where}"


def test_dashboards_and_their_exports_hold_no_personal_data(client, world, seeded):
    client.force_login(world.users["politician_x"])
    page = client.get(reverse("insights:dashboard", args=["nacka"]))
    assert page.status_code == 200
    _assert_clean(page.content.decode(), "dashboard", world)
    drill = client.get(reverse("insights:dashboard_grants", args=["nacka"]))
    assert seeded.name in drill.content.decode()  # the grant is there, its people are not
    _assert_clean(drill.content.decode(), "drill-down", world)
    xlsx = client.get(reverse("insights:dashboard_export", args=["nacka", "xlsx"]))
    assert xlsx.status_code == 200
    _assert_clean(_xlsx_text(xlsx.content), "XLSX export", world)
    keys = [table.key for table in page.context["tables"]]
    assert keys
    for key in keys:
        csv = client.get(
            reverse("insights:dashboard_export", args=["nacka", "csv"]) + f"?table={key}"
        )
        assert csv.status_code == 200
        _assert_clean(csv.content.decode(), f"CSV export {key}", world)


def test_open_data_holds_no_personal_data(client, world, seeded):
    page = client.get(reverse("grants:granted", args=["nacka"])).content.decode()
    assert seeded.name in page
    _assert_clean(page, "published grants page", world)
    for name in ("grants:granted_json", "grants:granted_csv"):
        response = client.get(reverse(name, args=["nacka"]))
        assert response.status_code == 200
        text = response.getvalue().decode()
        assert seeded.name in text
        _assert_clean(text, name, world)
