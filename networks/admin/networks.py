"""Networks, their members and join requests, and meeting places in the admin. Rules (who
may decide a request, what a request may become) live in networks.services."""

from functools import partial

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from networks import selectors, services
from networks.admin.deletion import CountedDeletionAdmin
from networks.admin.filters import ChosenRowFilter
from networks.admin.forms import (
    NetworkMemberForm,
    NetworkMemberFormSet,
    NetworkMemberInlineForm,
    UserByEmailField,
)
from networks.models import Action, Meeting, MeetingPlace, Network, NetworkMember
from networks.register import sync_register_entry
from organisations.models import Organisation
from portal.admin.audit import AuditedAdmin
from portal.admin.autocomplete import SharedRowChoicesInline
from portal.admin.mixins import (
    LabelledTabularInline,
    MunicipalityScopedAdmin,
    admin_municipalities,
    apply_to_each,
)
from portal.admin.object_actions import ObjectAction

M = NetworkMember.Status


class ParentAwareInline(LabelledTabularInline):
    """An inline whose choices depend on the object it sits in (the network, the meeting):
    ``parent_querysets`` returns {field name: queryset} for that object (None when adding)."""

    def parent_querysets(self, request, parent) -> dict:
        return {}

    def get_formset(self, request, obj=None, **kwargs):
        querysets = self.parent_querysets(request, obj)

        def formfield(db_field, **field_kwargs):
            if db_field.name not in querysets:
                return self.formfield_for_dbfield(db_field, request, **field_kwargs)
            field_kwargs["queryset"] = querysets[db_field.name]
            field = self.formfield_for_dbfield(db_field, request, **field_kwargs)
            # Every row offers the same choices: read them once for the page, not once per
            # row (each row's form copies this field; validation still uses the queryset).
            field.choices = [(getattr(v, "value", v), label) for v, label in field.choices]
            return field

        kwargs.setdefault("formfield_callback", formfield)
        return super().get_formset(request, obj, **kwargs)


class SavesThroughServices(admin.ModelAdmin):
    """Put below AuditedAdmin (``class X(AuditedAdmin, SavesThroughServices, ...)``): the
    audit's snapshot of the row is taken first, then ``save_through_services`` writes it
    through the services, so the admin holds no rules of its own."""

    def save_model(self, request, obj, form, change):
        self.save_through_services(request, obj, form, change)

    def save_through_services(self, request, obj, form, change):
        super().save_model(request, obj, form, change)


def save_with_status_move(obj, changed, move) -> None:
    """Save an existing row's changed fields, and its status through ``move(obj, status)``:
    a service that checks the move against the workflow table and audits it."""
    fields = [name for name in changed if name != "status"]
    if fields:
        obj.save(update_fields=fields)
    if "status" in changed:
        move(obj, obj.status)


class NetworkMemberInline(SharedRowChoicesInline, ParentAwareInline):
    """Active, declined and former members. Open requests are decided with the buttons
    below the form (services.join_decide), not by editing their status here; other status
    changes go through services.member_set_status (see NetworkAdmin.save_formset)."""

    model = NetworkMember
    form = NetworkMemberInlineForm
    formset = NetworkMemberFormSet
    extra = 0
    fields = ["kind", "organisation", "user", "partner_name", "contact_email", "role", "status",
              "listed_publicly"]  # fmt: skip
    autocomplete_fields = ["organisation"]  # thousands: a search box per row

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .exclude(status=M.REQUESTED)
            .select_related("organisation", "user")
        )

    def get_formset(self, request, obj=None, **kwargs):
        request._member_network_municipality = obj.municipality_id if obj else None
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Organisations of the network's municipality (a new network, or the search box
        asking without one: of the person's municipalities)."""
        if db_field.name == "organisation":
            municipality = getattr(request, "_member_network_municipality", None)
            municipalities = [municipality] if municipality else admin_municipalities(request)
            kwargs["queryset"] = Organisation.objects.filter(
                municipality__in=municipalities
            ).order_by("name")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "user":
            return UserByEmailField(label=db_field.verbose_name, required=False)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


