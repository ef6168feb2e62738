"""The portal's own models in the admin: people and roles, municipalities, committees and
their lists, the audit trail, notifications and reminder policies."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from portal import audit_text
from portal.admin.audit import AuditedAdmin
from portal.admin.changelist import DateHierarchyAdminMixin
from portal.admin.deletion import DeleteOnlyUnusedAdmin
from portal.admin.mixins import MunicipalityScopedAdmin
from portal.models import (
    Administration,
    AuditEvent,
    Committee,
    District,
    FocusArea,
    Municipality,
    Notification,
    ReminderPolicy,
    RoleAssignment,
    TargetGroup,
    User,
)
from portal.notifications import notifications_send_again
from portal.services import audit_record, role_assign, role_revoke


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    """Changes of a person's identity and access (active, staff, superuser) are audited."""

    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "date_joined"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal information"), {"fields": ["full_name", "phone", "preferred_language"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    readonly_fields = ["last_login", "date_joined"]
    # the list of every account: rows rendered as cheaply as the scoped admins' (a plain
    # checkbox, the filters added to each row's link once)
    action_checkbox = MunicipalityScopedAdmin.action_checkbox
    get_changelist = MunicipalityScopedAdmin.get_changelist

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            audit_record(
                actor=request.user,
                action="user.password_set",
                target=User.objects.get(pk=id),
                after={"password": "set by an administrator"},
            )
        return response


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(AuditedAdmin, DjangoGroupAdmin):
    """Django groups carry permissions too: any change to them is audited."""


@admin.register(Municipality)
class MunicipalityAdmin(DeleteOnlyUnusedAdmin, AuditedAdmin, admin.ModelAdmin):
    """A municipality is deleted only while nothing has been set up or recorded in it (one
    made by mistake); else it is closed by unticking Active (portal.admin.deletion)."""

    deleted_along = ("portal.reminderpolicy", "organisations.registrypolicy",
                     "insights.rolluprefresh")  # fmt: skip
    in_use_advice = _("Untick Active on its page to close it; its records are kept.")

    list_display = ["name", "municipality_code", "is_active"]
    search_fields = ["name", "municipality_code"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "municipality_code",
                    "organisation_number",
                    "website",
                    "contact_email",
                    "open_data_prefix",
                    "is_active",
                ]
            },
        ),
        (
            _("Payer's account (bank payment file)"),
            {
                "fields": ["payer_bankgiro", "payer_iban"],
                "description": _(
                    "The account grants are paid from, named as the payer in the ISO 20022 "
                    "payment file of a payout batch. Give the IBAN, the bankgiro or both; "
                    "without either the file cannot be made."
                ),
            },
        ),
    ]


