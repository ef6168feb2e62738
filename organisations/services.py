"""Writes of the organisation registry: registration, review, eligibility, board, members,
documents, people and payout details. Every change is audited on the organisation."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations import bank_accounts, emails, rights, workflow
from organisations.models import (
    ActivityArea,
    BoardMember,
    Document,
    EligibilityPeriod,
    Invitation,
    MemberCount,
    Membership,
    MemberStatistics,
    Organisation,
    PayoutAccount,
)
from organisations.permissions import may_for_organisation
from organisations.selectors import registry_policy, user_is_officer_for
from organisations.uploads import store_checked_upload
from organisations.validators import normalise_payout_number
from portal.services import audit_record

M2M_FIELDS = ("activity_areas", "focus_areas", "target_groups")


DEFAULT_ACTIVITY_AREAS = [
    ("Idrott", "idrott"),
    ("Kultur", "kultur"),
    ("Friluftsliv", "friluftsliv"),
    ("Scouting", "scouting"),
    ("Studier och bildning", "studier-och-bildning"),
    ("Social verksamhet", "social-verksamhet"),
    ("Pensionärsverksamhet", "pensionarsverksamhet"),
    ("Funktionsrätt", "funktionsratt"),
    ("Integration", "integration"),
    ("Miljö och klimat", "miljo-och-klimat"),
    ("Trygghet och nattvandring", "trygghet-och-nattvandring"),
    ("Religiös verksamhet", "religios-verksamhet"),
    ("Fritidsgård och mötesplats", "fritidsgard-och-motesplats"),
]


def activity_areas_ensure() -> None:
    """Create the common activity areas that are missing (the 0002 migration adds them too)."""
    for name, slug in DEFAULT_ACTIVITY_AREAS:
        ActivityArea.objects.get_or_create(slug=slug, defaults={"name": name})


def organisation_audit(organisation, *, actor, action, before=None, after=None):
    """An audit row about ``organisation``, in its municipality's trail."""
    audit_record(
        actor=actor,
        action=action,
        target=organisation,
        municipality=organisation.municipality,
        before=before,
        after=after,
    )


@transaction.atomic
def organisation_register(*, user, municipality, data: dict) -> Organisation:
    """Register an organisation (awaiting approval); the registering user becomes responsible."""
    fields = {k: v for k, v in data.items() if k not in M2M_FIELDS}
    organisation = Organisation(municipality=municipality, created_by=user, **fields)
    organisation.full_clean()
    organisation.save()
    for name in M2M_FIELDS:
        if name in data:
            getattr(organisation, name).set(data[name])
    Membership.objects.create(
        user=user, organisation=organisation, role=Membership.Role.RESPONSIBLE
    )
    organisation_audit(
        organisation,
        actor=user,
        action="organisation.registered",
        after={"name": organisation.name, "kind": organisation.kind},
    )
    return organisation


@transaction.atomic
def organisation_add(*, organisation: Organisation, by) -> Organisation:
    """An organisation entered in the admin on its behalf (associations register themselves
    online; one that is not online sends a paper form or calls): by an officer or municipal
    administrator of its municipality, or the portal administrator. It needs no login of
    its own, nor an email (then a full postal address: the model's constraint); it is
    marked "registered by the municipality" (who and when: ``created_by``, ``created_at``)
    and approved at once by the officer who entered it (audited as two events: entered,
    then approved), since the officer has the papers in front of them."""
    if not (by.is_superuser or user_is_officer_for(by, organisation)):
        raise PermissionDenied
    organisation.created_by = by
    organisation.registered_by_municipality = True
    organisation.full_clean()
    organisation.save()
    organisation_audit(
        organisation,
        actor=by,
        action="organisation.registered",
        after={"name": organisation.name, "kind": organisation.kind, "entered_in_admin": True},
    )
    organisation_transition(
        organisation=organisation, to_status=Organisation.Status.APPROVED, by=by
    )
    organisation.refresh_from_db()
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, by, data: dict) -> Organisation:
    """Change the registry data; the fields that changed are audited before/after."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before, after = {}, {}
    for name, value in data.items():
        if name in M2M_FIELDS:
            continue
        old = getattr(organisation, name)
        if old != value:
            before[name], after[name] = str(old), str(value)
            setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save(update_fields=[*after.keys(), "updated_at"])
    for name in M2M_FIELDS:
        if name in data:
            old = {str(o) for o in getattr(organisation, name).all()}
            getattr(organisation, name).set(data[name])
            new = {str(o) for o in data[name]}
            if old != new:
                before[name], after[name] = sorted(old), sorted(new)
    if after:
        organisation_audit(
            organisation, actor=by, action="organisation.updated", before=before, after=after
        )
    return organisation


@transaction.atomic
def organisation_transition(
    *, organisation: Organisation, to_status: str, by, message: str = ""
) -> Organisation:
    """Move the registration along the workflow, checking the move and the actor's role."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if user_is_officer_for(by, organisation):
        actor_kind = workflow.OFFICER
    elif may_for_organisation(by, organisation, rights.EDIT):
        actor_kind = workflow.MEMBER
    else:
        raise PermissionDenied
    if not workflow.allowed(organisation.status, to_status, actor_kind):
        raise ValidationError(
            _("The registration cannot go from %(from)s to %(to)s.")
            % {
                "from": organisation.get_status_display(),
                "to": Organisation.Status(to_status).label,
            }
        )
    if to_status == Organisation.Status.CHANGES_REQUESTED and not message.strip():
        raise ValidationError(_("Say what the organisation needs to change."))
    before = {"status": organisation.status}
    organisation.status = to_status
    organisation.status_message = (
        message if to_status == Organisation.Status.CHANGES_REQUESTED else ""
    )
    organisation.save(update_fields=["status", "status_message", "updated_at"])
    organisation_audit(
        organisation,
        actor=by,
        action="organisation.status_changed",
        before=before,
        after={"status": to_status, "message": message},
    )
    emails.status_changed(organisation)  # queued; sent after commit
    return organisation


