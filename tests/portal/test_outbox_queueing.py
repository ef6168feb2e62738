"""Queueing into the outbox (portal.notifications): a message is queued once per (kind, key,
recipient) whether or not the caller asks first, the caller learns which rows it queued,
and delivery is asked for only when something was."""

import pytest

from portal import notifications
from portal.models import Notification
from tests.factories import MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db
TEMPLATE = "portal/email/test_message"
KIND = "test.message"


@pytest.fixture(autouse=True)
def template(settings, tmp_path):
    """A message template of this test's own (subject and body)."""
    folder = tmp_path / "portal" / "email"
    folder.mkdir(parents=True)
    (folder / "test_message_subject.txt").write_text("Hej {{ name }}")
    (folder / "test_message.txt").write_text("Meddelande till {{ name }}.")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]


@pytest.fixture
def municipality():
    return MunicipalityFactory()


@pytest.fixture
def rendered(municipality, monkeypatch):
    """Every rendering of a message, counted."""
    calls = []
    real = notifications.render

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(notifications, "render", counting)
    return calls


def notify(municipality, key, recipients):
    return notifications.notify(
        kind=KIND, key=key, template=TEMPLATE, context={"name": "Ada"},
        recipients=recipients, municipality=municipality,
    )  # fmt: skip


def test_a_job_run_again_asks_first_and_renders_only_the_new_messages(
    municipality, rendered, django_assert_num_queries, django_capture_on_commit_callbacks
):
    people = UserFactory.create_batch(5)
    notify(municipality, "news:7", people[:-1])
    rendered.clear()
    with (
        django_assert_num_queries(2),  # queued already?, insert
        django_capture_on_commit_callbacks() as callbacks,
    ):
        rows = notify(municipality, "news:7", people)
    assert [row.recipient for row in rows] == [people[-1].email]
    assert len(rendered) == 1
    assert len(callbacks) == 1
    assert Notification.objects.filter(kind=KIND).count() == len(people)
    assert rows[0].subject.endswith("Hej Ada")


def test_rows_rendered_first_are_queued_in_one_statement_and_never_twice(
    municipality, django_assert_num_queries, django_capture_on_commit_callbacks
):
    people = UserFactory.create_batch(3)

    def render(recipients):
        return notifications.render_rows(
            kind=KIND, template=TEMPLATE, items=[("meeting:1", {"name": "Ada"}, recipients)],
            municipality=municipality,
        )  # fmt: skip

    with django_assert_num_queries(0):
        first = render(people[:2])
    assert Notification.objects.filter(kind=KIND).count() == 0
    notifications.queue_rows(first)
    again = render(people)
    with (
        django_assert_num_queries(1),  # the insert, which skips what is queued already
        django_capture_on_commit_callbacks() as callbacks,
    ):
        queued = notifications.queue_rows(again)
    assert [row.recipient for row in queued] == [people[2].email]
    assert len(callbacks) == 1
    with django_capture_on_commit_callbacks() as callbacks:
        assert notifications.queue_rows(render(people)) == []
    assert callbacks == []  # nothing new: no delivery asked for
    assert Notification.objects.filter(kind=KIND, key="meeting:1").count() == 3
