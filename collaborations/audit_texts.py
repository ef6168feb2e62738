"""How the audit trail reads the collaboration register's events (see portal.audit_text);
imported from CollaborationsConfig.ready()."""

from django.utils.translation import gettext as _

from collaborations.models import Agreement, CoApplication, Collaboration, FollowUp, Proposal
from portal.audit_text import EMPTY, choice, describes, listing, lower_first
from portal.money import format_ore

_collaboration_status = choice(Collaboration.Status)
_co_application_status = choice(CoApplication.Status)
_follow_up_status = choice(FollowUp.Status)
_proposal_status = choice(Proposal.Status)
_legal_form = choice(Agreement.LegalForm)
_proposal_kind = choice(Proposal.Kind)


def _ore(value) -> str:
    return EMPTY if value in (None, "") else format_ore(int(value))


def _status_sentence(event, sentence, render) -> None:
    event.say(
        sentence,
        old=lower_first(render(event.before.get("status"))),
        new=lower_first(render(event.after.get("status"))),
    )


@describes("collaboration.created")
def _created(event):
    event.say(_("%(actor)s recorded the collaboration %(target)s"))
    event.field_changes(Collaboration, ["kind", "level", "administration"])


@describes("collaboration.changed")
def _changed(event):
    event.say(_("%(actor)s changed the collaboration %(target)s"))
    names = [k for k in dict.fromkeys([*event.before, *event.after]) if k != "outside_partners"]
    event.field_changes(Collaboration, names)
    if "outside_partners" in event.before or "outside_partners" in event.after:
        event.change(
            _("Outside partners"),
            event.before.get("outside_partners", []),
            event.after.get("outside_partners", []),
            listing,
        )


@describes("collaboration.status_changed")
def _collaboration_status_changed(event):
    _status_sentence(
        event,
        _("%(actor)s changed the status of the collaboration %(target)s from %(old)s to %(new)s"),
        _collaboration_status,
    )


@describes("collaboration.document_added")
def _document_added(event):
    event.say(
        _("%(actor)s added the document “%(document)s” to %(target)s"),
        document=event.after.get("document", ""),
    )


@describes("collaboration.document_removed")
def _document_removed(event):
    event.say(
        _("%(actor)s removed the document “%(document)s” from %(target)s"),
        document=event.before.get("document", ""),
    )


@describes("agreement.saved")
def _agreement_saved(event):
    if event.before:
        event.say(_("%(actor)s changed the terms of the agreement %(target)s"))
    else:
        event.say(_("%(actor)s recorded the agreement %(target)s"))
    event.field_changes(Agreement, values={"legal_form": _legal_form})


@describes("agreement.assessed")
def _agreement_assessed(event):
    event.say(
        _("%(actor)s recorded the assessment of the legal form of %(target)s: %(form)s"),
        form=lower_first(_legal_form(event.after.get("legal_form"))),
    )
    event.field_changes(Agreement, ["assessed_on"])


@describes("agreement.rows_changed")
def _agreement_rows(event):
    event.say(
        _("%(actor)s changed the parties, contributions or indicators of the agreement "
          "%(target)s")
    )  # fmt: skip
    labels = {
        "party": _("Parties"),
        "contribution": _("Contributions"),
        "indicator": _("Indicators"),
    }
    verbs = {"added": _("added"), "changed": _("changed"), "deleted": _("removed")}
    for model, rows in event.after.items():
        if not isinstance(rows, dict):
            continue
        text = "; ".join(
            f"{verbs.get(verb, verb)} {listing(names)}" for verb, names in rows.items()
        )
        event.note(labels.get(model, _("Rows")), text)


@describes("follow_up.opened")
def _follow_up_opened(event):
    event.say(
        _("%(actor)s opened the follow-up of %(year)s for %(target)s"),
        year=event.after.get("year", ""),
    )
    event.note(_("For the organisation"), event.after.get("organisation"))


@describes("follow_up.results_saved")
def _results_saved(event):
    event.say(_("%(actor)s saved the results of the follow-up %(target)s"))
    results = event.after.get("results") or {}
    event.note(_("Results given"), len(results) if isinstance(results, dict) else None)


@describes("follow_up.status_changed")
def _follow_up_status_changed(event):
    _status_sentence(
        event,
        _("%(actor)s changed the status of the follow-up %(target)s from %(old)s to %(new)s"),
        _follow_up_status,
    )


@describes("co_application.saved")
def _co_application_saved(event):
    if event.before:
        event.say(_("%(actor)s changed the co-application %(target)s"))
    else:
        event.say(_("%(actor)s recorded the co-application %(target)s"))
    event.field_changes(
        CoApplication,
        values={"applied_ore": _ore, "co_financing_ore": _ore, "granted_ore": _ore},
    )


@describes("co_application.status_changed")
def _co_application_status_changed(event):
    _status_sentence(
        event,
        _("%(actor)s changed the status of the co-application %(target)s from %(old)s to "
          "%(new)s"),
        _co_application_status,
    )  # fmt: skip
    if event.after.get("granted_ore"):
        event.note(_("Granted"), _ore(event.after["granted_ore"]))


@describes("proposal.submitted")
def _proposal_submitted(event):
    event.say(
        _("%(actor)s proposed a collaboration for %(organisation)s: %(target)s (%(kind)s)"),
        organisation=event.after.get("organisation", ""),
        kind=lower_first(_proposal_kind(event.after.get("kind"))),
    )


@describes("proposal.decided")
def _proposal_decided(event):
    status = event.after.get("status")
    if status == Proposal.Status.DECLINED:
        event.say(_("%(actor)s declined the proposal %(target)s"))
    elif status == Proposal.Status.ACCEPTED:
        event.say(_("%(actor)s took up the proposal %(target)s as a collaboration"))
    else:
        _status_sentence(
            event,
            _("%(actor)s changed the status of the proposal %(target)s from %(old)s to %(new)s"),
            _proposal_status,
        )
    event.note(_("Answer"), event.after.get("response"))