@transaction.atomic
def eligibility_grant(*, organisation: Organisation, by, valid_from: date | None = None):
    """Make the organisation bidragsberättigad for the municipality's period (usually a year)."""
    if not user_is_officer_for(by, organisation):
        raise PermissionDenied
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.status != Organisation.Status.APPROVED:
        raise ValidationError(_("Only a registered (approved) organisation can be made eligible."))
    valid_from = valid_from or timezone.localdate()
    months = registry_policy(organisation.municipality).eligibility_months
    valid_until = valid_from + relativedelta(months=months) - relativedelta(days=1)
    period = EligibilityPeriod.objects.create(
        organisation=organisation, valid_from=valid_from, valid_until=valid_until, granted_by=by
    )
    organisation_audit(
        organisation,
        actor=by,
        action="eligibility.granted",
        after={"valid_from": str(valid_from), "valid_until": str(valid_until)},
    )
    return period


@transaction.atomic
def eligibility_revoke(*, period: EligibilityPeriod, by, reason: str) -> EligibilityPeriod:
    if not user_is_officer_for(by, period.organisation):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Give a reason for revoking the eligibility."))
    period = EligibilityPeriod.objects.select_for_update().get(pk=period.pk)
    if period.revoked_at is None:
        period.revoked_at, period.revoked_by, period.revoke_reason = timezone.now(), by, reason
        period.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        organisation_audit(
            period.organisation,
            actor=by,
            action="eligibility.revoked",
            before={"valid_until": str(period.valid_until)},
            after={"reason": reason},
        )
    return period


def board_problems(members: list[dict], minimum_size: int) -> list[str]:
    """The board rules: size, chair and treasurer different people, auditor not on the board."""
    problems = []
    on_board = [m for m in members if m["role"] != BoardMember.Role.AUDITOR]
    names = {m["full_name"].strip().casefold() for m in on_board}
    if len(names) < minimum_size:
        problems.append(
            _("The board must have at least %(count)s different people.") % {"count": minimum_size}
        )
    by_role = {}
    for member in members:
        by_role.setdefault(member["role"], []).append(member["full_name"].strip().casefold())
    for role in BoardMember.SINGLE_ROLES:
        if len(by_role.get(role, [])) > 1:
            problems.append(_("Only one person can be %(role)s.") % {"role": role.label.lower()})
    if not by_role.get(BoardMember.Role.CHAIR):
        problems.append(_("The board needs a chair (ordförande)."))
    if not by_role.get(BoardMember.Role.TREASURER):
        problems.append(_("The board needs a treasurer (kassör)."))
    if set(by_role.get(BoardMember.Role.CHAIR, [])) & set(
        by_role.get(BoardMember.Role.TREASURER, [])
    ):
        problems.append(_("The chair and the treasurer must be different people."))
    if set(by_role.get(BoardMember.Role.AUDITOR, [])) & names:
        problems.append(_("The auditor (revisor) cannot be on the board."))
    if not any(m.get("is_signatory") for m in on_board):
        problems.append(_("Mark at least one board member as signatory (firmatecknare)."))
    return problems


@transaction.atomic
def board_save(*, organisation: Organisation, year: int, members: list[dict], by) -> None:
    """Replace the board of ``year`` after checking the board rules."""
    minimum = registry_policy(organisation.municipality).minimum_board_size
    problems = board_problems(members, minimum)
    if problems:
        raise ValidationError(problems)
    existing = BoardMember.objects.select_for_update().filter(organisation=organisation, year=year)
    before = [f"{m.full_name} ({m.role})" for m in existing]
    existing.delete()
    BoardMember.objects.bulk_create(
        BoardMember(organisation=organisation, year=year, **member) for member in members
    )
    after = [f"{m['full_name']} ({m['role']})" for m in members]
    organisation_audit(
        organisation,
        actor=by,
        action="board.saved",
        before={"year": year, "board": before},
        after={"year": year, "board": after},
    )


