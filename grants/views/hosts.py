"""Host organisations (värdorganisationer): the group's page to name its host, and the host's
pages to read and answer the requests (Värdförfrågningar)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from grants import selectors
from grants.host_forms import HostAnswerForm, HostRequestForm
from grants.models import HostAgreement
from grants.sections import host_section_context
from grants.selectors.hosts import (
    host_candidates,
    host_request_for_signer,
    host_requests_for_user,
)
from grants.services import hosts as host_services
from organisations.permissions import APPLY, may_for_organisation
from portal.forms import add_service_errors


@login_required
def application_host(request, pk):
    """The group's host: its status, and (for those who apply) name one or withdraw."""
    application = selectors.application_for_member(request.user, pk)
    form = None
    if request.method == "POST":
        if not may_for_organisation(request.user, application.organisation_id, APPLY):
            raise PermissionDenied
        if request.POST.get("action") == "withdraw":
            agreement = HostAgreement.objects.filter(application=application).first()
            try:
                if agreement is None:
                    raise ValidationError(_("There is no request to withdraw."))
                host_services.host_withdraw(agreement=agreement, by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The request has been withdrawn."))
            return redirect("grants:host", application.pk)
        form = HostRequestForm(
            request.POST, candidates=host_candidates(application), auto_id="host_%s"
        )
        if form.is_valid():
            try:
                host_services.host_request(
                    application=application, host=form.cleaned_data["host"], by=request.user,
                    message=form.cleaned_data["message"],
                )  # fmt: skip
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The host organisation has been asked."))
                return redirect("grants:host", application.pk)
    context = {
        "application": application,
        "hostinfo": host_section_context(application, request.user, form),
    }
    return render(request, "grants/host.html", context)


@login_required
def host_requests(request):
    """Värdförfrågningar: requests to the organisations where this person may sign."""
    return render(
        request, "grants/host_requests.html", {"agreements": host_requests_for_user(request.user)}
    )


@login_required
def host_request(request, pk):
    """One request: the group, the call, the amount applied for and what the host promises;
    a person who may sign for the host accepts (signing with their name) or declines."""
    agreement = host_request_for_signer(request.user, pk)
    form = HostAnswerForm(request.POST or None, auto_id="answer_%s")
    if request.method == "POST" and form.is_valid():
        accept = request.POST.get("answer") == HostAnswerForm.ACCEPT
        try:
            host_services.host_answer(
                agreement=agreement, accept=accept, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("You have accepted to host the grant.") if accept
                else _("You have declined the request."),
            )  # fmt: skip
            return redirect("grants:host_request", agreement.pk)
    application = agreement.application
    context = {
        "agreement": agreement,
        "application": application,
        "group": application.organisation,
        "form": form,
        "promise": host_services.HOST_PROMISE,
    }
    return render(request, "grants/host_request.html", context)
