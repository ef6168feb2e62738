"""Meetings in the admin: plan them (time, place, agenda), invite the members, record who
came, write the minutes and the actions decided. Rules live in networks.services."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from networks import selectors, services
from networks.admin.deletion import CountedDeletionAdmin
from networks.admin.filters import ChosenRowFilter
from networks.admin.forms import (
    ActionInlineForm,
    AttendanceForm,
    InviteForm,
    MeetingForm,
    officers_of,
)
from networks.admin.networks import ParentAwareInline, SavesThroughServices
from networks.announcements import meeting_announce
from networks.models import Action, AgendaItem, Invitation, Meeting, NetworkMember, OpenSignup
from portal.admin.audit import AuditedAdmin
from portal.admin.mixins import LabelledTabularInline, MunicipalityScopedAdmin, action_form_response
from portal.admin.object_actions import ObjectAction
from portal.forms import add_service_errors
from portal.models import Administration, FocusArea


class AgendaItemInline(LabelledTabularInline):
    model = AgendaItem
    extra = 0
    fields = ["ordering", "title", "minutes", "presenter"]


class ActionInline(ParentAwareInline):
    """Actions decided at the meeting. New ones are created by services.action_create; the
    form checks the same rules first, so the service never refuses at save time."""

    model = Action
    fk_name = "meeting"
    form = ActionInlineForm
    extra = 0
    fields = [
        "title", "focus_area", "owner_member", "owner_officer", "owner_unit", "due_on", "status",
    ]  # fmt: skip

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("owner_member", "owner_officer", "owner_unit", "focus_area")
        )

    def parent_querysets(self, request, parent):
        if parent is None:
            return {
                "owner_member": NetworkMember.objects.none(),
                "owner_unit": Administration.objects.none(),
                "focus_area": FocusArea.objects.none(),
            }
        # Current owners stay choosable, so an old action does not block saving the meeting.
        members = (
            NetworkMember.objects.filter(network=parent.network_id)
            .filter(Q(status=NetworkMember.Status.ACTIVE) | Q(actions__meeting=parent))
            .select_related("organisation", "user")
            .distinct()
        )
        owners = Action.objects.filter(meeting=parent).values("owner_officer")
        officers = get_user_model().objects.filter(
            Q(pk__in=officers_of(parent.network.municipality_id).values("pk")) | Q(pk__in=owners)
        )
        return {
            "owner_member": members,
            "owner_officer": officers.order_by("full_name", "email"),
            "owner_unit": Administration.objects.filter(
                municipality=parent.network.municipality_id
            ),
            # the focus area whose action plan the action belongs to
            "focus_area": FocusArea.objects.filter(
                municipality=parent.network.municipality_id
            ).order_by("name"),
        }

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.network = obj.network if obj is not None else None
        return formset


class OpenSignupInline(admin.TabularInline):
    """Who signed up on the public page (read here; they cancel with their own link, and
    are checked in on the check-in list)."""

    model = OpenSignup
    extra = 0
    can_delete = False
    fields = ["name", "shown_organisation", "places", "status", "interpreter", "access_needs",
              "checked_in_at"]  # fmt: skip
    readonly_fields = fields
    ordering = ["signed_up_at", "pk"]
    verbose_name_plural = _("open sign-ups")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("organisation"))
    def shown_organisation(self, obj):
        return obj.shown_organisation

    @admin.display(description=_("interpreter"))
    def interpreter(self, obj):
        return obj.interpreter

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")


class WhenFilter(admin.SimpleListFilter):
    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", _("Upcoming")), ("past", _("Past"))]

    def queryset(self, request, queryset):
        if self.value() == "upcoming":
            return queryset.filter(ends_at__gte=timezone.now())
        if self.value() == "past":
            return queryset.filter(ends_at__lt=timezone.now())
        return queryset


@admin.register(Meeting)
class MeetingAdmin(
    CountedDeletionAdmin, AuditedAdmin, SavesThroughServices, MunicipalityScopedAdmin
):
    municipality_lookup = "municipality"  # the network's, kept on the meeting (an index)
    form = MeetingForm
    list_display = ["title", "network", "starts", "mode", "place", "places", "status"]
    list_filter = [("network", ChosenRowFilter), "status", WhenFilter]
    autocomplete_fields = ["network"]  # thousands at the largest: a search box
    search_fields = ["title", "network__name"]
    list_select_related = ["network", "place"]
    object_actions = (
        ObjectAction("invite", "invite/", "invite_view"),
        ObjectAction("attendance", "attendance/", "attendance_view"),
    )
    fieldsets = [
        (
            None,
            {"fields": ["network", "title", "description", "status", "is_public", "open_signup"]},
        ),
        (
            _("When and where"),
            {"fields": ["starts_at", "ends_at", "mode", "place", "online_url", "capacity"]},
        ),
        (pgettext_lazy("meeting minutes", "Minutes"), {"fields": ["minutes", "decisions"]}),
    ]
    inlines = [AgendaItemInline, ActionInline, OpenSignupInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(  # members' yes-answers and booked open sign-ups: one count
                places_taken=Coalesce(
                    Subquery(
                        Invitation.objects.filter(
                            meeting=OuterRef("pk"), response=Invitation.Response.YES
                        )
                        .values("meeting")
                        .annotate(total=Sum("places"))
                        .values("total")
                    ),
                    0,
                )
                + Coalesce(
                    Subquery(
                        OpenSignup.objects.filter(
                            meeting=OuterRef("pk"), status=OpenSignup.Status.BOOKED
                        )
                        .values("meeting")
                        .annotate(total=Sum("places"))
                        .values("total")
                    ),
                    0,
                )
            )
        )

    def get_inline_instances(self, request, obj=None):
        """Actions belong to the meeting's network: shown once the meeting exists."""
        inlines = super().get_inline_instances(request, obj)
        return [
            i
            for i in inlines
            if obj is not None or not isinstance(i, ActionInline | OpenSignupInline)
        ]

    @admin.display(description=_("starts"), ordering="starts_at")
    def starts(self, obj):
        return f"{timezone.localtime(obj.starts_at):%Y-%m-%d %H:%M}"

    @admin.display(description=_("places taken"), ordering="places_taken")
    def places(self, obj):
        if obj.capacity is None:
            return obj.places_taken
        return f"{obj.places_taken} / {obj.capacity}"

    # --- saving -------------------------------------------------------------------------

    def save_through_services(self, request, obj, form, change):
        """New meetings record who planned them; changes are saved by services.meeting_update
        (calendar sequence, status moves and minutes, audited)."""
        if not change:
            obj.created_by = request.user
            super().save_through_services(request, obj, form, change)
            return meeting_announce(obj)  # a public meeting: to the network's followers
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        saved = services.meeting_update(meeting=obj, changes=changes, by=request.user)
        obj.sequence = saved.sequence
        return None

    def save_formset(self, request, form, formset, change):
        if formset.model is not Action:
            return super().save_formset(request, form, formset, change)
        meeting = form.instance
        actions = formset.save(commit=False)
        for action in formset.deleted_objects:
            action.delete()
        for action, changed in formset.changed_objects:
            services.action_update(
                action=action,
                changes={name: getattr(action, name) for name in changed},
                by=request.user,
            )
        for action in actions:
            if action._state.adding:
                created = services.action_create(
                    network=meeting.network, meeting=meeting, title=action.title,
                    focus_area=action.focus_area, due_on=action.due_on,
                    owner_member=action.owner_member, owner_officer=action.owner_officer,
                    owner_unit=action.owner_unit,
                    by=request.user,
                )  # fmt: skip
                if action.status != created.status:
                    services.action_set_status(action=created, status=action.status,
                                               by=request.user)  # fmt: skip
                action.pk, action._state.adding = created.pk, False
        formset.save_m2m()
        return None

    # --- meeting page -------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        meeting = self.get_object(request, object_id)
        if meeting is not None:
            extra_context = {
                **(extra_context or {}),
                "places_taken": selectors.places_taken(meeting),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def object_queryset(self, request):
        return super().object_queryset(request).select_related("network__municipality", "place")

    def invite_view(self, request, meeting):
        form = InviteForm(request.POST or None, meeting=meeting)
        if request.method == "POST" and form.is_valid():
            try:
                count = services.meeting_invite(
                    meeting=meeting, by=request.user, members=list(form.cleaned_data["members"])
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                self.message_user(
                    request,
                    ngettext("%(count)s member invited.", "%(count)s members invited.", count)
                    % {"count": count},
                )
                return redirect("admin:networks_meeting_change", meeting.pk)
        response = action_form_response(
            self, request, meeting, form, _("Invite members"),
            template="admin/networks/meeting/invite.html",
        )  # fmt: skip
        response.context_data.update(
            invitations=meeting.invitations.select_related("member__organisation", "member__user"),
            places_taken=selectors.places_taken(meeting),
        )
        return response

    def attendance_view(self, request, meeting):
        form = AttendanceForm(request.POST or None, meeting=meeting)
        if request.method == "POST" and form.is_valid():
            try:
                services.attendance_record(
                    meeting=meeting, people_by_member=form.people_by_member(), by=request.user
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                self.message_user(request, _("The attendance has been recorded."))
                return redirect("admin:networks_meeting_change", meeting.pk)
        intro = _(
            "How many people came from each member (0 if nobody). Members who answered yes are "
            "filled in with the places they asked for until the attendance is recorded."
        )
        if not meeting.has_started:
            intro = _("Attendance can be recorded once the meeting has started.")
        return action_form_response(self, request, meeting, form, _("Attendance"), intro)
