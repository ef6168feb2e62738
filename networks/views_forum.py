"""Open forums' pages: the public sign-up for a meeting (anyone, no account), the person's
own page of their sign-up (reached by the secret link in their email) where they cancel,
and the check-in list of the day for the meeting's managers, with its CSV/XLSX export.
Rules live in networks.services_signups and networks.signups."""

import io

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from networks import selectors, services_signups, signups
from networks.forms_forum import CheckInForm, SignupForm
from networks.models import OpenSignup
from organisations.permissions import NETWORKS, organisations_where
from portal import spreadsheets
from portal.forms import add_service_errors

# At most this many sign-ups an hour from one address (robots past the honeypot).
SIGNUPS_PER_HOUR = 20


def _too_many(request) -> bool:
    """Whether the visitor's address has signed up too often this hour (the cache counts;
    when Redis is away nobody is stopped)."""
    address = request.META.get("REMOTE_ADDR", "")
    key = f"forum-signups:{address}"
    try:
        cache.add(key, 0, 3600)
        return cache.incr(key) > SIGNUPS_PER_HOUR
    except Exception:  # a cache fault must not stop a sign-up
        return False


def _organisations(request, meeting):
    if not request.user.is_authenticated:
        return None
    return organisations_where(request.user, NETWORKS).filter(
        municipality_id=meeting.network.municipality_id
    )


@never_cache
def signup(request, pk):
    meeting = signups.open_meeting(pk)
    if meeting is None:
        raise Http404
    problem = signups.signup_problem(meeting)
    organisations = _organisations(request, meeting)
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.get_full_name(), "email": request.user.email}
    form = SignupForm(request.POST or None, organisations=organisations, initial=initial)
    if request.method == "POST" and not problem and form.is_valid():
        if form.is_robot():  # as if it went well, and nothing is kept
            return render(request, "networks/forum/already.html", {"meeting": meeting})
        if _too_many(request):
            form.add_error(None, _("Too many sign-ups from your connection. Try again later."))
        else:
            try:
                made, created = services_signups.sign_up(
                    meeting=meeting, data=form.cleaned_data, by=request.user
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if not created:
                    return render(request, "networks/forum/already.html", {"meeting": meeting})
                return redirect("networks:forum_signup_page", made.token)
    context = {
        "meeting": meeting,
        "network": meeting.network,
        "form": form,
        "problem": problem,
        "places_left": signups.places_left(meeting),
    }
    return render(request, "networks/forum/signup.html", context, status=200)


def _own_signup(token) -> OpenSignup:
    signup_row = signups.signup_by_token(token)
    if signup_row is None:
        raise Http404
    return signup_row


@never_cache
def signup_page(request, token):
    """The person's own sign-up: booked, or number N on the waiting list; cancel here."""
    signup_row = _own_signup(token)
    meeting = signup_row.meeting
    context = {
        "signup": signup_row,
        "meeting": meeting,
        "network": meeting.network,
        "position": signups.waiting_position(signup_row)
        if signup_row.status == OpenSignup.Status.WAITING
        else None,
        "may_cancel": signup_row.status != OpenSignup.Status.CANCELLED and not meeting.has_started,
    }
    response = render(request, "networks/forum/signup_page.html", context)
    response["Referrer-Policy"] = "no-referrer"  # the address is the key: never pass it on
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
def signup_cancel(request, token):
    signup_row = _own_signup(token)
    try:
        services_signups.signup_cancel(signup=signup_row, by=request.user, token=token)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your sign-up is cancelled. Thank you for telling us."))
    return redirect("networks:forum_signup_page", token)


# --- the check-in list -----------------------------------------------------------------


def _managed_meeting(request, pk):
    if not request.user.is_authenticated:
        raise Http404
    meeting = selectors.meeting_for_viewer(request.user, pk)
    if not selectors.can_manage(request.user, meeting.network):
        raise Http404
    return meeting


@never_cache
def checkin_list(request, pk):
    meeting = _managed_meeting(request, pk)
    rows = signups.checkin_rows(meeting)
    context = {
        "meeting": meeting,
        "network": meeting.network,
        "rows": rows,
        "counts": signups.checkin_counts(rows),
        "waiting": signups.line_entries(signups.waiting_line(meeting)),
    }
    return render(request, "networks/forum/checkin.html", context)


@require_POST
def checkin_mark(request, pk):
    meeting = _managed_meeting(request, pk)
    form = CheckInForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        done = services_signups.check_in(
            meeting=meeting, kind=form.cleaned_data["kind"], pk=form.cleaned_data["row"],
            by=request.user,
        )  # fmt: skip
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if done:
            messages.success(request, _("Checked in."))
        else:
            messages.info(request, _("Already checked in."))
    anchor = f"#row-{form.cleaned_data['kind']}-{form.cleaned_data['row']}"
    return redirect(reverse("networks:checkin", args=[meeting.pk]) + anchor)


EXPORT_COLUMNS = [
    gettext_lazy("Name"),
    gettext_lazy("Organisation"),
    gettext_lazy("Places"),
    gettext_lazy("Access needs"),
    gettext_lazy("Interpreter"),
    gettext_lazy("Member of the network"),
    gettext_lazy("Checked in"),
]


def _export_values(row) -> list:
    checked = (
        timezone.localtime(row.checked_in_at).strftime("%Y-%m-%d %H:%M")
        if row.checked_in_at
        else ""
    )
    member = _("Yes") if row.kind == "member" else _("No")
    return [row.name, row.organisation, row.places, row.access_needs, row.interpreter, member,
            checked]  # fmt: skip


def checkin_export(request, pk, fmt):
    meeting = _managed_meeting(request, pk)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    rows = signups.checkin_rows(meeting)
    header = [str(column) for column in EXPORT_COLUMNS]
    filename = f"incheckning-{meeting.pk}.{fmt}"
    if fmt == "csv":
        out = io.StringIO()
        writer = spreadsheets.csv_writer(out, decimal=",", delimiter=";")
        writer.writerow(header)
        for row in rows:
            writer.writerow(_export_values(row))
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        out = io.BytesIO()
        book = spreadsheets.workbook(out)
        sheet = book.add_worksheet(_("Check-in")[:31])
        for column, value in enumerate(header):
            spreadsheets.write_cell(sheet, 0, column, value)
        for number, row in enumerate(rows, start=1):
            for column, value in enumerate(_export_values(row)):
                spreadsheets.write_cell(sheet, number, column, value)
        book.close()
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path(gettext_lazy("meetings/<int:pk>/sign-up/"), signup, name="forum_signup"),
    path(gettext_lazy("sign-up/<str:token>/"), signup_page, name="forum_signup_page"),
    path(gettext_lazy("sign-up/<str:token>/cancel/"), signup_cancel, name="forum_cancel"),
    path(gettext_lazy("meetings/<int:pk>/check-in/"), checkin_list, name="checkin"),
    path(gettext_lazy("meetings/<int:pk>/check-in/mark/"), checkin_mark, name="checkin_mark"),
    path(
        gettext_lazy("meetings/<int:pk>/check-in/export.<str:fmt>"),
        checkin_export,
        name="checkin_export",
    ),
]
