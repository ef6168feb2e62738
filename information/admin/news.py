"""News in the admin: written and published by the coordinators and the municipal
administrator (the buttons of the item's page)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from information import permissions, workflow
from information.admin.base import ENGLISH, OPTIONAL_ENGLISH, SWEDISH, InformationAdmin, ServiceForm
from information.models import NewsItem
from information.services import news as services
from portal.admin.object_actions import ObjectAction

NAMES = (*services.FIELDS, *services.MANY)


class NewsForm(ServiceForm):
    problems = staticmethod(services.news_problems)
    instance_name = "item"
    names = NAMES

    class Meta:
        model = NewsItem
        fields = ["municipality", *NAMES]


@admin.register(NewsItem)
class NewsItemAdmin(InformationAdmin):
    form = NewsForm
    names = NAMES
    list_display = ["title_sv", "status", "published_at", "municipality"]
    list_filter = ["status", "municipality"]
    search_fields = ["title_sv", "title_en", "lead_sv"]
    list_select_related = ["municipality"]
    readonly_fields = ["status", "created_by", "published_at"]
    object_actions = (ObjectAction("status", "status/", "status_view", post_only=True),)
    status_table = workflow.NEWS_TRANSITIONS
    move_kinds = workflow.ONLY_PUBLISHER
    move_labels = {
        NewsItem.Status.PUBLISHED: _("Publish on the public pages"),
        NewsItem.Status.ARCHIVED: _("Archive"),
    }

    def get_fieldsets(self, request, obj=None):
        fieldsets = []
        if obj is None:
            fieldsets.append((None, {"fields": ["municipality"]}))
        fieldsets += [
            (SWEDISH, {"fields": ["title_sv", "lead_sv", "body_sv"], "classes": ["lang-sv"]}),
            (
                ENGLISH,
                {
                    "fields": ["title_en", "lead_en", "body_en"],
                    "classes": ["lang-en"],
                    "description": OPTIONAL_ENGLISH,
                },
            ),
            (_("Focus areas"), {"fields": ["focus_areas"]}),
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
        return permissions.may_publish(request.user, obj.municipality_id)

    def has_delete_permission(self, request, obj=None):
        """Archived, not deleted."""
        return False

    def create(self, request, municipality, data):
        return services.news_create(municipality=municipality, by=request.user, data=data)

    def update(self, request, obj, data):
        return services.news_update(item=obj, by=request.user, data=data)

    def set_status(self, request, obj, status):
        return services.news_set_status(item=obj, status=status, by=request.user)
