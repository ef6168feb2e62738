"""View-level role enforcement, used by every view that is not public."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from portal.models import Municipality
from portal.selectors import user_has_any_role, user_has_role


def municipality_for_roles(request, slug, roles) -> Municipality:
    """The municipality if the user holds one of ``roles`` there; 404 otherwise.

    A 404 (not 403) for other municipalities' pages, so their existence and
    contents never leak through guessed addresses.
    """
    municipality = get_object_or_404(Municipality, slug=slug, is_active=True)
    if not user_has_role(request.user, municipality, roles):
        raise Http404
    return municipality


def role_required(roles):
    """Decorator: log in first, then require one of ``roles`` in some municipality (403)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not (request.user.is_superuser or user_has_any_role(request.user, roles)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
