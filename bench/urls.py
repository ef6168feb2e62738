"""The portal's URLs plus the minimal reference view of the load benchmarks."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as portal_urlpatterns


def minimal(request):
    """Does nothing: what is left is the server, the WSGI glue and the middleware stack."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/minimal", minimal), *portal_urlpatterns]
