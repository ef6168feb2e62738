"""Municipal administrators configure programmes, their forms and calls in the admin."""

from django.contrib import admin

from grants.models import (
    Application,
    ApplicationEvent,
    Call,
    GrantProgramme,
    LateDeduction,
    Question,
)
from portal.admin_mixins import MunicipalityScopedAdmin, admin_municipalities


class LateDeductionInline(admin.TabularInline):
    model = LateDeduction
    extra = 0


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fields = [("ordering", "key"), "label", "help_text", ("field_type", "required"), "choices"]


@admin.register(GrantProgramme)
class GrantProgrammeAdmin(MunicipalityScopedAdmin):
    municipality_lookup = "committee__municipality"
    list_display = [
        "name",
        "kind",
        "committee",
        "requires_eligibility",
        "informal_groups_allowed",
        "is_active",
    ]
    list_filter = ["kind", "is_active", "committee__municipality"]
    search_fields = ["name", "summary"]
    list_select_related = ["committee__municipality"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [LateDeductionInline, QuestionInline]


@admin.register(Call)
class CallAdmin(MunicipalityScopedAdmin):
    municipality_lookup = "programme__committee__municipality"
    list_display = ["title", "programme", "opens_at", "closes_at", "budget"]
    list_filter = ["programme__committee__municipality", "programme__kind"]
    search_fields = ["title", "programme__name"]
    list_select_related = ["programme__committee__municipality"]
    date_hierarchy = "opens_at"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "programme" and not request.user.is_superuser:
            kwargs["queryset"] = GrantProgramme.objects.filter(
                committee__municipality__in=admin_municipalities(request)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ApplicationEventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "actor", "from_status", "to_status", "message"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(MunicipalityScopedAdmin):
    """Submitted applications, visible to the committee's officers (case handling: issue 5)."""

    municipality_lookup = "call__programme__committee__municipality"
    list_display = [
        "diarienummer",
        "organisation",
        "call",
        "status",
        "amount_requested",
        "submitted_at",
    ]
    list_filter = ["status", "call__programme", "call"]
    search_fields = ["diarienummer", "organisation__name"]
    list_select_related = ["organisation", "call"]
    readonly_fields = [
        "call",
        "organisation",
        "status",
        "diarienummer",
        "submitted_at",
        "amount_requested",
        "late_deduction_percent",
        "answers",
    ]
    exclude = ["created_by"]
    inlines = [ApplicationEventInline]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(status=Application.Status.DRAFT)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
