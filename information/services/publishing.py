"""Telling the followers (portal.announcements) when a story or a news item is published."""

from django.urls import reverse
from django.utils import translation

from information import richtext
from portal import announcements


def _path(name: str, obj) -> str:
    with translation.override("sv"):
        return reverse(name, args=[obj.municipality.slug, obj.pk])


def announce_story(story) -> None:
    announcements.announce(
        announcements.Announcement(
            kind=announcements.STORY,
            key=f"story:{story.pk}",
            municipality_id=story.municipality_id,
            title=story.title_sv,
            path=_path("information:story", story),
            summary=story.summary_sv,
            focus_area_ids=[a.pk for a in story.focus_areas.all()],
            district_ids=[d.pk for d in story.districts.all()],
            organisation_ids=[o.pk for o in story.organisations.all()],
        )
    )


def announce_news(item) -> None:
    announcements.announce(
        announcements.Announcement(
            kind=announcements.NEWS,
            key=f"news:{item.pk}",
            municipality_id=item.municipality_id,
            title=item.title_sv,
            path=_path("information:news_item", item),
            summary=item.lead_sv or richtext.plain(item.body_sv)[:300],
            focus_area_ids=[a.pk for a in item.focus_areas.all()],
        )
    )
