"""Requests the portal refuses before any view sees them.

PostgreSQL cannot hold a NUL character, so no slug, token, id or filter value contains one,
and a lookup with one fails in the database driver (a 500). An address with a NUL in its
path names nothing: 404. A NUL in the query (a filter, a search, a list's sorting) is a
request the portal cannot read: 400, with a page that says so. This covers every page --
allauth's and the admin's too, and any added later. (Form fields are the forms' to check:
Django's text fields refuse a NUL with an error at the field.)
"""

from django.http import Http404
from django.shortcuts import render


class NulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise Http404
        if any("\x00" in "".join([key, *values]) for key, values in request.GET.lists()):
            return render(request, "400.html", status=400)
        return self.get_response(request)