class MunicipalityOwnedAdmin(DeleteOnlyUnusedAdmin, AuditedAdmin, MunicipalityScopedAdmin):
    """Committees, administrations, districts, focus areas, target groups: deleted only
    while nothing refers to them (portal.admin.deletion)."""

    in_use_advice = _("Rename it, or move what refers to it first.")
    list_display = ["name", "municipality", "ordering"]
    list_filter = ["municipality"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["municipality"]


@admin.register(Committee)
class CommitteeAdmin(MunicipalityOwnedAdmin):
    list_display = ["name", "abbreviation", "municipality"]


@admin.register(Administration)
class AdministrationAdmin(MunicipalityOwnedAdmin):
    list_display = ["name", "municipality", "ordering"]
    filter_horizontal = ["committees"]


admin.site.register(District, MunicipalityOwnedAdmin)
admin.site.register(FocusArea, MunicipalityOwnedAdmin)
admin.site.register(TargetGroup, MunicipalityOwnedAdmin)


class RoleAssignmentForm(forms.ModelForm):
    """Picks the person by email, so administrators need no access to the user list."""

    email = forms.EmailField(
        label=_("Email address of the person"),
        help_text=_("The person must have signed up in the portal first."),
    )

    class Meta:
        model = RoleAssignment
        fields = ["email", "municipality", "role", "committee"]

    def clean_email(self):
        email = self.cleaned_data["email"]
        try:
            self.instance.user = User.objects.get(email__iexact=email)
        except User.DoesNotExist:
            raise forms.ValidationError(
                _("No one has signed up with this email address. Ask the person to sign up first.")
            ) from None
        return email

    def clean(self):
        cleaned = super().clean()
        committee, municipality = cleaned.get("committee"), cleaned.get("municipality")
        if cleaned.get("role") == "officer" and committee is None:
            self.add_error("committee", _("An officer must belong to a committee."))
        if committee and municipality and committee.municipality_id != municipality.pk:
            self.add_error("committee", _("The committee must belong to the same municipality."))
        return cleaned


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(MunicipalityScopedAdmin):
    form = RoleAssignmentForm
    list_display = ["user", "role", "municipality", "committee", "created_at"]
    list_filter = ["role", "municipality"]
    search_fields = ["user__email", "user__full_name"]
    list_select_related = ["user", "municipality", "committee"]

    def has_change_permission(self, request, obj=None):
        return False  # a role is assigned or revoked, never edited in place

    def save_model(self, request, obj, form, change):
        assignment = role_assign(
            user=obj.user,
            municipality=obj.municipality,
            role=obj.role,
            committee=obj.committee,
            assigned_by=request.user,
        )
        obj.pk = assignment.pk

    def delete_model(self, request, obj):
        role_revoke(assignment=obj, revoked_by=request.user)

    def delete_queryset(self, request, queryset):
        for assignment in queryset:
            role_revoke(assignment=assignment, revoked_by=request.user)


@admin.register(AuditEvent)
class AuditEventAdmin(DateHierarchyAdminMixin, MunicipalityScopedAdmin):
    """The audit trail can be read, never written, changed or deleted from the admin, by
    anyone, superusers included: no add, change or delete permission and no actions.

    Each event reads as a sentence with its changes (portal.audit_text), on the list and on
    the event's page; the stored code and JSON stay in the database for machines."""

    actions = None
    list_display = ["created_at", "event_text", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["target_repr", "actor__email", "actor__full_name"]
    list_select_related = ["actor", "municipality"]
    date_hierarchy = "created_at"
    fields = ["created_at", "actor", "municipality", "target_repr", "event_text", "event_changes"]
    readonly_fields = fields

    def get_changelist_instance(self, request):
        """Read the page's events at once: a describer's names are fetched once per page."""
        changelist = super().get_changelist_instance(request)
        rows = audit_text.read(changelist.result_list)
        for event, row in zip(changelist.result_list, rows, strict=True):
            event.audit_row = row
        return changelist

    def _row(self, obj):
        if not hasattr(obj, "audit_row"):
            obj.audit_row = audit_text.read([obj])[0]
        return obj.audit_row

    @admin.display(description=_("what happened"))
    def event_text(self, obj):
        return self._row(obj).sentence

    @admin.display(description=_("changes"))
    def event_changes(self, obj):
        return render_to_string("admin/_audit_changes.html", {"changes": self._row(obj).changes})

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request, action_location=None):  # newer Django passes the location
        return {}


@admin.register(Notification)
class NotificationAdmin(DateHierarchyAdminMixin, MunicipalityScopedAdmin):
    """What was sent, to whom, why and when; what failed and why. Read-only, except that a
    failed message can be queued again."""

    list_display = ["created_at", "kind", "recipient", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind", "municipality"]
    search_fields = ["recipient", "key", "subject"]
    list_select_related = ["municipality"]
    date_hierarchy = "created_at"
    fields = [
        "kind",
        "key",
        "recipient",
        "language",
        "subject",
        "body",
        "status",
        "priority",
        "channel",
        "attempts",
        "last_error",
        "created_at",
        "send_after",
        "sent_at",
        "municipality",
    ]
    readonly_fields = fields
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Queue the selected failed messages again"), permissions=["change"])
    def send_again(self, request, queryset):
        count = notifications_send_again(notifications=queryset, by=request.user)
        self.message_user(request, _("%(count)s messages queued again.") % {"count": count})


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(AuditedAdmin, MunicipalityScopedAdmin):
    list_display = [
        "municipality",
        "call_closing_days",
        "completion_days",
        "report_due_days",
        "renewal_days",
        "target_handling_days",
    ]
