"""Stories of good practice: written by the municipality's staff (a coordinator or the
municipal administrator) or proposed by an association's people on the public pages; a
proposed story waits until a publisher publishes or declines it
(``workflow.STORY_TRANSITIONS``). The proposer is told by email when it is published or
declined; publishing is announced to the followers (portal.announcements). Every write is
checked here and audited; the rich text is sanitised before it is stored."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from information import permissions, workflow
from information.models import Story
from information.services.common import (
    all_own,
    apply,
    create,
    require_swedish_title,
    require_text,
    summary_of,
    tidy,
    values_of,
)
from information.services.publishing import announce_story
from organisations.models import Organisation
from portal.links import absolute_reverse
from portal.notifications import notify
from portal.services import audit_record

FIELDS = ("title_sv", "title_en", "summary_sv", "summary_en", "body_sv", "body_en")
MANY = ("focus_areas", "districts", "organisations")
RICH = ("body_sv", "body_en")
TEXT = ("title_sv", "title_en", "summary_sv", "summary_en")
PUBLISHED_KIND = "information.story_published"
DECLINED_KIND = "information.story_declined"
S = Story.Status


def _require_publisher(by, municipality) -> None:
    if not permissions.may_publish(by, municipality):
        raise PermissionDenied


def _kinds(by, story) -> frozenset:
    kinds = set()
    if permissions.may_publish(by, story.municipality_id):
        kinds.add(workflow.PUBLISHER)
    if by is not None and by.is_authenticated and story.proposed_by_id == by.pk:
        kinds.add(workflow.PROPOSER)
    return frozenset(kinds)


def story_problems(*, municipality, data: dict, story: Story | None = None) -> dict:
    """What is wrong with ``data`` (field -> message); the admin's form and the proposal
    form ask the same, so a refusal keeps what was typed."""
    values = tidy(values_of(story, data, FIELDS, MANY), RICH, TEXT)
    m = municipality.pk
    problems = {}
    require_swedish_title(problems, values)
    require_text(problems, values, "summary_sv", _("Write a short summary in Swedish."))
    require_text(problems, values, "body_sv", _("Write the story in Swedish."))
    if not all_own(m, values.get("focus_areas")):
        problems["focus_areas"] = _("Choose the municipality's own focus areas.")
    if not all_own(m, values.get("districts")):
        problems["districts"] = _("Choose the municipality's own districts.")
    organisations = values.get("organisations") or ()
    if not all_own(m, organisations) or any(
        o.status != Organisation.Status.APPROVED for o in organisations
    ):
        problems["organisations"] = _("Choose approved organisations of the municipality.")
    return problems


@transaction.atomic
def story_write(*, municipality, by, data: dict) -> Story:
    """A story written by the municipality's staff (status *proposed*: publish it next)."""
    _require_publisher(by, municipality)
    problems = story_problems(municipality=municipality, data=data)
    if problems:
        raise ValidationError(problems)
    values = tidy(values_of(None, data, FIELDS, MANY), RICH, TEXT)
    story = create(
        Story, values, FIELDS, MANY, municipality=municipality, written_by=by,
        status=workflow.CREATED_AS["story"],
    )  # fmt: skip
    audit_record(
        actor=by, action="story.written", target=story, municipality=municipality,
        after=summary_of(values, ("title_sv", "organisations")),
    )  # fmt: skip
    return story


@transaction.atomic
def story_propose(*, organisation: Organisation, by, data: dict) -> Story:
    """An association's person proposes a story about its work; it waits for a publisher.
    The organisation is among those involved."""
    if not permissions.may_propose_story(by, organisation):
        raise PermissionDenied
    municipality = organisation.municipality
    data = dict(data)
    data["organisations"] = [
        organisation,
        *[o for o in data.get("organisations") or () if o.pk != organisation.pk],
    ]
    problems = story_problems(municipality=municipality, data=data)
    if problems:
        raise ValidationError(problems)
    values = tidy(values_of(None, data, FIELDS, MANY), RICH, TEXT)
    story = create(
        Story, values, FIELDS, MANY, municipality=municipality, proposed_by=by,
        proposing_organisation=organisation, status=workflow.CREATED_AS["story"],
    )  # fmt: skip
    audit_record(
        actor=by, action="story.proposed", target=story, municipality=municipality,
        after={"title_sv": story.title_sv, "organisation": organisation.name},
    )  # fmt: skip
    return story


def _locked(story):
    return (
        Story.objects.select_for_update(of=("self",))
        .select_related("municipality", "proposed_by")
        .get(pk=story.pk)
    )


@transaction.atomic
def story_update(*, story: Story, by, data: dict) -> Story:
    """A publisher changes a story (e.g. edits a proposal before publishing it), audited."""
    current = _locked(story)
    _require_publisher(by, current.municipality)
    problems = story_problems(municipality=current.municipality, data=data, story=current)
    if problems:
        raise ValidationError(problems)
    values = tidy(values_of(current, data, FIELDS, MANY), RICH, TEXT)
    if "decision_note" in data:
        values["decision_note"] = (data["decision_note"] or "").strip()
    before, after = apply(current, values, (*FIELDS, "decision_note"), MANY)
    if after:
        audit_record(
            actor=by, action="story.changed", target=current,
            municipality=current.municipality, before=before, after=after,
        )  # fmt: skip
    return current


def story_status_problem(story: Story, status: str, by) -> str | None:
    return workflow.move_problem(
        workflow.STORY_TRANSITIONS, S, story.status, status, _kinds(by, story)
    )


def _tell_proposer(story: Story, kind: str, template: str) -> None:
    if story.proposed_by is None or not story.proposed_by.is_active:
        return
    notify(
        kind=kind,
        key=f"story:{story.pk}:{story.status}",
        template=template,
        context={
            "story": story,
            "note": story.decision_note,
            "url": absolute_reverse("information:story", args=[story.municipality.slug, story.pk]),
            "stories_url": absolute_reverse("information:stories", args=[story.municipality.slug]),
        },
        recipients=[story.proposed_by],
        municipality=story.municipality,
    )


@transaction.atomic
def story_set_status(*, story: Story, status: str, by, note: str | None = None) -> Story:
    """Publish, decline, withdraw or reopen a story (``workflow.STORY_TRANSITIONS``),
    audited. ``note`` (optional) goes to the proposer with the decision. Publishing tells
    the followers; the proposer hears of a publication or a refusal."""
    current = _locked(story)
    problem = story_status_problem(current, status, by)
    if problem:
        raise ValidationError(problem, code="invalid_move")
    if status == current.status:
        return current
    before, current.status = current.status, status
    fields = ["status", "updated_at"]
    if note is not None:
        current.decision_note = note.strip()
        fields.append("decision_note")
    if status == S.PUBLISHED:
        current.published_at = timezone.now()
        fields.append("published_at")
    current.save(update_fields=fields)
    audit_record(
        actor=by, action="story.status_changed", target=current,
        municipality=current.municipality, before={"status": before},
        after={"status": status, **({"note": current.decision_note} if note else {})},
    )  # fmt: skip
    if status == S.PUBLISHED:
        announce_story(current)
        _tell_proposer(current, PUBLISHED_KIND, "information/email/story_published")
    elif status == S.REJECTED:
        _tell_proposer(current, DECLINED_KIND, "information/email/story_declined")
    return current
