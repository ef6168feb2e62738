"""Writes on applications: diarienummer allocation, drafts, submission, the officer's
workflow steps, messages and assignment."""

from dataclasses import dataclass
from functools import cache

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import connection, transaction
from django.db.models.signals import m2m_changed
from django.utils import timezone
from django.utils.translation import gettext as _

from grants import emails, workflow
from grants.form_builder import application_form
from grants.models import (
    Application,
    ApplicationEvent,
    ApplicationMessage,
    Attachment,
    Call,
    DiarySequence,
    GrantProgramme,
)
from grants.permissions import handles_cases, require_applicant
from grants.selectors import ineligibility_reasons, late_status
from organisations.models import Document, Membership, Organisation
from organisations.permissions import membership_role
from organisations.rights import APPLY, VIEW, role_may
from organisations.uploads import store_checked_upload
from portal import prebuilt
from portal.models import Committee, FocusArea, Municipality
from portal.services import audit_record


def focus_areas_of(call: Call) -> list:
    """The focus areas an application to ``call`` counts under on the dashboards: the call's
    own focus area when it has one, otherwise the programme's."""
    if call.focus_area_id:
        return [call.focus_area_id]
    return list(call.programme.focus_areas.values_list("pk", flat=True))


def focus_areas_copy(application: Application, call: Call) -> None:
    """Count a case under ``focus_areas_of(call)`` as it is first submitted (a draft counts
    under none): the rows inserted in one statement, any the case has already skipped, with
    the ``m2m_changed`` signals ``add()`` sends. ``add()`` itself first asks which of them
    the case has (because grants.opendata_signals listens): one statement more on every
    submit of deadline day."""
    pks = set(focus_areas_of(call))
    if not pks:
        return
    through = Application.focus_areas.through
    signal = {
        "sender": through, "instance": application, "reverse": False,
        "model": FocusArea, "pk_set": pks, "using": application._state.db,
    }  # fmt: skip
    m2m_changed.send(action="pre_add", **signal)
    through.objects.bulk_create(
        [through(application_id=application.pk, focusarea_id=pk) for pk in sorted(pks)],
        ignore_conflicts=True,
    )
    m2m_changed.send(action="post_add", **signal)


def diarienummer_next(*, committee, year: int) -> str:
    """Allocate the next registration number, e.g. ``KFN 2026/17``.

    Must run inside the transaction that stores the submission: the sequence row stays
    locked until it commits, and a rollback gives the number back, so numbers are unique
    and gap-free however many applicants submit at once. One statement (an upsert that
    returns the new number) instead of insert, lock and update: on deadline day every
    applicant of the committee waits for the lock, so it is taken as late and held as
    briefly as can be.
    """
    _require_transaction("diarienummer_next")
    with connection.cursor() as cursor:
        cursor.execute(_sequence_upsert(), [committee.pk, year])
        (number,) = cursor.fetchone()
    return f"{committee.abbreviation} {year}/{number}"


