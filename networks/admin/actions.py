"""Actions and shared documents in the admin: follow up the action plans — what networks,
collaborations and focus areas are to do, who owns it, overdue first — and tidy the files
members shared. Rules live in networks.services."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from collaborations.models import Agreement, Collaboration
from networks import selectors, services
from networks.admin.filters import ChosenRowFilter
from networks.admin.forms import ActionForm, officers_of
from networks.models import Action, Meeting, Network, NetworkDocument, NetworkMember
from organisations.models import Organisation
from portal.admin.mixins import MunicipalityScopedAdmin, admin_municipalities, apply_to_each
from portal.models import Administration, FocusArea


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


class ProgressFilter(admin.SimpleListFilter):
    """Progress as the action plans say it (not started, ongoing, done, dropped)."""

    title = _("progress")
    parameter_name = "progress"

    def lookups(self, request, model_admin):
        return Action.Status.choices

    def queryset(self, request, queryset):
        if self.value() in Action.Status.values:
            return queryset.filter(status=self.value())
        return queryset


def _refused_as_error(operation):
    """An admin action's step whose refusal (PermissionDenied) is reported for the row."""

    def run(action):
        try:
            operation(action)
        except PermissionDenied:
            raise ValidationError(_("You may not change this action.")) from None

    return run


@admin.register(Action)
class ActionAdmin(MunicipalityScopedAdmin):
    """The action plans — "vem gör vad": actions of networks, of collaborations in the
    register and of focus areas, each with one owner. New actions are created by
    services.action_create, changes saved by services.action_update (status and note by
    services.action_set_status), all checked and audited."""

    municipality_lookup = "municipality"
    form = ActionForm
    list_display = ["title", "belongs_to", "owner", "due_on", "status", "meeting"]
    list_filter = [
        OverdueFilter,
        ProgressFilter,
        ("focus_area", admin.RelatedOnlyFieldListFilter),
        ("collaboration", ChosenRowFilter),
        ("network", ChosenRowFilter),
    ]
    search_fields = ["title", "description", "network__name", "collaboration__title"]
    list_select_related = ["network", "collaboration", "focus_area", "meeting",
                           "owner_member__organisation", "owner_member__user", "owner_officer",
                           "owner_unit", "owner_organisation"]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["title", "description", "due_on"]}),
        (_("Belongs to"), {"fields": ["network", "collaboration", "focus_area"]}),
        (_("Comes from"), {"fields": ["meeting", "agreement"]}),
        (
            _("Owner (one of them)"),
            {"fields": ["owner_member", "owner_officer", "owner_unit", "owner_organisation"]},
        ),
        (_("Progress"), {"fields": ["status", "progress_note"]}),
        (None, {"fields": ["created_by", "created_at", "completed_at"]}),
    ]
    readonly_fields = ["created_by", "created_at", "completed_at"]
    # thousands in a municipality (networks, collaborations, meetings, members,
    # organisations; agreements hundreds): search boxes, each answering the choices below
    autocomplete_fields = ["network", "collaboration", "meeting", "agreement", "owner_member",
                           "owner_organisation"]  # fmt: skip
    actions = ["mark_done"]

    @admin.display(description=_("owner"))
    def owner(self, obj):
        return obj.owner_name

    @admin.display(description=_("belongs to"))
    def belongs_to(self, obj):
        anchors = (obj.network, obj.collaboration, obj.focus_area)
        return ", ".join(str(anchor) for anchor in anchors if anchor is not None)

    def has_change_permission(self, request, obj=None):
        """Only the action's managers change it here; its owners report progress on My
        page (services.action_set_status)."""
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or selectors.manages_action(request.user, obj))

    def get_form(self, request, obj=None, change=False, **kwargs):
        # the choices below: the action's own municipality, or (adding) the person's
        request._action_municipalities = (
            [obj.municipality_id] if obj is not None else admin_municipalities(request)
        )
        request._action_pk = obj.pk if obj is not None else None
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Anchors, origins and owners of the action's municipality; current owners stay
        choosable so an old action can still be edited (the form checks new owners)."""
        municipalities = getattr(request, "_action_municipalities", None)
        if municipalities is None:
            municipalities = admin_municipalities(request)
        querysets = {
            "network": Network.objects.filter(municipality__in=municipalities),
            "collaboration": Collaboration.objects.filter(municipality__in=municipalities),
            "focus_area": FocusArea.objects.filter(municipality__in=municipalities),
            "meeting": Meeting.objects.filter(municipality__in=municipalities).order_by(
                "-starts_at", "-pk"
            ),
            "agreement": Agreement.objects.filter(
                collaboration__municipality__in=municipalities
            ).select_related("collaboration"),
            "owner_member": NetworkMember.objects.filter(
                network__municipality__in=municipalities
            ).select_related("organisation", "user"),
            "owner_unit": Administration.objects.filter(municipality__in=municipalities),
            "owner_organisation": Organisation.objects.filter(
                municipality__in=municipalities
            ).order_by("name"),
        }
        if db_field.name == "owner_officer":
            # the officers, and the action's own owner (one union, read through the key:
            # an OR of the two would read every person of the portal)
            officers = officers_of(municipalities).order_by().values("pk")
            owner = Action.objects.filter(pk=getattr(request, "_action_pk", None)).order_by()
            kwargs["queryset"] = get_user_model().objects.filter(
                pk__in=officers.union(owner.values("owner_officer")).order_by()
            )
        elif db_field.name in querysets:
            kwargs["queryset"] = querysets[db_field.name]
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        """New actions through services.action_create, changes through
        services.action_update (status and note through services.action_set_status)."""
        if not change:
            created = services.action_create(
                network=obj.network, collaboration=obj.collaboration, focus_area=obj.focus_area,
                meeting=obj.meeting, agreement=obj.agreement, title=obj.title,
                description=obj.description, due_on=obj.due_on, owner_member=obj.owner_member,
                owner_officer=obj.owner_officer, owner_unit=obj.owner_unit,
                owner_organisation=obj.owner_organisation, by=request.user,
            )  # fmt: skip
            if obj.status != created.status or obj.progress_note:
                services.action_set_status(
                    action=created, status=obj.status, note=obj.progress_note, by=request.user
                )
            obj.pk = created.pk
            return
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        services.action_update(action=obj, changes=changes, by=request.user)

    @admin.action(description=_("Mark the selected actions done"), permissions=["change"])
    def mark_done(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset,
            _refused_as_error(
                lambda action: services.action_set_status(
                    action=action, status=Action.Status.DONE, by=request.user
                )
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
