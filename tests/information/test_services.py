"""Information's services: who may write what, the moves of every status table (each pair
of states), the audit trail, the emails to a story's proposer and the announcements."""

import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from information import workflow
from information.models import Contact, NewsItem, Page, Story
from information.services import contacts, news, pages, stories
from portal import announcements
from portal.models import AuditEvent, Notification, Role
from portal.services import role_assign
from tests.information import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    found = []
    announcements.listen(found.append)
    yield found
    announcements.unlisten(found.append)


# --- pages ----------------------------------------------------------------------------------


def test_admin_writes_and_publishes_a_page_audited(info):
    page = helpers.policy(info, title_en="Policy for collaboration with civil society")
    assert page.status == Page.Status.DRAFT
    assert page.created_by == info.admin
    pages.page_set_status(page=page, status="published", by=info.admin)
    page.refresh_from_db()
    assert page.status == "published"
    assert page.published_at is not None
    actions = list(
        AuditEvent.objects.filter(target_id=str(page.pk), target_type="information.page")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["page.created", "page.status_changed"]


@pytest.mark.parametrize("who", ["coordinator", "officer", "politician", "admin_y",
                                 "association_person"])  # fmt: skip
def test_only_the_municipal_administrator_writes_pages(info, who):
    with pytest.raises(PermissionDenied):
        pages.page_create(
            municipality=info.x, by=getattr(info, who),
            data={"kind": "other", "title_sv": "X", "body_sv": "<p>x</p>"},
        )  # fmt: skip


def test_one_policy_page_per_municipality_and_unique_address(info):
    helpers.policy(info)
    with pytest.raises(ValidationError) as error:
        helpers.policy(info, slug="annan")
    assert "kind" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        pages.page_create(
            municipality=info.x, by=info.admin,
            data={"kind": "other", "slug": "policy", "title_sv": "X", "body_sv": "<p>x</p>"},
        )  # fmt: skip
    assert "slug" in error.value.message_dict


def test_empty_swedish_text_is_refused_and_address_made_from_title(info):
    with pytest.raises(ValidationError) as error:
        pages.page_create(
            municipality=info.x, by=info.admin,
            data={"kind": "other", "title_sv": "", "body_sv": "<p></p>"},
        )  # fmt: skip
    assert {"title_sv", "body_sv"} <= set(error.value.message_dict)
    page = pages.page_create(
        municipality=info.x, by=info.admin,
        data={"kind": "other", "title_sv": "Så samverkar vi", "body_sv": "<p>x</p>"},
    )  # fmt: skip
    assert page.slug == "sa-samverkar-vi"


def test_page_change_is_audited_with_words_not_html(info):
    page = helpers.policy(info)
    pages.page_update(page=page, by=info.admin, data={"body_sv": "<p>Ny <em>text</em></p>"})
    event = AuditEvent.objects.get(action="page.changed")
    assert event.after["body_sv"] == "Ny text"


@pytest.mark.parametrize(("old", "new"), list(itertools.permutations(Page.Status.values, 2)))
def test_page_moves(info, old, new):
    page = helpers.policy(info)
    Page.objects.filter(pk=page.pk).update(status=old)
    page.refresh_from_db()
    allowed = (old, new) in workflow.PAGE_TRANSITIONS
    if allowed:
        assert pages.page_set_status(page=page, status=new, by=info.admin).status == new
    else:
        with pytest.raises(ValidationError):
            pages.page_set_status(page=page, status=new, by=info.admin)
    with pytest.raises(PermissionDenied):
        pages.page_set_status(page=page, status=new, by=info.coordinator)


def test_goal_per_focus_area(info):
    goal = pages.goal_create(
        municipality=info.x, by=info.admin,
        data={"focus_area": info.area, "body_sv": "<p>Trygga platser</p>"},
    )  # fmt: skip
    with pytest.raises(ValidationError):
        pages.goal_create(
            municipality=info.x, by=info.admin,
            data={"focus_area": info.area, "body_sv": "<p>Igen</p>"},
        )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        pages.goal_create(
            municipality=info.x, by=info.admin,
            data={"focus_area": info.area_y, "body_sv": "<p>Fel kommun</p>"},
        )  # fmt: skip
    assert "focus_area" in error.value.message_dict
    pages.goal_update(goal=goal, by=info.admin, data={"body_en": "<p>Safe places</p>"})
    goal.refresh_from_db()
    assert goal.body_en == "<p>Safe places</p>"


# --- contacts -------------------------------------------------------------------------------


def test_contacts_officer_and_politician(info):
    officer = helpers.officer_contact(info)
    politician = helpers.politician_contact(info, responsibility="strategic")
    assert officer.responsibility == "strategic"
    assert officer.committee is None
    assert politician.responsibility == ""
    assert politician.committee == info.committee
    assert AuditEvent.objects.filter(action="contact.created").count() == 2


def test_contact_problems(info):
    with pytest.raises(ValidationError) as error:
        contacts.contact_create(
            municipality=info.x, by=info.admin,
            data={"kind": "officer", "name": "", "title_sv": "", "responsibility": ""},
        )  # fmt: skip
    assert {"name", "title_sv", "email", "responsibility", "administration"} <= set(
        error.value.message_dict
    )
    with pytest.raises(ValidationError) as error:
        helpers.politician_contact(info, committee=None)
    assert "committee" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        helpers.officer_contact(info, focus_areas=[info.area_y])
    assert "focus_areas" in error.value.message_dict


def test_contacts_only_by_the_municipal_administrator_of_the_municipality(info):
    with pytest.raises(PermissionDenied):
        contacts.contact_create(municipality=info.x, by=info.admin_y, data={})
    contact = helpers.officer_contact(info)
    with pytest.raises(PermissionDenied):
        contacts.contact_update(contact=contact, by=info.coordinator, data={"name": "X"})
    contacts.contact_delete(contact=contact, by=info.admin)
    assert not Contact.objects.exists()
    assert AuditEvent.objects.filter(action="contact.deleted").exists()


# --- stories --------------------------------------------------------------------------------


def test_association_proposes_coordinator_publishes_proposer_told(info):
    story = helpers.proposed_story(info)
    assert story.status == "proposed"
    assert list(story.organisations.all()) == [info.association]
    assert story.proposing_organisation == info.association
    stories.story_set_status(story=story, status="published", by=info.coordinator)
    row = Notification.objects.get(kind=stories.PUBLISHED_KIND)
    assert row.recipient == info.association_person.email
    assert "Nattvandrarna i Fisksätra" in row.subject


def test_publishing_a_story_announces_it(info, django_capture_on_commit_callbacks, heard):
    story = helpers.proposed_story(info)
    with django_capture_on_commit_callbacks(execute=True):
        stories.story_set_status(story=story, status="published", by=info.coordinator)
    [announcement] = heard
    assert announcement.kind == announcements.STORY
    assert announcement.key == f"story:{story.pk}"
    assert announcement.path == f"/information/{info.x.slug}/berattelser/{story.pk}/"
    assert announcement.focus_area_ids == (info.area.pk,)
    assert announcement.district_ids == (info.district.pk,)
    assert announcement.organisation_ids == (info.association.pk,)
    assert announcement.title == "Nattvandrarna i Fisksätra"


def test_declined_story_tells_the_proposer_with_the_note(info):
    story = helpers.proposed_story(info)
    stories.story_set_status(
        story=story, status="rejected", by=info.admin, note="Skriv mer om resultaten."
    )
    row = Notification.objects.get(kind=stories.DECLINED_KIND)
    assert "Skriv mer om resultaten." in row.body
    assert row.recipient == info.association_person.email


def test_a_member_without_edit_right_may_not_propose(info):
    with pytest.raises(PermissionDenied):
        stories.story_propose(
            organisation=info.association, by=info.association_member,
            data={"title_sv": "X", "summary_sv": "Y", "body_sv": "<p>Z</p>"},
        )  # fmt: skip


def test_story_of_other_municipalitys_organisation_refused(info):
    from tests.factories import OrganisationFactory

    theirs = OrganisationFactory(municipality=info.y, approved=True)
    with pytest.raises(ValidationError) as error:
        stories.story_write(
            municipality=info.x, by=info.coordinator,
            data={"title_sv": "X", "summary_sv": "Y", "body_sv": "<p>Z</p>",
                  "organisations": [theirs]},
        )  # fmt: skip
    assert "organisations" in error.value.message_dict


@pytest.mark.parametrize(("old", "new"), list(itertools.permutations(Story.Status.values, 2)))
def test_story_moves(info, old, new):
    story = helpers.proposed_story(info)
    Story.objects.filter(pk=story.pk).update(status=old)
    story.refresh_from_db()
    for who, kind in ((info.coordinator, workflow.PUBLISHER),
                      (info.association_person, workflow.PROPOSER)):  # fmt: skip
        story.refresh_from_db()
        if story.status != old:
            Story.objects.filter(pk=story.pk).update(status=old)
            story.refresh_from_db()
        allowed = kind in workflow.STORY_TRANSITIONS.get((old, new), frozenset())
        if allowed:
            assert stories.story_set_status(story=story, status=new, by=who).status == new
        else:
            with pytest.raises(ValidationError):
                stories.story_set_status(story=story, status=new, by=who)
    Story.objects.filter(pk=story.pk).update(status=old)
    with pytest.raises(ValidationError):
        stories.story_set_status(story=story, status=new, by=info.officer)


# --- news -----------------------------------------------------------------------------------


def test_news_written_and_published_by_coordinator_announced(
    info, django_capture_on_commit_callbacks, heard
):
    with django_capture_on_commit_callbacks(execute=True):
        item = helpers.news_item(info)
    assert item.status == "published"
    assert item.published_at is not None
    [announcement] = heard
    assert announcement.kind == announcements.NEWS
    assert announcement.key == f"news:{item.pk}"
    assert announcement.path == f"/information/{info.x.slug}/nyheter/{item.pk}/"
    assert announcement.summary == "Kommunfullmäktige har antagit policyn."


@pytest.mark.parametrize("who", ["officer", "politician", "admin_y", "association_person"])
def test_news_not_by_others(info, who):
    with pytest.raises(PermissionDenied):
        news.news_create(
            municipality=info.x, by=getattr(info, who),
            data={"title_sv": "X", "lead_sv": "Y"},
        )  # fmt: skip


@pytest.mark.parametrize(("old", "new"), list(itertools.permutations(NewsItem.Status.values, 2)))
def test_news_moves(info, old, new):
    item = helpers.news_item(info, publish=False)
    NewsItem.objects.filter(pk=item.pk).update(status=old)
    item.refresh_from_db()
    if (old, new) in workflow.NEWS_TRANSITIONS:
        assert news.news_set_status(item=item, status=new, by=info.admin).status == new
    else:
        with pytest.raises(ValidationError):
            news.news_set_status(item=item, status=new, by=info.admin)


def test_person_with_roles_in_two_municipalities(info):
    """Coordinator in Nacka and municipal administrator in Ekerö: news in both, pages only
    in Ekerö."""
    person = info.coordinator
    role_assign(user=person, municipality=info.y, role=Role.MUNICIPAL_ADMIN)
    from portal import permissions as portal_permissions

    portal_permissions.forget(person)
    news.news_create(municipality=info.x, by=person, data={"title_sv": "X", "lead_sv": "Y"})
    news.news_create(municipality=info.y, by=person, data={"title_sv": "X", "lead_sv": "Y"})
    pages.page_create(
        municipality=info.y, by=person,
        data={"kind": "policy", "title_sv": "Policy", "body_sv": "<p>x</p>"},
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        pages.page_create(
            municipality=info.x, by=person,
            data={"kind": "policy", "title_sv": "Policy", "body_sv": "<p>x</p>"},
        )  # fmt: skip
