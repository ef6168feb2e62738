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
    if request.method == "POST" and request.POST.get("action") == "submit":
        return _submit(request, pk)
    application = selectors.application_for_member(request.user, pk)
    # Members read the application; only those who apply for the organisation write it.
    if not application.is_editable or not may_for_organisation(
        request.user, application.organisation_id, APPLY
    ):
        return _case_page(request, application)
    if request.method == "POST":
        errors = services.application_save_draft(
            application=application, data=request.POST, files=request.FILES, by=request.user
        )
        for error in errors:
            messages.error(request, error)
        if not errors:
            messages.success(request, _("The draft has been saved."))
        return redirect("grants:application", application.pk)
    form = application_form(application)
    if not request.GET.get("check"):
        form.show_errors({})  # a draft shows what was typed, errors only when checked
    return _form_page(request, application, form)


def _submit(request, pk):
    """The submit button. The service finds, locks and checks the case in one statement
    (the view does not read it first: on deadline day every statement counts)."""
    try:
        application, submission = services.member_submit(
            pk=pk, data=request.POST, files=request.FILES, by=request.user
        )
    except Application.DoesNotExist:
        raise Http404 from None
    except PermissionDenied:  # a member who reads the application but does not apply
        return _case_page(request, selectors.application_for_member(request.user, pk))
    if submission is None:  # the table has no move from here
        # A double click or a second tab finds it submitted: the receipt, as for the first.
        if application.is_editable or application.status == Application.Status.SUBMITTED:
            return redirect("grants:receipt", application.pk)
        return _case_page(request, application)  # decided, withdrawn …
    if not submission.errors:
        return redirect("grants:receipt", application.pk)
    messages.error(request, _("The application has not been submitted yet: see below."))
    application.refresh_from_db()
    # the typed values, with what kept them from being submitted
    form = application_form(application, request.POST, request.FILES)
    form.show_errors(submission.errors)
    return _form_page(request, application, form)


def _form_page(request, application, form):
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
