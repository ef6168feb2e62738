"""The register's part of a person's data rights and of retention: the export holds their
proposals, the collaborations they are responsible for and the follow-ups they submitted;
erasure keeps the rows but no row names them any more; declined proposals go after the
municipality's period."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from collaborations.models import Collaboration, FollowUp, Proposal
from portal import audit_text, retention
from portal.models import AuditEvent, Role, RoleAssignment
from portal.services import role_assign
from tests.collaborations.helpers import recorded
from tests.collaborations.pages_data import full_agreement
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _propose(client, c, title="Trygghetsvandringar"):
    client.force_login(c.org_user)
    response = client.post(
        reverse("collaborations:propose", args=[c.organisation.pk]),
        {"kind": "offer", "title": title,
         "description": "Vi erbjuder vuxna som vandrar i Fisksätra på fredagskvällar."},
    )  # fmt: skip
    assert response.status_code == 302
    return Proposal.objects.get(title=title)


def _my_data(client, user) -> dict:
    client.force_login(user)
    return json.loads(client.get(reverse("portal:my_data")).content)


def test_the_export_holds_proposals_follow_ups_and_responsibilities(client, collab):
    _propose(client, collab)
    collaboration, _document = full_agreement(collab)  # the org's person submits 2024's
    collaboration.responsible = collab.social_officer
    collaboration.save(update_fields=["responsible"])

    data = _my_data(client, collab.org_user)
    [proposal] = data["collaboration_proposals"]
    assert (proposal["title"], proposal["organisation"]) == (
        "Trygghetsvandringar", collab.organisation.name
    )  # fmt: skip
    [follow_up] = data["collaboration_follow_ups"]
    assert follow_up == {**follow_up, "agreement": "IOP Kvinnojouren", "year": 2024,
                         "submitted_by_you": True}  # fmt: skip
    assert data["collaborations"] == []

    data = _my_data(client, collab.social_officer)
    titles = {c["title"]: c for c in data["collaborations"]}
    assert titles["IOP Kvinnojouren"]["responsible"] is True
    assert data["collaboration_documents_uploaded"][0]["title"] == "Undertecknat avtal"
    assert data["collaboration_proposals"] == []


def test_erasure_keeps_the_proposal_and_follow_up_but_not_the_persons_link(client, collab):
    proposal = _propose(client, collab)
    full_agreement(collab)
    collab.organisation.memberships.create(user=UserFactory(), role="responsible")  # not alone
    person = collab.org_user
    client.force_login(person)
    response = client.post(reverse("portal:delete_account"), {"password": PASSWORD})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.submitted_by is None
    assert proposal.title == "Trygghetsvandringar"
    follow_up = FollowUp.objects.get()
    assert follow_up.submitted_by is None
    assert follow_up.status == "submitted"
    event = AuditEvent.objects.get(action="gdpr.erasure_requested", actor=person)
    assert event.after["collaboration_proposals"] == 1
    [row] = audit_text.read([event])
    labels = {str(change.label): str(change.after) for change in row.changes}
    assert labels["Samverkansförslag som inte längre namnger personen"] == "1"


def test_a_former_officers_erasure_leaves_the_collaboration_without_a_responsible(client, collab):
    officer = UserFactory()
    role_assign(user=officer, municipality=collab.municipality, role=Role.OFFICER,
                committee=collab.culture.committees.get())  # fmt: skip
    entry = recorded(collab, by=officer, title="Läxhjälp", responsible=officer)
    RoleAssignment.objects.filter(user=officer).delete()
    client.force_login(officer)
    response = client.post(reverse("portal:delete_account"), {"password": PASSWORD})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.responsible_id is None
    assert entry.created_by_id is None
    assert Collaboration.objects.filter(pk=entry.pk).exists()


def test_declined_proposals_are_removed_after_the_municipalitys_period(client, collab):
    old, recent, taken_up = (
        _propose(client, collab, title) for title in ("Gammal", "Ny", "Upptagen")
    )
    long_ago = timezone.now() - timedelta(days=365 * 3)
    Proposal.objects.filter(pk=old.pk).update(status="declined", decided_at=long_ago)
    Proposal.objects.filter(pk=recent.pk).update(status="declined", decided_at=timezone.now())
    Proposal.objects.filter(pk=taken_up.pk).update(status="accepted", decided_at=long_ago)
    steps = [s for s in retention.plan() if s.what == "declined_proposals"]
    assert [s.count for s in steps] == [1]
    retention.carry_out(steps)
    assert set(Proposal.objects.values_list("title", flat=True)) == {"Ny", "Upptagen"}
    event = AuditEvent.objects.get(action="retention.declined_proposals")
    assert event.after == {"count": 1}
    assert audit_text.sentence(event) == "Gallring: avböjda samverkansförslag borttagna"
