"""The municipality's own pages (the policy for collaboration with civil society, how it
collaborates, other pages) and what it wants to achieve per focus area: written by the
municipal administrator, pages published or taken back to a draft
(``workflow.PAGE_TRANSITIONS``). Every write asks ``permissions.may_edit_pages`` again and
is audited; the rich text is sanitised before it is stored."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from information import permissions, workflow
from information.models import FocusAreaGoal, Page
from information.services.common import (
    apply,
    create,
    require_swedish_title,
    require_text,
    summary_of,
    tidy,
    values_of,
)
from portal.services import audit_record

FIELDS = (
    "kind",
    "slug",
    "title_sv",
    "title_en",
    "summary_sv",
    "summary_en",
    "body_sv",
    "body_en",
    "ordering",
)
RICH = ("body_sv", "body_en")
TEXT = ("slug", "title_sv", "title_en", "summary_sv", "summary_en")
GOAL_FIELDS = ("body_sv", "body_en")


def _require(by, municipality) -> None:
    if not permissions.may_edit_pages(by, municipality):
        raise PermissionDenied


def _kinds(by, municipality) -> frozenset:
    return workflow.ONLY_EDITOR if permissions.may_edit_pages(by, municipality) else frozenset()


def page_problems(*, municipality, data: dict, page: Page | None = None) -> dict:
    """What is wrong with ``data`` for a new page of ``municipality`` or a change of
    ``page`` (field -> message). The admin's form asks the same."""
    values = tidy(values_of(page, data, FIELDS), RICH, TEXT)
    if not values.get("slug") and values.get("title_sv"):
        values["slug"] = slugify(values["title_sv"])[:80]
    problems = {}
    require_swedish_title(problems, values)
    require_text(problems, values, "body_sv", _("Write the page's text in Swedish."))
    if values.get("kind") not in Page.Kind.values:
        problems["kind"] = _("Choose what kind of page it is.")
    slug = values.get("slug") or ""
    if not slug:
        problems["slug"] = _("Give the page an address, e.g. “policy”.")
    others = Page.objects.filter(municipality=municipality)
    if page is not None and page.pk:
        others = others.exclude(pk=page.pk)
    if slug and others.filter(slug=slug).exists():
        problems["slug"] = _("Another page of the municipality has this address.")
    kind = values.get("kind")
    if kind in (Page.Kind.POLICY, Page.Kind.HOW) and others.filter(kind=kind).exists():
        problems["kind"] = _(
            "The municipality already has a page of this kind: change that page instead."
        )
    return problems


def _values(page, data):
    values = tidy(values_of(page, data, FIELDS), RICH, TEXT)
    if not values.get("slug") and values.get("title_sv"):
        values["slug"] = slugify(values["title_sv"])[:80]
    return values


@transaction.atomic
def page_create(*, municipality, by, data: dict) -> Page:
    """A new page (a draft), audited."""
    _require(by, municipality)
    problems = page_problems(municipality=municipality, data=data)
    if problems:
        raise ValidationError(problems)
    values = _values(None, data)
    page = create(
        Page, values, FIELDS, municipality=municipality, created_by=by,
        status=workflow.CREATED_AS["page"],
    )  # fmt: skip
    audit_record(
        actor=by, action="page.created", target=page, municipality=municipality,
        after=summary_of(values, ("kind", "slug", "title_sv", "title_en")),
    )  # fmt: skip
    return page


def _locked(model, obj):
    return (
        model.objects.select_for_update(of=("self",)).select_related("municipality").get(pk=obj.pk)
    )


@transaction.atomic
def page_update(*, page: Page, by, data: dict) -> Page:
    """Change a page's text (its status stays), audited."""
    current = _locked(Page, page)
    _require(by, current.municipality)
    problems = page_problems(municipality=current.municipality, data=data, page=current)
    if problems:
        raise ValidationError(problems)
    before, after = apply(current, _values(current, data), FIELDS)
    if after:
        audit_record(
            actor=by, action="page.changed", target=current,
            municipality=current.municipality, before=before, after=after,
        )  # fmt: skip
    return current


def page_status_problem(page: Page, status: str, by) -> str | None:
    return workflow.move_problem(
        workflow.PAGE_TRANSITIONS, Page.Status, page.status, status,
        _kinds(by, page.municipality_id),
    )  # fmt: skip


@transaction.atomic
def page_set_status(*, page: Page, status: str, by) -> Page:
    """Publish a page or take it back to a draft, audited."""
    current = _locked(Page, page)
    _require(by, current.municipality)
    problem = page_status_problem(current, status, by)
    if problem:
        raise ValidationError(problem, code="invalid_move")
    if status == current.status:
        return current
    before, current.status = current.status, status
    fields = ["status", "updated_at"]
    if status == Page.Status.PUBLISHED:
        current.published_at = timezone.now()
        fields.append("published_at")
    current.save(update_fields=fields)
    audit_record(
        actor=by, action="page.status_changed", target=current,
        municipality=current.municipality, before={"status": before}, after={"status": status},
    )  # fmt: skip
    return current


# --- what the municipality wants per focus area ---------------------------------------------


def goal_problems(*, municipality, data: dict, goal: FocusAreaGoal | None = None) -> dict:
    values = tidy(values_of(goal, data, (*GOAL_FIELDS, "focus_area")), GOAL_FIELDS)
    problems = {}
    require_text(
        problems, values, "body_sv", _("Write in Swedish what the municipality wants to achieve.")
    )
    area = values.get("focus_area")
    if area is None or area.municipality_id != municipality.pk:
        problems["focus_area"] = _("Choose one of the municipality's focus areas.")
    else:
        others = FocusAreaGoal.objects.filter(focus_area=area)
        if goal is not None and goal.pk:
            others = others.exclude(pk=goal.pk)
        if others.exists():
            problems["focus_area"] = _(
                "The focus area already has its goals: change them there instead."
            )
    return problems


@transaction.atomic
def goal_create(*, municipality, by, data: dict) -> FocusAreaGoal:
    """What the municipality wants to achieve in a focus area, audited."""
    _require(by, municipality)
    problems = goal_problems(municipality=municipality, data=data)
    if problems:
        raise ValidationError(problems)
    values = tidy(dict(data), GOAL_FIELDS)
    goal = create(FocusAreaGoal, values, (*GOAL_FIELDS, "focus_area"), municipality=municipality)
    audit_record(
        actor=by, action="goal.created", target=goal, municipality=municipality,
        after={"focus_area": str(goal.focus_area)},
    )  # fmt: skip
    return goal


@transaction.atomic
def goal_update(*, goal: FocusAreaGoal, by, data: dict) -> FocusAreaGoal:
    current = _locked(FocusAreaGoal, goal)
    _require(by, current.municipality)
    data = {k: v for k, v in data.items() if k in GOAL_FIELDS}  # the focus area stays
    problems = goal_problems(municipality=current.municipality, data=data, goal=current)
    if problems:
        raise ValidationError(problems)
    before, after = apply(current, tidy(dict(data), GOAL_FIELDS), GOAL_FIELDS)
    if after:
        audit_record(
            actor=by, action="goal.changed", target=current,
            municipality=current.municipality, before=before, after=after,
        )  # fmt: skip
    return current


@transaction.atomic
def goal_delete(*, goal: FocusAreaGoal, by) -> None:
    current = _locked(FocusAreaGoal, goal)
    _require(by, current.municipality)
    audit_record(
        actor=by, action="goal.deleted", target=current, municipality=current.municipality,
        before={"focus_area": str(current.focus_area)},
    )  # fmt: skip
    current.delete()
