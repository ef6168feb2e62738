"""The register's services: who may record and change what, what must belong to the
municipality, the guards, the side effects (audit, emails)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from collaborations import services
from collaborations.models import (
    CoApplication,
    Collaboration,
    FollowUp,
    Indicator,
    Party,
    Proposal,
)
from portal.models import AuditEvent, Notification, Role
from portal.services import role_assign
from tests.collaborations.helpers import iop, recorded
from tests.factories import (
    CommitteeFactory,
    FocusAreaFactory,
    NetworkFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _audited(action, target):
    return AuditEvent.objects.filter(action=action, target_id=str(target.pk))


# --- recording ------------------------------------------------------------------------------


def test_an_officer_records_a_collaboration_of_an_administration_serving_their_committee(collab):
    c = collab
    entry = recorded(
        c,
        focus_areas=[c.focus_area],
        districts=[c.district],
        target_groups=[c.target_group],
        partners=[c.organisation, c.organisation_2],
        outside_partners=[("police", "Polisen Nacka"), ("region", "Region Stockholm")],
        responsible=c.culture_officer,
    )
    assert entry.status == Collaboration.Status.PLANNED
    assert entry.source == Collaboration.Source.RECORDED
    assert entry.created_by == c.culture_officer
    assert set(entry.partners.all()) == {c.organisation, c.organisation_2}
    assert sorted(entry.outside_partners.values_list("kind", "name")) == [
        ("police", "Polisen Nacka"),
        ("region", "Region Stockholm"),
    ]
    event = _audited("collaboration.created", entry).get()
    assert event.actor == c.culture_officer
    assert event.municipality == c.municipality
    assert event.after["administration"] == "Kultur- och fritidsförvaltningen"


def test_an_officer_of_another_committee_may_not_record_for_the_administration(collab):
    c = collab
    with pytest.raises(PermissionDenied):
        recorded(c, by=c.culture_officer, administration=c.social)
    assert not Collaboration.objects.exists()


@pytest.mark.parametrize("who", ["politician", "other_officer", "org_user"])
def test_people_without_the_right_to_record_here_are_refused(collab, who):
    with pytest.raises(PermissionDenied):
        recorded(collab, by=getattr(collab, who))


def test_the_coordinator_records_for_every_administration(collab):
    entry = recorded(collab, by=collab.coordinator, administration=collab.social)
    assert entry.administration == collab.social


def test_a_person_with_roles_in_two_municipalities_records_with_each_roles_reach(collab, world):
    c = collab
    person = UserFactory()
    social_committee = c.social.committees.get()
    role_assign(
        user=person, municipality=c.municipality, role=Role.OFFICER, committee=social_committee
    )
    role_assign(user=person, municipality=c.other, role=Role.COORDINATOR)
    ekero_committee = c.other.committees.get()
    from portal.models import Administration

    ekero = Administration.objects.create(municipality=c.other, name="KFF Ekerö", slug="kff")
    ekero.committees.add(ekero_committee)
    assert recorded(c, by=person, administration=c.social).administration == c.social
    with pytest.raises(PermissionDenied):  # an officer in Nacka for the social committee only
        recorded(c, by=person, administration=c.culture)
    entry = services.collaboration_create(
        municipality=c.other,
        by=person,
        data={
            "title": "Ekerö forum",
            "kind": "dialogue",
            "level": "political",
            "administration": ekero,
        },
    )
    assert entry.municipality == c.other
    # The Ekerö coordinator is not a coordinator in Nacka: no proposals there.
    proposal = services.proposal_submit(
        organisation=c.organisation, by=c.org_user, kind="idea", title="Idé", description="Text"
    )
    with pytest.raises(PermissionDenied):
        services.proposal_decide(proposal=proposal, status="considering", by=person)


@pytest.mark.parametrize(
    "field", ["administration", "focus_areas", "districts", "target_groups", "partners"]
)
def test_what_is_chosen_belongs_to_the_municipality(collab, field):
    c = collab
    from portal.models import Administration
    from tests.factories import DistrictFactory, TargetGroupFactory

    elsewhere = {
        "administration": Administration.objects.create(
            municipality=c.other, name="Ekerö KFF", slug="kff"
        ),
        "focus_areas": [FocusAreaFactory(municipality=c.other)],
        "districts": [DistrictFactory(municipality=c.other)],
        "target_groups": [TargetGroupFactory(municipality=c.other)],
        "partners": [OrganisationFactory(municipality=c.other, approved=True)],
    }[field]
    with pytest.raises(ValidationError) as raised:
        recorded(c, by=c.coordinator, **{field: elsewhere})
    assert field in raised.value.message_dict


def test_the_responsible_person_works_for_the_municipality(collab):
    with pytest.raises(ValidationError) as raised:
        recorded(collab, responsible=collab.org_user)
    assert "responsible" in raised.value.message_dict


def test_outside_partners_are_named_once(collab):
    with pytest.raises(ValidationError):
        recorded(collab, outside_partners=[("police", "Polisen"), ("other", "polisen ")])


def test_the_end_comes_after_the_start(collab):
    with pytest.raises(ValidationError):
        recorded(collab, starts_on=date(2026, 5, 1), ends_on=date(2026, 4, 1))


# --- changing -------------------------------------------------------------------------------


def test_an_update_changes_only_what_changed_and_audits_it(collab):
    c = collab
    entry = recorded(c, outside_partners=[("police", "Polisen")])
    services.collaboration_update(
        collaboration=entry,
        by=c.culture_officer,
        data={
            "title": "Läxhjälp",
            "kind": entry.kind,
            "partners": [c.organisation],
            "outside_partners": [("police", "Polisen"), ("company", "Nacka Energi")],
        },
    )
    entry.refresh_from_db()
    assert entry.title == "Läxhjälp"
    assert list(entry.partners.all()) == [c.organisation]
    assert entry.outside_partners.count() == 2
    event = _audited("collaboration.changed", entry).get()
    assert set(event.after) == {"title", "partners", "outside_partners"}
    assert event.before["title"] == "Läxhjälp i Fisksätra"
    # nothing changed: nothing audited
    services.collaboration_update(
        collaboration=entry, by=c.culture_officer, data={"title": "Läxhjälp"}
    )
    assert _audited("collaboration.changed", entry).count() == 1


def test_an_officer_of_another_committee_may_not_change_the_entry(collab):
    c = collab
    entry = recorded(c, by=c.social_officer, administration=c.social)
    with pytest.raises(PermissionDenied):
        services.collaboration_update(
            collaboration=entry, by=c.culture_officer, data={"title": "X"}
        )
    with pytest.raises(PermissionDenied):
        services.collaboration_set_status(
            collaboration=entry, status="active", by=c.culture_officer
        )


def test_moving_an_entry_to_another_administration_needs_the_right_there(collab):
    c = collab
    entry = recorded(c)
    with pytest.raises(PermissionDenied):
        services.collaboration_update(
            collaboration=entry, by=c.culture_officer, data={"administration": c.social}
        )
    services.collaboration_update(
        collaboration=entry, by=c.coordinator, data={"administration": c.social}
    )
    entry.refresh_from_db()
    assert entry.administration == c.social


def test_an_entry_without_administration_is_the_coordinators_and_its_responsible_persons(collab):
    c = collab
    entry = recorded(c, by=c.coordinator, administration=None)
    entry.administration = None
    Collaboration.objects.filter(pk=entry.pk).update(administration=None)
    with pytest.raises(PermissionDenied):
        services.collaboration_update(
            collaboration=entry, by=c.culture_officer, data={"title": "Y"}
        )
    Collaboration.objects.filter(pk=entry.pk).update(responsible=c.culture_officer)
    services.collaboration_update(collaboration=entry, by=c.culture_officer, data={"title": "Y"})


def test_a_networks_entry_keeps_the_networks_fields(collab):
    c = collab
    network = NetworkFactory(municipality=c.municipality, name="BRÅ Fisksätra")
    from networks.register import sync_register_entry

    entry = sync_register_entry(network)
    for name, value in [
        ("title", "Annat namn"),
        ("description", "Annat"),
        ("focus_areas", [c.focus_area]),
        ("partners", [c.organisation]),
    ]:
        with pytest.raises(ValidationError) as raised:
            services.collaboration_update(collaboration=entry, by=c.coordinator, data={name: value})
        assert name in raised.value.message_dict
    # the register's own fields change; the network's, given unchanged, pass
    services.collaboration_update(
        collaboration=entry,
        by=c.coordinator,
        data={"title": network.name, "level": "strategic", "administration": c.social},
    )
    entry.refresh_from_db()
    assert (entry.level, entry.administration) == ("strategic", c.social)


# --- status guard ---------------------------------------------------------------------------


def test_an_agreement_starts_only_assessed_and_with_two_parties(collab):
    c = collab
    bare = recorded(c, by=c.social_officer, administration=c.social, kind="iop")
    with pytest.raises(ValidationError, match="avtalsformen är bedömd"):
        services.collaboration_set_status(collaboration=bare, status="active", by=c.social_officer)
    unassessed = iop(c, assessed=False)
    with pytest.raises(ValidationError, match="avtalsformen är bedömd"):
        services.collaboration_set_status(
            collaboration=unassessed, status="active", by=c.social_officer
        )
    one_party = iop(c, parties=False)
    Party.objects.create(agreement=one_party.agreement, organisation=c.organisation)
    with pytest.raises(ValidationError, match="två parter"):
        services.collaboration_set_status(
            collaboration=one_party, status="active", by=c.social_officer
        )
    Party.objects.create(agreement=one_party.agreement, name="Region Stockholm")
    services.collaboration_set_status(collaboration=one_party, status="active", by=c.social_officer)
    one_party.refresh_from_db()
    assert one_party.status == "active"
    event = _audited("collaboration.status_changed", one_party).get()
    assert (event.before, event.after) == ({"status": "planned"}, {"status": "active"})


def test_another_kind_starts_without_an_agreement(collab):
    entry = recorded(collab)
    services.collaboration_set_status(
        collaboration=entry, status="active", by=collab.culture_officer
    )
    assert Collaboration.objects.get(pk=entry.pk).status == "active"


def test_a_changed_legal_form_needs_a_new_assessment(collab):
    c = collab
    entry = iop(c)
    assert entry.agreement.is_assessed
    services.agreement_save(collaboration=entry, by=c.social_officer, data={"legal_form": "grant"})
    entry.agreement.refresh_from_db()
    assert not entry.agreement.is_assessed
    events = _audited("agreement.saved", entry.agreement)
    assert events.count() == 2


def test_the_assessment_needs_a_text_and_a_past_date(collab):
    c = collab
    agreement = iop(c, assessed=False).agreement
    with pytest.raises(ValidationError) as raised:
        services.agreement_assess(
            agreement=agreement,
            by=c.social_officer,
            legal_form="iop",
            assessment=" ",
            assessed_on=TODAY + timedelta(days=1),
        )
    assert set(raised.value.message_dict) == {"lawfulness_assessment", "assessed_on"}
    with pytest.raises(PermissionDenied):
        services.agreement_assess(
            agreement=agreement,
            by=c.culture_officer,
            legal_form="iop",
            assessment="Ok",
            assessed_on=TODAY,
        )


def test_the_governance_forum_is_a_network_of_the_municipality(collab):
    c = collab
    entry = iop(c)
    other = recorded(c, by=c.coordinator)
    with pytest.raises(ValidationError):
        services.agreement_save(
            collaboration=entry, by=c.social_officer, data={"governance_forum": other}
        )
    from networks.register import sync_register_entry

    forum = sync_register_entry(NetworkFactory(municipality=c.municipality, name="Trygg och säker"))
    agreement = services.agreement_save(
        collaboration=entry, by=c.social_officer, data={"governance_forum": forum}
    )
    assert agreement.governance_forum == forum


def test_party_and_contribution_problems(collab):
    c = collab
    agreement = iop(c, parties=False).agreement
    assert services.party_problems(agreement=agreement, organisation=c.organisation) == {}
    assert None in services.party_problems(agreement=agreement)
    assert None in services.party_problems(
        agreement=agreement, organisation=c.organisation, name="Polisen"
    )
    elsewhere = OrganisationFactory(municipality=c.other)
    assert "organisation" in services.party_problems(agreement=agreement, organisation=elsewhere)
    assert services.contribution_problems(kind="money", amount_ore=100_00) == {}
    assert "amount_ore" in services.contribution_problems(kind="money")
    assert "amount_ore" in services.contribution_problems(kind="premises", amount_ore=5)
    assert "quantity" in services.contribution_problems(kind="staff_hours", quantity=Decimal(0))


# --- follow-up ------------------------------------------------------------------------------


def test_follow_up_is_due_at_the_end_of_the_month_the_year_after(collab):
    agreement = iop(collab).agreement
    assert services.follow_up_due_on(agreement, 2025) == date(2026, 3, 31)
    agreement.follow_up_month = 2
    assert services.follow_up_due_on(agreement, 2027) == date(2028, 2, 29)


def test_a_follow_up_with_results_submitted_by_the_partner_and_reviewed(collab):
    c = collab
    agreement = iop(c).agreement
    first = Indicator.objects.create(
        agreement=agreement, goal="Fler i skydd", name="Platser", target=Decimal("12")
    )
    second = Indicator.objects.create(
        agreement=agreement, goal="Stöd", name="Samtal", target=Decimal("300")
    )
    follow_up = services.follow_up_open(
        agreement=agreement, year=TODAY.year - 1, by=c.social_officer
    )
    with pytest.raises(ValidationError):
        services.follow_up_open(agreement=agreement, year=TODAY.year - 1, by=c.social_officer)
    with pytest.raises(ValidationError):
        services.follow_up_open(agreement=agreement, year=TODAY.year + 1, by=c.social_officer)
    with pytest.raises(PermissionDenied):  # not a party's person
        services.follow_up_save_results(
            follow_up=follow_up, by=c.org_user_2, results={}, summary=""
        )
    services.follow_up_save_results(
        follow_up=follow_up,
        by=c.org_user,
        results={first.pk: ("10", "Två färre")},
        summary="Bra år",
    )
    with pytest.raises(ValidationError, match="varje indikator"):
        services.follow_up_set_status(follow_up=follow_up, status="submitted", by=c.org_user)
    services.follow_up_save_results(
        follow_up=follow_up,
        by=c.org_user,
        results={second.pk: (Decimal("320"), "")},
        summary="Bra år",
    )
    services.follow_up_set_status(follow_up=follow_up, status="submitted", by=c.org_user)
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.submitted_by) == ("submitted", c.org_user)
    assert {r.indicator_id: r.value for r in follow_up.results.all()} == {
        first.pk: Decimal("10"),
        second.pk: Decimal("320"),
    }
    with pytest.raises(ValidationError):  # submitted: no more changes
        services.follow_up_save_results(follow_up=follow_up, by=c.org_user, results={}, summary="")
    with pytest.raises(ValidationError):  # the organisation does not review
        services.follow_up_set_status(follow_up=follow_up, status="reviewed", by=c.org_user)
    services.follow_up_set_status(follow_up=follow_up, status="reviewed", by=c.social_officer)
    follow_up.refresh_from_db()
    assert follow_up.reviewed_by == c.social_officer
    assert _audited("follow_up.status_changed", follow_up).count() == 2
    assert _audited("follow_up.results_saved", follow_up).count() == 2
    other = iop(c).agreement
    other_follow_up = services.follow_up_open(agreement=other, year=2024, by=c.social_officer)
    with pytest.raises(ValidationError):  # another agreement's indicator
        services.follow_up_save_results(
            follow_up=other_follow_up,
            by=c.social_officer,
            results={first.pk: ("1", "")},
            summary="",
        )


# --- co-applications ------------------------------------------------------------------------


def test_a_co_application_brings_in_money_only_when_granted(collab):
    c = collab
    entry = recorded(c, title="Välkommen till Saltis", kind="co_application")
    co_application = services.co_application_save(
        collaboration=entry,
        by=c.culture_officer,
        data={
            "applicant": c.organisation_2,
            "funder": "arvsfonden",
            "municipal_role": "co_applicant",
            "applied_ore": 1_500_000_00,
        },
    )
    assert co_application.status == CoApplication.Status.PREPARING
    services.co_application_set_status(
        co_application=co_application, status="submitted", by=c.culture_officer
    )
    with pytest.raises(ValidationError, match="beviljat belopp"):
        services.co_application_set_status(
            co_application=co_application, status="granted", by=c.culture_officer
        )
    services.co_application_set_status(
        co_application=co_application,
        status="granted",
        by=c.culture_officer,
        granted_ore=1_200_000_00,
        decided_on=TODAY,
    )
    co_application.refresh_from_db()
    assert (co_application.granted_ore, co_application.decided_on) == (1_200_000_00, TODAY)
    services.co_application_set_status(
        co_application=co_application, status="submitted", by=c.culture_officer
    )
    co_application.refresh_from_db()
    assert (co_application.granted_ore, co_application.decided_on) == (0, None)
    with pytest.raises(PermissionDenied):
        services.co_application_set_status(
            co_application=co_application, status="rejected", by=c.social_officer
        )
    assert _audited("co_application.status_changed", co_application).count() == 3
    assert _audited("co_application.saved", co_application).count() == 1


def test_a_co_application_belongs_to_a_co_application_entry_and_a_local_applicant(collab):
    c = collab
    with pytest.raises(ValidationError):
        services.co_application_save(
            collaboration=recorded(c),
            by=c.culture_officer,
            data={"applicant": c.organisation, "funder": "eu", "municipal_role": "co_financing"},
        )
    with pytest.raises(ValidationError) as raised:
        services.co_application_save(
            collaboration=recorded(c, kind="co_application"),
            by=c.culture_officer,
            data={
                "applicant": OrganisationFactory(municipality=c.other),
                "funder": "eu",
                "municipal_role": "co_financing",
            },
        )
    assert "applicant" in raised.value.message_dict


# --- proposals ------------------------------------------------------------------------------


def test_a_proposal_reaches_the_coordinators(collab):
    c = collab
    proposal = services.proposal_submit(
        organisation=c.organisation,
        by=c.org_user,
        kind="offer",
        title="Jourtelefon",
        description="Vi kan bemanna en jourtelefon.",
        focus_areas=[c.focus_area],
    )
    assert (proposal.municipality, proposal.status) == (c.municipality, "new")
    assert _audited("proposal.submitted", proposal).get().actor == c.org_user
    [row] = Notification.objects.filter(kind="collaborations.proposal_received")
    assert row.user == c.coordinator
    assert "Jourtelefon" in row.body
    assert "Kvinnojouren Nacka" in row.subject
    with pytest.raises(PermissionDenied):  # not their organisation
        services.proposal_submit(
            organisation=c.organisation, by=c.org_user_2, kind="idea", title="X", description="Y"
        )
    with pytest.raises(ValidationError):
        services.proposal_submit(
            organisation=c.organisation,
            by=c.org_user,
            kind="idea",
            title="X",
            description="Y",
            districts=[FocusAreaFactory(municipality=c.other)],
        )


def test_declining_needs_an_answer_that_reaches_the_organisation(collab):
    c = collab
    proposal = services.proposal_submit(
        organisation=c.organisation,
        by=c.org_user,
        kind="need",
        title="Lokal",
        description="Vi behöver en lokal.",
    )
    with pytest.raises(PermissionDenied):
        services.proposal_decide(
            proposal=proposal, status="declined", by=c.culture_officer, response="Nej"
        )
    with pytest.raises(ValidationError, match="varför förslaget avböjs"):
        services.proposal_decide(proposal=proposal, status="declined", by=c.coordinator)
    services.proposal_decide(
        proposal=proposal, status="declined", by=c.coordinator, response="Inga lokaler lediga i år."
    )
    proposal.refresh_from_db()
    assert proposal.status == "declined"
    assert proposal.decided_at
    [row] = Notification.objects.filter(kind="collaborations.proposal_answered")
    assert row.user == c.org_user
    assert "Inga lokaler lediga i år." in row.body
    assert _audited("proposal.decided", proposal).get().after["status"] == "declined"


def test_taking_up_a_proposal_makes_a_planned_collaboration(collab):
    c = collab
    proposal = services.proposal_submit(
        organisation=c.organisation_2,
        by=c.org_user_2,
        kind="idea",
        title="Nattfotboll",
        description="Fotboll fredagkvällar.",
        focus_areas=[c.focus_area],
        districts=[c.district],
    )
    with pytest.raises(PermissionDenied):
        services.proposal_take_up(
            proposal=proposal, by=c.culture_officer, level="operational", administration=c.culture
        )
    entry = services.proposal_take_up(
        proposal=proposal, by=c.coordinator, level="operational", administration=c.culture
    )
    assert (entry.title, entry.status, entry.administration) == (
        "Nattfotboll",
        "planned",
        c.culture,
    )
    assert list(entry.partners.all()) == [c.organisation_2]
    assert list(entry.focus_areas.all()) == [c.focus_area]
    assert list(entry.districts.all()) == [c.district]
    proposal.refresh_from_db()
    assert (proposal.status, proposal.collaboration) == (Proposal.Status.ACCEPTED, entry)
    assert Notification.objects.filter(kind="collaborations.proposal_answered").count() == 1
    with pytest.raises(ValidationError):  # taken up once
        services.proposal_take_up(
            proposal=proposal, by=c.coordinator, level="operational", administration=c.culture
        )


def test_a_follow_up_status_is_the_draft_first(collab):
    agreement = iop(collab).agreement
    follow_up = services.follow_up_open(agreement=agreement, year=2024, by=collab.coordinator)
    assert follow_up.status == FollowUp.Status.DRAFT
    assert _audited("follow_up.opened", follow_up).exists()


def test_an_officer_of_another_municipality_with_a_committee_elsewhere_is_refused(collab):
    c = collab
    entry = iop(c)
    committee = CommitteeFactory(municipality=c.other)
    stranger = UserFactory()
    role_assign(user=stranger, municipality=c.other, role=Role.OFFICER, committee=committee)
    with pytest.raises(PermissionDenied):
        services.agreement_save(collaboration=entry, by=stranger, data={"legal_form": "other"})
    with pytest.raises(PermissionDenied):
        services.follow_up_open(agreement=entry.agreement, year=2024, by=stranger)


# --- the audit trail reads as sentences -----------------------------------------------------


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_event_of_the_register_reads_as_a_sentence(collab, language):
    import re

    from django.utils import translation

    from portal import audit_text

    c = collab
    entry = iop(c)
    services.collaboration_update(
        collaboration=entry,
        by=c.social_officer,
        data={"outside_partners": [("police", "Polisen")], "focus_areas": [c.focus_area]},
    )
    services.collaboration_set_status(collaboration=entry, status="active", by=c.social_officer)
    services.agreement_save(collaboration=entry, by=c.social_officer, data={"signed_on": TODAY})
    follow_up = services.follow_up_open(agreement=entry.agreement, year=2025, by=c.social_officer)
    services.follow_up_save_results(follow_up=follow_up, by=c.org_user, results={}, summary="Ok")
    services.follow_up_set_status(follow_up=follow_up, status="submitted", by=c.org_user)
    application = recorded(c, kind="co_application", title="Saltis")
    co_application = services.co_application_save(
        collaboration=application,
        by=c.culture_officer,
        data={
            "applicant": c.organisation,
            "funder": "eu",
            "municipal_role": "co_financing",
            "applied_ore": 100_00,
        },
    )
    services.co_application_set_status(
        co_application=co_application, status="submitted", by=c.culture_officer
    )
    services.co_application_set_status(
        co_application=co_application, status="granted", by=c.culture_officer, granted_ore=50_00
    )
    proposal = services.proposal_submit(
        organisation=c.organisation, by=c.org_user, kind="idea", title="Idé", description="Text"
    )
    services.proposal_decide(
        proposal=proposal, status="declined", by=c.coordinator, response="Nej tack"
    )
    codes = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "collaboration.created",
        "collaboration.changed",
        "collaboration.status_changed",
        "agreement.saved",
        "agreement.assessed",
        "follow_up.opened",
        "follow_up.results_saved",
        "follow_up.status_changed",
        "co_application.saved",
        "co_application.status_changed",
        "proposal.submitted",
        "proposal.decided",
    } <= codes
    assert all(audit_text.is_registered(code) for code in codes)
    with translation.override(language):
        rows = audit_text.read(AuditEvent.objects.select_related("actor"))
    for row in rows:
        text = " ".join(
            [row.sentence, *(f"{ch.label} {ch.before} {ch.after}" for ch in row.changes)]
        )
        assert "%(" not in text, text
        assert not re.search(r"[\[{]'|\b[a-z]+_[a-z_]+\b|\b[a-z_]+\.[a-z_]+\b", text), text
