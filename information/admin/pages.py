"""The municipal administrator's pages and focus-area goals (the rich-text editor, Swedish
and English side by side); a page is published with the button of its page."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from information import permissions, workflow
from information.admin.base import ENGLISH, OPTIONAL_ENGLISH, SWEDISH, InformationAdmin, ServiceForm
from information.models import FocusAreaGoal, Page
from information.services import pages as services
from portal.admin.object_actions import ObjectAction
from portal.models import FocusArea, Municipality


class PageForm(ServiceForm):
    problems = staticmethod(services.page_problems)
    instance_name = "page"
    names = services.FIELDS

    class Meta:
        model = Page
        fields = ["municipality", *services.FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False  # made from the Swedish title


@admin.register(Page)
class PageAdmin(InformationAdmin):
    form = PageForm
    names = services.FIELDS
    list_display = ["title_sv", "kind", "status", "updated_at", "municipality"]
    list_filter = ["status", "kind", "municipality"]
    search_fields = ["title_sv", "title_en", "body_sv"]
    list_select_related = ["municipality"]
    readonly_fields = ["status", "published_at", "updated_at"]
    object_actions = (ObjectAction("status", "status/", "status_view", post_only=True),)
    status_table = workflow.PAGE_TRANSITIONS
    move_kinds = workflow.ONLY_EDITOR
    move_labels = {
        Page.Status.PUBLISHED: _("Publish on the public pages"),
        Page.Status.DRAFT: _("Take back to a draft"),
    }

    def get_fieldsets(self, request, obj=None):
        first = ["kind", "slug", "ordering"]
        if obj is None:
            first = ["municipality", *first]
        fieldsets = [
            (None, {"fields": first}),
            (SWEDISH, {"fields": ["title_sv", "summary_sv", "body_sv"], "classes": ["lang-sv"]}),
            (
                ENGLISH,
                {
                    "fields": ["title_en", "summary_en", "body_en"],
                    "classes": ["lang-en"],
                    "description": OPTIONAL_ENGLISH,
                },
            ),
        ]
        if obj is not None:
            fieldsets.append((_("Status"), {"fields": self.readonly_fields}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return permissions.may_edit_pages(request.user, obj.municipality_id)

    def has_delete_permission(self, request, obj=None):
        """Taken back to a draft, not deleted: the audit trail says who published what."""
        return False

    def create(self, request, municipality, data):
        return services.page_create(municipality=municipality, by=request.user, data=data)

    def update(self, request, obj, data):
        return services.page_update(page=obj, by=request.user, data=data)

    def set_status(self, request, obj, status):
        return services.page_set_status(page=obj, status=status, by=request.user)


class GoalForm(ServiceForm):
    problems = staticmethod(services.goal_problems)
    instance_name = "goal"
    names = ("focus_area", *services.GOAL_FIELDS)

    class Meta:
        model = FocusAreaGoal
        fields = ["municipality", "focus_area", *services.GOAL_FIELDS]


@admin.register(FocusAreaGoal)
class FocusAreaGoalAdmin(InformationAdmin):
    form = GoalForm
    names = ("focus_area", *services.GOAL_FIELDS)
    list_display = ["focus_area", "updated_at", "municipality"]
    list_filter = ["municipality"]
    list_select_related = ["focus_area", "municipality"]

    def get_fieldsets(self, request, obj=None):
        first = ["focus_area"] if obj is not None else ["municipality", "focus_area"]
        return [
            (None, {"fields": first}),
            (SWEDISH, {"fields": ["body_sv"], "classes": ["lang-sv"]}),
            (ENGLISH, {"fields": ["body_en"], "classes": ["lang-en"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        return ["focus_area"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "focus_area":
            municipalities = self.writable_municipalities(request)
            if request.user.is_superuser and not municipalities:
                municipalities = list(Municipality.objects.values_list("pk", flat=True))
            kwargs["queryset"] = (
                FocusArea.objects.filter(municipality__in=municipalities)
                .select_related("municipality")
                .order_by("municipality__name", "ordering", "name")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def create(self, request, municipality, data):
        return services.goal_create(municipality=municipality, by=request.user, data=data)

    def update(self, request, obj, data):
        return services.goal_update(goal=obj, by=request.user, data=data)

    def delete_model(self, request, obj):
        services.goal_delete(goal=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for goal in queryset:
            services.goal_delete(goal=goal, by=request.user)
