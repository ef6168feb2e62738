"""Municipal administrators configure programmes (forms, rules, criteria) and calls."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from grants.admin.appropriations import CallForm, appropriation_choices
from grants.announcements import call_announce
from grants.form_builder import REPORT_KEY_LENGTH
from grants.models import (
    ActivityGrantRule,
    AssessmentCriterion,
    Call,
    GrantProgramme,
    LateDeduction,
    Question,
)
from portal.admin.audit import AuditedAdmin
from portal.admin.changelist import DateHierarchyAdminMixin
from portal.admin.mixins import (
    LabelledTabularInline,
    MunicipalityScopedAdmin,
    admin_municipalities,
)
from portal.admin.money import amount_display
from portal.money import format_amount


class LateDeductionInline(LabelledTabularInline):
    model = LateDeduction
    extra = 0


class ActivityGrantRuleInline(admin.StackedInline):
    model = ActivityGrantRule
    extra = 0
    max_num = 1
    verbose_name_plural = _("activity grant rule (only for formula grants)")
    fields = [
        ("rate_per_participant", "rate_per_occasion"),
        ("min_age", "max_age"),
        ("min_participants", "max_participants"),
        ("min_minutes", "min_leaders"),
    ]


class AssessmentCriterionInline(LabelledTabularInline):
    model = AssessmentCriterion
    extra = 0
    fields = ["ordering", "name", "description", "max_score"]


class QuestionForm(forms.ModelForm):
    """A question of one of the programme's forms; the inline says which (``form_kind``)."""

    form_kind = Question.Form.APPLICATION

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.form = self.form_kind

    def clean_key(self):
        key = self.cleaned_data["key"]
        if self.form_kind == Question.Form.REPORT and len(key) > REPORT_KEY_LENGTH:
            raise forms.ValidationError(
                _("A report question's key has at most %(count)s characters.")
                % {"count": REPORT_KEY_LENGTH}
            )
        return key


class ReportQuestionForm(QuestionForm):
    form_kind = Question.Form.REPORT


class QuestionFormSet(forms.BaseInlineFormSet):
    """The key names an answer: unique among the questions of one form of the programme
    (the form is not a field of the inline, so the model's constraint is checked here)."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            key = form.cleaned_data.get("key")
            if key and key in seen:
                form.add_error("key", _("Another question of this form has the same key."))
            seen.add(key)


class QuestionInline(admin.StackedInline):
    """The application form's questions (the form builder builds the form from them)."""

    model = Question
    form = QuestionForm
    formset = QuestionFormSet
    extra = 0
    verbose_name = _("application question")
    verbose_name_plural = _("application questions")
    fields = [("ordering", "key"), "label", "help_text", ("field_type", "required"), "choices"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(form=self.form.form_kind)


class ReportQuestionInline(QuestionInline):
    """The follow-up report's own questions, besides its fixed part (what was done, the
    participants, the money used). An indicator here with the key of an application
    indicator shows the target the applicant gave and asks for the result (application
    indicators without one are asked in the report anyway)."""

    form = ReportQuestionForm
    verbose_name = _("report question")
    verbose_name_plural = _("report questions")


@admin.register(GrantProgramme)
class GrantProgrammeAdmin(AuditedAdmin, MunicipalityScopedAdmin):
    municipality_lookup = "committee__municipality"
    committee_lookup = "committee"
    list_display = [
        "name",
        "kind",
        "committee",
        "requires_eligibility",
        "informal_groups_allowed",
        "fast_track",
        "is_active",
    ]
    list_filter = ["kind", "fast_track", "is_active", "committee__municipality"]
    search_fields = ["name", "summary"]
    list_select_related = ["committee__municipality"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [
        LateDeductionInline,
        ActivityGrantRuleInline,
        AssessmentCriterionInline,
        QuestionInline,
        ReportQuestionInline,
    ]


@admin.register(Call)
class CallAdmin(DateHierarchyAdminMixin, AuditedAdmin, MunicipalityScopedAdmin):
    municipality_lookup = "programme__committee__municipality"
    committee_lookup = "programme__committee"
    list_display = [
        "title", "programme", "opens_at", "closes_at", "budgeted", "committed", "paid", "left",
    ]  # fmt: skip
    list_filter = ["programme__committee__municipality", "programme__kind"]
    search_fields = ["title", "programme__name"]
    list_select_related = ["programme__committee__municipality"]
    date_hierarchy = "opens_at"
    budgeted = amount_display("budget", _("budget"), ordering="budget")
    form = CallForm  # grants.admin.appropriations: the appropriation of the call's committee

    # Each call's money is read from the totals kept on its row by the services that write
    # decisions, cancel instalments and pay batches (grants.services.kept_figures): summing
    # the rows took the largest municipality's 20 calls 1.1 s (70 000 decisions, 56 000
    # payouts), the kept totals one row each.

    @admin.display(description=_("granted"), ordering="granted_total")
    def committed(self, obj):
        return format_amount(obj.granted_total)

    @admin.display(description=_("paid"), ordering="paid_total")
    def paid(self, obj):
        return format_amount(obj.paid_total)

    @admin.display(description=_("left of the budget"))
    def left(self, obj):
        return format_amount(obj.budget - obj.granted_total + obj.cancelled_total)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change or "opens_at" in form.changed_data:
            call_announce(obj)  # to the followers, once its opening day has come

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "appropriation":
            kwargs["queryset"] = appropriation_choices(request, self)
        if db_field.name == "programme" and not request.user.is_superuser:
            kwargs["queryset"] = GrantProgramme.objects.filter(
                committee__municipality__in=admin_municipalities(request)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