@transaction.atomic
def member_statistics_save(
    *, organisation: Organisation, year: int, residents_percent: int, counts: dict, by
) -> MemberStatistics:
    """Store member counts of a year; ``counts`` maps (age_band, gender) to a number."""
    statistics, _created = MemberStatistics.objects.update_or_create(
        organisation=organisation, year=year, defaults={"residents_percent": residents_percent}
    )
    statistics.counts.all().delete()
    MemberCount.objects.bulk_create(
        MemberCount(statistics=statistics, age_band=band, gender=gender, count=count)
        for (band, gender), count in counts.items()
    )
    organisation_audit(
        organisation,
        actor=by,
        action="members.saved",
        after={"year": year, "total": sum(counts.values()), "residents_percent": residents_percent},
    )
    return statistics


@transaction.atomic
def document_upload(*, organisation: Organisation, year: int, kind: str, uploaded, by) -> Document:
    """Store a yearly document after checking its content type and size."""
    document = store_checked_upload(
        Document(organisation=organisation, year=year, kind=kind, uploaded_by=by), uploaded
    )
    organisation_audit(
        organisation,
        actor=by,
        action="document.uploaded",
        after={"kind": kind, "year": year, "file": document.original_name},
    )
    return document


@transaction.atomic
def document_delete(*, document: Document, by) -> None:
    """Remove a document, unless an application already uses it (then it must stay)."""
    organisation = document.organisation
    try:
        with transaction.atomic():
            document.delete()
    except ProtectedError:
        raise ValidationError(
            _("The document is attached to an application and cannot be removed.")
        ) from None
    organisation_audit(
        organisation,
        actor=by,
        action="document.deleted",
        before={"kind": document.kind, "year": document.year, "file": document.original_name},
    )
    stored = document.file
    transaction.on_commit(lambda: stored.storage.delete(stored.name))


