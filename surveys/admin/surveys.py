"""Surveys and consultations in the admin, the coordinators' tool: write the survey with
its questions (or the consultation with its draft document), choose whom it goes to (every
registered organisation, or a segment, with the number it reaches now), send it (the
invitations go through the outbox), close it, cancel it or open it again; and go to its
results. The survey's own fields are a plain model form (audited by AuditedAdmin, checked
by ``surveys.services.surveys.survey_problems``); status moves go through the services
(checked against ``surveys.workflow`` and audited). Questions change only in a draft: the
answers are read by their keys."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from organisations.uploads import validate_upload
from portal.admin.audit import AuditedAdmin
from portal.admin.mixins import MunicipalityScopedAdmin, action_form_response
from portal.admin.object_actions import ObjectAction
from portal.forms import add_service_errors
from portal.models import AuditEvent
from surveys import permissions
from surveys.models import Survey, SurveyQuestion
from surveys.selectors.audience import audience_organisations, invitees
from surveys.services import surveys as services

S = Survey.Status


class SurveyAdminForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = [
            "municipality", "kind", "title_sv", "title_en", "intro_sv", "intro_en", "document",
            "document_text_sv", "document_text_en", "audience", "segment", "respondents",
            "series", "year", "closes_at",
        ]  # fmt: skip

    def clean_document(self):
        uploaded = self.cleaned_data.get("document")
        if uploaded and hasattr(uploaded, "content_type"):  # a new upload, not the kept file
            validate_upload(uploaded)
        return uploaded

    def clean(self):
        cleaned = super().clean()
        municipality = cleaned.get("municipality") or getattr(self.instance, "municipality", None)
        if municipality is not None:
            for name, problem in services.survey_problems(
                municipality=municipality, data=cleaned
            ).items():
                self.add_error(name if name in self.fields else None, problem)
        closes_at = cleaned.get("closes_at")
        if closes_at and "closes_at" in self.changed_data and closes_at <= timezone.now():
            self.add_error("closes_at", _("Choose a closing time in the future."))
        return cleaned


class QuestionFormSet(forms.BaseInlineFormSet):
    """Keys are unique in the survey; choice questions need their choices."""

    def clean(self):
        seen, rows = set(), []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                rows.append({})
                continue
            key = form.cleaned_data.get("key")
            if key and key in seen:
                form.add_error("key", _("Another question of the survey has the same key."))
            seen.add(key)
            rows.append(form.cleaned_data)
        for index, problem in services.question_problems(rows).items():
            self.forms[index].add_error("choices", problem)
        super().clean()  # the model's unique key, after the errors above are in place


class SurveyQuestionInline(admin.StackedInline):
    model = SurveyQuestion
    formset = QuestionFormSet
    extra = 0
    fields = [("ordering", "key"), ("label_sv", "label_en"), ("help_text_sv", "help_text_en"),
              ("field_type", "required"), "choices"]  # fmt: skip

    def _draft(self, obj) -> bool:
        return obj is None or obj.status == S.DRAFT

    def has_add_permission(self, request, obj=None):
        return self._draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._draft(obj) and super().has_delete_permission(request, obj)


class ReopenForm(forms.Form):
    closes_at = forms.SplitDateTimeField(
        label=_("New closing time"),
        widget=forms.SplitDateTimeWidget(
            date_attrs={"type": "date", "aria-label": _("Date")},
            time_attrs={"type": "time", "aria-label": _("Time")},
        ),
        help_text=_("The answers given are kept; nobody is invited again."),
    )


class ConfirmForm(forms.Form):
    """An action with nothing to fill in: the page asks, the button confirms."""


@admin.register(Survey)
class SurveyAdmin(AuditedAdmin, MunicipalityScopedAdmin):
    form = SurveyAdminForm
    list_display = ["title_sv", "kind", "status", "audience_text", "closes_at", "answers",
                    "municipality"]  # fmt: skip
    list_filter = ["status", "kind", "municipality"]
    search_fields = ["title_sv", "title_en", "series"]
    list_select_related = ["municipality", "segment"]
    readonly_fields = ["status", "opens_at", "closed_at", "reach", "results_link"]
    inlines = [SurveyQuestionInline]
    audit_exclude = ("updated_at", "document_size", "document_type")
    object_actions = (
        ObjectAction("send", "send/", "send_view"),
        ObjectAction("close", "close/", "close_view"),
        ObjectAction("cancel", "cancel/", "cancel_view"),
        ObjectAction("reopen", "reopen/", "reopen_view"),
    )

    def get_fieldsets(self, request, obj=None):
        first = ["kind", "title_sv", "title_en", "intro_sv", "intro_en"]
        if obj is None:
            first = ["municipality", *first]
        else:
            first += ["status", "opens_at", "closed_at", "results_link"]
        return [
            (None, {"fields": first}),
            (_("Who it goes to and who answers"), {
                "fields": ["audience", "segment", "respondents", *(["reach"] if obj else [])],
                "description": _(
                    "Everyone: every registered organisation of the municipality is invited "
                    "through the people who act for it (and, where persons answer, anyone "
                    "with an account may answer). A segment: its organisations and people. "
                    "Addresses that opted out of the municipality's mailings are not invited."
                ),
            }),
            (_("Answers until"), {"fields": ["closes_at"]}),
            (_("Draft document (consultation)"), {
                "fields": ["document", "document_text_sv", "document_text_en"],
                "description": _("A consultation (remiss) shows its draft for comments: upload "
                                 "it, write it here, or both."),
            }),
            (_("Compared year by year"), {"fields": ["series", "year"]}),
        ]  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj is not None and obj.status != S.DRAFT:
            fields += ["kind", "audience", "segment", "respondents", "series", "year"]
        if obj is not None and obj.status in (S.CLOSED, S.CANCELLED):
            fields += ["closes_at", "document", "document_text_sv", "document_text_en"]
        return fields

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return permissions.may_run(request.user, obj.municipality_id)

    def has_delete_permission(self, request, obj=None):
        """Only a draft: a sent survey and its answers stay on record."""
        allowed = super().has_delete_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return obj.status == S.DRAFT

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(answer_count=Count("responses"))

    def object_queryset(self, request):
        return MunicipalityScopedAdmin.get_queryset(self, request).select_related(
            "municipality", "segment"
        )

    @admin.display(description=_("sent to"))
    def audience_text(self, obj):
        return obj.segment.name if obj.segment_id else obj.get_audience_display()

    @admin.display(description=_("answers"), ordering="answer_count")
    def answers(self, obj):
        return getattr(obj, "answer_count", 0)

    @admin.display(description=_("reach"))
    def reach(self, obj):
        if obj.status != S.DRAFT:
            return _("Invited: %(people)s people, %(organisations)s organisations.") % {
                "people": obj.invited_people, "organisations": obj.invited_organisations,
            }  # fmt: skip
        return _(
            "As saved, it goes to %(people)s people, for %(organisations)s organisations. "
            "Save to count again after changing whom it goes to."
        ) % {"people": len(invitees(obj)), "organisations": audience_organisations(obj).count()}

    @admin.display(description=_("results"))
    def results_link(self, obj):
        if obj.pk is None or obj.status in (S.DRAFT, S.CANCELLED):
            return "–"
        return format_html(
            '<a href="{}">{}</a>', reverse("surveys:results", args=[obj.pk]), _("Show the results")
        )

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        municipalities = self.writable_municipalities(request)
        if len(municipalities) == 1:
            initial.setdefault("municipality", municipalities[0])
        return initial

    def save_model(self, request, obj, form, change):
        uploaded = form.cleaned_data.get("document")
        if uploaded and "document" in form.changed_data and hasattr(uploaded, "content_type"):
            services.document_store(obj, uploaded)
        elif "document" in form.changed_data and not uploaded:
            obj.document_name, obj.document_type, obj.document_size = "", "", None
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        if "_addanother" not in request.POST and "_popup" not in request.POST:
            self.message_user(request, _("The survey is saved as a draft. Check it, then send it."))
            return redirect("admin:surveys_survey_change", obj.pk)
        return super().response_add(request, obj, post_url_continue)

    # --- the survey's page ---------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        survey = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if survey is not None:
            may = self.has_change_permission(request, survey)
            moves = services.survey_moves(request.user, survey) if may else []
            extra_context.update(
                may_send=S.OPEN in moves and survey.status == S.DRAFT,
                may_close=S.CLOSED in moves,
                may_cancel=S.CANCELLED in moves,
                may_reopen=S.OPEN in moves and survey.status == S.CLOSED,
                audit=AuditEvent.objects.filter(
                    target_type="surveys.survey", target_id=str(survey.pk)
                ).select_related("actor"),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def _action(self, request, survey, *, form, title, intro, button, run, done):
        if request.method == "POST" and form.is_valid():
            try:
                run(form)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                self.message_user(request, done, messages.SUCCESS)
                return redirect("admin:surveys_survey_change", survey.pk)
        response = action_form_response(
            self, request, survey, form, title, intro, template="admin/surveys/survey/action.html"
        )
        response.context_data["button"] = button
        return response

    def send_view(self, request, survey):
        problems = services.send_problems(survey)
        intro = _(
            "The survey goes to %(people)s people (for %(organisations)s organisations), "
            "through the outbox. It takes answers until it closes."
        ) % {"people": len(invitees(survey)),
             "organisations": audience_organisations(survey).count()}  # fmt: skip
        if problems:
            intro = " ".join([str(intro), *problems])
        return self._action(
            request, survey, form=ConfirmForm(_posted(request)),
            title=_("Send the survey"), intro=intro, button=_("Send the survey"),
            run=lambda form: services.survey_send(survey=survey, by=request.user),
            done=_("The survey is sent and takes answers."),
        )  # fmt: skip

    def close_view(self, request, survey):
        return self._action(
            request, survey, form=ConfirmForm(_posted(request)),
            title=_("Close the survey"),
            intro=_("A closed survey takes no more answers. You may open it again."),
            button=_("Close the survey"),
            run=lambda form: services.survey_close(survey=survey, by=request.user),
            done=_("The survey is closed."),
        )  # fmt: skip

    def cancel_view(self, request, survey):
        return self._action(
            request, survey, form=ConfirmForm(_posted(request)),
            title=_("Cancel the survey"),
            intro=_("A cancelled survey takes no answers and cannot be opened again. Its "
                    "results are not shown."),
            button=_("Cancel the survey"),
            run=lambda form: services.survey_cancel(survey=survey, by=request.user),
            done=_("The survey is cancelled."),
        )  # fmt: skip

    def reopen_view(self, request, survey):
        return self._action(
            request, survey, form=ReopenForm(_posted(request)),
            title=_("Open the survey again"),
            intro=_("It takes answers again until the new closing time."),
            button=_("Open the survey again"),
            run=lambda form: services.survey_reopen(
                survey=survey, by=request.user, closes_at=form.cleaned_data["closes_at"]
            ),
            done=_("The survey is open again."),
        )  # fmt: skip


def _posted(request):
    return request.POST if request.method == "POST" else None
