"""News items of the municipality, by focus area: written and published by a coordinator or
the municipal administrator, archived when no longer current
(``workflow.NEWS_TRANSITIONS``). Publishing is announced to the followers. Every write is
checked here and audited; the rich text is sanitised before it is stored."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from information import permissions, workflow
from information.models import NewsItem
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
from information.services.publishing import announce_news
from portal.services import audit_record

FIELDS = ("title_sv", "title_en", "lead_sv", "lead_en", "body_sv", "body_en")
MANY = ("focus_areas",)
RICH = ("body_sv", "body_en")
TEXT = ("title_sv", "title_en", "lead_sv", "lead_en")
N = NewsItem.Status


def _require(by, municipality) -> None:
    if not permissions.may_publish(by, municipality):
        raise PermissionDenied


def news_problems(*, municipality, data: dict, item: NewsItem | None = None) -> dict:
    values = tidy(values_of(item, data, FIELDS, MANY), RICH, TEXT)
    problems = {}
    require_swedish_title(problems, values)
    require_text(problems, values, "lead_sv", _("Write the lead (a sentence or two) in Swedish."))
    if not all_own(municipality.pk, values.get("focus_areas")):
        problems["focus_areas"] = _("Choose the municipality's own focus areas.")
    return problems


@transaction.atomic
def news_create(*, municipality, by, data: dict) -> NewsItem:
    """A news item (a draft), audited."""
    _require(by, municipality)
    problems = news_problems(municipality=municipality, data=data)
    if problems:
        raise ValidationError(problems)
    values = tidy(values_of(None, data, FIELDS, MANY), RICH, TEXT)
    item = create(
        NewsItem, values, FIELDS, MANY, municipality=municipality, created_by=by,
        status=workflow.CREATED_AS["newsitem"],
    )  # fmt: skip
    audit_record(
        actor=by, action="news.created", target=item, municipality=municipality,
        after=summary_of(values, ("title_sv", "focus_areas")),
    )  # fmt: skip
    return item


def _locked(item):
    return (
        NewsItem.objects.select_for_update(of=("self",))
        .select_related("municipality")
        .get(pk=item.pk)
    )


@transaction.atomic
def news_update(*, item: NewsItem, by, data: dict) -> NewsItem:
    current = _locked(item)
    _require(by, current.municipality)
    problems = news_problems(municipality=current.municipality, data=data, item=current)
    if problems:
        raise ValidationError(problems)
    before, after = apply(
        current, tidy(values_of(current, data, FIELDS, MANY), RICH, TEXT), FIELDS, MANY
    )
    if after:
        audit_record(
            actor=by, action="news.changed", target=current,
            municipality=current.municipality, before=before, after=after,
        )  # fmt: skip
    return current


def news_status_problem(item: NewsItem, status: str, by) -> str | None:
    kinds = (
        workflow.ONLY_PUBLISHER
        if permissions.may_publish(by, item.municipality_id)
        else frozenset()
    )
    return workflow.move_problem(workflow.NEWS_TRANSITIONS, N, item.status, status, kinds)


@transaction.atomic
def news_set_status(*, item: NewsItem, status: str, by) -> NewsItem:
    """Publish, archive or publish again, audited; the first publication is announced."""
    current = _locked(item)
    _require(by, current.municipality)
    problem = news_status_problem(current, status, by)
    if problem:
        raise ValidationError(problem, code="invalid_move")
    if status == current.status:
        return current
    before, current.status = current.status, status
    fields = ["status", "updated_at"]
    if status == N.PUBLISHED and current.published_at is None:
        current.published_at = timezone.now()
        fields.append("published_at")
    current.save(update_fields=fields)
    audit_record(
        actor=by, action="news.status_changed", target=current,
        municipality=current.municipality, before={"status": before}, after={"status": status},
    )  # fmt: skip
    if status == N.PUBLISHED:
        announce_news(current)  # the key makes a publication again harmless
    return current
