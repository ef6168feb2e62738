"""Segments in the admin: the coordinator describes whom a mailing goes to (registered
organisations by kind, eligibility, focus area, district and target group, and the members
of networks) and sees on the page how many it reaches now and the first of them by name.
Every write goes through ``outreach.services.segments`` (checked and audited)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from networks.models import Network
from outreach import permissions
from outreach.admin.common import OwnMunicipalityChoices, own_choices
from outreach.forms.mailings import SegmentAdminForm
from outreach.models import Segment
from outreach.selectors.segments import reach
from outreach.services import segments as services
from portal.admin.mixins import MunicipalityScopedAdmin
from portal.models import AuditEvent, District, FocusArea, Municipality, TargetGroup

_CHOICES = {
    "focus_areas": FocusArea,
    "districts": District,
    "target_groups": TargetGroup,
    "networks": Network,
}


@admin.register(Segment)
class SegmentAdmin(OwnMunicipalityChoices, MunicipalityScopedAdmin):
    form = SegmentAdminForm
    list_display = ["name", "description", "to_organisations", "updated_at", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["name", "description"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["networks"]  # two thousand at the largest: a search box

    def get_fieldsets(self, request, obj=None):
        first = ["name", "description"]
        if obj is None:
            first = ["municipality", *first]
        return [
            (None, {"fields": first}),
            (
                _("Registered organisations"),
                {
                    "fields": [
                        "to_organisations",
                        "kinds",
                        "only_eligible",
                        "focus_areas",
                        "districts",
                        "target_groups",
                    ],
                    "description": _(
                        "The approved organisations that match every choice made (nothing "
                        "chosen in a list: any). They are reached through the people who act "
                        "for them (responsible and grant manager), or their contact address "
                        "when nobody has an account."
                    ),
                },
            ),
            (
                _("Networks"),
                {
                    "fields": ["networks"],
                    "description": _(
                        "Every active member of the networks chosen: organisations, people "
                        "and outside partners, whatever the choices above."
                    ),
                },
            ),
        ]

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return permissions.may_send_mailings(request.user, obj.municipality_id)

    def has_delete_permission(self, request, obj=None):
        """Not once a mailing was written to it: the mailing refers to it."""
        allowed = super().has_delete_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return permissions.may_send_mailings(
            request.user, obj.municipality_id
        ) and not services.segment_in_use(obj)

    # --- choices of the segment's municipality -----------------------------------------------

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "municipality":
            kwargs["queryset"] = Municipality.objects.filter(
                pk__in=self.choice_municipalities(request)
            )
        return own_choices(super().formfield_for_foreignkey(db_field, request, **kwargs), kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in _CHOICES:
            kwargs["queryset"] = (
                _CHOICES[db_field.name]
                .objects.filter(municipality__in=self.choice_municipalities(request))
                .order_by("name")
            )
        return own_choices(super().formfield_for_manytomany(db_field, request, **kwargs), kwargs)

    # --- writes through the services ---------------------------------------------------------

    def save_model(self, request, obj, form, change):
        """Written in save_related, through the services."""

    def save_related(self, request, form, formsets, change):
        names = (*services.FIELDS, *services.MANY)
        if change:
            data = {k: form.cleaned_data[k] for k in form.changed_data if k in names}
            services.segment_update(segment=form.instance, by=request.user, data=data)
        else:
            data = {k: form.cleaned_data[k] for k in names if k in form.cleaned_data}
            created = services.segment_create(
                municipality=form.cleaned_data["municipality"], by=request.user, data=data
            )
            form.instance.pk, form.instance._state.adding = created.pk, False

    def delete_model(self, request, obj):
        services.segment_delete(segment=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for segment in queryset:
            try:
                services.segment_delete(segment=segment, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{segment}: {' '.join(error.messages)}",
                                  messages.ERROR)  # fmt: skip

    # --- the segment's page ------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        segment = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if segment is not None:
            extra_context.update(
                reach=reach(segment),
                mailings=list(segment.mailings.order_by("-created_at")[:20]),
                audit=AuditEvent.objects.filter(
                    target_type="outreach.segment", target_id=str(segment.pk)
                ).select_related("actor"),
            )
        return super().change_view(request, object_id, form_url, extra_context)
