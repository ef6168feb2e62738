from django.contrib import admin

from networks.models import Network
from portal.admin_mixins import MunicipalityScopedAdmin


@admin.register(Network)
class NetworkAdmin(MunicipalityScopedAdmin):
    list_display = ["name", "municipality", "convening_unit", "visibility"]
    list_filter = ["municipality", "visibility"]
    search_fields = ["name", "purpose", "convening_unit"]
    list_select_related = ["municipality"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = []
    raw_id_fields = ["coordinator"]
