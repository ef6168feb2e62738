"""An agreement's yearly follow-up written by the people who act for a party or partner
organisation (``collaborations.permissions.may_act_for``): a result per indicator and a
summary, saved as a draft or sent in to the responsible officer, who reviews it in the
admin. Sent in or reviewed, it is shown read-only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from collaborations import services
from collaborations.forms import FollowUpForm
from collaborations.models import Agreement, Collaboration, FollowUp
from collaborations.services.agreements import follow_up_due_on, follow_up_years_owed
from collaborations.views.organisation import _acting_for
from portal.forms import add_service_errors

SUBMIT = "submit"


def _agreement(organisation, agreement_pk) -> Agreement:
    """The agreement, if the organisation is a party or a partner (not called off)."""
    ids = (
        Agreement.objects.filter(
            Q(parties__organisation=organisation) | Q(collaboration__partners=organisation)
        )
        .exclude(collaboration__status=Collaboration.Status.CANCELLED)
        .values("pk")
    )
    return get_object_or_404(
        Agreement.objects.filter(pk__in=ids).select_related("collaboration__municipality"),
        pk=agreement_pk,
    )


@login_required
def follow_up(request, pk, agreement_pk, year):
    organisation = _acting_for(request.user, pk)
    agreement = _agreement(organisation, agreement_pk)
    current = FollowUp.objects.filter(agreement=agreement, year=year).first()
    if current is None and year not in follow_up_years_owed(agreement):
        raise Http404
    indicators = list(agreement.indicators.all())
    context = {
        "organisation": organisation,
        "agreement": agreement,
        "collaboration": agreement.collaboration,
        "year": year,
        "due_on": follow_up_due_on(agreement, year),
        "follow_up": current,
    }
    if current is not None and current.status != FollowUp.Status.DRAFT:
        found = {r.indicator_id: r for r in current.results.all()}
        context["rows"] = [(indicator, found.get(indicator.pk)) for indicator in indicators]
        return render(request, "collaborations/follow_up.html", context)

    submitting = request.POST.get("action") == SUBMIT
    form = FollowUpForm(
        request.POST or None, indicators=indicators, follow_up=current, submitting=submitting
    )
    if request.method == "POST" and form.is_valid():
        try:
            _save(request.user, organisation, agreement, year, current, form, submitting)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if submitting:
                messages.success(
                    request,
                    _("Thank you. The follow-up has been sent to the municipality."),
                )
                return redirect("collaborations:organisation", organisation.pk)
            messages.success(request, _("The draft has been saved."))
            return redirect(request.path)
    context["form"] = form
    return render(request, "collaborations/follow_up.html", context)


@transaction.atomic
def _save(user, organisation, agreement, year, current, form, submitting) -> FollowUp:
    """Open the year's follow-up if needed, save the results, and send it in if asked: all
    or nothing (a refused sending-in keeps no half-saved draft)."""
    current = current or services.follow_up_open(
        agreement=agreement, year=year, by=user, organisation=organisation
    )
    services.follow_up_save_results(
        follow_up=current,
        by=user,
        results=form.results(),
        summary=form.cleaned_data["summary"],
        organisation=organisation,
    )
    if submitting:
        services.follow_up_set_status(
            follow_up=current,
            status=FollowUp.Status.SUBMITTED,
            by=user,
            organisation=organisation,
        )
    return current
