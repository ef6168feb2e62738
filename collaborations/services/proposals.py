"""Proposals from associations: submitted by someone acting for the organisation, answered
by the municipality's coordinators, and taken up as a collaboration."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from collaborations import permissions, workflow
from collaborations.models import Collaboration, Proposal
from collaborations.services.collaborations import collaboration_create, move_problem
from organisations.selectors import organisation_people
from portal.links import absolute_reverse
from portal.models import Role
from portal.notifications import notify
from portal.selectors import staff_with_roles
from portal.services import audit_record

P = Proposal.Status
RECEIVED_KIND = "collaborations.proposal_received"
ANSWERED_KIND = "collaborations.proposal_answered"
ANSWERED = (P.ACCEPTED, P.DECLINED)


def coordinators(municipality) -> list:
    """Who hears of a proposal: the coordinators, else the municipal administrators."""
    people = list(staff_with_roles(municipality, [Role.COORDINATOR]).filter(is_active=True))
    if not people:
        people = list(staff_with_roles(municipality, [Role.MUNICIPAL_ADMIN]).filter(is_active=True))
    return people


def _same_municipality(municipality_id, values) -> bool:
    return all(getattr(v, "municipality_id", None) == municipality_id for v in values)


@transaction.atomic
def proposal_submit(
    *,
    organisation,
    by,
    kind: str,
    title: str,
    description: str,
    focus_areas=(),
    districts=(),
) -> Proposal:
    """An organisation proposes a collaboration (an idea, a need, an offer) to its
    municipality; the coordinators are told by email."""
    if not permissions.may_act_for(by, organisation):
        raise PermissionDenied
    municipality = organisation.municipality
    problems = {}
    if kind not in Proposal.Kind.values:
        problems["kind"] = _("Choose what you propose.")
    if not (title or "").strip():
        problems["title"] = _("Give the proposal a title.")
    if not (description or "").strip():
        problems["description"] = _("Describe the proposal.")
    if not _same_municipality(municipality.pk, focus_areas):
        problems["focus_areas"] = _("Choose the municipality's own focus areas.")
    if not _same_municipality(municipality.pk, districts):
        problems["districts"] = _("Choose the municipality's own districts.")
    if problems:
        raise ValidationError(problems)
    proposal = Proposal(
        municipality=municipality,
        organisation=organisation,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        status=workflow.CREATED_AS["proposal"],
        submitted_by=by,
    )
    proposal.full_clean()
    proposal.save()
    proposal.focus_areas.set(focus_areas)
    proposal.districts.set(districts)
    audit_record(
        actor=by,
        action="proposal.submitted",
        target=proposal,
        municipality=municipality,
        after={"organisation": organisation.name, "kind": kind, "title": proposal.title},
    )
    notify(
        kind=RECEIVED_KIND,
        key=f"proposal:{proposal.pk}:received",
        template="collaborations/email/proposal_received",
        context={
            "proposal": proposal,
            "organisation": organisation,
            "url": absolute_reverse("admin:collaborations_proposal_change", args=[proposal.pk]),
        },
        recipients=coordinators(municipality),
        municipality=municipality,
    )
    return proposal


def decide_problem(proposal: Proposal, status: str, by, response="", collaboration=None):
    """Why ``by`` may not answer ``proposal`` so (None: they may)."""
    kinds = (
        frozenset({workflow.COORDINATOR})
        if permissions.may_coordinate(by, proposal.municipality_id)
        else frozenset()
    )
    problem = move_problem(workflow.PROPOSAL_TRANSITIONS, P, proposal.status, status, kinds)
    if problem or status == proposal.status:
        return problem
    if status == P.DECLINED and not (response or "").strip():
        return _("Say why the proposal is declined: the organisation receives the answer.")
    if status == P.ACCEPTED:
        if collaboration is None:
            return _("Choose the collaboration the proposal is taken up in.")
        if collaboration.municipality_id != proposal.municipality_id:
            return _("The collaboration belongs to another municipality.")
    return None


@transaction.atomic
def proposal_decide(
    *, proposal: Proposal, status: str, by, response: str = "", collaboration=None
) -> Proposal:
    """Consider, take up (into ``collaboration``) or decline a proposal
    (``workflow.PROPOSAL_TRANSITIONS``, coordinators only); an answer reaches the
    organisation's people by email."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("municipality", "organisation")
        .get(pk=proposal.pk)
    )
    if not permissions.may_coordinate(by, proposal.municipality_id):
        raise PermissionDenied
    if status == proposal.status and status in P.values:
        return proposal
    problem = decide_problem(proposal, status, by, response, collaboration)
    if problem:
        raise ValidationError(problem, code="invalid_move")
    before = proposal.status
    proposal.status = status
    proposal.response = (response or "").strip()
    proposal.collaboration = collaboration if status == P.ACCEPTED else None
    proposal.decided_at = timezone.now() if status in ANSWERED else None
    proposal.save(update_fields=["status", "response", "collaboration", "decided_at"])
    audit_record(
        actor=by,
        action="proposal.decided",
        target=proposal,
        municipality=proposal.municipality,
        before={"status": before},
        after={
            "status": status,
            "response": proposal.response,
            "collaboration": proposal.collaboration_id,
        },
    )
    if status in ANSWERED:
        notify(
            kind=ANSWERED_KIND,
            key=f"proposal:{proposal.pk}:answered:{status}:{proposal.decided_at.isoformat()}",
            template="collaborations/email/proposal_answered",
            context={
                "proposal": proposal,
                "accepted": status == P.ACCEPTED,
                "url": absolute_reverse("portal:my_page"),
            },
            recipients=organisation_people(proposal.organisation),
            municipality=proposal.municipality,
        )
    return proposal


@transaction.atomic
def proposal_take_up(
    *,
    proposal: Proposal,
    by,
    level: str,
    administration,
    kind: str = Collaboration.Kind.OTHER,
    response: str = "",
) -> Collaboration:
    """Take up a proposal as a new planned collaboration of ``administration``: its title,
    description, focus areas and districts, the organisation as partner; the proposal is
    linked to it and answered."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("municipality", "organisation")
        .get(pk=proposal.pk)
    )
    if not permissions.may_coordinate(by, proposal.municipality_id):
        raise PermissionDenied
    if proposal.status == P.ACCEPTED:
        raise ValidationError(_("The proposal is already taken up."), code="invalid_move")
    problem = decide_problem(
        proposal, P.ACCEPTED, by, response, Collaboration(municipality=proposal.municipality)
    )
    if problem:
        raise ValidationError(problem, code="invalid_move")
    collaboration = collaboration_create(
        municipality=proposal.municipality,
        by=by,
        data={
            "title": proposal.title[:200],
            "description": proposal.description,
            "kind": kind,
            "level": level,
            "administration": administration,
            "focus_areas": list(proposal.focus_areas.all()),
            "districts": list(proposal.districts.all()),
            "partners": [proposal.organisation],
        },
    )
    proposal_decide(
        proposal=proposal,
        status=P.ACCEPTED,
        by=by,
        response=response or _("We take up your proposal as a collaboration."),
        collaboration=collaboration,
    )
    return collaboration
