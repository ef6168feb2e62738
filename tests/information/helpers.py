"""Small makers for information's tests (through the services, as the portal makes them)."""

from information.services import contacts, news, pages, stories

POLICY_BODY = (
    "<h2>Varför vi samverkar</h2><p>Civilsamhället är en <strong>viktig</strong> part.</p>"
    '<ul><li>Dialog</li><li>Tillit</li></ul><p><a href="https://www.nacka.se/">Läs mer</a></p>'
)


def policy(info, **extra):
    data = {
        "kind": "policy",
        "slug": "policy",
        "title_sv": "Policy för samverkan med civilsamhället",
        "body_sv": POLICY_BODY,
        **extra,
    }
    return pages.page_create(municipality=info.x, by=info.admin, data=data)


def published_policy(info, **extra):
    page = policy(info, **extra)
    return pages.page_set_status(page=page, status="published", by=info.admin)


def officer_contact(info, **extra):
    data = {
        "kind": "officer",
        "name": "Sara Strateg",
        "title_sv": "Strateg för trygghet",
        "email": "sara@nacka.example.se",
        "responsibility": "strategic",
        "focus_areas": [info.area],
        "administration": info.administration,
        **extra,
    }
    return contacts.contact_create(municipality=info.x, by=info.admin, data=data)


def politician_contact(info, **extra):
    data = {
        "kind": "politician",
        "name": "Per Politiker",
        "title_sv": "Ordförande",
        "email": "per@nacka.example.se",
        "committee": info.committee,
        **extra,
    }
    return contacts.contact_create(municipality=info.x, by=info.admin, data=data)


def proposed_story(info, **extra):
    data = {
        "title_sv": "Nattvandrarna i Fisksätra",
        "summary_sv": "Vuxna på stan skapar trygghet.",
        "body_sv": "<p>Varje fredag går vi.</p>",
        "focus_areas": [info.area],
        "districts": [info.district],
        **extra,
    }
    return stories.story_propose(
        organisation=info.association, by=info.association_person, data=data
    )


def published_story(info, **extra):
    story = proposed_story(info, **extra)
    return stories.story_set_status(story=story, status="published", by=info.coordinator)


def news_item(info, publish=True, **extra):
    data = {
        "title_sv": "Ny policy antagen",
        "lead_sv": "Kommunfullmäktige har antagit policyn.",
        "body_sv": "<p>Mer text.</p>",
        "focus_areas": [info.area],
        **extra,
    }
    item = news.news_create(municipality=info.x, by=info.coordinator, data=data)
    if publish:
        item = news.news_set_status(item=item, status="published", by=info.coordinator)
    return item
