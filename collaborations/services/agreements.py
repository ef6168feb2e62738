"""Writes of agreements: the terms, the lawfulness assessment, the parties and what they
bring (validated here, entered through the admin's inlines), documents, and the yearly
follow-up against the indicators."""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from collaborations import permissions, workflow
from collaborations.models import (
    Agreement,
    Collaboration,
    CollaborationDocument,
    Contribution,
    FollowUp,
    IndicatorResult,
)
from collaborations.services.collaborations import actor_kinds, move_problem, require_change
from collaborations.services.proposals import coordinators
from organisations.uploads import store_checked_upload
from portal.links import absolute_reverse
from portal.notifications import notify
from portal.services import audit_record

F = FollowUp.Status
AGREEMENT_FIELDS = ("legal_form", "signed_on", "governance_forum", "follow_up_month")


def _locked_collaboration(collaboration) -> Collaboration:
    return (
        Collaboration.objects.select_for_update(of=("self",))
        .select_related("municipality")
        .get(pk=collaboration.pk)
    )


def agreement_problems(*, collaboration: Collaboration, data: dict) -> dict:
    """What is wrong with an agreement's terms, per field (empty: nothing)."""
    problems = {}
    forum = data.get("governance_forum")
    if forum is not None and (
        forum.kind != Collaboration.Kind.NETWORK
        or forum.municipality_id != collaboration.municipality_id
        or forum.pk == collaboration.pk
    ):
        problems["governance_forum"] = _(
            "The governance forum is one of the municipality's networks."
        )
    month = data.get("follow_up_month")
    if month is not None and not 1 <= month <= 12:
        problems["follow_up_month"] = _("Give a month from 1 to 12.")
    return problems


def _terms(agreement: Agreement) -> dict:
    return {
        "legal_form": agreement.legal_form,
        "signed_on": str(agreement.signed_on) if agreement.signed_on else None,
        "governance_forum": str(agreement.governance_forum)
        if agreement.governance_forum_id
        else None,
        "follow_up_month": agreement.follow_up_month,
    }


@transaction.atomic
def agreement_save(*, collaboration: Collaboration, by, data: dict) -> Agreement:
    """Record or change the terms of ``collaboration``'s agreement (legal form, signing
    date, governance forum, follow-up month). A changed legal form needs a new assessment:
    the one recorded was of the old form."""
    collaboration = _locked_collaboration(collaboration)
    require_change(by, collaboration)
    data = {k: v for k, v in data.items() if k in AGREEMENT_FIELDS}
    problems = agreement_problems(collaboration=collaboration, data=data)
    if problems:
        raise ValidationError(problems)
    agreement = Agreement.objects.select_for_update().filter(collaboration=collaboration).first()
    created = agreement is None
    if created:
        agreement = Agreement(collaboration=collaboration)
    before = {} if created else _terms(agreement)
    for name, value in data.items():
        setattr(agreement, name, value)
    if not created and agreement.legal_form != before["legal_form"] and agreement.is_assessed:
        agreement.lawfulness_assessment, agreement.assessed_on = "", None
        agreement.assessed_by = None
    agreement.full_clean(exclude=["collaboration"])
    after = _terms(agreement)
    if not created and after == before:
        return agreement
    agreement.save()
    audit_record(
        actor=by,
        action="agreement.saved",
        target=agreement,
        municipality=collaboration.municipality,
        before={k: v for k, v in before.items() if after.get(k) != v},
        after={k: v for k, v in after.items() if created or before.get(k) != v},
    )
    return agreement


@transaction.atomic
def agreement_assess(
    *, agreement: Agreement, by, legal_form: str, assessment: str, assessed_on: date
) -> Agreement:
    """Record why the agreement's legal form is lawful (IOP: not procurement and not a
    grant), by whom and when; the collaboration may then become active."""
    agreement = (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("collaboration__municipality")
        .get(pk=agreement.pk)
    )
    require_change(by, agreement.collaboration)
    problems = {}
    if legal_form not in Agreement.LegalForm.values:
        problems["legal_form"] = _("Choose the legal form.")
    if not (assessment or "").strip():
        problems["lawfulness_assessment"] = _("Write the assessment of the legal form.")
    if assessed_on is None or assessed_on > timezone.localdate():
        problems["assessed_on"] = _("Give the date of the assessment (not in the future).")
    if problems:
        raise ValidationError(problems)
    before = {
        "legal_form": agreement.legal_form,
        "assessed_on": str(agreement.assessed_on) if agreement.assessed_on else None,
    }
    agreement.legal_form = legal_form
    agreement.lawfulness_assessment = assessment.strip()
    agreement.assessed_on, agreement.assessed_by = assessed_on, by
    agreement.save(
        update_fields=["legal_form", "lawfulness_assessment", "assessed_on", "assessed_by"]
    )
    audit_record(
        actor=by,
        action="agreement.assessed",
        target=agreement,
        municipality=agreement.collaboration.municipality,
        before=before,
        after={"legal_form": legal_form, "assessed_on": str(assessed_on)},
    )
    return agreement