def _require_transaction(name: str) -> None:
    """A number taken outside the storing transaction would be kept on a rollback: a gap."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"{name}() must be called inside transaction.atomic().")


@cache
def _sequence_upsert() -> str:
    """The statement of ``diarienummer_next``, with the names from the model."""
    quote = connection.ops.quote_name
    meta = DiarySequence._meta
    table = quote(meta.db_table)
    committee, year, last = (
        quote(meta.get_field(name).column) for name in ("committee", "year", "last_number")
    )
    return (
        f"INSERT INTO {table} ({committee}, {year}, {last}) VALUES (%s, %s, 1) "  # noqa: S608
        f"ON CONFLICT ({committee}, {year}) DO UPDATE SET {last} = {table}.{last} + 1 "
        f"RETURNING {last}"
    )


def diarienummer_assign(application, *, committee, year: int, status: str, fields) -> None:
    """Save a first submission: the locked ``application``'s ``fields``, its new number,
    ``status`` and registry committee in the one statement that takes the number
    (``diarienummer_next``'s upsert, then the case's update). The sequence row stays locked
    until commit, so the caller does everything else first and after this only queues the
    receipt. Like ``QuerySet.update`` it sends no save signals (none listen to a case's);
    an ``auto_now`` field among ``fields`` gets the time now, as ``save`` gives it."""
    _require_transaction("diarienummer_assign")
    fields = tuple(fields)
    meta = Application._meta
    values = [
        meta.get_field(name).get_db_prep_save(
            meta.get_field(name).pre_save(application, add=False), connection
        )
        for name in fields
    ]
    prefix = f"{committee.abbreviation} {year}/"
    with connection.cursor() as cursor:
        cursor.execute(
            _numbered_update(fields),
            [committee.pk, year, *values, prefix, committee.pk, status, application.pk],
        )
        (application.diarienummer,) = cursor.fetchone()
    application.registry_committee = committee
    application.status = status


@cache
def _numbered_update(fields: tuple[str, ...]) -> str:
    """The statement of ``diarienummer_assign`` for ``fields``, names from the models."""
    quote = connection.ops.quote_name
    meta = Application._meta
    table = quote(meta.db_table)
    columns = [quote(meta.get_field(name).column) for name in fields]
    number, registry, status, pk = (
        quote(meta.get_field(name).column)
        for name in ("diarienummer", "registry_committee", "status", "id")
    )
    last = quote(DiarySequence._meta.get_field("last_number").column)
    assignments = "".join(f"{column} = %s, " for column in columns)
    return (
        f"WITH taken AS ({_sequence_upsert()}) "  # noqa: S608 - names from the models
        f"UPDATE {table} SET {assignments}{number} = %s || taken.{last}, {registry} = %s, "
        f"{status} = %s FROM taken WHERE {table}.{pk} = %s RETURNING {table}.{number}"
    )


# --- applications ---------------------------------------------------------------------------


def event_record(application, *, actor, from_status, to_status, message=""):
    """Record a move on the case's timeline (and audit it). A (re)submission also sets the
    case's ``waiting_since`` to the event's time; the caller saves it with the status."""
    event = ApplicationEvent.objects.create(
        application=application,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        message=message,
    )
    if to_status == Application.Status.SUBMITTED:
        application.waiting_since = event.created_at
    audit_record(
        actor=actor,
        action="application.status_changed",
        target=application,
        municipality=application.call.programme.committee.municipality,
        before={"status": from_status},
        after={"status": to_status, "message": message},
    )


@transaction.atomic
def application_start(*, call: Call, organisation, by) -> Application:
    """Open a draft for the organisation, or return the one it already has in this call."""
    require_applicant(by, organisation)
    reasons = ineligibility_reasons(call, organisation)
    if reasons:
        raise ValidationError(reasons)
    application, _created = Application.objects.get_or_create(
        call=call, organisation=organisation, defaults={"created_by": by}
    )
    return application


def _locked(application: Application) -> Application:
    """The application's row, locked and read again (its status, its answers), with the
    call and the organisation the caller has read: they are not changed by saving or
    submitting, and the views read them with the programme, committee and municipality."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    locked.call, locked.organisation = application.call, application.organisation
    return locked


@transaction.atomic
def application_save_draft(*, application: Application, data, files, by) -> list[str]:
    """Keep what was typed for the programme's questions (valid or not, each within its
    length) and store attached files; return the errors (answers too long, refused files).
    Answers that are too long are refused all together: the draft keeps what it had."""
    application = _locked(application)
    _writer_role(by, application)
    if not application.is_editable:
        raise ValidationError(_("The application can no longer be changed."))
    errors = _store_attachments(application, data, files, by)
    answers, answer_errors = application_form(application).draft_answers(data, application.answers)
    if not answer_errors:
        application.answers = answers
        application.save(update_fields=["answers", "updated_at"])
    return answer_errors + errors


def _store_attachments(application, data, files, by) -> list[str]:
    _reuse_registry_documents(application, data)
    return _store_files(application, files, by)


_UNKNOWN = object()  # _writer_role: the role has not been read


def _writer_role(user, application, known_role=_UNKNOWN) -> str:
    """Those who apply for the organisation write its application: their membership role
    (one query, none when the caller read it: ``known_role``); a paper application
    (grants.services.paper) is typed by the officers of the programme's committee, who
    write it without one ("")."""
    if application.entered_by_id is not None and handles_cases(
        user, application.call.programme.committee
    ):
        return ""
    role = (
        membership_role(user, application.organisation_id) if known_role is _UNKNOWN else known_role
    )
    if not role_may(role, APPLY):
        raise PermissionDenied
    return role


def _reuse_registry_documents(application, data) -> None:
    """Attach documents the organisation already keeps in the registry (no re-upload)."""
    for name in data:
        if not name.endswith("__registry") or not data.get(name):
            continue
        try:  # a document's id; anything else a client sends matches no document
            document_pk = int(data.get(name))
        except (TypeError, ValueError):
            continue
        key = name.removeprefix("q_").removesuffix("__registry")
        document = Document.objects.filter(
            organisation=application.organisation, pk=document_pk
        ).first()
        if document is None:
            continue
        application.attachments.filter(question_key=key).delete()
        Attachment.objects.create(
            application=application,
            question_key=key,
            registry_document=document,
            original_name=document.original_name,
            content_type=document.content_type,
            size=document.size,
        )


def _store_files(application, files, by) -> list[str]:
    errors = []
    for name in files:
        key = name.removeprefix("q_")
        replaced = list(application.attachments.filter(question_key=key))
        attachment = Attachment(application=application, question_key=key, uploaded_by=by)
        try:
            store_checked_upload(attachment, files[name])
        except ValidationError as error:
            errors.extend(error.messages)
            continue
        for old in replaced:
            old.delete()
    return errors


@dataclass(frozen=True)
class Submission:
    """What a submit gave: ``errors`` (field name, or "__all__" → messages) when something
    is missing or the organisation may not apply (the typed values are kept as a draft),
    none once the application is submitted."""

    errors: dict[str, list[str]]


def application_submit(*, application: Application, data, files, by, at=None) -> Submission | None:
    """Save what was typed, then submit if the programme's form is complete.

    Returns the :class:`Submission` (with the errors, if any), or ``None`` when there was
    nothing to submit. Submitting twice (double click, two tabs) submits once: the row is
    locked and the status checked under the lock. On deadline day hundreds of these run
    at once: the form is built once, the submitter's membership asked for once, and the
    committee's diarienummer lock taken last (bench/deadline.py profiles this).
    """
    with transaction.atomic():
        application = _locked(application)
        if not _may_submit(application):
            return None  # already submitted by an earlier click or another tab
        return _submit_locked(application, _writer_role(by, application), data, files, by, at)


def member_submit(*, pk, data, files, by, at=None) -> tuple[Application, Submission | None]:
    """``application_submit`` from the applicant's own page, which has not read the case:
    the case, its call and organisation and the submitter's membership role come in the
    one statement that locks the row (on deadline day each statement saved counts).

    Returns the locked application and the submission (``None``: nothing to submit).
    Raises ``Application.DoesNotExist`` when ``by`` is no member who may read it (the
    page's 404) and ``PermissionDenied`` when their role does not apply."""
    with transaction.atomic():
        application = _locked_for_member(pk, by)
        if not role_may(application.member_role, VIEW):
            raise Application.DoesNotExist
        if not _may_submit(application):
            return application, None
        role = _writer_role(by, application, known_role=application.member_role)
        return application, _submit_locked(application, role, data, files, by, at)


def _locked_for_member(pk, user) -> Application:
    """The application locked, with its call (programme, committee, municipality), its
    organisation and ``user``'s membership role in it (``member_role``, None for none).

    One statement, written once per process (``portal.prebuilt``): as a queryset
    (``select_related`` over five tables and the role's subquery) Django spent about 1.5 ms
    of CPU building it on every submit, four times what the case alone costs."""
    with connection.cursor() as cursor:
        cursor.execute(_member_lock(), [user.pk, timezone.localdate(), pk])
        row = cursor.fetchone()
    if row is None:
        raise Application.DoesNotExist("No application with that id.")
    application, at = prebuilt.instance(Application, row)
    call, at = prebuilt.instance(Call, row, at)
    programme, at = prebuilt.instance(GrantProgramme, row, at)
    committee, at = prebuilt.instance(Committee, row, at)
    municipality, at = prebuilt.instance(Municipality, row, at)
    organisation, at = prebuilt.instance(Organisation, row, at)
    committee.municipality = municipality
    programme.committee = committee
    call.programme = programme
    application.call = call
    application.organisation = organisation
    application.member_role = row[at]
    return application


@cache
def _member_lock() -> str:
    """The statement of ``_locked_for_member``; parameters: the user, today, the case. The
    membership counts while in force as ``Membership.current_q`` says: no end, or ending
    today or later."""
    joins = [
        (Call, "c", prebuilt.column(Application, "call", "a")),
        (GrantProgramme, "p", prebuilt.column(Call, "programme", "c")),
        (Committee, "k", prebuilt.column(GrantProgramme, "committee", "p")),
        (Municipality, "m", prebuilt.column(Committee, "municipality", "k")),
        (Organisation, "o", prebuilt.column(Application, "organisation", "a")),
    ]
    columns = [prebuilt.column_list(Application, "a")]
    tables = [f"{prebuilt.table(Application)} a"]
    for model, alias, key in joins:
        columns.append(prebuilt.column_list(model, alias))
        pk = prebuilt.column(model, model._meta.pk.name, alias)
        tables.append(f"JOIN {prebuilt.table(model)} {alias} ON {pk} = {key}")
    member = Membership
    until = prebuilt.column(member, "valid_until", "ms")
    role = (
        f"(SELECT {prebuilt.column(member, 'role', 'ms')} FROM {prebuilt.table(member)} ms "  # noqa: S608 - names from the models
        f"WHERE {prebuilt.column(member, 'user', 'ms')} = %s "
        f"AND {prebuilt.column(member, 'organisation', 'ms')} = "
        f"{prebuilt.column(Application, 'organisation', 'a')} "
        f"AND ({until} IS NULL OR {until} >= %s) LIMIT 1)"
    )
    return (
        f"SELECT {', '.join(columns)}, {role} FROM {' '.join(tables)} "  # noqa: S608 - names from the models
        f"WHERE {prebuilt.column(Application, 'id', 'a')} = %s FOR UPDATE OF a"
    )


def _may_submit(application: Application) -> bool:
    submitted = Application.Status.SUBMITTED
    return workflow.allowed(application.status, submitted, workflow.APPLICANT)


def _submit_locked(application, role, data, files, by, at) -> Submission:
    """The submission of a locked, submittable ``application`` by ``by`` (``role``)."""
    errors = _store_attachments(application, data, files, by)
    form = application_form(application, data, files)  # after the files: it sees them
    answers, answer_errors = form.draft_answers(data, application.answers)
    if not answer_errors:  # kept: with the submission below, or as the draft if refused
        application.answers = answers
    errors = answer_errors + errors
    valid = form.is_valid() and not errors
    for message in errors:
        form.add_error(None, message)
    at = at or timezone.now()
    call = application.call
    if valid:
        for reason in ineligibility_reasons(call, application.organisation, at):
            form.add_error(None, reason)
            valid = False
    if not valid:
        if not answer_errors:
            application.save(update_fields=["answers", "updated_at"])
        return _refused(form)
    from_status, to_status = application.status, Application.Status.SUBMITTED
    first_submission = from_status == Application.Status.DRAFT
    if first_submission:
        focus_areas_copy(application, call)
        application.late_deduction_percent = late_status(call, at).deduction_percent
        application.submitted_at = at
        application.submitted_by = by
        application.submitted_by_role = "" if application.entered_by_id else role or ""
    event_record(application, actor=by, from_status=from_status, to_status=to_status)
    application.amount_requested = form.amount_requested()
    application.status = to_status
    recipients = emails.receipt_recipients(application)
    fields = ["answers", "late_deduction_percent", "submitted_at", "submitted_by",
              "submitted_by_role", "amount_requested", "waiting_since", "updated_at"]  # fmt: skip
    if not first_submission:
        application.save(update_fields=[*fields, "status"])
        emails.submission_receipt(application, recipients=recipients)  # sent after commit
        return Submission(errors={})
    # The number comes last: its sequence row stays locked until this transaction commits,
    # and on deadline day every other applicant of the committee waits. So the receipt is
    # rendered first; within the lock one statement takes the number and saves the case
    # with it, and the receipt's rows get the number and are queued.
    receipt = emails.first_receipt_rendered(application, recipients)
    diarienummer_assign(
        application,
        committee=call.programme.committee,
        year=timezone.localtime(at).year,
        status=to_status,
        fields=fields,
    )
    emails.first_receipt_queue(application, receipt)
    return Submission(errors={})


def _refused(form) -> Submission:
    return Submission(errors={name: list(messages) for name, messages in form.errors.items()})


@transaction.atomic
def application_transition(*, application: Application, to_status: str, by, message=""):
    """Move a case along the workflow (officer steps and withdrawal), checked and audited."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if handles_cases(by, application.call.programme.committee):
        actor = workflow.OFFICER
    else:
        require_applicant(by, application.organisation_id)
        actor = workflow.APPLICANT
    if not workflow.allowed(application.status, to_status, actor):
        raise ValidationError(_("The application cannot move to that status now."))
    if to_status == Application.Status.COMPLETION_REQUESTED and not message.strip():
        raise ValidationError(_("Say what the applicant needs to complete."))
    from_status = application.status
    application.status = to_status
    event_record(  # first: a (re)submission sets waiting_since, saved with the status
        application, actor=by, from_status=from_status, to_status=to_status, message=message
    )
    application.save(update_fields=["status", "waiting_since", "updated_at"])
    if message:
        ApplicationMessage.objects.create(
            application=application,
            author=by,
            body=message,
            from_municipality=actor == workflow.OFFICER,
        )
    return application


@transaction.atomic
def application_message_post(*, application: Application, by, body: str) -> ApplicationMessage:
    if not body.strip():
        raise ValidationError(_("Write a message."))
    ProhibitNullCharactersValidator()(body)  # PostgreSQL cannot store a NUL
    officer = handles_cases(by, application.call.programme.committee)
    if not officer:
        require_applicant(by, application.organisation_id)
    return ApplicationMessage.objects.create(
        application=application, author=by, body=body.strip(), from_municipality=officer
    )


# --- officer side: assignment and decisions --------------------------------------------------


@transaction.atomic
def application_assign(*, application: Application, officer, by) -> Application:
    """Give the case to an officer of the municipality (or to nobody with ``officer=None``)."""
    committee = application.call.programme.committee
    municipality = committee.municipality
    if not handles_cases(by, committee):
        raise ValidationError(_("Only an officer of the committee can assign the case."))
    if officer is not None and not handles_cases(officer, committee):
        raise ValidationError(_("Only an officer of the committee can handle the case."))
    application = Application.objects.select_for_update().get(pk=application.pk)
    before = {"officer": str(application.assigned_to or "")}
    application.assigned_to = officer
    application.save(update_fields=["assigned_to", "updated_at"])
    audit_record(
        actor=by,
        action="application.assigned",
        target=application,
        municipality=municipality,
        before=before,
        after={"officer": str(officer or "")},
    )
    return application
