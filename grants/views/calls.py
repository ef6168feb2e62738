"""Public pages of the grants: open calls and what a call gives, who may apply and when."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from grants import selectors
from grants.form_builder import programme_questions
from grants.models import Call
from organisations.selectors import organisations_for_user
from portal.caching import public_page
from portal.models import Municipality


@public_page
def call_list(request):
    municipality = None
    slug = request.GET.get("kommun")
    if slug:
        municipality = Municipality.objects.filter(slug=slug, is_active=True).first()
    context = {
        "calls": selectors.open_calls(municipality=municipality),
        "municipalities": Municipality.objects.filter(is_active=True),
        "selected": municipality,
    }
    return render(request, "grants/call_list.html", context)


def call_detail(request, pk):
    call = get_object_or_404(
        Call.objects.select_related("programme__committee__municipality", "focus_area"), pk=pk
    )
    now = timezone.now()
    organisations = []
    if request.user.is_authenticated:
        existing = dict(
            call.applications.filter(organisation__memberships__user=request.user).values_list(
                "organisation_id", "pk"
            )
        )
        mine = list(organisations_for_user(request.user))
        reasons = selectors.ineligibility_reasons_by_organisation(call, mine, now)
        organisations = [(org, reasons[org.pk], existing.get(org.pk)) for org in mine]
    context = {
        "call": call,
        "programme": call.programme,
        "is_open": call.is_open(now),
        "late": selectors.late_status(call, now),
        "organisations": organisations,
        "questions": programme_questions(call.programme),
    }
    return render(request, "grants/call_detail.html", context)
