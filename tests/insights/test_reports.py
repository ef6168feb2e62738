"""Stored reports: the politicians' monthly report (made once per month, announced by
email, downloadable by the municipality's roles only) and the yearly mapping as XLSX."""

import io
import zipfile
from datetime import date

import pytest
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from config.celery import app
from insights import reports, tasks
from insights.models import DashboardReport
from networks.models import Network
from portal.models import Notification
from tests.factories import CallFactory, GrantProgrammeFactory, NetworkFactory
from tests.grants.helpers import decide, submitted

pytestmark = pytest.mark.django_db


def test_monthly_report_once_emailed_and_downloadable(client, world):
    first = reports.monthly_report(world.x, date(2026, 12, 1))
    assert first.period_start == date(2026, 11, 1)
    assert first.period_end == date(2026, 11, 30)
    assert reports.monthly_report(world.x, date(2026, 12, 15)) is None  # once per month
    [message] = Notification.objects.filter(kind="reports.monthly")
    assert message.recipient == world.users["politician_x"].email
    assert message.attachment_type == "text/html"  # the figures come with the email
    assert "Bidrag per fokusområde" in bytes(message.attachment).decode()
    client.force_login(world.users["politician_x"])
    listing = client.get(reverse("insights:reports", args=["nacka"]))
    assert first.title in listing.content.decode()
    page = client.get(reverse("insights:report", args=["nacka", first.pk]))
    html = page.content.decode()
    assert page["Content-Type"].startswith("text/html")
    assert "Bidrag per fokusområde" in html
    client.force_login(world.users["officer_y"])
    assert client.get(reverse("insights:report", args=["nacka", first.pk])).status_code == 404


def test_yearly_mapping_counts_per_focus_area_and_district(world):
    area = world.x.focusareas.get(slug="trygghet")
    call = CallFactory(
        programme=GrantProgrammeFactory(committee=world.x.committees.get()), focus_area=area
    )
    decide(submitted(call, "1000"), world.users["officer_x"], amount="900")
    NetworkFactory(municipality=world.x).focus_areas.add(area)
    from django.utils import timezone

    year = timezone.localdate().year
    tables = {t.key: t for t in reports.mapping_tables(world.x, year)}
    assert tables["grants"].rows == [["Trygghet", "Ej angivet", 1, 900]]
    assert ["Trygghet", "Ej angivet", 1] in tables["networks"].rows
    report = reports.yearly_mapping(world.x, year)
    with zipfile.ZipFile(io.BytesIO(bytes(report.content))) as book:
        sheets = sum(n.startswith("xl/worksheets/sheet") for n in book.namelist())
        assert sheets == 1 + 3 + 5  # what the file covers, three tables, the register (5)
    assert reports.yearly_mapping(world.x, year) is None
    assert Network.objects.count() == 1


def test_january_run_makes_the_mapping_of_the_year_before(world):
    made = reports.run_monthly(date(2027, 1, 1))
    kinds = set(DashboardReport.objects.values_list("kind", flat=True))
    assert kinds == {"monthly", "yearly_mapping"}
    assert made == 4  # Nacka and Ekerö: one monthly report and one mapping each


def test_every_beat_row_names_a_registered_task():
    """The tasks moved from portal.tasks to insights.tasks keep their names: the beat rows
    (seeded by the migrations) still call them."""
    app.loader.import_default_modules()
    assert tasks.reports_run.name == "portal.tasks.reports_run"
    assert tasks.dashboard_rollups_refresh.name == "portal.tasks.dashboard_rollups_refresh"
    names = set(PeriodicTask.objects.values_list("task", flat=True))
    assert {"portal.tasks.reports_run", "portal.tasks.dashboard_rollups_refresh"} <= names
    assert names <= set(app.tasks)
