"""Following (focus areas, districts, networks, organisations), alert settings and the
one-click unsubscribe from alerts.

* "What I follow" (``follows_index``, ``follows``): a person with an account picks what they
  follow in a municipality and how often they hear of it.
* The "Follow" / "Stop following" button on a focus area's, a network's page
  (``follow``, POST): back to the page it was pressed on.
* The one-click link of every alert and digest (``alerts_stop``): no login, a signed token.
  GET asks for a confirmation; POST stops the alerts. A mail client's one-click POST
  (RFC 8058, ``List-Unsubscribe=One-Click``) comes without a CSRF token, so the view is
  exempt: the signed token is what proves the link was the person's.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from networks.models import Network
from organisations.models import Organisation
from outreach.forms.follows import FollowsForm
from outreach.selectors import follows as selectors
from outreach.services import follows as services
from portal.forms import add_service_errors
from portal.models import District, FocusArea, Municipality


def _municipality(slug) -> Municipality:
    return get_object_or_404(Municipality, slug=slug, is_active=True)


@login_required
def follows_index(request):
    """The municipalities, with what the person follows in each."""
    followed = {f.municipality.pk: f for f in selectors.followed_everywhere(request.user)}
    municipalities = [
        (municipality, followed.get(municipality.pk))
        for municipality in Municipality.objects.filter(is_active=True).order_by("name")
    ]
    return render(request, "outreach/follows/index.html", {"municipalities": municipalities})


@login_required
def follows(request, slug):
    municipality = _municipality(slug)
    search = request.GET.get("sok", "")[:100]
    form = FollowsForm(
        request.POST or None, municipality=municipality, user=request.user, search=search
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.follows_save(
                user=request.user, municipality=municipality, data=form.service_data()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("What you follow has been saved."))
            return redirect("outreach:follows", slug=municipality.slug)
    return render(
        request,
        "outreach/follows/follows.html",
        {"municipality": municipality, "form": form, "search": search},
    )


MODELS = {
    "focus_area": FocusArea,
    "district": District,
    "network": Network,
    "organisation": Organisation,
}
FOLLOWABLE = {
    "focus_area": selectors.focus_areas,
    "district": selectors.districts,
    "network": selectors.networks,
    "organisation": selectors.organisations,
}


def _back(request, fallback: str) -> str:
    wanted = request.POST.get("next", "")
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return fallback


@login_required
@require_POST
def follow(request, target, pk):
    """Follow (``follow=1``) or stop following (``follow=0``) one thing."""
    if target not in FOLLOWABLE:
        raise Http404
    obj = get_object_or_404(MODELS[target].objects.select_related("municipality"), pk=pk)
    if not FOLLOWABLE[target](obj.municipality).filter(pk=obj.pk).exists():
        raise Http404  # an invite-only network, an unlisted organisation
    following = request.POST.get("follow") == "1"
    services.follow_set(user=request.user, obj=obj, following=following)
    if following:
        messages.success(request, _("You now follow %(name)s.") % {"name": obj})
    else:
        messages.success(request, _("You no longer follow %(name)s.") % {"name": obj})
    return redirect(_back(request, reverse("outreach:follows", args=[obj.municipality.slug])))


@csrf_exempt
def alerts_stop(request, token):
    """The one-click link: GET asks, POST stops (no login; the signed token)."""
    try:
        user, municipality = services.token_read(token)
    except signing.BadSignature:
        return render(request, "outreach/follows/stop_invalid.html", status=400)
    if request.method == "POST":
        services.alerts_stop(user=user, municipality=municipality)
        return render(request, "outreach/follows/stop_done.html", {"municipality": municipality})
    return render(
        request,
        "outreach/follows/stop.html",
        {
            "municipality": municipality,
            "paused": selectors.setting_of(user, municipality).is_paused,
        },
    )


urlpatterns = [
    path("", follows_index, name="follows_index"),
    path(gettext_lazy("follow/<str:target>/<int:pk>/"), follow, name="follow"),
    path(gettext_lazy("alerts/stop/<str:token>/"), alerts_stop, name="alerts_stop"),
    path("<slug:slug>/", follows, name="follows"),
]
