"""The contact directory in the admin (the municipal administrator's)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from information.admin.base import ENGLISH, SWEDISH, InformationAdmin, ServiceForm
from information.models import Contact
from information.services import contacts as services


class ContactForm(ServiceForm):
    problems = staticmethod(services.contact_problems)
    instance_name = "contact"
    names = (*services.FIELDS, *services.MANY)

    class Meta:
        model = Contact
        fields = ["municipality", *services.FIELDS, *services.MANY]


@admin.register(Contact)
class ContactAdmin(InformationAdmin):
    form = ContactForm
    names = (*services.FIELDS, *services.MANY)
    list_display = ["name", "title_sv", "kind", "responsibility", "administration", "committee",
                    "is_published", "municipality"]  # fmt: skip
    list_filter = ["kind", "responsibility", "is_published", "municipality"]
    search_fields = ["name", "title_sv", "email"]
    list_select_related = ["administration", "committee", "municipality"]
    autocomplete_fields = ["user"]  # the municipality's staff: a search box

    def get_fieldsets(self, request, obj=None):
        first = ["kind", "name", "email", "phone", "user", "ordering", "is_published"]
        if obj is None:
            first = ["municipality", *first]
        return [
            (None, {"fields": first}),
            (SWEDISH, {"fields": ["title_sv"]}),
            (ENGLISH, {"fields": ["title_en"]}),
            (
                _("Responsibility"),
                {
                    "fields": ["responsibility", "administration", "focus_areas"],
                    "description": _(
                        "Officers: strategic, coordinating or operational responsibility, for "
                        "an administration and/or focus areas."
                    ),
                },
            ),
            (
                _("Politicians"),
                {
                    "fields": ["committee"],
                    "description": _("Politicians: the committee they are responsible in."),
                },
            ),
        ]

    def create(self, request, municipality, data):
        return services.contact_create(municipality=municipality, by=request.user, data=data)

    def update(self, request, obj, data):
        return services.contact_update(contact=obj, by=request.user, data=data)

    def delete_model(self, request, obj):
        services.contact_delete(contact=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for contact in queryset:
            services.contact_delete(contact=contact, by=request.user)
