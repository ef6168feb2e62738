"""Representatives (ombud): a person who acts for an organisation by its authorisation
(fullmakt), e.g. for an association of the elderly whose own people are not online.

A representative is a membership with the role ``representative`` (organisations.rights:
view, apply, networks; not the organisation's details, people or payout account), optionally
until a day (``Membership.valid_until``: from the day after, every permission question
ignores the membership, and the daily job below removes it), with a note of the
authorisation. It is given by invitation, so that the representative accepts it with their
own login: by the organisation's people who manage people (its own page "People"), or by an
officer of the municipality in the admin when the association sent a paper fullmakt. Giving,
accepting, ending and expiry are audited on the organisation. Imported from
``OrganisationsConfig.ready()`` (the daily rule).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations import emails, rights
from organisations.models import Invitation, Membership, Organisation
from organisations.permissions import may_for_organisation
from organisations.selectors import user_is_officer_for
from organisations.services import organisation_audit
from portal import reminders

REPRESENTATIVE = Membership.Role.REPRESENTATIVE


def may_appoint(user, organisation: Organisation) -> bool:
    """Who gives and ends representatives: the organisation's people who manage its people,
    and the officers of its municipality (a paper fullmakt)."""
    return may_for_organisation(user, organisation, rights.PEOPLE) or user_is_officer_for(
        user, organisation
    )


def current_representatives(organisation: Organisation):
    return (
        organisation.memberships.filter(Membership.current_q(), role=REPRESENTATIVE)
        .select_related("user")
        .order_by("user__email")
    )


@transaction.atomic
def representative_invite(
    *, organisation: Organisation, email: str, authorisation: str, valid_until=None, by
) -> Invitation:
    """Invite ``email`` to act for the organisation as its representative (ombud)."""
    officer = user_is_officer_for(by, organisation)
    if not (officer or may_for_organisation(by, organisation, rights.PEOPLE)):
        raise PermissionDenied
    email = (email or "").strip().lower()
    authorisation = (authorisation or "").strip()
    errors = {}
    if not authorisation:
        errors["authorisation"] = _(
            "Describe the authorisation (fullmakt): who signed it for the organisation, and when."
        )
    if valid_until is not None and valid_until < timezone.localdate():
        errors["valid_until"] = _("The last day of the authorisation cannot be in the past.")
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        errors["email"] = _("This person is already a member of the organisation.")
    if errors:
        raise ValidationError(errors)
    Invitation.objects.filter(
        organisation=organisation, email=email, accepted_at__isnull=True
    ).delete()  # a new invitation replaces an open one
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=REPRESENTATIVE,
        valid_until=valid_until,
        authorisation=authorisation,
        invited_by=by,
    )
    organisation_audit(
        organisation,
        actor=by,
        action="representative.invited",
        after={
            "email": email,
            "valid_until": valid_until.isoformat() if valid_until else "",
            "authorisation": authorisation,
            "by_municipality": officer,
        },
    )
    emails.invitation(invitation)  # queued; sent after commit
    return invitation


@transaction.atomic
def representative_end(*, membership: Membership, by) -> None:
    """End a representative's authorisation now (the organisation, an officer, or the
    representative themself)."""
    membership = (
        Membership.objects.select_for_update()
        .select_related("user", "organisation")
        .get(pk=membership.pk)
    )
    if membership.role != REPRESENTATIVE:
        raise ValidationError(_("This person is not a representative of the organisation."))
    organisation = membership.organisation
    if membership.user_id != by.pk and not may_appoint(by, organisation):
        raise PermissionDenied
    organisation_audit(
        organisation,
        actor=by,
        action="representative.ended",
        before={
            "email": membership.user.email,
            "valid_until": membership.valid_until.isoformat() if membership.valid_until else "",
        },
    )
    membership.delete()


@reminders.rule
def representatives_expired(municipality, today) -> int:
    """Remove the representatives whose authorisation ended before ``today`` (audited; the
    permission questions already ignored them). Queues no notification: returns 0."""
    ended = Membership.objects.filter(
        organisation__municipality=municipality, role=REPRESENTATIVE, valid_until__lt=today
    ).select_related("user", "organisation")
    for membership in ended:
        organisation_audit(
            membership.organisation,
            actor=None,
            action="representative.expired",
            before={"email": membership.user.email, "valid_until": str(membership.valid_until)},
        )
        membership.delete()
    return 0
