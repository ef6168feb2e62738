"""The one-click opt-out from a municipality's mailings: the link at the foot of every
mailing (and in its List-Unsubscribe header) carries a signed token naming the municipality
and the address, so no login is needed.

GET shows what stopping means and a button; POST stops them (RFC 8058: mail programs post
``List-Unsubscribe=One-Click`` without a CSRF token, so that POST is exempt; the token is
the key). A GET never changes anything (mail scanners open links). The same page lets the
person take it back. A forged, damaged or too old link gets a page that says so (400)."""

from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from outreach.services import mailings as services


def _invalid(request):
    return render(request, "outreach/mailings/invalid_link.html", status=400)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def opt_out(request, token):
    found = services.read_opt_out_token(token)
    if found is None:
        return _invalid(request)
    municipality, email = found
    just_now = False
    if request.method == "POST":
        just_now = services.mailing_opt_out(municipality=municipality, email=email)
    context = {
        "municipality": municipality,
        "email": email,
        "token": token,
        "opted_out": request.method == "POST" or services.has_opted_out(municipality, email),
        "just_now": just_now,
        "opted_in": request.GET.get("resumed") == "1",
    }
    return render(request, "outreach/mailings/opt_out.html", context)


@require_POST
def opt_in(request, token):
    found = services.read_opt_out_token(token)
    if found is None:
        return _invalid(request)
    municipality, email = found
    services.mailing_opt_in(municipality=municipality, email=email)
    page = reverse("outreach:mailing_opt_out", kwargs={"token": token})
    return redirect(f"{page}?resumed=1")


urlpatterns = [
    path(_("mailings/stop/<str:token>/"), opt_out, name="mailing_opt_out"),
    path(_("mailings/stop/<str:token>/resume/"), opt_in, name="mailing_opt_in"),
]
