"""The register in the admin, the officers' tool: every collaboration of the municipality,
filtered by level, kind, administration, status and focus area. Officers change the
entries of the administrations that serve their committee; the others they read. Writes
go through collaborations.services (checked and audited)."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from collaborations import services
from collaborations.admin.base import (
    ParentInline,
    RegisterAdmin,
    mark_formsets_unsaved,
    recording_municipalities,
)
from collaborations.forms_admin import CollaborationForm, DocumentForm, OutsidePartnerForm
from collaborations.models import Collaboration, CollaborationDocument, OutsidePartner
from collaborations.services.collaborations import FIELDS, MANY
from organisations.models import Organisation
from organisations.uploads import private_download
from portal.admin.object_actions import ObjectAction
from portal.models import Administration, District, FocusArea, Municipality, TargetGroup
from portal.roles import ADMIN_ROLES
from portal.selectors import staff_with_roles

NETWORK_NOTE = _("Kept in step by the network: change these on the network's page.")


class OutsidePartnerInline(ParentInline):
    model = OutsidePartner
    form = OutsidePartnerForm
    fields = ["kind", "name"]
    collaboration_path = ""


class DocumentInline(ParentInline):
    model = CollaborationDocument
    form = DocumentForm
    fields = ["title", "file", "download", "uploaded_at"]
    readonly_fields = ["download", "uploaded_at"]
    collaboration_path = ""

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("collaboration")

    def has_change_permission(self, request, obj=None):
        return False  # a document is replaced by removing it and adding a new one

    @admin.display(description=_("download"))
    def download(self, obj):
        if not obj.pk:
            return "–"
        url = reverse(
            "admin:collaborations_collaboration_document", args=[obj.collaboration_id, obj.pk]
        )
        return format_html('<a href="{}" download>{}</a>', url, obj.original_name)


@admin.register(Collaboration)
class CollaborationAdmin(RegisterAdmin):
    collaboration_path = ""
    form = CollaborationForm
    list_display = ["title", "kind", "level", "administration", "responsible", "status",
                    "municipality", "source"]  # fmt: skip
    list_filter = ["level", "kind", "administration", "status", "focus_areas", "source",
                   "municipality"]  # fmt: skip
    search_fields = ["title", "description", "partners__name", "outside_partners__name"]
    list_select_related = ["administration", "responsible", "municipality"]
    autocomplete_fields = ["partners", "responsible"]  # thousands: search boxes
    inlines = [OutsidePartnerInline, DocumentInline]
    object_actions = (
        ObjectAction("document", "documents/<int:document_pk>/", "document_view", "view"),
    )

    def get_fieldsets(self, request, obj=None):
        described = ["title", "description", "kind", "is_public"]
        tagged = ["focus_areas", "districts", "target_groups", "partners"]
        own = ["level", "administration", "responsible", "starts_on", "ends_on", "status"]
        if obj is None:
            own = ["municipality", *own]
        fieldsets = [
            (None, {"fields": described}),
            (_("Owner and period"), {"fields": own}),
            (_("Focus areas, districts, target groups and partners"), {"fields": tagged}),
        ]
        if obj is not None:
            fieldsets.append((_("Linked"), {"fields": ["linked"]}))
        if obj is not None and obj.is_linked:
            fieldsets[0] = (_("From the network"), {"fields": described,
                                                    "description": NETWORK_NOTE})  # fmt: skip
            fieldsets[2] = (fieldsets[2][0], {"fields": tagged, "description": NETWORK_NOTE})
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = ["linked"]
        if obj is not None and obj.is_linked:
            readonly += sorted(services.NETWORK_KEPT)
        return readonly

    @admin.display(description=_("agreement, co-application, proposals"))
    def linked(self, obj):
        parts = []
        if obj.kind in Collaboration.AGREEMENT_KINDS:
            agreement = getattr(obj, "agreement", None)
            if agreement is not None:
                url = reverse("admin:collaborations_agreement_change", args=[agreement.pk])
                parts.append(format_html('<a href="{}">{}</a>', url, _("The agreement")))
            else:
                url = reverse("admin:collaborations_agreement_add")
                parts.append(format_html('<a href="{}?collaboration={}">{}</a>', url, obj.pk,
                                         _("Record the agreement")))  # fmt: skip
        if obj.kind == Collaboration.Kind.CO_APPLICATION:
            co_application = getattr(obj, "co_application", None)
            if co_application is not None:
                url = reverse("admin:collaborations_coapplication_change",
                              args=[co_application.pk])  # fmt: skip
                parts.append(format_html('<a href="{}">{}</a>', url, _("The application")))
            else:
                url = reverse("admin:collaborations_coapplication_add")
                parts.append(format_html('<a href="{}?collaboration={}">{}</a>', url, obj.pk,
                                         _("Record the application")))  # fmt: skip
        for proposal in obj.proposals.select_related("organisation"):
            parts.append(format_html("{} {}", _("Proposed by"), proposal.organisation))
        if obj.is_linked:
            network = getattr(obj, "network", None)
            if network is not None:
                url = reverse("admin:networks_network_change", args=[network.pk])
                parts.append(format_html('<a href="{}">{}</a>', url, _("The network")))
        if not parts:
            return "–"
        return format_html("<br>".join(["{}"] * len(parts)), *parts)

    # --- choices of the row's municipality -----------------------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        request._collaboration_municipalities = (
            [obj.municipality_id] if obj is not None else recording_municipalities(request.user)
        )
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        return form

    def _municipalities(self, request):
        found = getattr(request, "_collaboration_municipalities", None)
        return found if found is not None else recording_municipalities(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        municipalities = self._municipalities(request)
        if request.user.is_superuser and not municipalities:
            municipalities = list(Municipality.objects.values_list("pk", flat=True))
        if db_field.name == "municipality":
            kwargs["queryset"] = Municipality.objects.filter(pk__in=municipalities)
        elif db_field.name == "administration":
            kwargs["queryset"] = Administration.objects.filter(municipality__in=municipalities)
        elif db_field.name == "responsible":
            current = Collaboration.objects.filter(municipality__in=municipalities)
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(
                    Q(pk__in=staff_with_roles(municipalities, ADMIN_ROLES).values("pk"))
                    | Q(pk__in=current.values("responsible"))
                )
                .order_by("full_name", "email")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        municipalities = self._municipalities(request)
        if request.user.is_superuser and not municipalities:
            municipalities = list(Municipality.objects.values_list("pk", flat=True))
        models = {
            "focus_areas": FocusArea,
            "districts": District,
            "target_groups": TargetGroup,
            "partners": Organisation,
        }
        if db_field.name in models:
            kwargs["queryset"] = (
                models[db_field.name]
                .objects.filter(municipality__in=municipalities)
                .order_by("name")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    # --- writes through the services -------------------------------------------------------

    def save_model(self, request, obj, form, change):
        """Written in save_related, with the inlines, through the services."""

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        by = request.user
        outside = self._outside_partners(formsets)
        if change:
            data = {k: form.cleaned_data[k] for k in form.changed_data if k in (*FIELDS, *MANY)}
            if outside is not None:
                data["outside_partners"] = outside
            services.collaboration_update(collaboration=obj, by=by, data=data)
            if "status" in form.changed_data:
                services.collaboration_set_status(
                    collaboration=obj, status=form.cleaned_data["status"], by=by
                )
        else:
            names = (*FIELDS, *MANY)
            data = {k: form.cleaned_data[k] for k in names if k in form.cleaned_data}
            data["outside_partners"] = outside or []
            created = services.collaboration_create(
                municipality=form.cleaned_data["municipality"], by=by, data=data
            )
            obj.pk, obj._state.adding = created.pk, False
        for formset in formsets:
            if formset.model is CollaborationDocument:
                self._save_documents(request, obj, formset)
        mark_formsets_unsaved(formsets)

    @staticmethod
    def _outside_partners(formsets):
        """The outside partners as the inline leaves them, or None when unchanged."""
        for formset in formsets:
            if formset.model is not OutsidePartner:
                continue
            if not formset.has_changed():
                return None
            return [
                (row.cleaned_data["kind"], row.cleaned_data["name"])
                for row in formset.forms
                if row.cleaned_data
                and not row.cleaned_data.get("DELETE")
                and row.cleaned_data.get("name")
            ]
        return None

    def _save_documents(self, request, collaboration, formset):
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for row in formset.forms:
            data = getattr(row, "cleaned_data", None) or {}
            if row.instance.pk and data.get("DELETE"):
                services.document_remove(document=row.instance, by=request.user)
                formset.deleted_objects.append(row.instance)
            elif not row.instance.pk and data.get("file") and not data.get("DELETE"):
                document = services.document_upload(
                    collaboration=collaboration,
                    uploaded=data["file"],
                    title=data.get("title", ""),
                    by=request.user,
                )
                formset.new_objects.append(document)

    def document_view(self, request, collaboration, document_pk):
        document = get_object_or_404(collaboration.documents, pk=document_pk)
        if not document.file:
            raise Http404
        return private_download(document.file, document.original_name, document.content_type)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and not self.has_change_permission(request, obj):
            self.message_user(
                request,
                _("You may read this collaboration; its administration's officers and the "
                  "coordinators change it."),
                messages.INFO,
            )  # fmt: skip
        return super().change_view(request, object_id, form_url, extra_context)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        municipalities = recording_municipalities(request.user)
        if len(municipalities) == 1:
            initial.setdefault("municipality", municipalities[0])
        return initial