@transaction.atomic
def invitation_create(*, organisation: Organisation, email: str, role: str, by) -> Invitation:
    # a representative comes with their authorisation: organisations.representatives
    if role == Membership.Role.REPRESENTATIVE:
        raise ValidationError({"role": _("Invite a representative with their authorisation.")})
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member of the organisation.")})
    Invitation.objects.filter(
        organisation=organisation, email=email, accepted_at__isnull=True
    ).delete()  # a new invitation replaces an open one
    invitation = Invitation.objects.create(
        organisation=organisation, email=email, role=role, invited_by=by
    )
    organisation_audit(
        organisation, actor=by, action="member.invited", after={"email": email, "role": role}
    )
    emails.invitation(invitation)  # queued; sent after commit
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Membership:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError(_("The invitation has expired or has already been used."))
    if invitation.email.casefold() != user.email.casefold():
        raise ValidationError(
            _("The invitation was sent to %(email)s. Log in with that address to accept it.")
            % {"email": invitation.email}
        )
    if invitation.valid_until is not None and invitation.valid_until < timezone.localdate():
        raise ValidationError(_("The authorisation in the invitation has already ended."))
    membership, _created = Membership.objects.get_or_create(
        user=user,
        organisation=invitation.organisation,
        defaults={
            "role": invitation.role,
            "valid_until": invitation.valid_until,
            "authorisation": invitation.authorisation,
        },
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    organisation_audit(
        invitation.organisation,
        actor=user,
        action="member.joined",
        after={"email": user.email, "role": membership.role},
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by) -> None:
    organisation = membership.organisation
    responsible = organisation.memberships.filter(role=Membership.Role.RESPONSIBLE)
    if membership.role == Membership.Role.RESPONSIBLE and responsible.count() == 1:
        raise ValidationError(_("The organisation must keep at least one responsible person."))
    organisation_audit(
        organisation,
        actor=by,
        action="member.removed",
        before={"email": membership.user.email, "role": membership.role},
    )
    membership.delete()


PAYOUT_AUDIT_FIELDS = (
    "method", "number", "bic", "clearing_account", "holder_kind", "account_holder",
)  # fmt: skip


def payout_account_details(
    *,
    organisation: Organisation,
    method: str,
    account_holder: str,
    number: str = "",
    clearing_number: str = "",
    bank_account_number: str = "",
    holder_kind: str = PayoutAccount.Holder.ORGANISATION,
) -> dict:
    """Check payout details and return them as they are stored.

    A bankgiro or plusgiro is normalised by its check digit. A bank account is given as
    an IBAN (``number``) or as clearing + account number, which becomes the IBAN
    (``organisations.bank_accounts``); both are Swedish accounts, checked with schwifty,
    and the BIC comes with them. Only an informal group's account may be in a
    responsible adult's name, and only a bank account (a private person has no bankgiro);
    the adult is named in full. Raises ``ValidationError`` keyed by the field at fault."""
    holder = " ".join((account_holder or "").split())
    details = {"method": method, "bic": "", "clearing_account": "", "holder_kind": holder_kind,
               "account_holder": holder}  # fmt: skip
    if method not in PayoutAccount.Method.values:
        raise ValidationError({"method": _("Choose how the grant is paid.")})
    if holder_kind not in PayoutAccount.Holder.values:
        raise ValidationError({"holder_kind": _("Choose whose account it is.")})
    if method == PayoutAccount.Method.BANK_ACCOUNT:
        details.update(_bank_account(number, clearing_number, bank_account_number))
    else:
        if not (number or "").strip():
            raise ValidationError({"number": _("Enter the bankgiro or plusgiro number.")})
        try:
            details["number"] = normalise_payout_number(method, number)
        except ValidationError as error:
            raise ValidationError({"number": error.messages}) from None
    adult = holder_kind == PayoutAccount.Holder.RESPONSIBLE_ADULT
    if adult and not organisation.is_informal:
        raise ValidationError({"holder_kind": _(
            "An association's account must be in its own name; only an informal group "
            "can be paid to a responsible adult's account."
        )})  # fmt: skip
    if adult and method != PayoutAccount.Method.BANK_ACCOUNT:
        raise ValidationError({"method": _(
            "A responsible adult's account is a bank account: a private person has no "
            "bankgiro or plusgiro."
        )})  # fmt: skip
    if not holder:
        raise ValidationError({"account_holder": _("Enter the account holder's name.")})
    if adult and len(holder.split()) < 2:
        raise ValidationError({"account_holder": _(
            "Write the responsible adult's full name (first and last name), as the bank "
            "knows it."
        )})  # fmt: skip
    return details


def _bank_account(iban: str, clearing: str, account: str) -> dict:
    """A bank account from its IBAN or its clearing + account number (one of them; when
    both are given they must be the same account)."""
    given_clearing = bool((clearing or "").strip() or (account or "").strip())
    if not (iban or "").strip() and not given_clearing:
        raise ValidationError({"number": _(
            "Enter the account's IBAN, or its clearing number and account number."
        )})  # fmt: skip
    converted = None
    if given_clearing:
        if not (clearing or "").strip():
            raise ValidationError({"clearing_number": _("Enter the clearing number.")})
        if not (account or "").strip():
            raise ValidationError({"bank_account_number": _("Enter the account number.")})
        try:
            converted = bank_accounts.from_clearing(clearing, account)
        except ValidationError as error:
            field = "clearing_number" if error.code.startswith("clearing") else (
                "bank_account_number")  # fmt: skip
            raise ValidationError({field: error.messages}) from None
    if (iban or "").strip():
        try:
            given = bank_accounts.from_iban(iban)
        except ValidationError as error:
            raise ValidationError({"number": error.messages}) from None
        if converted is not None and converted.iban != given.iban:
            raise ValidationError({"number": _(
                "The IBAN and the clearing and account numbers are different accounts: "
                "give one of them."
            )})  # fmt: skip
        converted = converted or given
    typed = f"{(clearing or '').strip()} {(account or '').strip()}" if given_clearing else ""
    return {"number": converted.iban, "bic": converted.bic, "clearing_account": typed[:30]}


@transaction.atomic
def payout_account_save(*, organisation: Organisation, by, **given) -> PayoutAccount:
    """Register payout details; once registered, only an officer may change them. The
    details are checked by ``payout_account_details`` (same keywords) and the change is
    audited with every stored field before and after."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    existing = PayoutAccount.objects.filter(organisation=organisation).first()
    officer = user_is_officer_for(by, organisation)
    if existing is not None and not officer:
        raise PermissionDenied(_("Only the municipality can change registered payout details."))
    if not (officer or may_for_organisation(by, organisation, rights.PAYOUT)):
        raise PermissionDenied(_("Your role in the organisation does not include payouts."))
    details = payout_account_details(organisation=organisation, **given)
    before = {}
    if existing is not None:
        before = {name: getattr(existing, name) for name in PAYOUT_AUDIT_FIELDS}
    account, _created = PayoutAccount.objects.update_or_create(
        organisation=organisation, defaults={**details, "registered_by": by}
    )
    organisation_audit(
        organisation,
        actor=by,
        action="payout.registered" if not before else "payout.changed",
        before=before,
        after={name: details[name] for name in PAYOUT_AUDIT_FIELDS},
    )
    return account
