"""Co-applications for outside money in the admin: the municipality's part in an
association's application, the funder's decision and the money it brought in (typed in
kronor, kept in öre)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from collaborations import permissions, services
from collaborations.admin.base import RegisterAdmin
from collaborations.forms_admin import CoApplicationForm, kronor_field
from collaborations.models import CoApplication, Collaboration
from collaborations.services.co_applications import FIELDS
from organisations.models import Organisation
from portal.money import format_ore


@admin.register(CoApplication)
class CoApplicationAdmin(RegisterAdmin):
    municipality_lookup = "collaboration__municipality"
    form = CoApplicationForm
    list_display = ["collaboration", "applicant", "funder", "municipal_role", "status",
                    "applied", "granted"]  # fmt: skip
    list_filter = ["status", "funder", "municipal_role"]
    search_fields = ["collaboration__title", "applicant__name", "funder_name"]
    list_select_related = ["collaboration", "applicant"]
    autocomplete_fields = ["collaboration", "applicant"]  # thousands: search boxes
    fieldsets = [
        (None, {"fields": ["collaboration", "applicant", "funder", "funder_name",
                           "municipal_role"]}),
        (_("Money"), {"fields": ["applied_ore", "co_financing_ore"]}),
        (_("Status and decision"), {"fields": ["submitted_on", "status", "granted_ore",
                                               "decided_on"]}),
    ]  # fmt: skip

    @admin.display(description=_("applied for"), ordering="applied_ore")
    def applied(self, obj):
        return format_ore(obj.applied_ore)

    @admin.display(description=_("granted"), ordering="granted_ore")
    def granted(self, obj):
        return format_ore(obj.granted_ore) if obj.status == CoApplication.Status.GRANTED else "–"

    def get_readonly_fields(self, request, obj=None):
        return ["collaboration"] if obj is not None else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        request._co_application_municipality = obj.collaboration.municipality_id if obj else None
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        return form

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name.endswith("_ore"):
            return kronor_field(db_field)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        municipality = getattr(request, "_co_application_municipality", None)
        municipalities = [municipality] if municipality else self.writable_municipalities(request)
        if db_field.name == "collaboration":
            kwargs["queryset"] = (
                Collaboration.objects.filter(
                    kind=Collaboration.Kind.CO_APPLICATION, co_application__isnull=True
                )
                .filter(permissions.recordable_q(request.user))
                .distinct()
                .order_by("title")
            )
        elif db_field.name == "applicant":
            kwargs["queryset"] = Organisation.objects.filter(
                municipality__in=municipalities
            ).order_by("name")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        """Through services.co_application_save, the status through
        services.co_application_set_status (audited)."""
        collaboration = obj.collaboration
        data = {k: form.cleaned_data[k] for k in FIELDS if k in form.cleaned_data}
        if change:
            data = {k: v for k, v in data.items() if k in form.changed_data}
        saved = services.co_application_save(
            collaboration=collaboration, by=request.user, data=data
        )
        if change and "status" in form.changed_data:
            services.co_application_set_status(
                co_application=saved, status=form.cleaned_data["status"], by=request.user,
                granted_ore=form.cleaned_data.get("granted_ore"),
                decided_on=form.cleaned_data.get("decided_on"),
            )  # fmt: skip
        obj.pk, obj._state.adding = saved.pk, False
