"""The admin's change list, with its date hierarchy's parameters checked.

Django turns a wrong filter in a change list's address into the list with an error note,
but a date-hierarchy year too big for a date (``?created_at__year=99999999999999999999``)
escapes as an OverflowError: a 500. Admins with a ``date_hierarchy`` use this list.
"""

from django.contrib.admin.options import IncorrectLookupParameters

from portal.admin.mixins import RowLinkChangeList


class CheckedChangeList(RowLinkChangeList):
    """Also the scoped admins' cheap row links (portal.admin.mixins.RowLinkChangeList)."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except OverflowError as error:  # a year no date has
            raise IncorrectLookupParameters(error) from error


class DateHierarchyAdminMixin:
    """For a ModelAdmin with a ``date_hierarchy``: a wrong year is a wrong filter."""

    def get_changelist(self, request, **kwargs):
        return CheckedChangeList
