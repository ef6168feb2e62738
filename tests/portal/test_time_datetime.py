"""Every ``<time datetime>`` on the pages is a valid HTML date or global date-and-time string:
at most three digits of a second's fraction (Django's ``date:'c'`` wrote microseconds,
``…56.946668+01:00``, which validators reject), in Stockholm time with its offset."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.models import Application, ApplicationMessage
from networks.models import Meeting, NetworkMember
from portal.templatetags.datetimes import html_datetime
from tests.factories import CallFactory, GrantProgrammeFactory, NetworkFactory, UserFactory
from tests.grants.helpers import eligible_organisation, submitted

pytestmark = pytest.mark.django_db

# HTML: a valid date string, or a valid global date and time string (with an offset).
VALID = re.compile(
    r"\d{4}-\d{2}-\d{2}"
    r"(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?"
)
TIME = re.compile(r'<time datetime="([^"]*)"')


def _moment(days=0):
    """A moment with microseconds, as timezone.now() nearly always has."""
    return (timezone.now() + timedelta(days=days)).replace(microsecond=946668)


@pytest.fixture
def pages(world):
    person = UserFactory()
    organisation = eligible_organisation(world.x)
    organisation.memberships.create(user=person, role="responsible")
    call = CallFactory(
        programme=GrantProgrammeFactory(committee=world.x.committees.get()),
        opens_at=_moment(-3),
        closes_at=_moment(7),
    )
    application = submitted(call, organisation=organisation, by=person)
    Application.objects.filter(pk=application.pk).update(submitted_at=_moment())
    application.events.update(created_at=_moment())
    message = ApplicationMessage.objects.create(application=application, author=person, body="Hej")
    ApplicationMessage.objects.filter(pk=message.pk).update(created_at=_moment())
    network = NetworkFactory(municipality=world.x)
    NetworkMember.objects.create(network=network, kind="individual", user=person)
    meeting = Meeting.objects.create(
        network=network, title="Träff", mode="online", online_url="https://meet.example/t",
        starts_at=_moment(2), ends_at=_moment(2) + timedelta(hours=1),
    )  # fmt: skip
    urls = {
        "application and its messages": reverse("grants:application", args=[application.pk]),
        "receipt": reverse("grants:receipt", args=[application.pk]),
        "call": reverse("grants:call", args=[call.pk]),
        "calls": reverse("grants:calls"),
        "meeting": reverse("networks:meeting", args=[meeting.pk]),
        "network": reverse("networks:detail", args=[network.pk]),
    }
    return person, urls


def test_every_time_element_has_a_valid_datetime(client, pages):
    person, urls = pages
    client.force_login(person)
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        values = TIME.findall(response.content.decode())
        assert values, f"{name}: no <time> element"
        for value in values:
            assert VALID.fullmatch(value), f"{name}: {value}"
            assert "946668" not in value, f"{name}: {value}"
    application_page = client.get(urls["application and its messages"]).content.decode()
    assert len(TIME.findall(application_page)) >= 2  # the history and the message


def test_the_case_pages_audit_trail_has_valid_datetimes(client, world, pages):
    application = Application.objects.get()  # made by ``pages``, with its audit events
    client.force_login(world.users["officer_x"])
    page = client.get(reverse("admin:grants_application_change", args=[application.pk]))
    assert page.status_code == 200
    values = TIME.findall(page.content.decode())
    assert values, "no <time> in the audit trail"
    for value in values:
        assert VALID.fullmatch(value), value


def test_the_filter_writes_stockholm_time_in_whole_seconds():
    moment = datetime(2026, 1, 15, 11, 30, 56, 946668, tzinfo=UTC)
    assert html_datetime(moment) == "2026-01-15T12:30:56+01:00"
    summer = datetime(2026, 7, 1, 10, 0, 0, 5, tzinfo=UTC)
    assert html_datetime(summer) == "2026-07-01T12:00:00+02:00"
    assert html_datetime(moment.date()) == "2026-01-15"
    assert html_datetime(None) == ""
