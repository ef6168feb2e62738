"""portal.announcements: listeners hear of what is new only after the change commits, once
per announcement, with the ids made into sorted tuples; an unknown kind is a programming
error, refused at once."""

import pytest
from django.db import transaction

from portal import announcements
from portal.announcements import Announcement

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def heard():
    got = []
    announcements.listen(got.append)
    yield got
    announcements.unlisten(got.append)


def _news(**extra):
    return Announcement(
        kind=announcements.NEWS, key="news:1", municipality_id=1, title="Nytt", path="/n/1/",
        **extra,
    )  # fmt: skip


def test_listeners_hear_after_commit_with_sorted_ids(heard):
    with transaction.atomic():
        announcements.announce(_news(focus_area_ids=[3, 1, 3], district_ids={2}))
        assert heard == []  # nothing before the commit
    assert len(heard) == 1
    assert heard[0].focus_area_ids == (1, 3)
    assert heard[0].district_ids == (2,)
    assert heard[0].network_ids == ()


def test_nothing_is_announced_for_a_change_rolled_back(heard):
    def change_that_fails():
        with transaction.atomic():
            announcements.announce(_news())
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError, match="rolled back"):
        change_that_fails()
    assert heard == []


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="gossip"):
        announcements.announce(
            Announcement(kind="gossip", key="g:1", municipality_id=1, title="x", path="/")
        )
