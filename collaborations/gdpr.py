"""The register's part of a person's data rights (``portal.gdpr``), registered from
``CollaborationsConfig.ready()``: the proposals they sent for an organisation, the
collaborations they are responsible for or recorded, the follow-ups they submitted or
reviewed and the documents they uploaded, in the export.

Erasure keeps the rows (the organisation's proposal and the municipality's register and
follow-ups are the organisation's and the municipality's records) and removes the person's
links to them, so no row names the erased account any more."""

from django.db.models import Q
from django.utils.translation import gettext_lazy

from collaborations.models import (
    Agreement,
    Collaboration,
    CollaborationDocument,
    FollowUp,
    Proposal,
)
from portal import audit_text
from portal.gdpr import erasure, export
from portal.gdpr.export import iso

# what the erasure step records, as the audit trail labels it
audit_text.register_erased(
    "collaboration_proposals", gettext_lazy("Collaboration proposals no longer naming the person")
)
audit_text.register_erased(
    "collaborations_responsible",
    gettext_lazy("Collaborations no longer with the person as responsible"),
)


@export.section
def collaborations(user) -> dict:
    return {
        "collaboration_proposals": [
            {
                "organisation": p.organisation.name,
                "kind": p.kind,
                "title": p.title,
                "description": p.description,
                "status": p.status,
                "answer": p.response,
                "submitted_at": iso(p.created_at),
                "answered_at": iso(p.decided_at),
            }
            for p in Proposal.objects.filter(submitted_by=user)
            .select_related("organisation")
            .order_by("pk")
        ],
        "collaborations": [
            {
                "title": c.title,
                "municipality": c.municipality.name,
                "kind": c.kind,
                "status": c.status,
                "responsible": c.responsible_id == user.pk,
                "recorded_by_you": c.created_by_id == user.pk,
                "created_at": iso(c.created_at),
            }
            for c in Collaboration.objects.filter(Q(responsible=user) | Q(created_by=user))
            .select_related("municipality")
            .order_by("pk")
        ],
        "collaboration_follow_ups": [
            {
                "agreement": f.agreement.collaboration.title,
                "year": f.year,
                "status": f.status,
                "submitted_by_you": f.submitted_by_id == user.pk,
                "reviewed_by_you": f.reviewed_by_id == user.pk,
                "submitted_at": iso(f.submitted_at),
                "reviewed_at": iso(f.reviewed_at),
            }
            for f in FollowUp.objects.filter(Q(submitted_by=user) | Q(reviewed_by=user))
            .select_related("agreement__collaboration")
            .order_by("pk")
        ],
        "collaboration_documents_uploaded": [
            {
                "collaboration": d.collaboration.title,
                "title": d.title,
                "file_name": d.original_name,
                "uploaded_at": iso(d.uploaded_at),
            }
            for d in CollaborationDocument.objects.filter(uploaded_by=user)
            .select_related("collaboration")
            .order_by("pk")
        ],
    }


@erasure.step
def unlink_collaborations(user) -> dict:
    """The proposals, register entries, follow-ups and documents stay; they no longer
    point at the person."""
    proposals = Proposal.objects.filter(submitted_by=user).update(submitted_by=None)
    responsible = Collaboration.objects.filter(responsible=user).update(responsible=None)
    Collaboration.objects.filter(created_by=user).update(created_by=None)
    FollowUp.objects.filter(submitted_by=user).update(submitted_by=None)
    FollowUp.objects.filter(reviewed_by=user).update(reviewed_by=None)
    Agreement.objects.filter(assessed_by=user).update(assessed_by=None)
    CollaborationDocument.objects.filter(uploaded_by=user).update(uploaded_by=None)
    return {"collaboration_proposals": proposals, "collaborations_responsible": responsible}