# --- parties, contributions and indicators (the admin's inlines ask these) ------------------


def party_problems(
    *, agreement: Agreement, organisation=None, administration=None, name="", party=None
) -> dict:
    """What is wrong with a party, per field: exactly one of an organisation, an
    administration or a name, the first two of the agreement's municipality, and not a
    party of the agreement already (``party``: the row being changed)."""
    given = [organisation is not None, administration is not None, bool((name or "").strip())]
    if sum(given) != 1:
        return {
            None: _("Give one party: an organisation, an administration or another party's name.")
        }
    municipality_id = agreement.collaboration.municipality_id
    if organisation is not None and organisation.municipality_id != municipality_id:
        return {"organisation": _("The organisation must be registered in the municipality.")}
    if administration is not None and administration.municipality_id != municipality_id:
        return {"administration": _("The administration belongs to another municipality.")}
    others = agreement.parties.exclude(pk=getattr(party, "pk", None))
    if organisation is not None and others.filter(organisation=organisation).exists():
        return {"organisation": _("The organisation is a party already.")}
    if administration is not None and others.filter(administration=administration).exists():
        return {"administration": _("The administration is a party already.")}
    return {}


def contribution_problems(*, kind: str, amount_ore=None, quantity=None) -> dict:
    """What is wrong with a contribution, per field: money has an amount, other kinds a
    quantity or a description (the form checks the description), nothing negative."""
    if kind == Contribution.Kind.MONEY:
        if not amount_ore or amount_ore <= 0:
            return {"amount_ore": _("Give the amount of money.")}
        if quantity is not None:
            return {"quantity": _("Money is given as an amount, not a quantity.")}
        return {}
    if amount_ore:
        return {"amount_ore": _("Only money has an amount; give a quantity instead.")}
    if quantity is not None and quantity <= 0:
        return {"quantity": _("The quantity must be more than zero.")}
    return {}


def indicator_problems(*, target=None, baseline=None) -> dict:
    problems = {}
    if target is not None and target < 0:
        problems["target"] = _("The target cannot be negative.")
    if baseline is not None and baseline < 0:
        problems["baseline"] = _("The baseline cannot be negative.")
    return problems


# --- documents ------------------------------------------------------------------------------


@transaction.atomic
def document_upload(*, collaboration: Collaboration, uploaded, title: str, by):
    """Keep a file of the collaboration (checked by content, stored privately)."""
    require_change(by, collaboration)
    document = CollaborationDocument(collaboration=collaboration, uploaded_by=by, title=title)
    store_checked_upload(document, uploaded)
    if not title:
        document.title = document.original_name
        document.save(update_fields=["title"])
    audit_record(
        actor=by,
        action="collaboration.document_added",
        target=collaboration,
        municipality=collaboration.municipality,
        after={"document": document.title},
    )
    return document


@transaction.atomic
def document_remove(*, document: CollaborationDocument, by) -> None:
    """Remove a file of the collaboration (the row and the stored file)."""
    collaboration = document.collaboration
    require_change(by, collaboration)
    title = document.title
    document.delete()
    transaction.on_commit(lambda: document.file.delete(save=False))
    audit_record(
        actor=by,
        action="collaboration.document_removed",
        target=collaboration,
        municipality=collaboration.municipality,
        before={"document": title},
    )


# --- yearly follow-up -----------------------------------------------------------------------


FOLLOW_UP_YEARS_BACK = 2  # follow-ups of older years are neither chased nor opened by partners
FOLLOW_UP_SUBMITTED_KIND = "collaborations.follow_up_submitted"


def follow_up_due_on(agreement: Agreement, year: int) -> date:
    """When the follow-up of ``year`` is due: the end of the agreement's follow-up month
    the year after."""
    month = agreement.follow_up_month
    return date(year + 1, month, calendar.monthrange(year + 1, month)[1])


def agreement_ran_in(collaboration, year: int) -> bool:
    """Whether the agreement ran during ``year`` (it owes that year's follow-up)."""
    starts = collaboration.starts_on or collaboration.agreement.signed_on
    if starts is None or starts.year > year:
        return False
    return collaboration.ends_on is None or collaboration.ends_on.year >= year


