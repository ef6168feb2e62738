"""Core pages: start, municipality, my page, officer workspace, dashboard, legal pages, health."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal import health, municipality_page
from portal.access import role_required
from portal.caching import public_page
from portal.gdpr.erasure import deletion_blockers
from portal.gdpr.forms import AccountDeleteForm
from portal.models import FocusArea, Municipality, ReminderPolicy
from portal.my_page import sections_context
from portal.roles import ADMIN_ROLES
from portal.selectors import (
    municipalities_for_roles,
    municipality_overview,
    role_assignments_for,
)


@public_page
def home(request):
    municipalities = Municipality.objects.filter(is_active=True).prefetch_related(
        Prefetch("focusareas", queryset=FocusArea.objects.order_by("ordering", "name"))
    )
    return render(request, "portal/home.html", {"municipalities": municipalities})


@public_page
def municipality_detail(request, slug):
    municipality = get_object_or_404(Municipality, slug=slug, is_active=True)
    context = {"municipality": municipality, **municipality_overview(municipality)}
    context.update(municipality_page.sections_context(request, municipality))
    return render(request, "portal/municipality_detail.html", context)


def my_page_context(request, delete_form=None) -> dict:
    """My page's content (the apps' sections: portal.my_page); the erasure view shows it
    again with its form's errors."""
    return {
        **sections_context(request),
        "roles": role_assignments_for(request.user),
        "delete_form": delete_form or AccountDeleteForm(user=request.user),
        "deletion_blockers": [] if delete_form else deletion_blockers(request.user),
    }


@login_required
def my_page(request):
    return render(request, "portal/my_page.html", my_page_context(request))


@role_required(ADMIN_ROLES)
def workspace(request):
    municipalities = municipalities_for_roles(request.user, ADMIN_ROLES).prefetch_related(
        "committees"
    )
    return render(request, "portal/workspace.html", {"municipalities": municipalities})


def accessibility(request):
    return render(request, "portal/accessibility.html")


def privacy(request):
    context = {
        "municipalities": Municipality.objects.filter(is_active=True),
        "inactive_account_years": settings.INACTIVE_ACCOUNT_YEARS,
        "policy_defaults": ReminderPolicy(),
    }
    return render(request, "portal/privacy.html", context)


@never_cache
@require_GET
def healthz(request):
    db_ok, db_detail = health.check_database()
    redis_ok, redis_detail = health.check_redis()
    ok = db_ok and redis_ok
    body = {
        "status": "ok" if ok else "error",
        "database": db_detail,
        "redis": redis_detail,
        "celery_heartbeat_age_seconds": health.celery_heartbeat_age() if redis_ok else None,
    }
    return JsonResponse(body, status=200 if ok else 503)
