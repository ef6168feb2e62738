from django.contrib import admin

from organisations.models import Membership, Organisation
from portal.admin_mixins import MunicipalityScopedAdmin


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(MunicipalityScopedAdmin):
    list_display = ["name", "kind", "organisation_number", "municipality", "district"]
    list_filter = ["kind", "municipality", "listed_in_directory"]
    search_fields = ["name", "organisation_number"]
    list_select_related = ["municipality", "district"]
    filter_horizontal = ["focus_areas", "target_groups"]
    inlines = [MembershipInline]