def follow_up_years_owed(agreement: Agreement, today: date | None = None) -> list[int]:
    """The past years (at most ``FOLLOW_UP_YEARS_BACK``) the agreement of an active or
    ended collaboration ran in: each owes a follow-up (the reminders chase those not
    submitted; the partners may open those not yet opened)."""
    today = today or timezone.localdate()
    collaboration = agreement.collaboration
    if collaboration.status not in (Collaboration.Status.ACTIVE, Collaboration.Status.ENDED):
        return []
    return [
        year
        for year in range(today.year - FOLLOW_UP_YEARS_BACK, today.year)
        if agreement_ran_in(collaboration, year)
    ]


def agreement_organisations(agreement: Agreement) -> list:
    """The organisations whose people write the agreement's follow-up: its parties and the
    collaboration's partners."""
    found = {
        party.organisation.pk: party.organisation
        for party in agreement.parties.select_related("organisation")
        if party.organisation_id
    }
    for partner in agreement.collaboration.partners.all():
        found.setdefault(partner.pk, partner)
    return list(found.values())


def _acting_for(user, agreement: Agreement, organisation=None):
    """The party or partner organisation ``user`` acts for on ``agreement`` (``organisation``
    if given and it is one), or None."""
    involved = agreement_organisations(agreement)
    if organisation is not None:
        involved = [o for o in involved if o.pk == organisation.pk]
    return next((o for o in involved if permissions.may_act_for(user, o)), None)


def follow_up_actor_kinds(user, follow_up: FollowUp, organisation=None) -> frozenset:
    """What ``user`` is to ``follow_up`` in ``workflow.FOLLOW_UP_TRANSITIONS``: staff of
    the collaboration, and/or someone acting for a party or partner organisation. With
    ``organisation`` (the organisation's own page): only someone acting for that
    organisation, if it is a party or partner."""
    agreement = follow_up.agreement
    if organisation is not None:
        acting = _acting_for(user, agreement, organisation)
        return frozenset({workflow.ORGANISATION}) if acting else frozenset()
    kinds = set(actor_kinds(user, agreement.collaboration))
    if _acting_for(user, agreement) is not None:
        kinds.add(workflow.ORGANISATION)
    return frozenset(kinds)


def _locked_follow_up(follow_up) -> FollowUp:
    return (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("agreement__collaboration__municipality")
        .get(pk=follow_up.pk)
    )


@transaction.atomic
def follow_up_open(*, agreement: Agreement, year: int, by, organisation=None) -> FollowUp:
    """Open the follow-up of ``year`` (a draft); once a year, not for a year to come. The
    collaboration's staff open any past or current year; someone acting for a party or
    partner ``organisation`` opens a year the agreement owes (``follow_up_years_owed``)."""
    agreement = Agreement.objects.select_related("collaboration__municipality").get(pk=agreement.pk)
    if organisation is None:
        require_change(by, agreement.collaboration)
    elif _acting_for(by, agreement, organisation) is None:
        raise PermissionDenied
    if year > timezone.localdate().year:
        raise ValidationError({"year": _("A year's follow-up opens in that year at the earliest.")})
    if organisation is not None and year not in follow_up_years_owed(agreement):
        raise ValidationError({"year": _("The agreement owes no follow-up of this year.")})
    if FollowUp.objects.filter(agreement=agreement, year=year).exists():
        raise ValidationError({"year": _("The follow-up of this year is already open.")})
    follow_up = FollowUp.objects.create(
        agreement=agreement, year=year, status=workflow.CREATED_AS["follow_up"]
    )
    after = {"year": year}
    if organisation is not None:
        after["organisation"] = organisation.name
    audit_record(
        actor=by,
        action="follow_up.opened",
        target=follow_up,
        municipality=agreement.collaboration.municipality,
        after=after,
    )
    return follow_up


