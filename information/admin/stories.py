"""Stories of good practice in the admin: the publishers (coordinators, the municipal
administrator) write stories and publish or decline the associations' proposals with the
buttons of the story's page."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from information import permissions, workflow
from information.admin.base import ENGLISH, OPTIONAL_ENGLISH, SWEDISH, InformationAdmin, ServiceForm
from information.models import Story
from information.services import stories as services
from organisations.models import Organisation
from portal.admin.object_actions import ObjectAction

NAMES = (*services.FIELDS, *services.MANY, "decision_note")


class StoryForm(ServiceForm):
    problems = staticmethod(services.story_problems)
    instance_name = "story"
    names = NAMES

    class Meta:
        model = Story
        fields = ["municipality", *NAMES]


@admin.register(Story)
class StoryAdmin(InformationAdmin):
    form = StoryForm
    names = NAMES
    list_display = ["title_sv", "status", "proposing_organisation", "created_at", "municipality"]
    list_filter = ["status", "municipality"]
    search_fields = ["title_sv", "title_en", "summary_sv"]
    list_select_related = ["proposing_organisation", "municipality"]
    autocomplete_fields = ["organisations"]  # thousands: a search box, not checkboxes
    readonly_fields = ["status", "proposing_organisation", "proposed_by", "written_by",
                       "created_at", "published_at"]  # fmt: skip
    object_actions = (ObjectAction("status", "status/", "status_view", post_only=True),)
    status_table = workflow.STORY_TRANSITIONS
    move_kinds = workflow.ONLY_PUBLISHER
    move_labels = {
        Story.Status.PUBLISHED: _("Approve and publish"),
        Story.Status.REJECTED: _("Decline"),
        Story.Status.WITHDRAWN: _("Withdraw"),
        Story.Status.PROPOSED: _("Open again for a decision"),
    }

    def get_fieldsets(self, request, obj=None):
        fieldsets = []
        if obj is None:
            fieldsets.append((None, {"fields": ["municipality"]}))
        fieldsets += [
            (SWEDISH, {"fields": ["title_sv", "summary_sv", "body_sv"], "classes": ["lang-sv"]}),
            (
                ENGLISH,
                {
                    "fields": ["title_en", "summary_en", "body_en"],
                    "classes": ["lang-en"],
                    "description": OPTIONAL_ENGLISH,
                },
            ),
            (_("Focus areas, districts and organisations"),
             {"fields": ["focus_areas", "districts", "organisations"]}),
        ]  # fmt: skip
        if obj is not None:
            fieldsets.append(
                (
                    _("Decision"),
                    {
                        "fields": ["decision_note", *self.readonly_fields],
                        "description": _(
                            "The message (optional) is emailed to the proposer with the "
                            "decision: save it before you press the button."
                        ),
                    },
                )
            )
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "organisations" and field is not None:
            field.queryset = field.queryset.filter(status=Organisation.Status.APPROVED).order_by(
                "name"
            )
        return field

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return permissions.may_publish(request.user, obj.municipality_id)

    def has_delete_permission(self, request, obj=None):
        """Declined or withdrawn, not deleted: the audit trail says who decided what."""
        return False

    def create(self, request, municipality, data):
        data = {k: v for k, v in data.items() if k != "decision_note"}
        return services.story_write(municipality=municipality, by=request.user, data=data)

    def update(self, request, obj, data):
        return services.story_update(story=obj, by=request.user, data=data)

    def set_status(self, request, obj, status):
        return services.story_set_status(story=obj, status=status, by=request.user)
