"""Security headers Django does not set itself.

``Permissions-Policy`` switches off browser features the portal never uses (camera,
microphone, location, payment, USB), so an injected script or a framed page cannot ask for
them. The value comes from the ``PERMISSIONS_POLICY`` setting; empty means no header.
"""

from django.conf import settings


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response