@transaction.atomic
def follow_up_save_results(
    *, follow_up: FollowUp, by, results: dict, summary: str, organisation=None
) -> FollowUp:
    """Save the results of a draft follow-up: ``{indicator id: (value, comment)}`` (a value
    of None removes the result) and the summary. The responsible staff and the party or
    partner organisations' people may (with ``organisation``: its people only)."""
    follow_up = _locked_follow_up(follow_up)
    if not follow_up_actor_kinds(by, follow_up, organisation):
        raise PermissionDenied
    if follow_up.status != F.DRAFT:
        raise ValidationError(_("Only a draft follow-up can be changed."))
    indicators = set(follow_up.agreement.indicators.values_list("pk", flat=True))
    if not {int(pk) for pk in results} <= indicators:
        raise ValidationError(_("Give results for the agreement's own indicators."))
    problems = {
        f"result_{pk}": _("A result cannot be negative.")
        for pk, (value, _comment) in results.items()
        if value is not None and Decimal(value) < 0
    }
    if problems:
        raise ValidationError(problems)
    saved = {}
    for indicator_id, (value, comment) in results.items():
        if value is None:
            follow_up.results.filter(indicator_id=indicator_id).delete()
            continue
        value = Decimal(value)
        IndicatorResult.objects.update_or_create(
            follow_up=follow_up,
            indicator_id=int(indicator_id),
            defaults={"value": value, "comment": (comment or "").strip()[:500]},
        )
        saved[str(indicator_id)] = str(value)
    follow_up.summary = summary or ""
    follow_up.save(update_fields=["summary"])
    audit_record(
        actor=by,
        action="follow_up.results_saved",
        target=follow_up,
        municipality=follow_up.agreement.collaboration.municipality,
        after={"results": saved},
    )
    return follow_up


def follow_up_status_problem(follow_up: FollowUp, status: str, by, organisation=None) -> str | None:
    kinds = follow_up_actor_kinds(by, follow_up, organisation)
    problem = move_problem(workflow.FOLLOW_UP_TRANSITIONS, F, follow_up.status, status, kinds)
    if problem or status == follow_up.status:
        return problem
    if status == F.SUBMITTED and follow_up.status == F.DRAFT:
        missing = follow_up.agreement.indicators.exclude(results__follow_up=follow_up)
        if missing.exists():
            return _("Give a result for every indicator before submitting the follow-up.")
    return None


@transaction.atomic
def follow_up_set_status(*, follow_up: FollowUp, status: str, by, organisation=None) -> FollowUp:
    """Submit, review or send back a follow-up (``workflow.FOLLOW_UP_TRANSITIONS``). With
    ``organisation``, ``by`` acts for that party or partner organisation only. A follow-up
    submitted by a partner's person (not the staff) is told to the responsible officer."""
    follow_up = _locked_follow_up(follow_up)
    kinds = follow_up_actor_kinds(by, follow_up, organisation)
    if not kinds:
        raise PermissionDenied
    if status == follow_up.status and status in F.values:
        return follow_up
    problem = follow_up_status_problem(follow_up, status, by, organisation)
    if problem:
        raise ValidationError(problem, code="invalid_move")
    before = follow_up.status
    follow_up.status = status
    fields = ["status"]
    now = timezone.now()
    if status == F.SUBMITTED and before == F.DRAFT:
        follow_up.submitted_by, follow_up.submitted_at = by, now
        fields += ["submitted_by", "submitted_at"]
    elif status == F.REVIEWED:
        follow_up.reviewed_by, follow_up.reviewed_at = by, now
        fields += ["reviewed_by", "reviewed_at"]
    elif before == F.REVIEWED:
        follow_up.reviewed_by, follow_up.reviewed_at = None, None
        fields += ["reviewed_by", "reviewed_at"]
    follow_up.save(update_fields=fields)
    audit_record(
        actor=by,
        action="follow_up.status_changed",
        target=follow_up,
        municipality=follow_up.agreement.collaboration.municipality,
        before={"status": before},
        after={"status": status},
    )
    if status == F.SUBMITTED and before == F.DRAFT and not kinds & workflow.STAFF:
        _tell_submitted(follow_up, _acting_for(by, follow_up.agreement, organisation))
    return follow_up


def _tell_submitted(follow_up: FollowUp, organisation) -> None:
    """Email the collaboration's responsible officer (none: the coordinators) that a
    partner submitted the follow-up, with the link to it in the admin."""
    collaboration = follow_up.agreement.collaboration
    recipients = [collaboration.responsible] if collaboration.responsible_id else []
    notify(
        kind=FOLLOW_UP_SUBMITTED_KIND,
        key=f"follow_up:{follow_up.pk}:submitted:{follow_up.submitted_at.isoformat()}",
        template="collaborations/email/follow_up_submitted",
        context={
            "collaboration": collaboration,
            "organisation": organisation,
            "year": str(follow_up.year),
            "url": absolute_reverse("admin:collaborations_followup_change", args=[follow_up.pk]),
        },
        recipients=recipients or coordinators(collaboration.municipality),
        municipality=collaboration.municipality,
    )
