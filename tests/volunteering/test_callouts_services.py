"""Call-outs' rules in the services: the need's coverage by pledges (people, hours, each
skill and language, premises and goods), the workflow tables' moves and who may make them,
pledges only to open call-outs of one's own municipality, and every audit code read as a
sentence. The helpers here are shared by the other call-out test modules."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from portal import audit_text
from portal.models import AuditEvent
from tests.factories import OrganisationFactory, UserFactory
from volunteering.models import CallOut, Pledge, Readiness, Volunteer
from volunteering.selectors.callouts import COVERED, MISSING, OFFERED, coverage
from volunteering.services import callouts as services
from volunteering.services.callouts import Giver
from volunteering.services.readiness import readiness_save

pytestmark = pytest.mark.django_db


# --- helpers shared by the call-out tests -------------------------------------------------------


def draft(vol, **fields) -> CallOut:
    """A draft call-out of Nacka by the coordinator: 4 people, 20 hours, first aid and
    Arabic needed."""
    data = {
        "title": "Evakuering Fisksätra",
        "description": "Vi behöver hjälp att ta emot evakuerade i Fisksätra skola.",
        "urgency": CallOut.Urgency.ACUTE,
        "place": "Fisksätra skola",
        "starts_at": timezone.now() + timedelta(hours=2),
        "ends_at": timezone.now() + timedelta(hours=10),
        "people_needed": 4,
        "hours_needed": 20,
        "languages": ["ar"],
        "premises_needed": "Ett varmt rum",
        "to_organisations": True,
        "to_volunteers": True,
        "practical_information": "Kom till entrén mot Fisksätra torg. Fråga efter Sam.",
        "responsible": vol.coordinator,
        "skills": [vol.first_aid],
        **fields,
    }
    return services.callout_create(municipality=vol.municipality, by=vol.coordinator, data=data)


def sent(vol, **fields) -> CallOut:
    callout = draft(vol, **fields)
    return services.callout_send(callout=callout, by=vol.coordinator)


def pledge_as_volunteer(callout, volunteer, **offer) -> Pledge:
    data = {"people": 1, "hours": 4, "skills": [], **offer}
    return services.pledge_make(
        callout=callout, giver=Giver(volunteer=volunteer), by=volunteer.user, data=data
    )


def pledge_for(callout, organisation, by, **offer) -> Pledge:
    data = {"people": 2, "hours": 8, "skills": [], **offer}
    return services.pledge_make(
        callout=callout, giver=Giver(organisation=organisation), by=by, data=data
    )


def three_pledges(vol, callout):
    """Vera (first aid, speaks Arabic) accepted; the Red Cross (2 people, 8 hours, premises)
    accepted; Fisksätra IF (3 people, goods) only offered."""
    vera = pledge_as_volunteer(callout, vol.volunteer, skills=[vol.first_aid])
    red_cross = pledge_for(callout, vol.organisation, vol.org_user, premises="Klubbstugan")
    club = pledge_for(callout, vol.organisation_2, vol.org_user_2, people=3, hours=6,
                      goods="Filtar")  # fmt: skip
    services.pledge_accept(pledge=vera, by=vol.coordinator)
    services.pledge_accept(pledge=red_cross, by=vol.coordinator)
    return vera, red_cross, club


# --- coverage -----------------------------------------------------------------------------------


def test_coverage_counts_offered_and_accepted_against_the_need(vol):
    callout = sent(vol, languages=["ar", "so"], skills=[vol.first_aid, vol.car])
    vera, red_cross, _club = three_pledges(vol, callout)
    found = coverage(callout)
    assert (found.people_needed, found.people_offered, found.people_accepted) == (4, 6, 3)
    assert (found.hours_needed, found.hours_offered, found.hours_accepted) == (20, 18, 12)
    assert (found.people_missing, found.hours_missing, found.pledges) == (1, 8, 3)
    assert [(n.name, n.state) for n in found.skills] == [
        ("Första hjälpen", COVERED),
        ("Körkort och bil", MISSING),
    ]
    # Vera speaks Arabic (accepted); nobody Somali
    assert [(n.name, n.state) for n in found.languages] == [
        ("Arabiska", COVERED),
        ("Somaliska", MISSING),
    ]
    assert [(o.giver, o.text) for o in found.premises] == [("Röda Korset Nacka", "Klubbstugan")]
    assert [(o.giver, o.text, o.status) for o in found.goods] == [
        ("Fisksätra IF", "Filtar", "Erbjudet")
    ]

    # withdrawn and declined pledges no longer count; an offered skill is "offered"
    services.pledge_withdraw(pledge=vera, by=vol.volunteer.user)
    services.pledge_decline(pledge=red_cross, by=vol.coordinator)
    pledge_as_volunteer(callout, vol.volunteer_2, skills=[vol.car])
    found = coverage(callout)
    assert (found.people_offered, found.people_accepted) == (4, 0)
    assert [(n.name, n.state) for n in found.skills] == [
        ("Första hjälpen", MISSING),
        ("Körkort och bil", OFFERED),
    ]
    assert found.premises == []


def test_an_organisations_readiness_languages_count_for_its_pledge(vol):
    callout = sent(vol, languages=["so"], skills=[])
    readiness_save(
        organisation=vol.organisation, by=vol.org_user,
        data={"receives_callouts": True, "languages": ["so"], "skills": []},
    )  # fmt: skip
    pledge = pledge_for(callout, vol.organisation, vol.org_user)
    assert [n.state for n in coverage(callout).languages] == [OFFERED]
    services.pledge_accept(pledge=pledge, by=vol.coordinator)
    assert [n.state for n in coverage(callout).languages] == [COVERED]


# --- the workflow ------------------------------------------------------------------------------


def test_call_outs_move_only_as_the_table_allows(vol):
    callout = draft(vol)
    with pytest.raises(ValidationError):  # a draft is not closed
        services.callout_close(callout=callout, by=vol.coordinator, account="Klart.")
    with pytest.raises(ValidationError):  # a draft is not "opened again"
        services.callout_transition(callout=callout, to_status="closed", by=vol.coordinator)
    callout = services.callout_send(callout=callout, by=vol.coordinator)
    assert callout.status == CallOut.Status.OPEN
    assert callout.sent_at is not None
    with pytest.raises(ValidationError) as refused:
        services.callout_close(callout=callout, by=vol.coordinator, account="  ")
    assert "account" in refused.value.message_dict
    callout = services.callout_close(callout=callout, by=vol.coordinator, account="Tolv kom.")
    assert (callout.status, callout.account) == ("closed", "Tolv kom.")
    callout = services.callout_reopen(callout=callout, by=vol.coordinator)
    assert (callout.status, callout.closed_at) == ("open", None)
    services.callout_cancel(callout=callout, by=vol.coordinator)
    with pytest.raises(ValidationError):  # cancelled is final
        services.callout_reopen(callout=callout, by=vol.coordinator)
    moves = AuditEvent.objects.filter(action="callout.status_changed", target_id=str(callout.pk))
    assert [(e.before["status"], e.after["status"]) for e in moves.order_by("pk")] == [
        ("draft", "open"), ("open", "closed"), ("closed", "open"), ("open", "cancelled"),
    ]  # fmt: skip


@pytest.mark.parametrize("who", ["culture_officer", "other_coordinator", "politician"])
def test_only_the_municipalitys_coordinator_writes_and_moves_call_outs(vol, who):
    person = getattr(vol, who)
    callout = draft(vol)
    with pytest.raises(PermissionDenied):
        services.callout_create(municipality=vol.municipality, by=person,
                                data={"title": "X", "description": "Y"})  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.callout_send(callout=callout, by=person)
    with pytest.raises(PermissionDenied):
        services.callout_update(callout=callout, by=person, data={"title": "Nytt"})
    callout.refresh_from_db()
    assert (callout.status, callout.title) == ("draft", "Evakuering Fisksätra")


def test_another_municipalitys_choices_are_refused(vol):
    from volunteering.models import Skill

    theirs = Skill.objects.create(municipality=vol.other, name="Båt", slug="bat")
    with pytest.raises(ValidationError) as refused:
        draft(vol, skills=[theirs])
    assert "skills" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        draft(vol, responsible=vol.other_coordinator)
    assert "responsible" in refused.value.message_dict


def test_pledges_only_to_open_call_outs_of_ones_own_municipality(vol):
    callout = draft(vol)
    with pytest.raises(ValidationError):  # still a draft
        pledge_as_volunteer(callout, vol.volunteer)
    callout = services.callout_send(callout=callout, by=vol.coordinator)
    ekero = OrganisationFactory(municipality=vol.other, approved=True, name="Ekerö IF")
    ekero.memberships.create(user=vol.org_user, role="responsible")
    with pytest.raises((PermissionDenied, ValidationError)):
        pledge_for(callout, ekero, vol.org_user)
    with pytest.raises(PermissionDenied):  # acting for another organisation
        pledge_for(callout, vol.organisation_2, vol.org_user)
    with pytest.raises(PermissionDenied):  # someone else's volunteer profile
        services.pledge_make(callout=callout, giver=Giver(volunteer=vol.volunteer),
                             by=vol.volunteer_2.user, data={"people": 1})  # fmt: skip
    stranger = Volunteer.objects.create(
        user=UserFactory(), municipality=vol.other, consent_version=Volunteer.CONSENT_VERSION
    )
    with pytest.raises((PermissionDenied, ValidationError)):
        pledge_as_volunteer(callout, stranger)
    with pytest.raises(ValidationError) as refused:  # nothing offered
        pledge_as_volunteer(callout, vol.volunteer, people=0, hours=0)
    assert "people" in refused.value.message_dict
    assert not Pledge.objects.exists()


def test_a_call_out_to_volunteers_only_refuses_organisations(vol):
    callout = sent(vol, to_organisations=False)
    with pytest.raises(ValidationError):
        pledge_for(callout, vol.organisation, vol.org_user)
    assert pledge_as_volunteer(callout, vol.volunteer).status == "pledged"


def test_a_pledge_changes_while_offered_and_is_offered_again_after_withdrawal(vol):
    callout = sent(vol)
    pledge = pledge_for(callout, vol.organisation, vol.org_user)
    changed = pledge_for(callout, vol.organisation, vol.org_user, people=5, hours=10)
    assert (changed.pk, changed.people, changed.hours) == (pledge.pk, 5, 10)
    services.pledge_withdraw(pledge=changed, by=vol.org_user)
    again = pledge_for(callout, vol.organisation, vol.org_user, people=1)
    assert (again.pk, again.status, again.people) == (pledge.pk, "pledged", 1)
    services.pledge_accept(pledge=again, by=vol.coordinator)
    with pytest.raises(ValidationError):  # answered: changed with the coordinator
        pledge_for(callout, vol.organisation, vol.org_user, people=9)
    with pytest.raises(ValidationError):  # the giver does not decide on their own pledge
        services.pledge_set_status(pledge=again, status="declined", by=vol.org_user)
    with pytest.raises(PermissionDenied):  # nor does another organisation
        services.pledge_set_status(pledge=again, status="withdrawn", by=vol.org_user_2)
    again.refresh_from_db()
    assert again.status == "accepted"


def test_hours_given_are_recorded_for_accepted_pledges_only(vol):
    callout = sent(vol)
    pledge = pledge_as_volunteer(callout, vol.volunteer)
    with pytest.raises(ValidationError):
        services.pledge_record(pledge=pledge, by=vol.coordinator, data={"hours_given": 3})
    services.pledge_accept(pledge=pledge, by=vol.coordinator)
    services.pledge_record(
        pledge=pledge, by=vol.coordinator, data={"hours_given": 3, "assignment": "Bär filtar"}
    )
    pledge.refresh_from_db()
    assert (pledge.hours_given, pledge.assignment) == (3, "Bär filtar")
    with pytest.raises(PermissionDenied):
        services.pledge_record(pledge=pledge, by=vol.volunteer.user, data={"hours_given": 30})


def test_readiness_is_kept_by_the_organisations_people_only(vol):
    with pytest.raises(PermissionDenied):
        readiness_save(organisation=vol.organisation, by=vol.org_user_2, data={})
    readiness_save(
        organisation=vol.organisation, by=vol.org_user,
        data={"receives_callouts": False, "people_available": 6, "languages": ["ar"],
              "skills": [vol.first_aid], "urgent_phone": "070-123 45 67"},
    )  # fmt: skip
    readiness = Readiness.objects.get(organisation=vol.organisation)
    assert (readiness.receives_callouts, readiness.people_available) == (False, 6)
    assert list(readiness.skills.all()) == [vol.first_aid]
    event = AuditEvent.objects.get(action="readiness.saved")
    assert event.after["people_available"] == 6


# --- the audit trail ---------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_call_out_event_reads_as_a_sentence(vol, language):
    callout = sent(vol)
    vera, _red_cross, club = three_pledges(vol, callout)
    pledge_for(callout, vol.organisation_2, vol.org_user_2, people=1)  # changed
    services.pledge_record(pledge=vera, by=vol.coordinator, data={"assignment": "Bär filtar"})
    services.callout_update(callout=callout, by=vol.coordinator,
                            data={"languages": ["ar", "so"], "skills": [vol.car]})  # fmt: skip
    services.callout_inform(callout=callout, by=vol.coordinator)
    services.pledge_decline(pledge=club, by=vol.coordinator)
    services.callout_close(callout=callout, by=vol.coordinator, account="Alla fick tak.")
    readiness_save(organisation=vol.organisation, by=vol.org_user,
                   data={"languages": ["so"], "skills": [vol.first_aid]})  # fmt: skip
    events = AuditEvent.objects.filter(
        action__regex=r"^(callout|pledge|readiness)\."
    ).select_related("actor")
    codes = set(events.values_list("action", flat=True))
    assert codes == {
        "callout.created", "callout.changed", "callout.status_changed", "callout.informed",
        "pledge.made", "pledge.changed", "pledge.status_changed", "pledge.recorded",
        "readiness.saved",
    }  # fmt: skip
    assert all(audit_text.is_registered(code) for code in codes)
    with translation.override(language):
        rows = audit_text.read(events)
    for row in rows:
        text = row.sentence + " ".join(f"{c.label} {c.before} {c.after}" for c in row.changes)
        for raw in ("callout.", "pledge.", "readiness.", "['", "{'", "None", "%("):
            assert raw not in text, text
        assert " ar" not in f" {text}".replace(",", " "), text  # a language by its name
    sentences = " ".join(r.sentence for r in rows)
    if language == "en":
        assert "sent the call-out Evakuering Fisksätra" in sentences
        assert "accepted the pledge of Röda Korset Nacka" in sentences
        assert "closed the call-out" in sentences
