"""Recognition in the admin, the coordinators' tool: nominate thanks or an award, then
publish or withdraw it with the buttons of its page (an object action; the moves
``workflow.RECOGNITION_TRANSITIONS`` allows). Writes go through
volunteering.services.recognition (checked and audited)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation
from portal.admin.autocomplete import SearchSelect
from portal.admin.mixins import MunicipalityScopedAdmin
from portal.admin.object_actions import ObjectAction
from portal.models import AuditEvent, District, FocusArea, Municipality
from volunteering import permissions, workflow
from volunteering.models import Recognition, Volunteer
from volunteering.services import recognition as services

# The label of the button for each move (to status).
MOVE_LABELS = {
    Recognition.Status.PUBLISHED: _("Publish on the public pages"),
    Recognition.Status.WITHDRAWN: _("Withdraw"),
    Recognition.Status.NOMINATED: _("Nominate again"),
}


class RecognitionForm(forms.ModelForm):
    """Asks the service what is wrong before anything is saved, so a refusal (no consent
    for a published person, another municipality's volunteer) is shown on the field with
    what was typed kept."""

    class Meta:
        model = Recognition
        fields = ["municipality", *services.FIELDS, *services.MANY]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "recipient_name" in self.fields:  # the volunteer's or organisation's by default
            self.fields["recipient_name"].required = False

    def clean(self):
        cleaned = super().clean()
        municipality = (
            self.instance.municipality if self.instance.pk else cleaned.get("municipality")
        )
        if municipality is None:
            return cleaned
        names = (*services.FIELDS, *services.MANY)
        data = {k: cleaned[k] for k in names if k in cleaned}
        if self.instance.pk:
            data = {k: v for k, v in data.items() if k in self.changed_data}
        problems = services.recognition_problems(
            municipality=municipality,
            data=data,
            recognition=self.instance if self.instance.pk else None,
        )
        for name, message in problems.items():
            self.add_error(name if name in self.fields else None, message)
        return cleaned


@admin.register(Recognition)
class RecognitionAdmin(MunicipalityScopedAdmin):
    form = RecognitionForm
    list_display = ["title", "recipient_name", "kind", "year", "status", "municipality"]
    list_filter = ["status", "kind", "year", "municipality"]
    search_fields = ["title", "recipient_name", "citation"]
    list_select_related = ["municipality"]
    # a search box: a <select> of every volunteer and organisation is 20 000 options
    autocomplete_fields = ["volunteer", "organisation"]
    readonly_fields = ["status", "nominated_by", "nominated_at", "published_at"]
    object_actions = (ObjectAction("status", "status/", "status_view", post_only=True),)

    def get_fieldsets(self, request, obj=None):
        what = ["kind", "title", "year", "citation"]
        who = ["volunteer", "organisation", "recipient_name", "consent_to_publish"]
        where = ["focus_areas", "district"]
        if obj is None:
            what = ["municipality", *what]
        fieldsets = [
            (None, {"fields": what}),
            (
                _("To whom"),
                {
                    "fields": who,
                    "description": _(
                        "Choose a volunteer or an organisation of the municipality, or only "
                        "write the name shown. A person is named publicly only with their "
                        "consent."
                    ),
                },
            ),
            (_("Focus areas and district"), {"fields": where}),
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
        return permissions.may_coordinate(request.user, obj.municipality_id)

    def has_delete_permission(self, request, obj=None):
        """Withdrawn, not deleted: the audit trail says who published what."""
        return False

    # --- choices of the row's municipality ------------------------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        request._recognition_municipalities = (
            [obj.municipality_id] if obj is not None else self.writable_municipalities(request)
        )
        return super().get_form(request, obj, change=change, **kwargs)

    def _municipalities(self, request) -> list[int]:
        found = getattr(request, "_recognition_municipalities", None)
        if found is None:
            found = self.writable_municipalities(request)
        if request.user.is_superuser and not found:
            found = list(Municipality.objects.values_list("pk", flat=True))
        return found

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        municipalities = self._municipalities(request)
        if db_field.name == "volunteer":
            kwargs["queryset"] = (
                Volunteer.objects.filter(municipality__in=municipalities)
                .select_related("user")
                .order_by("user__full_name", "pk")
            )
        elif db_field.name == "organisation":
            kwargs["queryset"] = Organisation.objects.filter(
                municipality__in=municipalities, status=Organisation.Status.APPROVED
            ).order_by("name")
        elif db_field.name == "district":
            kwargs["queryset"] = District.objects.filter(municipality__in=municipalities)
        elif db_field.name == "municipality":
            kwargs["queryset"] = Municipality.objects.filter(pk__in=municipalities)
        else:
            return super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name in self.autocomplete_fields:
            kwargs["widget"] = SearchSelect(db_field, self.admin_site, using=kwargs.get("using"))
        # these choices are narrower than the scoped admin's (any of the municipality's)
        return admin.ModelAdmin.formfield_for_foreignkey(self, db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "focus_areas":
            kwargs["queryset"] = FocusArea.objects.filter(
                municipality__in=self._municipalities(request)
            ).order_by("ordering", "name")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        municipalities = self.writable_municipalities(request)
        if len(municipalities) == 1:
            initial.setdefault("municipality", municipalities[0])
        return initial

    # --- writes through the service ----------------------------------------------------------

    def save_model(self, request, obj, form, change):
        """Written in save_related (with the focus areas), through the service."""

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        names = (*services.FIELDS, *services.MANY)
        if change:
            data = {k: form.cleaned_data[k] for k in form.changed_data if k in names}
            services.recognition_update(recognition=obj, by=request.user, data=data)
        else:
            data = {k: form.cleaned_data[k] for k in names if k in form.cleaned_data}
            created = services.recognition_nominate(
                municipality=form.cleaned_data["municipality"], by=request.user, data=data
            )
            obj.pk, obj._state.adding = created.pk, False
            obj.recipient_name = created.recipient_name  # the admin's message names it

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = dict(extra_context or {})
        if obj is not None:
            extra_context["audit"] = AuditEvent.objects.filter(
                target_type="volunteering.recognition", target_id=str(obj.pk)
            ).select_related("actor")
            if self.has_change_permission(request, obj):
                moves = workflow.moves(
                    obj.status, workflow.ONLY_COORDINATOR, workflow.RECOGNITION_TRANSITIONS
                )
                extra_context["moves"] = [(to, MOVE_LABELS[to]) for to in moves]
        return super().change_view(request, object_id, form_url, extra_context)

    def status_view(self, request, recognition):
        try:
            services.recognition_set_status(
                recognition=recognition, status=request.POST.get("status", ""), by=request.user
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, _("The recognition has been updated."), messages.SUCCESS)
        return redirect("admin:volunteering_recognition_change", recognition.pk)
