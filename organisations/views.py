"""Association-side pages of the registry, and the public directory. Rules live in services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisations import bank_accounts, identity, representatives, rights, selectors, services
from organisations.filters import DirectoryFilter
from organisations.forms import (
    BoardFormSet,
    DocumentForm,
    InvitationForm,
    MemberStatisticsForm,
    OrganisationForm,
    PayoutAccountForm,
)
from organisations.models import (
    Document,
    Gender,
    Invitation,
    Membership,
    Organisation,
)
from organisations.uploads import private_download
from portal.caching import public_page
from portal.forms import add_service_errors
from portal.models import Municipality


@public_page
def directory(request):
    filterset = DirectoryFilter(request.GET, queryset=selectors.directory_organisations())
    page = Paginator(filterset.qs, 25).get_page(request.GET.get("sida"))
    return render(request, "organisations/directory.html", {"filter": filterset, "page": page})


@login_required
def register_choose(request):
    municipalities = Municipality.objects.filter(is_active=True)
    return render(request, "organisations/register_choose.html", {"municipalities": municipalities})


@login_required
def register(request, slug):
    municipality = get_object_or_404(Municipality, slug=slug, is_active=True)
    form = OrganisationForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_register(
                user=request.user, municipality=municipality, data=form.service_data()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Thank you! The registration is awaiting the municipality's approval.")
            )
            return redirect("organisations:detail", organisation.pk)
    return render(
        request, "organisations/register.html", {"form": form, "municipality": municipality}
    )


@login_required
def detail(request, pk):
    membership = selectors.membership_for(request.user, pk)
    organisation = membership.organisation
    year = timezone.localdate().year
    checklist = selectors.organisation_checklist(organisation, year)
    for item in checklist:
        args = [pk, year] if item.url_name in ("board", "members") else [pk]
        item.url = reverse(f"organisations:{item.url_name}", args=args)
    context = {
        "membership": membership,
        "organisation": organisation,
        "year": year,
        "checklist": checklist,
        "eligibility": selectors.current_eligibility(organisation),
        "identity_change": identity.change_to_show(organisation),
    }
    return render(request, "organisations/detail.html", context)


@login_required
def edit(request, pk):
    membership = selectors.membership_for(request.user, pk, edit=True)
    organisation = membership.organisation
    pending = identity.pending_change(organisation)
    form = OrganisationForm(
        request.POST or None,
        instance=organisation,
        municipality=organisation.municipality,
        initial=pending.after if pending else None,  # what awaits review, not dropped
    )
    if request.method == "POST" and form.is_valid():
        try:
            change = identity.organisation_edit(
                organisation=organisation, by=request.user, data=form.service_data()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            if change is not None:
                messages.info(
                    request,
                    _(
                        "The new name, legal form or organisation number awaits the "
                        "municipality's review; until it is approved the registered one stays."
                    ),
                )
            return redirect("organisations:detail", pk)
    context = {"form": form, "organisation": organisation, "identity_change": pending}
    return render(request, "organisations/edit.html", context)


@login_required
@require_POST
def resubmit(request, pk):
    membership = selectors.membership_for(request.user, pk, edit=True)
    try:
        services.organisation_transition(
            organisation=membership.organisation,
            to_status=Organisation.Status.PENDING,
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The registration has been sent to the municipality again."))
    return redirect("organisations:detail", pk)


@login_required
def board(request, pk, year):
    membership = selectors.membership_for(request.user, pk, edit=True)
    organisation = membership.organisation
    minimum = selectors.registry_policy(organisation.municipality).minimum_board_size
    initial = selectors.board_initial(organisation, year)
    formset = BoardFormSet(request.POST or None, initial=initial, minimum_size=minimum)
    if request.method == "POST" and formset.is_valid():
        try:
            services.board_save(
                organisation=organisation, year=year, members=formset.members(), by=request.user
            )
        except ValidationError as error:
            formset._non_form_errors = formset.error_class(error.messages)
        else:
            messages.success(request, _("The board for %(year)s has been saved.") % {"year": year})
            return redirect("organisations:detail", pk)
    context = {"formset": formset, "organisation": organisation, "year": year}
    return render(request, "organisations/board.html", context)


@login_required
def members(request, pk, year):
    membership = selectors.membership_for(request.user, pk, edit=True)
    organisation = membership.organisation
    statistics = organisation.member_statistics.filter(year=year).first()
    initial = MemberStatisticsForm.initial_from(statistics)
    form = MemberStatisticsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.member_statistics_save(
            organisation=organisation,
            year=year,
            by=request.user,
            residents_percent=form.cleaned_data["residents_percent"],
            counts=form.counts(),
        )
        messages.success(
            request, _("The member counts for %(year)s have been saved.") % {"year": year}
        )
        return redirect("organisations:detail", pk)
    context = {"form": form, "organisation": organisation, "year": year, "genders": Gender}
    return render(request, "organisations/members.html", context)


@login_required
def documents(request, pk):
    membership = selectors.membership_for(request.user, pk)
    organisation = membership.organisation
    form = DocumentForm(
        request.POST or None, request.FILES or None, initial={"year": timezone.localdate().year}
    )
    if request.method == "POST":
        if not membership.can_edit:
            raise PermissionDenied
        if form.is_valid():
            services.document_upload(
                organisation=organisation,
                year=form.cleaned_data["year"],
                kind=form.cleaned_data["kind"],
                uploaded=form.cleaned_data["file"],
                by=request.user,
            )
            messages.success(request, _("The document has been uploaded."))
            return redirect("organisations:documents", pk)
    docs = organisation.documents.select_related("uploaded_by")
    context = {
        "form": form,
        "organisation": organisation,
        "documents": docs,
        "membership": membership,
    }
    return render(request, "organisations/documents.html", context)


@login_required
def document_download(request, pk, document_pk):
    """The organisation's own people and the registry's reviewers may download."""
    document = get_object_or_404(
        Document.objects.select_related("organisation__municipality"),
        pk=document_pk,
        organisation_id=pk,
    )
    if not selectors.user_may_read_documents(request.user, document.organisation):
        raise Http404
    return private_download(document.file, document.original_name, document.content_type)


@login_required
@require_POST
def document_delete(request, pk, document_pk):
    selectors.membership_for(request.user, pk, edit=True)
    document = get_object_or_404(Document, pk=document_pk, organisation_id=pk)
    try:
        services.document_delete(document=document, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The document has been removed."))
    return redirect("organisations:documents", pk)


@login_required
def people(request, pk):
    membership = selectors.membership_for(request.user, pk)
    organisation = membership.organisation
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        if not membership.can_manage_people:
            raise PermissionDenied
        if "end_representative" in request.POST:
            return _representative_end(request, organisation)
        if form.is_valid():
            send = services.invitation_create
            if form.cleaned_data["role"] == Membership.Role.REPRESENTATIVE:
                send = representatives.representative_invite
            try:
                send(organisation=organisation, by=request.user, **form.service_kwargs())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The invitation has been sent."))
                return redirect("organisations:people", pk)
    context = {
        "form": form,
        "organisation": organisation,
        "membership": membership,
        "memberships": organisation.memberships.select_related("user").order_by("user__email"),
        "invitations": organisation.invitations.filter(accepted_at__isnull=True),
    }
    return render(request, "organisations/people.html", context)


def _representative_end(request, organisation):
    value = request.POST.get("end_representative", "")
    membership = get_object_or_404(
        organisation.memberships,
        pk=int(value) if value.isdigit() else 0,
        role=Membership.Role.REPRESENTATIVE,
    )
    try:
        representatives.representative_end(membership=membership, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The representative's authorisation has ended."))
    return redirect("organisations:people", organisation.pk)


@login_required
def payout(request, pk):
    membership = selectors.membership_for(request.user, pk, right=rights.PAYOUT)
    organisation = membership.organisation
    account = getattr(organisation, "payout_account", None)
    if account is not None:
        context = {
            "organisation": organisation,
            "account": account,
            "account_number_display": bank_accounts.format_iban(account.number),
        }
        return render(request, "organisations/payout.html", context)
    form = PayoutAccountForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.payout_account_save(
                organisation=organisation, by=request.user, **form.service_kwargs()
            )
        except ValidationError as error:
            form.add_service_error(error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The payout details have been registered."))
            return redirect("organisations:detail", pk)
    return render(
        request, "organisations/payout.html", {"organisation": organisation, "form": form}
    )


@login_required
def invitation(request, token):
    invite = get_object_or_404(Invitation.objects.select_related("organisation"), token=token)
    if request.method == "POST":
        try:
            services.invitation_accept(invitation=invite, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("You are now part of %(name)s.") % {"name": invite.organisation.name}
            )
            return redirect("organisations:detail", invite.organisation_id)
    return render(request, "organisations/invitation.html", {"invitation": invite})
