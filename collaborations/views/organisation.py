"""An organisation's own pages in the register, for the people who act for it
(``collaborations.permissions.may_act_for``): its collaborations, agreements,
co-applications and proposals, the agreements' documents, and the proposal form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from collaborations import permissions, queries_public, services
from collaborations.forms import ProposalForm
from collaborations.models import CollaborationDocument
from organisations.models import Organisation
from organisations.permissions import NETWORKS, organisations_where
from organisations.uploads import private_download
from portal.forms import add_service_errors


def _acting_for(user, pk) -> Organisation:
    """The organisation, if ``user`` acts for it; 404 otherwise (nothing told of others)."""
    organisation = get_object_or_404(Organisation.objects.select_related("municipality"), pk=pk)
    if not permissions.may_act_for(user, organisation):
        raise Http404
    return organisation


@login_required
def organisation_collaborations(request, pk):
    organisation = _acting_for(request.user, pk)
    context = {
        "organisation": organisation,
        "collaborations": queries_public.organisation_collaborations(organisation),
        "agreements": queries_public.organisation_agreements(organisation),
        "co_applications": queries_public.organisation_co_applications(organisation),
        "proposals": queries_public.organisation_proposals(organisation),
    }
    return render(request, "collaborations/organisation.html", context)


@login_required
def propose(request, pk):
    organisation = _acting_for(request.user, pk)
    form = ProposalForm(request.POST or None, municipality=organisation.municipality)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.proposal_submit(
                organisation=organisation,
                by=request.user,
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                focus_areas=list(data["focus_areas"]),
                districts=list(data.get("districts", [])),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Thank you. Your proposal has been sent to the municipality's coordinator."),
            )
            return redirect("collaborations:organisation", organisation.pk)
    return render(
        request, "collaborations/propose.html", {"organisation": organisation, "form": form}
    )


@login_required
def document_download(request, pk, document_pk):
    """A collaboration's document, for the municipality's staff and the people of an
    organisation the collaboration involves; 404 for everyone else."""
    document = get_object_or_404(
        CollaborationDocument.objects.select_related("collaboration"),
        pk=document_pk,
        collaboration_id=pk,
    )
    collaboration = document.collaboration
    staff = permissions.may_view_register(request.user, collaboration.municipality_id)
    if not staff and not (
        queries_public.involving_any(organisations_where(request.user, NETWORKS))
        .filter(pk=collaboration.pk)
        .exists()
    ):
        raise Http404
    return private_download(document.file, document.original_name, document.content_type)
