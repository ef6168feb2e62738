"""Host agreements (värdorganisationer) in the admin: read-only. The group asks and the host
answers in the portal; officers see who hosts which grant, who signed and when (also on the
case page)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from grants.models import HostAgreement
from portal.admin.mixins import MunicipalityScopedAdmin


@admin.register(HostAgreement)
class HostAgreementAdmin(MunicipalityScopedAdmin):
    municipality_lookup = "application__call__programme__committee__municipality"
    committee_lookup = "application__call__programme__committee"
    list_display = ["case", "group", "host", "status", "signatory_name", "answered_at"]
    list_filter = ["status"]
    search_fields = ["application__diarienummer", "application__organisation__name", "host__name"]
    list_select_related = ["application__organisation", "host"]
    readonly_fields = [
        "case", "group", "host", "status", "message", "requested_by", "requested_at",
        "signed_by", "signatory_name", "signatory_role", "answered_at", "answer_note",
    ]  # fmt: skip
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # answered by the host in the portal, never edited here

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("case"), ordering="application__diarienummer")
    def case(self, obj):
        return obj.application.diarienummer

    @admin.display(description=_("group"), ordering="application__organisation__name")
    def group(self, obj):
        return obj.application.organisation
