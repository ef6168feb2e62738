"""Agreements in the admin: the terms and the lawfulness assessment, the parties (what each
brings is entered on the party's page), the indicators, and the yearly follow-ups with a
result per indicator against its target."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from collaborations import permissions, services
from collaborations.admin.base import ParentInline, RegisterAdmin, recording_municipalities
from collaborations.forms_admin import (
    AgreementForm,
    ContributionForm,
    IndicatorForm,
    OpenFollowUpForm,
    PartyForm,
    PartyFormSet,
    follow_up_form_class,
    kronor_field,
)
from collaborations.models import (
    Agreement,
    Collaboration,
    Contribution,
    FollowUp,
    Indicator,
    Party,
)
from organisations.models import Organisation
from portal.admin.audit import rows_changed
from portal.admin.autocomplete import SharedRowChoicesInline
from portal.admin.mixins import action_form_response
from portal.admin.object_actions import ObjectAction
from portal.models import Administration
from portal.money import format_ore
from portal.services import audit_record


def _audit_rows(request, agreement, formsets) -> None:
    rows = rows_changed(formsets)
    if rows:
        audit_record(
            actor=request.user,
            action="agreement.rows_changed",
            target=agreement,
            municipality=agreement.collaboration.municipality,
            after=rows,
        )


class PartyInline(SharedRowChoicesInline, ParentInline):
    model = Party
    form = PartyForm
    formset = PartyFormSet
    fields = ["organisation", "administration", "name", "contributions"]
    readonly_fields = ["contributions"]
    collaboration_path = "collaboration"
    autocomplete_fields = ["organisation"]  # thousands: a search box per row

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("organisation", "administration")
            .prefetch_related("contributions")
        )

    def get_formset(self, request, obj=None, **kwargs):
        municipality = obj.collaboration.municipality_id if obj else None
        request._agreement_municipality = municipality
        formset = super().get_formset(request, obj, **kwargs)
        return formset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if hasattr(request, "_agreement_municipality"):  # the agreement's page
            where = {"municipality": request._agreement_municipality}
        else:  # the search box asks without an agreement: where the person may record
            where = {"municipality__in": recording_municipalities(request.user)}
        if db_field.name == "organisation":
            kwargs["queryset"] = Organisation.objects.filter(**where).order_by("name")
        elif db_field.name == "administration":
            kwargs["queryset"] = Administration.objects.filter(**where)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("contributions"))
    def contributions(self, obj):
        if not obj.pk:
            return _("Save first, then enter what the party brings.")
        url = reverse("admin:collaborations_party_change", args=[obj.pk])
        listed = ", ".join(_contribution_text(c) for c in obj.contributions.all())
        return format_html('{} <a href="{}">{}</a>', listed or "–", url, _("Change"))


def _contribution_text(contribution) -> str:
    text = contribution.get_kind_display()
    if contribution.amount_ore:
        text += f" {format_ore(contribution.amount_ore)}"
    elif contribution.quantity:
        text += f" {contribution.quantity.normalize()}"
    return text


class IndicatorInline(ParentInline):
    model = Indicator
    form = IndicatorForm
    fields = ["goal", "name", "unit", "baseline", "target", "ordering"]
    collaboration_path = "collaboration"


@admin.register(Agreement)
class AgreementAdmin(RegisterAdmin):
    municipality_lookup = "collaboration__municipality"
    form = AgreementForm
    list_display = ["collaboration", "legal_form", "assessed", "signed_on", "party_count",
                    "administration"]  # fmt: skip
    list_filter = ["legal_form", "collaboration__kind", "collaboration__administration"]
    search_fields = ["collaboration__title", "parties__organisation__name", "parties__name"]
    list_select_related = ["collaboration__administration", "collaboration__municipality"]
    readonly_fields = ["assessed_by", "follow_ups"]
    autocomplete_fields = ["collaboration", "governance_forum"]  # thousands: search boxes
    # declared, so that the site checks their rows (portal.admin.formsets) and finds the
    # parties' search box (portal.admin.autocomplete); shown once the terms are saved
    inlines = [PartyInline, IndicatorInline]
    object_actions = (ObjectAction("open_follow_up", "follow-up/", "open_follow_up_view"),)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(parties_counted=Count("parties"))

    def get_fieldsets(self, request, obj=None):
        terms = ["legal_form", "signed_on", "governance_forum", "follow_up_month"]
        if obj is None:
            terms = ["collaboration", *terms]
        fieldsets = [
            (None, {"fields": terms}),
            (
                _("Assessment of the legal form"),
                {
                    "fields": ["lawfulness_assessment", "assessed_on", "assessed_by"],
                    "description": _(
                        "An IOP is lawful only where it is neither procurement nor a grant. "
                        "The collaboration becomes active once this is recorded and the "
                        "agreement has two parties."
                    ),
                },
            ),
        ]
        if obj is not None:
            fieldsets.append((_("Yearly follow-up"), {"fields": ["follow_ups"]}))
        return fieldsets

    def get_inlines(self, request, obj):
        # parties and indicators once the terms are saved (their choices are the row's
        # municipality's)
        return self.inlines if obj is not None else []

    @admin.display(description=_("assessed"), boolean=True)
    def assessed(self, obj):
        return obj.is_assessed

    @admin.display(description=_("parties"), ordering="parties_counted")
    def party_count(self, obj):
        return obj.parties_counted

    @admin.display(description=_("owning administration"))
    def administration(self, obj):
        return obj.collaboration.administration or "–"

    @admin.display(description=_("follow-ups"))
    def follow_ups(self, obj):
        rows = [
            (
                reverse("admin:collaborations_followup_change", args=[f.pk]),
                f.year,
                f.get_status_display(),
                services.follow_up_due_on(obj, f.year),
            )
            for f in obj.follow_ups.all()
        ]
        opened = format_html_join(
            "", '<li><a href="{}">{}</a>: {} ({} {})</li>',
            ((url, year, status, _("due"), due) for url, year, status, due in rows),
        )  # fmt: skip
        url = reverse("admin:collaborations_agreement_open_follow_up", args=[obj.pk])
        return format_html('<ul>{}</ul><a href="{}">{}</a>', opened, url, _("Open a follow-up"))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "collaboration":
            kwargs["queryset"] = (
                Collaboration.objects.filter(
                    kind__in=Collaboration.AGREEMENT_KINDS, agreement__isnull=True
                )
                .filter(permissions.recordable_q(request.user))
                .distinct()
                .order_by("title")
            )
        elif db_field.name == "governance_forum":
            kwargs["queryset"] = Collaboration.objects.filter(
                kind=Collaboration.Kind.NETWORK,
                municipality__in=self.writable_municipalities(request),
            ).order_by("title")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        """Terms through services.agreement_save, the assessment through
        services.agreement_assess (both audited)."""
        collaboration = obj.collaboration
        data = {k: form.cleaned_data[k] for k in services.agreements.AGREEMENT_FIELDS
                if k in form.cleaned_data}  # fmt: skip
        saved = services.agreement_save(collaboration=collaboration, by=request.user, data=data)
        assessment = form.cleaned_data.get("lawfulness_assessment", "").strip()
        assessed_on = form.cleaned_data.get("assessed_on")
        changed = {"lawfulness_assessment", "assessed_on", "legal_form"} & set(form.changed_data)
        if assessment and assessed_on and (changed or not saved.is_assessed):
            saved = services.agreement_assess(
                agreement=saved, by=request.user, legal_form=saved.legal_form,
                assessment=assessment, assessed_on=assessed_on,
            )  # fmt: skip
        obj.pk, obj._state.adding = saved.pk, False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        _audit_rows(request, form.instance, formsets)

    def response_add(self, request, obj, post_url_continue=None):
        if "_addanother" not in request.POST and "_popup" not in request.POST:
            self.message_user(request, _("Now add the parties and the indicators."))
            return redirect("admin:collaborations_agreement_change", obj.pk)
        return super().response_add(request, obj, post_url_continue)

    def open_follow_up_view(self, request, agreement):
        form = OpenFollowUpForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                follow_up = services.follow_up_open(
                    agreement=agreement, year=form.cleaned_data["year"], by=request.user
                )
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                self.message_user(request, _("The follow-up is open."), messages.SUCCESS)
                return redirect("admin:collaborations_followup_change", follow_up.pk)
        return action_form_response(self, request, agreement, form, _("Open a yearly follow-up"))


class ContributionInline(ParentInline):
    model = Contribution
    form = ContributionForm
    fields = ["kind", "amount_ore", "quantity", "description"]
    collaboration_path = "agreement__collaboration"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "amount_ore":
            return kronor_field(db_field)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Party)
class PartyAdmin(RegisterAdmin):
    """A party's page: what it brings to the agreement (reached from the agreement)."""

    municipality_lookup = "agreement__collaboration__municipality"
    collaboration_path = "agreement__collaboration"
    fields = ["agreement", "party"]
    readonly_fields = ["agreement", "party"]
    inlines = [ContributionInline]
    list_display = ["display_name", "agreement"]
    list_select_related = ["agreement__collaboration", "organisation", "administration"]

    def has_module_permission(self, request):
        return False  # reached from the agreement

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("party"))
    def party(self, obj):
        return obj.display_name

    def save_model(self, request, obj, form, change):
        """Nothing of the party itself changes here."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        _audit_rows(request, form.instance.agreement, formsets)

    def response_change(self, request, obj):
        if "_continue" not in request.POST:
            return redirect("admin:collaborations_agreement_change", obj.agreement_id)
        return super().response_change(request, obj)


@admin.register(FollowUp)
class FollowUpAdmin(RegisterAdmin):
    """A yearly follow-up: the result of each indicator against its target, the summary,
    and its status (submitted by the partner or the officer, reviewed by the officer)."""

    municipality_lookup = "agreement__collaboration__municipality"
    collaboration_path = "agreement__collaboration"
    list_display = ["agreement", "year", "status", "due_on", "submitted_at", "reviewed_at"]
    list_filter = ["status", "year"]
    search_fields = ["agreement__collaboration__title"]
    list_select_related = ["agreement__collaboration"]
    readonly_fields = ["agreement", "year", "due_on", "submitted_by", "submitted_at",
                       "reviewed_by", "reviewed_at", "results_table"]  # fmt: skip

    def has_add_permission(self, request):
        return False  # opened from the agreement

    @admin.display(description=_("due"))
    def due_on(self, obj):
        return services.follow_up_due_on(obj.agreement, obj.year)

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = follow_up_form_class(obj, request.user)
        kwargs["fields"] = None
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        indicators = list(obj.agreement.indicators.all()) if obj else []
        results = [name for i in indicators for name in (f"result_{i.pk}", f"comment_{i.pk}")]
        may_change = self.has_change_permission(request, obj)
        return [
            (None, {"fields": ["agreement", "year", "due_on", "status", "summary"]}),
            (
                _("Results against the targets"),
                {"fields": results if may_change else ["results_table"]},
            ),
            (None, {"fields": ["submitted_by", "submitted_at", "reviewed_by", "reviewed_at"]}),
        ]

    @admin.display(description=_("results"))
    def results_table(self, obj):
        found = {r.indicator_id: r for r in obj.results.all()}
        rows = [
            (i.name, i.target.normalize(), found[i.pk].value.normalize() if i.pk in found else "–",
             found[i.pk].comment if i.pk in found else "")
            for i in obj.agreement.indicators.all()
        ]  # fmt: skip
        body = format_html_join(
            "", "<tr><th scope='row'>{}</th><td>{}</td><td>{}</td><td>{}</td></tr>", rows
        )
        return format_html(
            "<table><caption>{}</caption><thead><tr><th scope='col'>{}</th>"
            "<th scope='col'>{}</th><th scope='col'>{}</th><th scope='col'>{}</th></tr>"
            "</thead><tbody>{}</tbody></table>",
            _("Results against the targets"), _("Indicator"), _("Target"), _("Result"),
            _("Comment"), body,
        )  # fmt: skip

    def save_model(self, request, obj, form, change):
        """Results through services.follow_up_save_results (while a draft), the status
        through services.follow_up_set_status; both audited."""
        current = FollowUp.objects.get(pk=obj.pk)
        result_fields = [n for n in form.changed_data if n.startswith(("result_", "comment_"))]
        if current.status == FollowUp.Status.DRAFT and (
            result_fields or "summary" in form.changed_data
        ):
            services.follow_up_save_results(
                follow_up=current, by=request.user, results=form.results(),
                summary=form.cleaned_data.get("summary", ""),
            )  # fmt: skip
        if "status" in form.changed_data:
            services.follow_up_set_status(
                follow_up=current, status=form.cleaned_data["status"], by=request.user
            )

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status != FollowUp.Status.DRAFT:
            readonly.append("summary")
        return readonly
