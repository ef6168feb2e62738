"""Every pair of states of every table in collaborations.workflow, through the services:
a move the table allows succeeds (and is audited), any other is refused and leaves the row
as it was; each move only for whom the table names."""

import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from collaborations import services, workflow
from collaborations.models import (
    CoApplication,
    Collaboration,
    FollowUp,
    Indicator,
    IndicatorResult,
    Proposal,
)
from portal.models import AuditEvent
from tests.collaborations.helpers import iop, recorded

pytestmark = pytest.mark.django_db


def _pairs(statuses):
    return [(a, b) for a, b in itertools.product(statuses.values, repeat=2) if a != b]


def _walk(row, statuses, table, move, by, reset=lambda old: {}):
    """Try every pair on ``row`` (its status, and ``reset(status)``, set directly first)."""
    model = type(row)
    for old, new in _pairs(statuses):
        model.objects.filter(pk=row.pk).update(status=old, **reset(old))
        row.refresh_from_db()
        events = AuditEvent.objects.count()
        if workflow.allowed(old, new, workflow.STAFF | {workflow.ORGANISATION}, table):
            move(row, new, by)
            row.refresh_from_db()
            assert row.status == new, (old, new)
            assert AuditEvent.objects.count() == events + 1, (old, new)
        else:
            with pytest.raises(ValidationError):
                move(row, new, by)
            row.refresh_from_db()
            assert row.status == old, (old, new)
            assert AuditEvent.objects.count() == events, (old, new)


def test_every_pair_of_collaboration_states(collab):
    entry = recorded(collab)
    _walk(
        entry,
        Collaboration.Status,
        workflow.COLLABORATION_TRANSITIONS,
        lambda row, status, by: services.collaboration_set_status(
            collaboration=row, status=status, by=by
        ),
        collab.culture_officer,
    )


def test_every_pair_of_co_application_states(collab):
    c = collab
    entry = recorded(c, kind="co_application", title="Välkommen till Saltis")
    co_application = services.co_application_save(
        collaboration=entry,
        by=c.culture_officer,
        data={
            "applicant": c.organisation,
            "funder": "arvsfonden",
            "municipal_role": "co_applicant",
        },
    )

    def move(row, status, by):
        services.co_application_set_status(
            co_application=row, status=status, by=by, granted_ore=100_000_00
        )

    _walk(
        co_application,
        CoApplication.Status,
        workflow.CO_APPLICATION_TRANSITIONS,
        move,
        c.coordinator,
        reset=lambda old: {"granted_ore": 100_000_00 if old == "granted" else 0},
    )


def test_every_pair_of_follow_up_states(collab):
    c = collab
    agreement = iop(c).agreement
    indicator = Indicator.objects.create(
        agreement=agreement, goal="Mål", name="Antal", target=Decimal(5)
    )
    follow_up = services.follow_up_open(agreement=agreement, year=2025, by=c.social_officer)
    IndicatorResult.objects.create(follow_up=follow_up, indicator=indicator, value=Decimal(4))
    _walk(
        follow_up,
        FollowUp.Status,
        workflow.FOLLOW_UP_TRANSITIONS,
        lambda row, status, by: services.follow_up_set_status(follow_up=row, status=status, by=by),
        c.social_officer,
    )


def test_the_partner_only_submits_a_follow_up(collab):
    c = collab
    agreement = iop(c).agreement
    follow_up = services.follow_up_open(agreement=agreement, year=2025, by=c.social_officer)
    for old, new in _pairs(FollowUp.Status):
        FollowUp.objects.filter(pk=follow_up.pk).update(status=old)
        follow_up.refresh_from_db()
        if workflow.allowed(old, new, workflow.ORGANISATION, workflow.FOLLOW_UP_TRANSITIONS):
            services.follow_up_set_status(follow_up=follow_up, status=new, by=c.org_user)
        else:
            with pytest.raises(ValidationError):
                services.follow_up_set_status(follow_up=follow_up, status=new, by=c.org_user)
    with pytest.raises(PermissionDenied):  # not a party
        services.follow_up_set_status(follow_up=follow_up, status="draft", by=c.org_user_2)


def test_every_pair_of_proposal_states(collab):
    c = collab
    proposal = services.proposal_submit(
        organisation=c.organisation, by=c.org_user, kind="idea", title="Idé", description="Text"
    )
    target = recorded(c, by=c.coordinator)

    def move(row, status, by):
        services.proposal_decide(
            proposal=row, status=status, by=by, response="Svar", collaboration=target
        )

    _walk(proposal, Proposal.Status, workflow.PROPOSAL_TRANSITIONS, move, c.coordinator)


@pytest.mark.parametrize(
    "table", ["COLLABORATION_TRANSITIONS", "CO_APPLICATION_TRANSITIONS", "FOLLOW_UP_TRANSITIONS"]
)
def test_an_officer_of_another_committee_makes_no_move(collab, table):
    """Staff moves are the entry's: another committee's officer is refused every one."""
    c = collab
    entry = iop(c)  # the social administration's
    assert all(who & workflow.STAFF for who in getattr(workflow, table).values())
    with pytest.raises(PermissionDenied):
        services.collaboration_set_status(
            collaboration=entry, status="cancelled", by=c.culture_officer
        )
    follow_up = services.follow_up_open(agreement=entry.agreement, year=2025, by=c.social_officer)
    with pytest.raises(PermissionDenied):
        services.follow_up_set_status(follow_up=follow_up, status="submitted", by=c.culture_officer)


def test_proposal_moves_are_the_coordinators(collab):
    c = collab
    proposal = services.proposal_submit(
        organisation=c.organisation, by=c.org_user, kind="idea", title="Idé", description="Text"
    )
    for person in (c.culture_officer, c.politician, c.org_user):
        with pytest.raises(PermissionDenied):
            services.proposal_decide(proposal=proposal, status="considering", by=person)
