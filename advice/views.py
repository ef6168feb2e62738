"""Advice times' pages: a municipality's free times (by date, filtered by form and focus
area), booking one (logged in, for an organisation one acts for or oneself), and the
booking's own page where either side cancels. Rules live in advice.services."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from advice import permissions, selectors
from advice.forms import BookingForm, SlotFilterForm
from advice.models import AdviceBooking, AdviceSlot
from advice.services import bookings as services
from portal.forms import add_service_errors
from portal.models import Municipality


def slot_list(request, slug):
    municipality = get_object_or_404(Municipality, slug=slug, is_active=True)
    form = SlotFilterForm(request.GET or None, municipality=municipality)
    mode, focus_area = "", None
    if form.is_valid():
        mode, focus_area = form.cleaned_data["mode"], form.cleaned_data["focus_area"]
    slots = list(selectors.free_slots(municipality, mode=mode, focus_area=focus_area)[:300])
    days = [
        (day, list(rows))
        for day, rows in groupby(slots, key=lambda s: timezone.localtime(s.starts_at).date())
    ]
    context = {"municipality": municipality, "form": form, "days": days}
    return render(request, "advice/slot_list.html", context)


@login_required
def book(request, pk):
    slot = get_object_or_404(
        AdviceSlot.objects.select_related("municipality", "officer", "place", "administration"),
        pk=pk,
        municipality__is_active=True,
    )
    problem = services.booking_problem(slot)
    if problem is None and not selectors.is_free(slot):
        problem = _("Someone else has just booked this time. Choose another time.")
    organisations = permissions.bookable_organisations(request.user, slot.municipality)
    form = BookingForm(request.POST or None, slot=slot, organisations=organisations)
    if request.method == "POST" and problem is None and form.is_valid():
        try:
            booking = services.book(slot=slot, by=request.user, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The time is booked. We have emailed you a confirmation."))
            return redirect("advice:booking", booking.pk)
    context = {"slot": slot, "municipality": slot.municipality, "form": form, "problem": problem}
    return render(request, "advice/book.html", context)


@login_required
def booking_detail(request, pk):
    booking = selectors.booking_for_viewer(request.user, pk)
    if booking is None:
        raise Http404
    context = {
        "booking": booking,
        "slot": booking.slot,
        "may_cancel": booking.status == AdviceBooking.Status.BOOKED
        and booking.slot.starts_at > timezone.now(),
    }
    return render(request, "advice/booking.html", context)


@login_required
@require_POST
def booking_cancel(request, pk):
    booking = selectors.booking_for_viewer(request.user, pk)
    if booking is None:
        raise Http404
    try:
        services.booking_cancel(booking=booking, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The booking is cancelled."))
    return redirect("advice:booking", pk)


urlpatterns = [
    path("<slug:slug>/", slot_list, name="slots"),
    path(gettext_lazy("times/<int:pk>/book/"), book, name="book"),
    path(gettext_lazy("bookings/<int:pk>/"), booking_detail, name="booking"),
    path(gettext_lazy("bookings/<int:pk>/cancel/"), booking_cancel, name="booking_cancel"),
]
