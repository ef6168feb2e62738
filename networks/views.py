"""The portal's network pages: public lists and pages, members' meetings, answers, files,
calendars and actions. Rules live in networks.services and networks.selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from networks import calendar, feeds, selectors, services, signups
from networks.filters import NetworkFilter
from networks.forms import (
    ActionStatusForm,
    DocumentForm,
    InvitationChoiceForm,
    JoinForm,
    RsvpForm,
)
from networks.models import Action, Network, NetworkDocument, NetworkMember
from organisations.models import Organisation
from organisations.permissions import NETWORKS, organisations_where
from organisations.uploads import private_download
from portal import capacity
from portal.caching import public_page


@public_page
def network_list(request):
    filterset = NetworkFilter(request.GET, queryset=selectors.networks_visible_to(request.user))
    page = Paginator(filterset.qs, 25).get_page(request.GET.get("sida"))
    return render(request, "networks/network_list.html", {"filter": filterset, "page": page})


def _joinable_organisations(user, network):
    if not user.is_authenticated or not network.is_public:
        return Organisation.objects.none()
    taken = NetworkMember.objects.filter(  # not NULL: NOT IN with a NULL matches nothing
        network=network,
        organisation__isnull=False,
        status__in=[NetworkMember.Status.ACTIVE, NetworkMember.Status.REQUESTED],
    ).values("organisation_id")
    return (
        organisations_where(user, NETWORKS)
        .filter(municipality=network.municipality)
        .exclude(pk__in=taken)
    )


def network_detail(request, pk):
    network = selectors.network_for_viewer(request.user, pk)
    inside = selectors.may_see_inside(request.user, network)
    context = {
        "network": network,
        "inside": inside,
        "manager": selectors.can_manage(request.user, network),
        "members": selectors.listed_members(network),
        "upcoming": selectors.upcoming_meetings(network, public_only=not inside),
    }
    if inside:
        context.update(
            past=network.meetings.filter(ends_at__lt=timezone.now())
            .select_related("place")
            .order_by("-starts_at")[:20],
            documents=network.documents.select_related("meeting"),
            actions=network.actions.exclude(status=Action.Status.CANCELLED).select_related(
                "owner_member__organisation",
                "owner_member__user",
                "owner_officer",
                "owner_unit",
                "owner_organisation",
            ),
            my_records=selectors.member_records(request.user, network),
            calendar_feed=feeds.feed_for(request.user, network),
            document_form=DocumentForm(),
        )
    organisations = _joinable_organisations(request.user, network)
    if organisations.exists():
        context["join_form"] = JoinForm(organisations=organisations)
    return render(request, "networks/network_detail.html", context)


@login_required
@require_POST
def join(request, pk):
    network = selectors.network_for_viewer(request.user, pk)
    form = JoinForm(request.POST, organisations=_joinable_organisations(request.user, network))
    if form.is_valid():
        try:
            services.join_request(network=network, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Your request has been sent. The coordinator will answer it.")
            )
    else:
        messages.error(request, _("Choose one of your organisations."))
    return redirect("networks:detail", pk)


@login_required
@require_POST
def document_upload(request, pk):
    network = selectors.network_for_viewer(request.user, pk)
    if not selectors.may_see_inside(request.user, network):
        raise Http404
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_upload(
                network=network,
                uploaded=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The document is shared with the network."))
    else:
        messages.error(request, _("Choose a file to share."))
    return redirect("networks:detail", pk)


@login_required
def document_download(request, pk, document_pk):
    network = selectors.network_for_viewer(request.user, pk)
    if not selectors.may_see_inside(request.user, network):
        raise Http404
    document = get_object_or_404(NetworkDocument, pk=document_pk, network=network)
    return private_download(document.file, document.original_name, document.content_type)


def meeting_detail(request, pk):
    meeting = selectors.meeting_for_viewer(request.user, pk)
    network = meeting.network
    inside = selectors.may_see_inside(request.user, network)
    invitations = selectors.invitations_for_user(request.user, meeting)
    taken = selectors.places_taken(meeting)
    context = {
        "meeting": meeting,
        "network": network,
        "inside": inside,
        "agenda": meeting.agenda.all(),
        "taken": taken,
        "places_left": capacity.free(meeting.capacity, taken),
        "signup_open": signups.signup_problem(meeting) is None,
        "manager": selectors.can_manage(request.user, network),
        "rsvp_forms": [
            (
                i,
                RsvpForm(
                    initial={"response": i.response, "places": i.places},
                    prefix=f"i{i.pk}",
                ),
            )
            for i in invitations
        ],
    }
    if inside:
        context["actions"] = meeting.actions.select_related(
            "owner_member__organisation",
            "owner_member__user",
            "owner_officer",
            "owner_unit",
            "owner_organisation",
        )
        context["documents"] = meeting.documents.all()
    return render(request, "networks/meeting_detail.html", context)


@login_required
@require_POST
def meeting_rsvp(request, pk):
    meeting = selectors.meeting_for_viewer(request.user, pk)
    chosen = InvitationChoiceForm(
        request.POST, invitations=selectors.invitations_for_user(request.user, meeting)
    )
    if not chosen.is_valid():
        raise Http404  # none of this person's invitations (missing, not an id, another's)
    invitation = chosen.cleaned_data["invitation"]
    form = RsvpForm(request.POST, prefix=f"i{invitation.pk}")
    if form.is_valid():
        try:
            services.rsvp(
                invitation=invitation,
                response=form.cleaned_data["response"],
                places=form.cleaned_data["places"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you for your answer."))
    else:
        messages.error(request, _("Choose an answer and how many people come."))
    return redirect("networks:meeting", pk)


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def meeting_calendar(request, pk):
    meeting = selectors.meeting_for_viewer(request.user, pk)
    return _ics_response(calendar.meeting_ics(meeting), f"mote-{meeting.pk}.ics")


def public_feed(request, pk):
    """The public meetings of a public network, for anyone's calendar."""
    network = get_object_or_404(Network, pk=pk, visibility=Network.Visibility.PUBLIC)
    meetings = network.meetings.filter(is_public=True).select_related("place", "network")
    return _ics_response(calendar.network_feed(network, meetings), f"natverk-{pk}.ics")


