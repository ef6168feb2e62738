"""The applicant's pages: start, fill in (drafts and autosave), submit, receipt, follow up."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants import selectors, services
from grants.form_builder import application_form
from grants.models import Application, Call, Decision, FollowUpReport
from organisations.permissions import APPLY, may_for_organisation
from organisations.selectors import membership_for
from organisations.uploads import private_download


@login_required
@require_POST
def start(request, call_pk):
    call = get_object_or_404(Call.objects.select_related("programme__committee"), pk=call_pk)
    membership = membership_for(request.user, request.POST.get("organisation"), right=APPLY)
    try:
        application = services.application_start(
            call=call, organisation=membership.organisation, by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("grants:call", call.pk)
    return redirect("grants:application", application.pk)


@login_required
def application_list(request):
    context = {
        "applications": selectors.applications_for_user(request.user),
        "reports": selectors.reports_for_user(request.user).exclude(
            status=FollowUpReport.Status.ACCEPTED
        ),
        "today": timezone.localdate(),
    }
    return render(request, "grants/application_list.html", context)


@login_required
def application(request, pk):
    application = selectors.application_for_member(request.user, pk)
    # Members read the application; only those who apply for the organisation write it. A
    # submit leaves that to the service, which asks under its lock (once, not twice).
    submitting = request.method == "POST" and request.POST.get("action") == "submit"
    if not application.is_editable or not (
        submitting or may_for_organisation(request.user, application.organisation_id, APPLY)
    ):
        return _case_page(request, application)
    submission = None
    if submitting:
        try:
            submission = services.application_submit(
                application=application, data=request.POST, files=request.FILES, by=request.user
            )
        except PermissionDenied:  # a member who reads the application but does not apply
            return _case_page(request, application)
        if submission is None or not submission.errors:
            return redirect("grants:receipt", application.pk)
        messages.error(request, _("The application has not been submitted yet: see below."))
    elif request.method == "POST":
        errors = services.application_save_draft(
            application=application, data=request.POST, files=request.FILES, by=request.user
        )
        for error in errors:
            messages.error(request, error)
        if not errors:
            messages.success(request, _("The draft has been saved."))
        return redirect("grants:application", application.pk)
    application.refresh_from_db()
    if submission is not None:  # the typed values, with what kept them from being submitted
        form = application_form(application, request.POST, request.FILES)
        form.show_errors(submission.errors)
    else:
        form = application_form(application)
        if not request.GET.get("check"):
            form.show_errors({})  # a draft shows what was typed, errors only when checked
    context = {
        "application": application,
        "call": application.call,
        "form": form,
        "attachments": {a.question_key: a for a in application.attachments.all()},
        "registry_documents": _required_registry_documents(application),
        "completion_message": application.messages.filter(from_municipality=True).last(),
    }
    return render(request, "grants/application_form.html", context)


def _required_registry_documents(application):
    """The newest registry document of each kind the programme requires (sent along)."""
    kinds = application.call.programme.required_documents
    newest = {}
    for document in application.organisation.documents.filter(kind__in=kinds):
        newest.setdefault(document.kind, document)  # ordered newest year first
    return list(newest.values())


@login_required
@require_POST
def autosave(request, pk):
    application = selectors.application_for_member(request.user, pk, right=APPLY)
    try:
        errors = services.application_save_draft(
            application=application, data=request.POST, files={}, by=request.user
        )
    except ValidationError as error:
        return JsonResponse({"saved": False, "error": " ".join(error.messages)}, status=409)
    if errors:  # answers too long: nothing saved, and the page says why
        return JsonResponse({"saved": False, "error": " ".join(errors)}, status=400)
    application.refresh_from_db(fields=["updated_at"])
    return JsonResponse({"saved": True, "at": application.updated_at.isoformat()})


def _case_page(request, application):
    context = {
        "application": application,
        "events": application.events.select_related("actor"),
        "thread": application.messages.select_related("author"),
        "answer_rows": selectors.answer_rows(application),
        "attachments": application.attachments.all(),
        "decision": Decision.objects.filter(application=application)
        .prefetch_related("reports__repayment_claim", "reports__released_instalments")
        .first(),
    }
    return render(request, "grants/application_detail.html", context)


@login_required
def receipt(request, pk):
    application = selectors.application_for_member(request.user, pk)
    if application.status == Application.Status.DRAFT:
        raise Http404
    return render(request, "grants/receipt.html", {"application": application})


@login_required
@require_POST
def message(request, pk):
    application = selectors.application_for_member(request.user, pk, right=APPLY)
    try:
        services.application_message_post(
            application=application, by=request.user, body=request.POST.get("body", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The message has been sent."))
    return redirect("grants:application", pk)


@login_required
def attachment(request, pk, attachment_pk):
    application = selectors.application_for_member(request.user, pk)
    item = get_object_or_404(application.attachments, pk=attachment_pk)
    return private_download(item.stored_file, item.original_name, item.content_type)
