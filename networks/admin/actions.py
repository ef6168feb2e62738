"""Actions and shared documents in the admin: follow up what networks agreed to do (overdue
first), and tidy the files members shared. Rules live in networks.services."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from networks import services
from networks.admin.forms import ActionForm, officers_of
from networks.admin.networks import save_with_status_move
from networks.models import Action, Meeting, NetworkDocument, NetworkMember
from portal.admin.mixins import MunicipalityScopedAdmin, admin_municipalities, apply_to_each


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("Not overdue"))]

    def queryset(self, request, queryset):
        overdue = Q(status__in=Action.OPEN_STATUSES, due_on__lt=timezone.localdate())
        if self.value() == "yes":
            return queryset.filter(overdue)
        if self.value() == "no":
            return queryset.exclude(overdue)
        return queryset


@admin.register(Action)
class ActionAdmin(MunicipalityScopedAdmin):
    municipality_lookup = "network__municipality"
    form = ActionForm
    list_display = ["title", "network", "owner", "due_on", "status", "meeting"]
    list_filter = [OverdueFilter, ("network", admin.RelatedOnlyFieldListFilter), "status"]
    search_fields = ["title", "description", "network__name"]
    list_select_related = ["network", "meeting", "owner_member__organisation",
                           "owner_member__user", "owner_officer"]  # fmt: skip
    fields = ["network", "meeting", "title", "description", "owner_member", "owner_officer",
              "due_on", "status", "created_by", "created_at", "completed_at"]  # fmt: skip
    readonly_fields = ["created_by", "created_at", "completed_at"]
    actions = ["mark_done"]

    @admin.display(description=_("owner"))
    def owner(self, obj):
        return obj.owner_name

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Owners and meetings of the user's own municipalities; current owners stay
        choosable so an old action can still be edited (the form checks new owners)."""
        municipalities = admin_municipalities(request)
        mine = Action.objects.filter(network__municipality__in=municipalities)
        if db_field.name == "owner_member":
            kwargs["queryset"] = NetworkMember.objects.filter(
                network__municipality__in=municipalities
            ).select_related("organisation", "user")
        elif db_field.name == "owner_officer":
            kwargs["queryset"] = get_user_model().objects.filter(
                Q(pk__in=officers_of(municipalities).values("pk"))
                | Q(pk__in=mine.values("owner_officer"))
            )
        elif db_field.name == "meeting":
            kwargs["queryset"] = Meeting.objects.filter(network__municipality__in=municipalities)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        """New actions through services.action_create, status changes through
        services.action_set_status (both audited)."""
        if not change:
            created = services.action_create(
                network=obj.network, meeting=obj.meeting, title=obj.title,
                description=obj.description, due_on=obj.due_on, owner_member=obj.owner_member,
                owner_officer=obj.owner_officer, by=request.user,
            )  # fmt: skip
            if obj.status != created.status:
                services.action_set_status(action=created, status=obj.status, by=request.user)
            obj.pk = created.pk
            return
        save_with_status_move(
            obj,
            form.changed_data,
            lambda action, status: services.action_set_status(
                action=action, status=status, by=request.user
            ),
        )

    @admin.action(description=_("Mark the selected actions done"), permissions=["change"])
    def mark_done(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset,
            lambda action: services.action_set_status(
                action=action, status=Action.Status.DONE, by=request.user
            ),
            _("%(count)s actions marked done."),
        )


@admin.register(NetworkDocument)
class NetworkDocumentAdmin(MunicipalityScopedAdmin):
    """Read-only: files are shared from the portal's network page; here they can be
    downloaded or removed."""

    municipality_lookup = "network__municipality"
    list_display = ["title", "network", "meeting", "uploaded_by", "uploaded_at", "size",
                    "download"]  # fmt: skip
    list_filter = [("network", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "original_name"]
    list_select_related = ["network", "meeting", "uploaded_by"]
    fields = ["title", "network", "meeting", "original_name", "content_type", "size",
              "uploaded_by", "uploaded_at", "download"]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, obj):
        url = reverse("networks:document", args=[obj.network_id, obj.pk])
        return format_html('<a href="{}" download>{}</a>', url, obj.original_name)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        obj.file.delete(save=False)

    def delete_queryset(self, request, queryset):
        for document in queryset:
            self.delete_model(request, document)