def _count(queryset, **filters):
    """A per-network count as a subquery: several counts over different relations in one
    query, without multiplying each other's rows."""
    counted = (
        queryset.filter(network=OuterRef("pk"), **filters)
        .order_by()
        .values("network")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@admin.register(Network)
class NetworkAdmin(CountedDeletionAdmin, AuditedAdmin, MunicipalityScopedAdmin):
    list_display = ["name", "municipality", "convening_unit", "visibility", "active_members",
                    "upcoming_meetings", "overdue_actions"]  # fmt: skip
    list_filter = ["municipality", "visibility"]
    search_fields = ["name", "purpose", "convening_unit"]
    list_select_related = ["municipality"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["coordinator"]
    readonly_fields = ["register_entry_link"]
    inlines = [NetworkMemberInline]
    object_actions = (
        ObjectAction(
            "join_decide", "join-requests/<int:member_pk>/", "join_decide_view", post_only=True
        ),
    )

    def get_queryset(self, request):
        now, today = timezone.now(), timezone.localdate()
        return (
            super()
            .get_queryset(request)
            .annotate(
                active_member_count=_count(NetworkMember.objects, status=M.ACTIVE),
                upcoming_meeting_count=_count(
                    Meeting.objects, ends_at__gte=now, status=Meeting.Status.PLANNED
                ),
                overdue_action_count=_count(
                    Action.objects, status__in=Action.OPEN_STATUSES, due_on__lt=today
                ),
            )
        )

    def get_readonly_fields(self, request, obj=None):
        """A network stays in its municipality: its meetings, actions, places and register
        entry are that municipality's (and its meetings carry it, for their lists)."""
        readonly = super().get_readonly_fields(request, obj)
        return [*readonly, "municipality"] if obj is not None else readonly

    @admin.display(description=_("active members"), ordering="active_member_count")
    def active_members(self, obj):
        return obj.active_member_count

    @admin.display(description=_("upcoming meetings"), ordering="upcoming_meeting_count")
    def upcoming_meetings(self, obj):
        return obj.upcoming_meeting_count

    @admin.display(description=_("overdue actions"), ordering="overdue_action_count")
    def overdue_actions(self, obj):
        return obj.overdue_action_count

    def change_view(self, request, object_id, form_url="", extra_context=None):
        network = self.get_object(request, object_id)
        if network is not None:
            extra_context = {
                **(extra_context or {}),
                "join_requests": network.members.filter(status=M.REQUESTED)
                .select_related("organisation", "requested_by")
                .order_by("created_at"),
                "overdue": selectors.overdue_actions(network).select_related(
                    "owner_member__user", "meeting"
                ),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("entry in the collaboration register"))
    def register_entry_link(self, obj):
        entry = obj.register_entry if obj is not None else None
        if entry is None:
            return _("Made when the network is saved.")
        try:
            url = reverse("admin:collaborations_collaboration_change", args=[entry.pk])
        except NoReverseMatch:
            return str(entry)
        return format_html('<a href="{}">{}</a>', url, entry)

    def save_related(self, request, form, formsets, change):
        """The network, its many-to-many fields and members are saved: its entry in the
        collaboration register follows (networks.register)."""
        super().save_related(request, form, formsets, change)
        sync_register_entry(form.instance)

    def save_formset(self, request, form, formset, change):
        """Members' status changes go through services.member_set_status."""
        if formset.model is not NetworkMember:
            return super().save_formset(request, form, formset, change)
        new = formset.save(commit=False)
        for member in formset.deleted_objects:
            member.delete()
        for member, changed in formset.changed_objects:
            save_with_status_move(
                member,
                changed,
                lambda member, status: services.member_set_status(
                    member=member, status=status, by=request.user
                ),
            )
        for member in new:
            if member._state.adding:
                member.save()
        formset.save_m2m()
        return None

    def join_decide_view(self, request, network, member_pk):
        member = get_object_or_404(network.members, pk=member_pk)
        accept = request.POST.get("decision") == "accept"
        try:
            services.join_decide(member=member, accept=accept, by=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), "error")
        else:
            self.message_user(
                request,
                (
                    _("%(name)s is now a member.")
                    if accept
                    else _("The request of %(name)s was declined.")
                )
                % {"name": member.name},
            )
        return redirect("admin:networks_network_change", network.pk)


@admin.register(NetworkMember)
class NetworkMemberAdmin(
    CountedDeletionAdmin, AuditedAdmin, SavesThroughServices, MunicipalityScopedAdmin
):
    """All members across the user's networks. Join requests are accepted or declined from
    the list filtered by status "Asked to join" (linked from the network page)."""

    municipality_lookup = "network__municipality"
    form = NetworkMemberForm
    list_display = ["member_name", "network", "kind", "role", "status", "created_at",
                    "request_message"]  # fmt: skip
    list_filter = ["status", ("network", ChosenRowFilter), "kind"]
    search_fields = ["organisation__name", "user__email", "user__full_name", "partner_name"]
    list_select_related = ["network", "organisation", "user"]
    # grouped by network in the key's order, which an index gives (the networks' own order,
    # by municipality and name, meant sorting every member of the municipality per page)
    ordering = ["network_id", "kind", "pk"]
    fields = ["network", "kind", "organisation", "user", "partner_name", "contact_email", "role",
              "status", "listed_publicly", "request_message"]  # fmt: skip
    readonly_fields = ["request_message"]
    autocomplete_fields = ["network", "organisation"]  # thousands: search boxes
    actions = ["accept_requests", "decline_requests"]

    @admin.display(description=_("name"))
    def member_name(self, obj):
        return obj.name

    def save_through_services(self, request, obj, form, change):
        """A status change goes through services.member_set_status (checked, audited)."""
        if not change:
            return super().save_through_services(request, obj, form, change)
        save_with_status_move(
            obj,
            form.changed_data,
            lambda member, status: services.member_set_status(
                member=member, status=status, by=request.user
            ),
        )
        return None

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "user":
            return UserByEmailField(label=db_field.verbose_name, required=False)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        """The network's entry in the collaboration register lists its active members."""
        super().save_related(request, form, formsets, change)
        sync_register_entry(form.instance.network)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        sync_register_entry(obj.network)

    def delete_queryset(self, request, queryset):
        networks = {member.network for member in queryset.select_related("network")}
        super().delete_queryset(request, queryset)
        for network in networks:
            sync_register_entry(network)

    def _decide(self, request, queryset, accept):
        apply_to_each(
            self,
            request,
            queryset.select_related("organisation", "user"),
            partial(self._decide_one, request=request, accept=accept),
            _("%(count)s requests accepted.") if accept else _("%(count)s requests declined."),
        )

    @staticmethod
    def _decide_one(member, request, accept):
        services.join_decide(member=member, accept=accept, by=request.user)

    @admin.action(description=_("Accept the selected requests"), permissions=["change"])
    def accept_requests(self, request, queryset):
        self._decide(request, queryset, accept=True)

    @admin.action(description=_("Decline the selected requests"), permissions=["change"])
    def decline_requests(self, request, queryset):
        self._decide(request, queryset, accept=False)


@admin.register(MeetingPlace)
class MeetingPlaceAdmin(CountedDeletionAdmin, MunicipalityScopedAdmin):
    list_display = ["name", "municipality", "address", "step_free", "hearing_loop"]
    list_filter = ["municipality", "step_free", "hearing_loop"]
    search_fields = ["name", "street_address", "city"]
    list_select_related = ["municipality"]

    @admin.display(description=_("address"))
    def address(self, obj):
        return obj.address
