"""A volunteer's own pages: signing up in a municipality, changing what they wrote,
pausing and resuming, removing it ("remove me"), and their page of shifts, pledges and
hours in every municipality where they volunteer. Everything here is the logged-in
person's own; nobody else's profile is reachable."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.forms import add_service_errors
from portal.models import Municipality
from volunteering.forms.volunteers import ConfirmRemovalForm, VolunteerForm
from volunteering.models import Volunteer
from volunteering.selectors.volunteers import my_volunteering, volunteer_of
from volunteering.services import volunteers as services


def _municipality(slug) -> Municipality:
    return get_object_or_404(Municipality, slug=slug, is_active=True)


def next_url(request, default: str) -> str:
    """Where to go after the form: the page the person came from (``next``), if it is the
    portal's own, else ``default``."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if _own_path(request, wanted):
        return wanted
    return default


def _own_path(request, wanted: str) -> bool:
    """A path of this portal ("/…"), never another site's address nor a bare word (which
    ``redirect`` would take for a view's name)."""
    return wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def _with_next(url: str, request) -> str:
    wanted = request.GET.get("next") or ""
    if _own_path(request, wanted):
        return f"{url}?{urlencode({'next': wanted})}"
    return url


@login_required
def register(request, slug):
    municipality = _municipality(slug)
    if volunteer_of(request.user, municipality) is not None:
        return redirect(_with_next(reverse("volunteering:volunteer_edit", args=[slug]), request))
    form = VolunteerForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            services.volunteer_register(
                user=request.user,
                municipality=municipality,
                data=form.profile(),
                consent=form.cleaned_data["consent"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Welcome as a volunteer in %(name)s! You can change or remove what you "
                  "wrote here at any time.") % {"name": municipality.name},
            )  # fmt: skip
            return redirect(next_url(request, reverse("volunteering:mine")))
    context = {"municipality": municipality, "form": form, "next": next_url(request, "")}
    return render(request, "volunteering/volunteers/register.html", context)


def _own_profile(request, slug) -> Volunteer | None:
    return volunteer_of(request.user, _municipality(slug))


@login_required
def edit(request, slug):
    volunteer = _own_profile(request, slug)
    if volunteer is None:
        register_url = reverse("volunteering:volunteer_register", args=[slug])
        return redirect(_with_next(register_url, request))
    form = VolunteerForm(
        request.POST or None, municipality=volunteer.municipality, volunteer=volunteer
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.volunteer_update(
                volunteer=volunteer,
                by=request.user,
                data=form.profile(),
                consent=form.cleaned_data.get("consent", False),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your volunteer profile has been saved."))
            return redirect(next_url(request, reverse("volunteering:mine")))
    context = {"volunteer": volunteer, "municipality": volunteer.municipality, "form": form,
               "next": next_url(request, "")}  # fmt: skip
    return render(request, "volunteering/volunteers/edit.html", context)


@login_required
@require_POST
def set_status(request, slug):
    volunteer = _own_profile(request, slug)
    if volunteer is None:
        return redirect("volunteering:volunteer_register", slug)
    status = request.POST.get("status", "")
    try:
        services.volunteer_set_status(volunteer=volunteer, status=status, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if status == Volunteer.Status.PAUSED:
            messages.success(
                request,
                _("Your volunteering is paused: nobody asks you for help until you make "
                  "yourself available again. Your booked shifts stay booked."),
            )  # fmt: skip
        else:
            messages.success(request, _("You are available as a volunteer again."))
    return redirect("volunteering:mine")


@login_required
def remove(request, slug):
    volunteer = _own_profile(request, slug)
    if volunteer is None:
        return redirect("volunteering:mine")
    form = ConfirmRemovalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.volunteer_remove(volunteer=volunteer, by=request.user)
        messages.success(
            request,
            _("Your volunteer profile in %(name)s has been removed.")
            % {"name": volunteer.municipality.name},
        )
        return redirect("volunteering:mine")
    context = {"volunteer": volunteer, "municipality": volunteer.municipality, "form": form}
    return render(request, "volunteering/volunteers/remove.html", context)


@login_required
def mine(request):
    involvements = my_volunteering(request.user)
    elsewhere = Municipality.objects.filter(is_active=True).exclude(
        pk__in=[i.volunteer.municipality_id for i in involvements]
    )
    context = {"involvements": involvements, "elsewhere": elsewhere.order_by("name")}
    return render(request, "volunteering/volunteers/mine.html", context)


urlpatterns = [
    path(gettext_lazy("mine/"), mine, name="mine"),
    path(gettext_lazy("municipality/<slug:slug>/sign-up/"), register, name="volunteer_register"),
    path(gettext_lazy("municipality/<slug:slug>/my-profile/"), edit, name="volunteer_edit"),
    path(
        gettext_lazy("municipality/<slug:slug>/my-profile/status/"),
        set_status,
        name="volunteer_status",
    ),
    path(
        gettext_lazy("municipality/<slug:slug>/my-profile/remove/"),
        remove,
        name="volunteer_remove",
    ),
]
