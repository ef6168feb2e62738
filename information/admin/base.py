"""What information's admin pages share: forms that ask the service what is wrong before
anything is saved (a refusal is a form error with what was typed kept), writes through the
services, the audit trail and the status buttons on the change page."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from information.fields import RichTextField
from information.widgets import RichTextWidget
from portal.admin.mixins import MunicipalityScopedAdmin
from portal.models import AuditEvent, Municipality, RoleAssignment, User

SWEDISH, ENGLISH = _("Svenska"), _("English")
OPTIONAL_ENGLISH = _("Optional: where English is missing, the Swedish text is shown.")


class ServiceForm(forms.ModelForm):
    """``problems(municipality=, data=, <instance_name>=)`` of the service, asked in clean."""

    problems = None  # set by the admin
    instance_name = "obj"
    names: tuple = ()

    def clean(self):
        cleaned = super().clean()
        municipality = (
            self.instance.municipality if self.instance.pk else cleaned.get("municipality")
        )
        if municipality is None:
            return cleaned
        data = {k: cleaned[k] for k in self.names if k in cleaned}
        if self.instance.pk:
            data = {k: v for k, v in data.items() if k in self.changed_data}
        kwargs = {self.instance_name: self.instance if self.instance.pk else None}
        problems = type(self).problems(municipality=municipality, data=data, **kwargs)
        for name, message in problems.items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
            elif name not in self.fields:
                self.add_error(None, message)
        return cleaned


class InformationAdmin(MunicipalityScopedAdmin):
    """Writes through ``create``/``update`` (set by each admin), the audit trail and the
    moves of ``status_table`` offered as buttons (``move_labels``)."""

    names: tuple = ()
    formfield_overrides = {
        **MunicipalityScopedAdmin.formfield_overrides,
        RichTextField: {"widget": RichTextWidget},
    }
    status_table = None
    move_kinds = None
    move_labels: dict = {}

    def create(self, request, municipality, data):
        raise NotImplementedError

    def update(self, request, obj, data):
        raise NotImplementedError

    def may_move(self, request, obj) -> bool:
        return self.has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        """Written in save_related (with the many-to-many fields), through the service."""

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        if change:
            data = {k: form.cleaned_data[k] for k in form.changed_data if k in self.names}
            self.update(request, obj, data)
        else:
            data = {k: form.cleaned_data[k] for k in self.names if k in form.cleaned_data}
            created = self.create(request, form.cleaned_data["municipality"], data)
            obj.pk, obj._state.adding = created.pk, False

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        municipalities = self.writable_municipalities(request)
        if len(municipalities) == 1:
            initial.setdefault("municipality", municipalities[0])
        return initial

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":  # the municipality's own staff, not every account
            municipalities = self.writable_municipalities(request)
            if request.user.is_superuser and not municipalities:
                municipalities = list(Municipality.objects.values_list("pk", flat=True))
            staff = RoleAssignment.objects.filter(municipality__in=municipalities)
            kwargs["queryset"] = User.objects.filter(
                pk__in=staff.values("user_id"), is_active=True
            ).order_by("full_name", "email")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = dict(extra_context or {})
        if obj is not None:
            extra_context["audit"] = AuditEvent.objects.filter(
                target_type=self.opts.label_lower, target_id=str(obj.pk)
            ).select_related("actor")
            if self.status_table is not None and self.may_move(request, obj):
                moves = self.moves(request, obj)
                extra_context["moves"] = [(to, self.move_labels[to]) for to in moves]
                opts = self.opts
                extra_context["status_url"] = reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_status", args=[obj.pk]
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def moves(self, request, obj) -> list[str]:
        from information import workflow

        return workflow.moves(obj.status, self.move_kinds, self.status_table)

    def set_status(self, request, obj, status: str):
        raise NotImplementedError

    def status_view(self, request, obj):
        try:
            self.set_status(request, obj, request.POST.get("status", ""))
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, _("The status has been changed."), messages.SUCCESS)
        opts = self.opts
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", obj.pk)
