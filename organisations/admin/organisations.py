"""The officers' registry tool: review registrations, eligibility, payout details, audit trail."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from organisations import bank_accounts, selectors, services
from organisations.admin.identity import IDENTITY_ACTIONS, IdentityChangeReview
from organisations.admin.representatives import RepresentativesAdminMixin
from organisations.forms import RevokeForm, StatusMessageForm
from organisations.models import (
    ActivityArea,
    BoardMember,
    Document,
    EligibilityPeriod,
    Membership,
    Organisation,
    PayoutAccount,
    RegistryPolicy,
)
from portal.admin.audit import AuditedAdmin
from portal.admin.mixins import MunicipalityScopedAdmin, action_form_response, apply_to_each
from portal.admin.object_actions import ObjectAction
from portal.models import AuditEvent


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    # Relations each row shows (its name above the row, read-only columns): joined, not
    # fetched once per row.
    select_related = ()

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.select_related(*self.select_related) if self.select_related else queryset

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MembershipInline(ReadOnlyInline):
    model = Membership
    fields = ["user", "role", "valid_until", "created_at"]
    readonly_fields = fields
    select_related = ["user", "organisation"]


class BoardMemberInline(ReadOnlyInline):
    model = BoardMember
    fields = ["year", "full_name", "role", "is_signatory"]
    readonly_fields = fields
    ordering = ["-year", "role"]


class DocumentInline(ReadOnlyInline):
    model = Document
    fields = ["year", "kind", "download", "uploaded_at"]
    readonly_fields = fields
    select_related = ["organisation"]

    @admin.display(description=_("file"))
    def download(self, obj):
        if obj.pk is None:  # a row of a posted form that names no stored document
            return "–"
        url = reverse("organisations:document", args=[obj.organisation_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_name)


class EligibilityInline(ReadOnlyInline):
    model = EligibilityPeriod
    fk_name = "organisation"
    fields = ["valid_from", "valid_until", "granted_by", "revoked_at", "revoke_reason"]
    readonly_fields = fields
    select_related = ["organisation", "granted_by"]


class EligibilityFilter(admin.SimpleListFilter):
    title = _("eligible for grants")
    parameter_name = "eligible"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(is_eligible=True)
        if self.value() == "no":
            return queryset.filter(is_eligible=False)
        return queryset


@admin.register(Organisation)
class OrganisationAdmin(RepresentativesAdminMixin, IdentityChangeReview, MunicipalityScopedAdmin):
    list_display = ["name", "kind", "status", "eligible", "municipality", "district", "updated_at"]
    list_filter = [
        "status", EligibilityFilter, "kind", "registered_by_municipality", "municipality",
        "district",
    ]  # fmt: skip
    search_fields = ["name", "organisation_number", "contact_name", "contact_email"]
    list_select_related = ["municipality", "district"]
    object_actions = (
        ObjectAction("approve", "approve/", "approve_view"),
        ObjectAction("request_changes", "request-changes/", "request_changes_view"),
        ObjectAction("grant", "grant-eligibility/", "grant_view"),
        ObjectAction("revoke", "revoke-eligibility/", "revoke_view"),
        *IDENTITY_ACTIONS,
        ObjectAction("representatives", "representatives/", "representatives_view"),
    )
    readonly_fields = [
        "status",
        "status_message",
        "what_is_missing",
        "values_attested_at",
        "created_by",
        "registered_by_municipality",
        "created_at",
        "updated_at",
        "audit_trail",
    ]
    fieldsets = [
        (_("Review"), {"fields": ["status", "status_message", "what_is_missing"]}),
        (
            _("Organisation"),
            {
                "fields": [
                    "municipality",
                    "kind",
                    "name",
                    "legal_form",
                    "organisation_number",
                    "purpose",
                    "district",
                    "activity_areas",
                    "focus_areas",
                    "target_groups",
                    "listed_in_directory",
                ]
            },
        ),
        (
            _("Contact"),
            {
                "fields": [
                    "street_address",
                    "postal_code",
                    "city",
                    "email",
                    "phone",
                    "website",
                    "contact_name",
                    "contact_email",
                    "contact_phone",
                ]
            },
        ),
        (_("Attestations"), {"fields": ["values_attested_at", "has_drug_policy"]}),
        (
            _("History"),
            {
                "fields": [
                    "created_by",
                    "registered_by_municipality",
                    "created_at",
                    "updated_at",
                    "audit_trail",
                ]
            },
        ),
    ]
    inlines = [EligibilityInline, BoardMemberInline, DocumentInline, MembershipInline]
    actions = ["approve_selected", "grant_eligibility_selected"]

    def get_queryset(self, request):
        today = timezone.localdate()
        active = EligibilityPeriod.objects.filter(
            organisation=OuterRef("pk"),
            revoked_at__isnull=True,
            valid_from__lte=today,
            valid_until__gte=today,
        )
        return super().get_queryset(request).annotate(is_eligible=Exists(active))

    def has_add_permission(self, request):
        # Associations register themselves online; the officers (and municipal
        # administrators) register one that is not online on its behalf (services.
        # organisation_add: marked, approved at once, audited).
        return super().has_add_permission(request)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "municipality", "kind"] if obj else fields

    @admin.display(boolean=True, description=_("eligible"), ordering="is_eligible")
    def eligible(self, obj):
        return obj.is_eligible

    @admin.display(description=_("missing this year"))
    def what_is_missing(self, obj):
        missing = [
            item.label
            for item in selectors.organisation_checklist(obj, timezone.localdate().year)
            if not item.done
        ]
        if not missing:
            return _("Nothing is missing.")
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((m,) for m in missing))
        )

    @admin.display(description=_("audit trail"))
    def audit_trail(self, obj):
        events = AuditEvent.objects.filter(
            target_type=obj._meta.label_lower, target_id=str(obj.pk)
        ).select_related("actor")[:50]
        return render_to_string("admin/_audit_trail.html", {"audit": events, "embedded": True})

    def save_model(self, request, obj, form, change):
        if not change:
            services.organisation_add(organisation=obj, by=request.user)
            return
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        services.organisation_update(organisation=obj, by=request.user, data=data)

    def save_related(self, request, form, formsets, change):
        if not change:
            return super().save_related(request, form, formsets, change)
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    # --- review actions -------------------------------------------------------------------

    @admin.action(description=_("Approve the selected registrations"), permissions=["change"])
    def approve_selected(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset,
            lambda org: services.organisation_transition(
                organisation=org, to_status=Organisation.Status.APPROVED, by=request.user
            ),
            _("%(count)s organisations updated."),
        )

    @admin.action(
        description=_("Make the selected organisations eligible for grants for a year"),
        permissions=["change"],
    )
    def grant_eligibility_selected(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset,
            lambda org: services.eligibility_grant(organisation=org, by=request.user),
            _("%(count)s organisations updated."),
        )

    def _back(self, organisation):
        return redirect("admin:organisations_organisation_change", organisation.pk)

    def approve_view(self, request, organisation):
        if request.method != "POST":
            return self._back(organisation)
        self._run(
            request,
            lambda: services.organisation_transition(
                organisation=organisation, to_status=Organisation.Status.APPROVED, by=request.user
            ),
            _("The registration has been approved."),
        )
        return self._back(organisation)

    def grant_view(self, request, organisation):
        if request.method == "POST":
            self._run(
                request,
                lambda: services.eligibility_grant(organisation=organisation, by=request.user),
                _("The organisation is now eligible for grants."),
            )
        return self._back(organisation)

    def request_changes_view(self, request, organisation):
        form = StatusMessageForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            ok = self._run(
                request,
                lambda: services.organisation_transition(
                    organisation=organisation,
                    to_status=Organisation.Status.CHANGES_REQUESTED,
                    by=request.user,
                    message=form.cleaned_data["message"],
                ),
                _("The organisation has been asked to make changes."),
            )
            if ok:
                return self._back(organisation)
        return action_form_response(self, request, organisation, form, _("Ask for changes"))

    def revoke_view(self, request, organisation):
        period = selectors.current_eligibility(organisation)
        if period is None:
            self.message_user(request, _("The organisation is not eligible now."), messages.WARNING)
            return self._back(organisation)
        form = RevokeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            self._run(
                request,
                lambda: services.eligibility_revoke(
                    period=period, by=request.user, reason=form.cleaned_data["reason"]
                ),
                _("The eligibility has been revoked."),
            )
            return self._back(organisation)
        return action_form_response(self, request, organisation, form, _("Revoke eligibility"))

    def _run(self, request, operation, success) -> bool:
        try:
            operation()
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return False
        self.message_user(request, success, messages.SUCCESS)
        return True

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        organisation = self.get_object(request, object_id)
        if organisation is not None:
            extra_context["eligibility"] = selectors.current_eligibility(organisation)
        return super().change_view(request, object_id, form_url, extra_context)


class PayoutAccountForm(forms.ModelForm):
    """The officer's form: the same checks as the organisation's own (services.
    payout_account_details); a bank account by its IBAN in ``number`` or by clearing +
    account number, from which the IBAN and BIC are made."""

    clearing_number = forms.CharField(
        label=_("Clearing number"), max_length=8, required=False,
        help_text=_("For a bank account given as clearing + account number, instead of the IBAN."),
    )  # fmt: skip
    bank_account_number = forms.CharField(
        label=_("Account number at the bank"), max_length=20, required=False
    )

    class Meta:
        model = PayoutAccount
        fields = ["organisation", "method", "number", "holder_kind", "account_holder"]
        widgets = {"method": forms.RadioSelect, "holder_kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].required = False  # a bank account may come by clearing number
        self.fields["holder_kind"].required = False  # the organisation's own by default

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation") or getattr(self.instance, "organisation", None)
        if self.errors or organisation is None:
            return cleaned
        try:
            details = services.payout_account_details(
                organisation=organisation, **self.service_kwargs()
            )
        except ValidationError as error:
            by_field = error.error_dict if hasattr(error, "error_dict") else {None: error.messages}
            for field, errors in by_field.items():
                if field not in self.errors:
                    self.add_error(field if field in self.fields else None, errors)
        else:  # the model's own checks see the account as it will be stored
            cleaned.update({name: details[name] for name in ("number", "holder_kind")})
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "method": data.get("method", ""),
            "number": data.get("number", ""),
            "clearing_number": data.get("clearing_number", ""),
            "bank_account_number": data.get("bank_account_number", ""),
            "holder_kind": data.get("holder_kind") or PayoutAccount.Holder.ORGANISATION,
            "account_holder": data.get("account_holder", ""),
        }


@admin.register(PayoutAccount)
class PayoutAccountAdmin(MunicipalityScopedAdmin):
    """Only officers change payout details after the first registration; every change audited."""

    form = PayoutAccountForm
    municipality_lookup = "organisation__municipality"
    list_display = [
        "organisation", "method", "account_number", "holder_kind", "account_holder", "updated_at",
    ]  # fmt: skip
    list_filter = ["method", "holder_kind"]
    search_fields = ["organisation__name", "number", "account_holder"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation"]
    fieldsets = [
        (None, {"fields": ["organisation", "method"]}),
        (_("Number"), {
            "fields": ["number", "clearing_number", "bank_account_number"],
            "description": _(
                "Bankgiro or plusgiro: the number. Bank account: its IBAN in the number "
                "field, or the clearing and account numbers, from which the IBAN is made."
            ),
        }),
        (_("Account holder"), {"fields": ["holder_kind", "account_holder"]}),
        (_("Registered"), {"fields": ["bic", "clearing_account", "registered_by", "updated_at"]}),
    ]  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        stored = ["bic", "clearing_account", "registered_by", "updated_at"]
        return ["organisation", *stored] if obj else stored

    @admin.display(description=_("account number"), ordering="number")
    def account_number(self, obj):
        """An IBAN in groups of four; a bankgiro or plusgiro as registered."""
        if obj.method == PayoutAccount.Method.BANK_ACCOUNT:
            return bank_accounts.format_iban(obj.number)
        return obj.number

    def save_model(self, request, obj, form, change):
        account = services.payout_account_save(
            organisation=obj.organisation, by=request.user, **form.service_kwargs()
        )
        obj.pk = account.pk

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RegistryPolicy)
class RegistryPolicyAdmin(AuditedAdmin, MunicipalityScopedAdmin):
    list_display = ["municipality", "eligibility_months", "minimum_board_size"]


@admin.register(ActivityArea)
class ActivityAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