@never_cache
def member_feed(request, pk, token):
    """Every meeting of the network, for one person's calendar: the person's own secret in
    the address stands in for a login, which calendar programs cannot do. 404 once the person
    no longer belongs to the network, or after they asked for a new address."""
    network = feeds.feed_network(pk, token)
    if network is None:
        raise Http404
    meetings = network.meetings.select_related("place", "network").prefetch_related("agenda")
    return _ics_response(calendar.network_feed(network, meetings), f"natverk-{pk}.ics")


@login_required
@require_POST
def feed_renew(request, pk):
    """A new address for the person's calendar feed; the old one stops working at once."""
    network = selectors.network_for_viewer(request.user, pk)
    try:
        feeds.feed_renew(request.user, network)
    except PermissionDenied:
        raise Http404 from None
    messages.success(
        request,
        _("Your calendar feed has a new address. Replace the old one in your calendar program."),
    )
    return redirect("networks:detail", pk)


@login_required
@require_POST
def action_status(request, pk):
    action = get_object_or_404(
        Action.objects.select_related(
            "municipality", "network__municipality", "collaboration", "owner_unit"
        ),
        pk=pk,
    )
    if not selectors.may_update_action(request.user, action):
        raise Http404
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        try:
            services.action_set_status(
                action=action,
                status=form.cleaned_data["status"],
                # a form without the note field keeps the note as it is
                note=form.cleaned_data["progress_note"]
                if "progress_note" in request.POST
                else None,
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The action has been updated."))
    target = request.POST.get("next", "")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return redirect("portal:my_page")
    return HttpResponseRedirect(target)  # an address (redirect() would take "abc" for a name)
