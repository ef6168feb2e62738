"""Writes of host organisations (värdorganisationer): an informal group, which is not a legal
person and cannot hold a bankgiro, names a registered association of its municipality to
receive its grant, account for it and pass it on; a person who may sign for the host accepts
(with their name typed as a signature and a promise ticked) or declines.

Who signs for the host: a person whose role in the host organisation carries
``organisations.rights.PAYOUT`` (responsible, grant manager). That is the right that already
answers "may this person commit the organisation's money" (register its account, read the
number in full); accepting a group's grant is the same commitment from the other side: the
money enters the host's account and the host must account for it. Ordinary members, who only
read, cannot bind the organisation. The board's roles (ordförande, firmatecknare) are records
of the registry, not people with logins, so they cannot be asked; the typed name and role
stand in for the signature on paper.

Every move goes through ``grants.workflow.HOST_AGREEMENT_TRANSITIONS`` and is audited; the
host's signers hear of a request, the group of the answer (both by the outbox).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants import workflow
from grants.models import Application, Decision, HostAgreement
from grants.permissions import require_applicant
from grants.selectors.hosts import host_candidates, may_sign_for
from organisations.models import Organisation
from organisations.permissions import PAYOUT, roles_with
from organisations.selectors import organisation_people
from portal.links import absolute_reverse
from portal.notifications import notify
from portal.services import audit_record

H = HostAgreement.Status
# What the host promises by accepting (ticked on the answer page; the tick is audited).
HOST_PROMISE = gettext_lazy(
    "We receive the grant in our account, account for it to the municipality and pass it on "
    "to the group's activity as decided."
)


def _municipality(application):
    return application.call.programme.committee.municipality


def _locked_application(application):
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("organisation", "call__programme__committee__municipality")
        .get(pk=application.pk)
    )


def _check_open(application):
    if application.status == Application.Status.WITHDRAWN:
        raise ValidationError(_("The application has been withdrawn."))
    if (
        application.status == Application.Status.DECIDED
        or Decision.objects.filter(application=application).exists()
    ):
        raise ValidationError(_("The application has already been decided."))


def _audit(agreement, by, *, action, before, after):
    application = agreement.application
    audit_record(
        actor=by,
        action=action,
        target=application,
        municipality=_municipality(application),
        before=before,
        after={"host": agreement.host.name, **after},
    )


@transaction.atomic
def host_request(*, application, host, by, message: str = "") -> HostAgreement:
    """The group asks ``host`` to receive its grant. One agreement per application: after a
    decline or a withdrawal the same row is asked again (a new request, through the table)."""
    application = _locked_application(application)
    require_applicant(by, application.organisation_id)
    if not application.organisation.is_informal:
        raise ValidationError(_("Only an informal group needs a host organisation."))
    _check_open(application)
    if host is None or not host_candidates(application).filter(pk=host.pk).exists():
        raise ValidationError({"host": _(
            "Choose a registered association in the municipality (not an informal group)."
        )})  # fmt: skip
    host = Organisation.objects.get(pk=host.pk)
    agreement = HostAgreement.objects.select_for_update().filter(application=application).first()
    before = {}
    if agreement is None:
        agreement = HostAgreement(application=application, host=host)
    else:
        if not workflow.allowed(
            agreement.status, H.REQUESTED, workflow.APPLICANT, workflow.HOST_AGREEMENT_TRANSITIONS
        ):
            if agreement.status == H.ACCEPTED:
                raise ValidationError(_("%(host)s has already accepted to host the grant.")
                                      % {"host": agreement.host.name})  # fmt: skip
            raise ValidationError(_("The request to %(host)s is still waiting for an answer.")
                                  % {"host": agreement.host.name})  # fmt: skip
        before = {"status": agreement.status, "host": agreement.host.name}
        agreement.host = host
    agreement.application = application
    agreement.status = H.REQUESTED
    agreement.message = (message or "").strip()
    agreement.requested_by = by
    agreement.requested_at = timezone.now()
    agreement.signed_by = None
    agreement.signatory_name = ""
    agreement.signatory_role = ""
    agreement.answered_at = None
    agreement.answer_note = ""
    agreement.save()
    _audit(agreement, by, action="host_agreement.requested", before=before,
           after={"status": H.REQUESTED, "message": agreement.message})  # fmt: skip
    _notify_host(agreement)
    return agreement


@transaction.atomic
def host_withdraw(*, agreement, by) -> HostAgreement:
    """The group withdraws a request the host has not answered yet."""
    agreement = _locked_agreement(agreement)
    application = agreement.application
    require_applicant(by, application.organisation_id)
    if not workflow.allowed(
        agreement.status, H.WITHDRAWN, workflow.APPLICANT, workflow.HOST_AGREEMENT_TRANSITIONS
    ):
        raise ValidationError(_("Only a request still waiting for an answer can be withdrawn."))
    before = {"status": agreement.status}
    agreement.status = H.WITHDRAWN
    agreement.save(update_fields=["status"])
    _audit(agreement, by, action="host_agreement.withdrawn", before=before,
           after={"status": H.WITHDRAWN})  # fmt: skip
    return agreement


def _locked_agreement(agreement):
    return (
        HostAgreement.objects.select_for_update(of=("self",))
        .select_related(
            "host",
            "application__organisation",
            "application__call__programme__committee__municipality",
        )
        .get(pk=agreement.pk)
    )


def _same_name(typed: str, full_name: str) -> bool:
    return " ".join(typed.split()).casefold() == " ".join(full_name.split()).casefold()


@transaction.atomic
def host_answer(
    *,
    agreement,
    accept: bool,
    by,
    signatory_name: str = "",
    signatory_role: str = "",
    note: str = "",
    promise: bool = False,
) -> HostAgreement:
    """A person who may sign for the host (``may_sign_for``) accepts or declines.

    Accepting is signing: the signer types their full name (their account's name, where
    it has one) and ticks the promise (``HOST_PROMISE``) to receive the money, account for
    it and pass it to the group; both are kept (the name on the agreement, the tick with
    the answer in the audit trail)."""
    agreement = _locked_agreement(agreement)
    if not may_sign_for(by, agreement.host_id):
        raise PermissionDenied
    application = agreement.application
    target = H.ACCEPTED if accept else H.DECLINED
    if not workflow.allowed(
        agreement.status, target, workflow.HOST, workflow.HOST_AGREEMENT_TRANSITIONS
    ):
        raise ValidationError(_("The request has already been answered or withdrawn."))
    _check_open(application)
    signatory_name = " ".join((signatory_name or "").split())
    signatory_role = (signatory_role or "").strip()
    if accept:
        errors = {}
        if len(signatory_name.split()) < 2:
            errors["signatory_name"] = _("Type your full name (first and last name) to sign.")
        elif by.full_name and not _same_name(signatory_name, by.full_name):
            errors["signatory_name"] = _(
                "Type your own full name as it is in your account (%(name)s)."
            ) % {"name": by.full_name}
        if not promise:
            errors["promise"] = _(
                "Tick that the organisation receives the money, accounts for it and passes "
                "it on to the group."
            )
        if errors:
            raise ValidationError(errors)
    before = {"status": agreement.status}
    agreement.status = target
    agreement.signed_by = by
    agreement.signatory_name = signatory_name if accept else ""
    agreement.signatory_role = signatory_role if accept else ""
    agreement.answered_at = timezone.now()
    agreement.answer_note = (note or "").strip()
    agreement.save(update_fields=[
        "status", "signed_by", "signatory_name", "signatory_role", "answered_at", "answer_note",
    ])  # fmt: skip
    after = {"status": target, "note": agreement.answer_note}
    if accept:
        after |= {"signatory": signatory_name, "role": signatory_role, "promised": True}
    _audit(agreement, by, action="host_agreement.answered", before=before, after=after)
    _notify_group(agreement)
    return agreement


# --- emails (queued in the outbox within the transaction) ------------------------------------


def _notify_host(agreement):
    application = agreement.application
    notify(
        kind="grants.host_request",
        key=f"host:{agreement.pk}:{agreement.requested_at.timestamp():.0f}",
        template="grants/email/host_request",
        context={
            "agreement": agreement,
            "application": application,
            "group": application.organisation,
            "host": agreement.host,
            "url": absolute_reverse("grants:host_request", args=[agreement.pk]),
        },
        recipients=organisation_people(agreement.host, roles=roles_with(PAYOUT)),
        municipality=_municipality(application),
    )


def _notify_group(agreement):
    application = agreement.application
    notify(
        kind="grants.host_answer",
        key=f"host:{agreement.pk}:{agreement.status}:{agreement.answered_at.timestamp():.0f}",
        template="grants/email/host_answer",
        context={
            "agreement": agreement,
            "accepted": agreement.status == H.ACCEPTED,
            "application": application,
            "group": application.organisation,
            "host": agreement.host,
            "url": absolute_reverse("grants:host", args=[application.pk]),
        },
        recipients=organisation_people(application.organisation),
        municipality=_municipality(application),
    )
