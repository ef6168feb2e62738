"""The call-out pages of the people asked to help: the open call-outs asking them and
their pledges, a call-out's page where they pledge as themselves (a volunteer of the
municipality) or for an organisation they act for, change the pledge while it is offered,
or withdraw it; and an organisation's readiness (beredskap) page.

A call-out's page is for the municipality's volunteers and the people of its organisations
(anyone else gets 404, as for a draft); the coordinators work in the admin."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from organisations.models import Organisation
from portal.forms import add_service_errors
from volunteering import permissions
from volunteering.forms.callouts import PledgeForm, ReadinessForm
from volunteering.languages import names as language_names
from volunteering.models import CallOut, Pledge
from volunteering.selectors import callouts as selectors
from volunteering.services import callouts as services
from volunteering.services.readiness import readiness_of, readiness_save

C = CallOut.Status
P = Pledge.Status
EDITABLE = (P.PLEDGED, P.WITHDRAWN)  # a giver changes their offer until it is answered


@login_required
def callouts_mine(request):
    context = {
        "callouts": selectors.open_callouts_for(request.user),
        "pledges": selectors.pledges_by(request.user),
    }
    return render(request, "volunteering/callouts/list.html", context)


def _callout_for(user, pk):
    """The call-out and as whom ``user`` may answer it; 404 for a draft and for anyone
    neither a volunteer nor acting for an organisation of its municipality (unless it
    reached them by email: they read it)."""
    callout = selectors.callout_shown(pk)
    if callout is None:
        raise Http404
    givers = selectors.givers_for(user, callout.municipality_id)
    if not givers and not selectors.received(user, callout):
        raise Http404
    return callout, givers


def _asked(callout, giver) -> bool:
    return callout.to_volunteers if giver.volunteer is not None else callout.to_organisations


def _initial(pledge) -> dict:
    if pledge is None:
        return {}
    initial = {name: getattr(pledge, name) for name in services.OFFER}
    initial["skills"] = list(pledge.skills.all())
    return initial


@login_required
def callout(request, pk):
    callout, givers = _callout_for(request.user, pk)
    pledges = selectors.pledges_of(callout, givers)
    open_to = [
        g
        for g in givers
        if _asked(callout, g)
        and (
            pledges.get(selectors.giver_key(g)) is None
            or pledges[selectors.giver_key(g)].status in EDITABLE
        )
    ]
    form = None
    if callout.status == C.OPEN and open_to:
        keys = [selectors.giver_key(g) for g in open_to]
        chosen = request.POST.get("giver") or request.GET.get("giver")
        chosen = chosen if chosen in keys else keys[0]
        initial = {"giver": chosen, **_initial(pledges.get(chosen))}
        form = PledgeForm(request.POST or None, callout=callout, givers=open_to, initial=initial)
        if request.method == "POST" and form.is_valid():
            giver = form.chosen_giver()
            had = pledges.get(form.cleaned_data["giver"])
            try:
                services.pledge_make(
                    callout=callout, giver=giver, by=request.user, data=form.offer()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if had is not None and had.status == P.PLEDGED:
                    messages.success(request, _("Your pledge has been changed."))
                else:
                    messages.success(
                        request,
                        _("Thank you. Your pledge has been sent to the coordinator, who "
                          "answers you by email."),
                    )  # fmt: skip
                return redirect("volunteering:callout", callout.pk)
    elif request.method == "POST":
        if callout.status == C.OPEN and open_to == [] and pledges:
            messages.error(request, _("The coordinator has already answered this pledge: "
                                      "contact them to change it."))  # fmt: skip
        else:
            messages.error(request, _("The call-out does not take pledges now."))
        return redirect("volunteering:callout", callout.pk)
    context = {
        "callout": callout,
        "languages": language_names(callout.languages),
        "skills": callout.skills.all(),
        "mine": [
            (pledge, selectors.giver_key(giver), _giver_label(giver))
            for giver in givers
            if (pledge := pledges.get(selectors.giver_key(giver))) is not None
        ],
        "form": form,
        "why_no_form": _why_no_form(callout, givers),
        "offer_signup": callout.to_volunteers and not any(g.volunteer for g in givers),
    }
    return render(request, "volunteering/callouts/detail.html", context)


def _why_no_form(callout, givers) -> str:
    """Why an open call-out offers no pledge form to someone without a pledge to it."""
    if not givers:
        return _("To pledge, sign up as a volunteer of the municipality, or ask the person "
                 "responsible for your organisation.")  # fmt: skip
    if not any(_asked(callout, g) for g in givers):
        if callout.to_organisations:
            return _("This call-out asks organisations, not volunteers.")
        return _("This call-out asks volunteers, not organisations.")
    return ""


def _giver_label(giver) -> str:
    if giver.volunteer is not None:
        return _("You, as a volunteer")
    return giver.organisation.name


@login_required
@require_POST
def callout_withdraw(request, pk):
    callout, givers = _callout_for(request.user, pk)
    pledge = selectors.pledges_of(callout, givers).get(request.POST.get("giver", ""))
    if pledge is None:
        raise Http404
    try:
        services.pledge_withdraw(pledge=pledge, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your pledge has been withdrawn."))
    return redirect("volunteering:callout", callout.pk)


@login_required
def readiness(request, pk):
    organisation = get_object_or_404(Organisation.objects.select_related("municipality"), pk=pk)
    if not permissions.may_act_for(request.user, organisation):
        raise Http404
    current = readiness_of(organisation)
    form = ReadinessForm(
        request.POST or None,
        organisation=organisation,
        initial=ReadinessForm.initial_from(current),
    )
    if request.method == "POST" and form.is_valid():
        try:
            readiness_save(organisation=organisation, by=request.user, data=form.data_for_service())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your readiness has been saved."))
            return redirect("volunteering:readiness", organisation.pk)
    context = {"organisation": organisation, "form": form, "readiness": current}
    return render(request, "volunteering/callouts/readiness.html", context)


urlpatterns = [
    path(gettext_lazy("call-outs/"), callouts_mine, name="callouts_mine"),
    path(gettext_lazy("call-outs/<int:pk>/"), callout, name="callout"),
    path(gettext_lazy("call-outs/<int:pk>/withdraw/"), callout_withdraw, name="callout_withdraw"),
    path(gettext_lazy("organisation/<int:pk>/readiness/"), readiness, name="readiness"),
]
