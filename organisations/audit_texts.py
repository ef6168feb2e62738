"""How the audit trail reads the registry's events (see portal.audit_text); imported from
OrganisationsConfig.ready()."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organisations.models import (
    BoardMember,
    DocumentKind,
    IdentityChange,
    Membership,
    Organisation,
    PayoutAccount,
)
from portal.audit_text import (
    choice,
    describes,
    listing,
    lower_first,
    period,
    register_erased,
)

_status = choice(Organisation.Status)
_role = choice(Membership.Role)
_board_role = choice(BoardMember.Role)
_document = choice(DocumentKind)
_BOARD_ENTRY = re.compile(r"^(?P<name>.*) \((?P<role>[a-z_]+)\)$")  # "Amina Yusuf (chair)"
_LABEL_NOTE = re.compile(r" \(.*\)$")  # "Chair (ordförande)" -> "Chair"

# what the account erasure's steps (organisations.gdpr) record
register_erased("organisations", gettext_lazy("Organisations left"))
register_erased("invitations", gettext_lazy("Invitations removed"))
register_erased("payout_accounts", gettext_lazy("Payout accounts in the person's name removed"))


@describes("organisation.registered")
def _registered(event):
    kind = choice(Organisation.Kind)(event.after.get("kind"))
    name = event.after.get("name") or event.target
    if event.after.get("entered_in_admin"):
        event.say(
            _("%(actor)s entered %(name)s (%(kind)s) in the registry"),
            name=name,
            kind=lower_first(kind),
        )
    else:
        event.say(_("%(actor)s registered %(name)s (%(kind)s)"), name=name, kind=lower_first(kind))


@describes("organisation.updated")
def _updated(event):
    event.say(_("%(actor)s changed the organisation's details"))
    event.field_changes(Organisation)


@describes("organisation.status_changed")
def _status_changed(event):
    event.say(
        _("%(actor)s changed the registration's status from %(old)s to %(new)s"),
        old=lower_first(_status(event.before.get("status"))),
        new=lower_first(_status(event.after.get("status"))),
    )
    event.note(_("Message"), event.after.get("message"))


_IDENTITY = {
    "organisation.identity_change_requested": gettext_lazy(
        "%(actor)s asked to change the organisation's name, legal form or organisation number"
    ),
    "organisation.identity_change_approved": gettext_lazy(
        "%(actor)s approved the change of name, legal form or organisation number"
    ),
    "organisation.identity_change_rejected": gettext_lazy(
        "%(actor)s did not approve the change of name, legal form or organisation number"
    ),
    "organisation.identity_change_withdrawn": gettext_lazy(
        "%(actor)s withdrew the change of name, legal form or organisation number"
    ),
}


@describes(*_IDENTITY)
def _identity(event):
    event.say(_IDENTITY[event.action])
    event.field_changes(Organisation, [k for k in IdentityChange.FIELDS if k in event.after])
    event.note(_("Message"), event.after.get("message"))
    ended = event.after.get("eligibility_periods_ended")
    if ended:
        event.note(_("Eligibility periods ended"), str(ended))


@describes("eligibility.granted")
def _eligibility_granted(event):
    event.say(
        _("%(actor)s granted eligibility for grants %(period)s"),
        period=period(event.after.get("valid_from"), event.after.get("valid_until")),
    )


@describes("eligibility.revoked")
def _eligibility_revoked(event):
    event.say(_("%(actor)s revoked the eligibility for grants"))
    event.note(_("Was valid until"), event.before.get("valid_until"))
    event.note(_("Reason"), event.after.get("reason"))


def _board_entry(entry) -> str:
    """``Amina Yusuf (chair)`` as stored: ``Amina Yusuf (ordförande)``, in English
    ``Amina Yusuf (chair)`` (the label's Swedish term in brackets left out)."""
    match = _BOARD_ENTRY.match(str(entry))
    if match is None:
        return str(entry)
    role = _LABEL_NOTE.sub("", _board_role(match["role"]))
    return f"{match['name']} ({lower_first(role)})"


@describes("board.saved")
def _board_saved(event):
    event.say(
        _("%(actor)s saved the board for %(year)s"),
        year=event.after.get("year") or event.before.get("year") or "",
    )
    before, after = event.before.get("board") or [], event.after.get("board") or []
    event.change(_("Board"), before, after, lambda entries: listing(entries, _board_entry))


@describes("members.saved")
def _members_saved(event):
    event.say(_("%(actor)s saved the member statistics for %(year)s"), year=event.after.get("year"))
    event.note(_("Members"), event.after.get("total"))
    percent = event.after.get("residents_percent")
    if percent is not None:
        event.note(_("Living in the municipality"), f"{percent} %")


@describes("document.uploaded", "document.deleted")
def _document_event(event):
    values = event.after if event.action == "document.uploaded" else event.before
    sentence = (
        _("%(actor)s uploaded %(document)s %(year)s")
        if event.action == "document.uploaded"
        else _("%(actor)s removed %(document)s %(year)s")
    )
    event.say(
        sentence, document=lower_first(_document(values.get("kind"))), year=values.get("year")
    )
    event.note(_("File"), values.get("file"))


@describes("member.invited")
def _invited(event):
    event.say(
        _("%(actor)s invited %(email)s as %(role)s"),
        email=event.after.get("email"),
        role=lower_first(_role(event.after.get("role"))),
    )


@describes("member.joined")
def _joined(event):
    event.say(
        _("%(actor)s joined the organisation as %(role)s"),
        role=lower_first(_role(event.after.get("role"))),
    )


@describes("member.removed")
def _removed(event):
    role = lower_first(_role(event.before.get("role")))
    if event.after.get("reason") == "account_deleted":  # organisations.gdpr.leave_organisations
        event.say(
            _("A member (%(role)s) left the organisation when their account was deleted"), role=role
        )
    else:
        event.say(
            _("%(actor)s removed %(email)s (%(role)s) from the organisation"),
            email=event.before.get("email") or "–",
            role=role,
        )


@describes("representative.invited")
def _representative_invited(event):
    if event.after.get("by_municipality"):
        sentence = _("%(actor)s invited %(email)s as representative (ombud) from a paper fullmakt")
    else:
        sentence = _("%(actor)s invited %(email)s as representative (ombud)")
    event.say(sentence, email=event.after.get("email") or "–")
    event.note(_("Until"), event.after.get("valid_until"))
    event.note(_("Authorisation (fullmakt)"), event.after.get("authorisation"))


@describes("representative.ended", "representative.expired")
def _representative_ended(event):
    email = event.before.get("email") or "–"
    if event.action == "representative.expired":
        event.say(_("The authorisation of %(email)s as representative (ombud) ended"), email=email)
    else:
        event.say(
            _("%(actor)s ended the authorisation of %(email)s as representative (ombud)"),
            email=email,
        )
    event.note(_("Until"), event.before.get("valid_until"))


@describes("payout.removed")
def _payout_account_removed(event):
    # organisations.gdpr.payout_accounts_in_own_name: the only way an account goes
    event.say(
        _(
            "The payout account in a responsible adult's name was removed when their "
            "account was deleted"
        )
    )


@describes("payout.registered", "payout.changed")
def _payout_account(event):
    if event.action == "payout.registered":
        event.say(_("%(actor)s registered the payout account"))
    else:
        event.say(_("%(actor)s changed the payout account"))
    event.field_changes(
        PayoutAccount,
        ["method", "number", "bic", "clearing_account", "holder_kind", "account_holder"],
    )
