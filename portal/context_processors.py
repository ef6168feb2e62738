from django.conf import settings


def portal(request):
    """Values every page template needs (name of the portal, the language switch)."""
    return {"PORTAL_NAME": settings.PORTAL_NAME}
