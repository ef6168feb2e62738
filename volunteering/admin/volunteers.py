"""The volunteers in the admin, the coordinators' register: who offers what, where, for
what and how to reach them, to find people when help is needed. The volunteers write their
profiles themselves; here coordinators read them and may pause or resume them
(``workflow.VOLUNTEER_TRANSITIONS``, through ``volunteering.services.volunteers``). Also the
municipality's list of skills and resources volunteers and call-outs choose from."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.admin.audit import AuditedAdmin
from portal.admin.mixins import MunicipalityScopedAdmin, apply_to_each
from volunteering.languages import names
from volunteering.models import Skill, Volunteer
from volunteering.services import volunteers as services

V = Volunteer.Status


@admin.register(Volunteer)
class VolunteerAdmin(MunicipalityScopedAdmin):
    list_display = ["name", "status", "languages_spoken", "offers", "hours_per_month",
                    "municipality"]  # fmt: skip
    list_filter = ["status", "skills", "districts", "focus_areas", "target_groups", "has_car",
                   "offers_premises", "municipality"]  # fmt: skip
    search_fields = ["user__full_name", "user__email", "other_offer"]
    list_select_related = ["user", "municipality"]
    fields = ["name", "email", "status", "skills", "languages_spoken", "has_car",
              "offers_premises", "other_offer", "hours_per_month", "districts", "focus_areas",
              "target_groups", "reach", "consent_at", "consent_version", "created_at"]  # fmt: skip
    readonly_fields = fields
    actions = ["pause_selected", "resume_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("skills")

    def has_add_permission(self, request):
        return False  # volunteers sign up themselves

    def has_delete_permission(self, request, obj=None):
        return False  # they remove their profile themselves ("remove me")

    def has_change_permission(self, request, obj=None):
        if obj is not None:
            return False  # the profile is the person's own: read here
        return super().has_change_permission(request)

    @admin.display(description=_("name"), ordering="user__full_name")
    def name(self, obj):
        return obj.user.full_name or obj.user.email

    @admin.display(description=_("email"))
    def email(self, obj):
        return obj.user.email

    @admin.display(description=_("languages"))
    def languages_spoken(self, obj):
        return ", ".join(names(obj.languages)) or "–"

    @admin.display(description=_("skills and resources"))
    def offers(self, obj):
        offered = [skill.name for skill in obj.skills.all()]
        if obj.has_car:
            offered.append(str(_("car")))
        if obj.offers_premises:
            offered.append(str(_("premises")))
        return ", ".join(offered) or "–"

    @admin.display(description=_("reach me by"))
    def reach(self, obj):
        labels = [
            str(Volunteer.Channel(c).label) for c in obj.reach_by if c in Volunteer.Channel.values
        ]
        text = ", ".join(labels) or "–"
        return f"{text} ({obj.phone})" if obj.phone else text

    @admin.action(description=_("Pause the selected volunteers"), permissions=["change"])
    def pause_selected(self, request, queryset):
        apply_to_each(
            self, request, queryset.filter(status=V.ACTIVE),
            lambda v: services.volunteer_set_status(volunteer=v, status=V.PAUSED, by=request.user),
            _("%(count)s volunteers paused."),
        )  # fmt: skip

    @admin.action(description=_("Make the selected volunteers available"), permissions=["change"])
    def resume_selected(self, request, queryset):
        apply_to_each(
            self, request, queryset.filter(status=V.PAUSED),
            lambda v: services.volunteer_set_status(volunteer=v, status=V.ACTIVE, by=request.user),
            _("%(count)s volunteers made available."),
        )  # fmt: skip


@admin.register(Skill)
class SkillAdmin(AuditedAdmin, MunicipalityScopedAdmin):
    list_display = ["name", "ordering", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["municipality", "name", "slug", "description", "ordering"]
