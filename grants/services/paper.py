"""Paper applications: an officer enters, on an organisation's behalf, an application that
arrived on paper (by post or handed in), for those who are not online.

The application is the organisation's, as any other: the programme's own form
(``grants.form_builder``), drafts, files (the scanned paper) and the normal submission,
which gives the diarienummer and sends the receipt. What differs:

* the officers of the programme's committee type it (``grants.permissions.handles_cases``,
  asked again here and by the draft service), not the organisation's people;
* it is marked: ``entered_by`` (the officer), ``paper_received_on`` (the day the paper
  arrived) and a note, shown on the case page, in the case list, to the applicant and in
  the receipt, and audited;
* the arrival day, not the day it is typed, counts for the deadline and the late deduction:
  the application counts as submitted at noon of that day (``paper_submission_time``), or
  within the call's hours when the call opened or closed that day — a paper that arrived
  on the deadline day before the call closed is on time, even when typed in weeks later.
  The diarienummer is of the arrival year.
"""

from datetime import datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from grants import emails
from grants.models import Application, Call
from grants.permissions import handles_cases
from grants.selectors import ineligibility_reasons, late_status
from grants.services.applications import Submission, application_save_draft, application_submit
from organisations.selectors import organisation_people
from portal.services import audit_record

PAPER_HOUR = time(12)  # the post is opened and registered by noon


def may_enter_paper(user, call: Call) -> bool:
    """Whether ``user`` may enter paper applications to ``call``: the officers (and
    municipal administrators) who handle the cases of its programme's committee."""
    return handles_cases(user, call.programme.committee)


def paper_submission_time(call: Call, received_on) -> datetime:
    """When a paper that arrived on ``received_on`` counts as submitted: noon of that day,
    moved into the call's hours when the call opened after noon or closed before it."""
    start = timezone.make_aware(datetime.combine(received_on, time.min))
    end = start + timedelta(days=1)
    at = timezone.make_aware(datetime.combine(received_on, PAPER_HOUR))
    if call.closes_at is not None and start < call.closes_at <= at:
        at = call.closes_at - timedelta(seconds=1)  # arrived on the deadline day: in time
    if start <= call.opens_at < end and call.opens_at > at:
        at = call.opens_at
    return at


def received_on_problems(call: Call, received_on, today=None) -> list[str]:
    """Why ``received_on`` cannot be the arrival day of a paper to ``call`` (none: it can)."""
    today = today or timezone.localdate()
    if received_on > today:
        return [_("The arrival date cannot be in the future.")]
    opened = timezone.localdate(call.opens_at)
    if received_on < opened:
        return [
            _("The call opened on %(date)s; the paper cannot have arrived before that.")
            % {"date": formats.date_format(opened)}
        ]
    if not late_status(call, paper_submission_time(call, received_on)).accepted:
        closed = timezone.localdate(call.closes_at) if call.closes_at else None
        return [
            _("The paper arrived after the call closed on %(date)s and cannot be accepted.")
            % {"date": formats.date_format(closed) if closed else "–"}
        ]
    return []


def _require_officer(user, call: Call) -> None:
    if not may_enter_paper(user, call):
        raise PermissionDenied


def _audit(application, *, by, action, after):
    audit_record(
        actor=by,
        action=action,
        target=application,
        municipality=application.call.programme.committee.municipality,
        after=after,
    )


@transaction.atomic
def paper_application_start(
    *, call: Call, organisation, received_on, reference: str = "", by
) -> Application:
    """Open a draft of a paper application for ``organisation`` (or return its paper draft
    in this call, with the arrival date given now). Refused when the organisation may not
    apply then, or already applied online."""
    _require_officer(by, call)
    committee = call.programme.committee
    if organisation.municipality_id != committee.municipality_id:
        raise ValidationError(
            {"organisation": _("The organisation is not registered in the call's municipality.")}
        )
    problems = received_on_problems(call, received_on)
    if problems:
        raise ValidationError({"received_on": problems})
    reasons = ineligibility_reasons(call, organisation, paper_submission_time(call, received_on))
    if reasons:
        raise ValidationError(reasons)
    reference = " ".join((reference or "").split())[:200]
    existing = (
        Application.objects.select_for_update().filter(call=call, organisation=organisation).first()
    )
    if existing is not None and not (existing.is_paper and existing.is_editable):
        raise ValidationError(
            _("The organisation already has an application in this call (%(case)s).")
            % {"case": existing.diarienummer or _("a draft started online")}
        )
    if existing is not None:
        application = existing
        application.paper_received_on, application.paper_reference = received_on, reference
        application.save(update_fields=["paper_received_on", "paper_reference", "updated_at"])
    else:
        application = Application.objects.create(
            call=call,
            organisation=organisation,
            created_by=by,
            entered_by=by,
            paper_received_on=received_on,
            paper_reference=reference,
        )
    _audit(
        application,
        by=by,
        action="application.paper_entered",
        after={
            "organisation": organisation.name,
            "received_on": received_on.isoformat(),
            "reference": reference,
        },
    )
    return application


def _require_paper(application: Application, by) -> None:
    if not application.is_paper:
        raise ValidationError(_("This is not a paper application."))
    _require_officer(by, application.call)


def paper_application_save_draft(*, application: Application, data, files, by) -> list[str]:
    """Keep what the officer has typed so far (see ``application_save_draft``)."""
    _require_paper(application, by)
    return application_save_draft(application=application, data=data, files=files, by=by)


def paper_application_submit(*, application: Application, data, files, by) -> Submission | None:
    """Submit the typed paper application as of its arrival (``paper_submission_time``):
    the normal submission (checks, diarienummer, receipt), audited as entered from paper.
    Errors come back as with ``application_submit`` (what was typed is kept as a draft);
    ``None`` when it had already been submitted (a second click)."""
    _require_paper(application, by)
    with transaction.atomic():
        at = paper_submission_time(application.call, application.paper_received_on)
        result = application_submit(application=application, data=data, files=files, by=by, at=at)
        if result is None or result.errors:
            return result
        application.refresh_from_db()
        _audit(
            application,
            by=by,
            action="application.paper_submitted",
            after={
                "received_on": application.paper_received_on.isoformat(),
                "diarienummer": application.diarienummer,
                "late_deduction_percent": application.late_deduction_percent,
            },
        )
        emails.paper_receipt(application)  # to the contact person's email, if there is one
    return result


def receipt_by_post(application: Application) -> bool:
    """Whether the receipt must go by post: nobody gets it by email (no contact email and
    nobody of the organisation in the portal)."""
    organisation = application.organisation
    return not organisation.contact_email and not organisation_people(organisation)
