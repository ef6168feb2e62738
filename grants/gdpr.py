"""The grants' part of a person's data rights (``portal.gdpr``), registered from
``GrantsConfig.ready()``: the applications they started or submitted, their messages,
attachments and follow-up reports, the host agreements they asked for or signed and the
suppliers' invoices they sent in, in the export. Erasure keeps them all (public records: a
signature on a host's promise and an invoice paid are part of the case); only the account
they point to is anonymised."""

from django.db.models import Q

from grants.models import (
    Application,
    ApplicationEvent,
    ApplicationMessage,
    Attachment,
    FollowUpReport,
    HostAgreement,
    SupplierInvoice,
)
from portal.gdpr import export
from portal.gdpr.export import iso


@export.section
def grants(user) -> dict:
    # the cases they submitted or started, found by each side's index (an OR across the
    # events' join read every application)
    submitted = ApplicationEvent.objects.filter(
        actor=user, to_status=Application.Status.SUBMITTED
    ).values_list("application_id", flat=True)
    started = Application.objects.filter(created_by=user).values_list("pk", flat=True)
    # .order_by() on the union: Django 6 gives a union the first part's model ordering,
    # which names no column of the result
    applications = (
        Application.objects.filter(pk__in=list(submitted.union(started).order_by()))
        .select_related("organisation", "call")
        .order_by("pk")
    )
    return {
        "applications": [
            {
                "id": a.pk,
                "diarienummer": a.diarienummer,
                "organisation": a.organisation.name,
                "call": a.call.title,
                "status": a.status,
                "started_by_you": a.created_by_id == user.pk,
                "created_at": iso(a.created_at),
                "submitted_at": iso(a.submitted_at),
                "updated_at": iso(a.updated_at),
            }
            for a in applications
        ],
        "application_messages": [
            {
                "application_id": m.application_id,
                "diarienummer": m.application.diarienummer,
                "message": m.body,
                "created_at": iso(m.created_at),
            }
            for m in ApplicationMessage.objects.filter(author=user)
            .select_related("application")
            .order_by("pk")
        ],
        "attachments_uploaded": [
            {
                "application_id": a.application_id,
                "file_name": a.original_name,
                "uploaded_at": iso(a.uploaded_at),
            }
            for a in Attachment.objects.filter(uploaded_by=user).order_by("pk")
        ],
        "follow_up_reports": [
            {
                "application_id": r.decision.application_id,
                "diarienummer": r.decision.application.diarienummer,
                "status": r.status,
                "due_on": iso(r.due_on),
                "submitted_at": iso(r.submitted_at),
            }
            for r in FollowUpReport.objects.filter(submitted_by=user)
            .select_related("decision__application")
            .order_by("pk")
        ],
        "host_agreements": [
            {
                "application_id": h.application_id,
                "diarienummer": h.application.diarienummer,
                "group": h.application.organisation.name,
                "host": h.host.name,
                "status": h.status,
                "asked_by_you": h.requested_by_id == user.pk,
                "signed_by_you": h.signed_by_id == user.pk,
                "signatory_name": h.signatory_name if h.signed_by_id == user.pk else "",
                "answered_at": iso(h.answered_at),
            }
            for h in HostAgreement.objects.filter(Q(requested_by=user) | Q(signed_by=user))
            .select_related("application__organisation", "host")
            .order_by("pk")
        ],
        "supplier_invoices_sent": [
            {
                "application_id": i.decision.application_id,
                "supplier": i.supplier_name,
                "invoice_number": i.invoice_number,
                "amount": str(i.amount),
                "status": i.status,
                "submitted_at": iso(i.submitted_at),
            }
            for i in SupplierInvoice.objects.filter(submitted_by=user)
            .select_related("decision")
            .order_by("pk")
        ],
    }
