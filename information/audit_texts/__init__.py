"""How the audit trail reads information's events (see portal.audit_text); imported from
InformationConfig.ready()."""

from django.utils.translation import gettext as _

from information.models import Contact, FocusAreaGoal, NewsItem, Page, Story
from portal.audit_text import choice, describes, lower_first

_page_label = choice(Page.Status)
_story_label = choice(Story.Status)
_news_label = choice(NewsItem.Status)


@describes("page.created")
def _page_created(event):
    event.say(_("%(actor)s wrote the information page %(target)s"))
    event.field_changes(Page, ["kind", "slug", "title_sv", "title_en"])


@describes("page.changed")
def _page_changed(event):
    event.say(_("%(actor)s changed the information page %(target)s"))
    event.field_changes(Page)


@describes("page.status_changed")
def _page_status(event):
    event.say(
        _(
            "%(actor)s changed the status of the information page %(target)s "
            "from %(old)s to %(new)s"
        ),
        old=lower_first(_page_label(event.before.get("status"))),
        new=lower_first(_page_label(event.after.get("status"))),
    )


@describes("goal.created")
def _goal_created(event):
    event.say(_("%(actor)s wrote what the municipality wants to achieve in %(target)s"))


@describes("goal.changed")
def _goal_changed(event):
    event.say(_("%(actor)s changed what the municipality wants to achieve in %(target)s"))
    event.field_changes(FocusAreaGoal)


@describes("goal.deleted")
def _goal_deleted(event):
    event.say(_("%(actor)s removed what the municipality wants to achieve in %(target)s"))


@describes("contact.created")
def _contact_created(event):
    event.say(_("%(actor)s added %(target)s to the contact directory"))
    event.field_changes(Contact, ["kind", "title_sv", "responsibility", "administration",
                                  "committee", "focus_areas"])  # fmt: skip


@describes("contact.changed")
def _contact_changed(event):
    event.say(_("%(actor)s changed the contact %(target)s"))
    event.field_changes(Contact)


@describes("contact.deleted")
def _contact_deleted(event):
    event.say(_("%(actor)s removed %(target)s from the contact directory"))


@describes("story.written")
def _story_written(event):
    event.say(_("%(actor)s wrote the story %(target)s"))


@describes("story.proposed")
def _story_proposed(event):
    event.say(_("%(actor)s proposed the story %(target)s"))
    event.note(_("Organisation"), event.after.get("organisation"))


@describes("story.changed")
def _story_changed(event):
    event.say(_("%(actor)s changed the story %(target)s"))
    event.field_changes(Story)


@describes("story.status_changed")
def _story_status(event):
    event.say(
        _("%(actor)s changed the status of the story %(target)s from %(old)s to %(new)s"),
        old=lower_first(_story_label(event.before.get("status"))),
        new=lower_first(_story_label(event.after.get("status"))),
    )
    event.note(_("Message to the proposer"), event.after.get("note"))


@describes("news.created")
def _news_created(event):
    event.say(_("%(actor)s wrote the news item %(target)s"))


@describes("news.changed")
def _news_changed(event):
    event.say(_("%(actor)s changed the news item %(target)s"))
    event.field_changes(NewsItem)


@describes("news.status_changed")
def _news_status(event):
    event.say(
        _("%(actor)s changed the status of the news item %(target)s from %(old)s to %(new)s"),
        old=lower_first(_news_label(event.before.get("status"))),
        new=lower_first(_news_label(event.after.get("status"))),
    )
