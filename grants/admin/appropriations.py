"""Appropriations (anslag) in the admin: a committee's money for a year, drawn on by its
calls, with what is committed, paid, repaid and left; and the budget page (granted,
planned and paid per call, committee and year)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from grants import selectors
from grants.models import Appropriation, Call
from portal.admin.audit import AuditedAdmin
from portal.admin.mixins import MunicipalityScopedAdmin
from portal.admin.money import amount_display
from portal.models import Committee
from portal.money import format_amount


class CallForm(forms.ModelForm):
    """A call of the programme's committee may draw from that committee's appropriations
    only (the choices are the municipality's; the committee is checked here)."""

    class Meta:
        model = Call
        fields = "__all__"  # noqa: DJ007 -- the Call admin's own fields, as before

    def clean(self):
        cleaned = super().clean()
        appropriation, programme = cleaned.get("appropriation"), cleaned.get("programme")
        if appropriation and programme and appropriation.committee_id != programme.committee_id:
            self.add_error(
                "appropriation",
                _(
                    "The appropriation %(appropriation)s belongs to %(committee)s; a call of "
                    "%(programme)s can only draw from %(own)s's appropriations."
                )
                % {
                    "appropriation": appropriation,
                    "committee": appropriation.committee,
                    "programme": programme,
                    "own": programme.committee,
                },
            )
        return cleaned


def appropriation_choices(request, model_admin):
    """Appropriations a person may pick for a call: those of committees where they may
    change calls (the call's own committee is checked by CallForm)."""
    queryset = Appropriation.objects.select_related("committee")
    if request.user.is_superuser:
        return queryset
    found = model_admin.scope(request, ("add", "change"))
    return queryset.filter(
        Q(committee__municipality__in=found.municipality_ids) | Q(committee__in=found.committee_ids)
    )


class CallInline(admin.TabularInline):
    """The calls that draw from the appropriation (read here; set on each call)."""

    model = Call
    fk_name = "appropriation"
    extra = 0
    can_delete = False
    fields = ["call_link", "programme", "opens_at", "closes_at", "call_budget"]
    readonly_fields = fields
    verbose_name_plural = _("calls drawing from the appropriation")
    call_budget = amount_display("budget", _("budget"))

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("programme")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("call"))
    def call_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:grants_call_change", args=[obj.pk]), obj.title
        )


@admin.register(Appropriation)
class AppropriationAdmin(AuditedAdmin, MunicipalityScopedAdmin):
    municipality_lookup = "committee__municipality"
    committee_lookup = "committee"
    list_display = [
        "name", "year", "committee", "appropriated", "committed", "paid", "repaid", "left",
        "calls",
    ]  # fmt: skip
    list_filter = ["year", "committee"]
    search_fields = ["name"]
    list_select_related = ["committee"]
    fields = ["committee", "year", "name", "amount", "note", "figures"]
    readonly_fields = ["figures"]
    inlines = [CallInline]
    appropriated = amount_display("amount", _("appropriated"), ordering="amount")

    def get_queryset(self, request):
        calls = (
            Call.objects.filter(appropriation=OuterRef("pk"))
            .values("appropriation")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return selectors.appropriations_with_money(
            super().get_queryset(request).annotate(call_count=Coalesce(Subquery(calls), 0))
        )

    def get_urls(self):
        budget = path(
            "budget/",
            self.admin_site.admin_view(self.budget_view),
            name="grants_appropriation_budget",
        )
        return [budget, *super().get_urls()]

    @admin.display(description=_("committed"), ordering="committed_total")
    def committed(self, obj):
        return format_amount(obj.committed_total)

    @admin.display(description=_("paid"), ordering="paid_total")
    def paid(self, obj):
        return format_amount(obj.paid_total)

    @admin.display(description=_("repaid"), ordering="repaid_total")
    def repaid(self, obj):
        return format_amount(obj.repaid_total)

    @admin.display(description=_("left"), ordering="left_total")
    def left(self, obj):
        return format_amount(obj.left_total)

    @admin.display(description=_("calls"), ordering="call_count")
    def calls(self, obj):
        return obj.call_count

    @admin.display(description=_("figures"))
    def figures(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        money = selectors.appropriation_money(obj)
        return _(
            "Appropriated %(amount)s; committed %(committed)s; paid %(paid)s; repaid "
            "%(repaid)s; left %(left)s."
        ) % {
            "amount": format_amount(money.appropriated),
            "committed": format_amount(money.committed),
            "paid": format_amount(money.paid),
            "repaid": format_amount(money.repaid),
            "left": format_amount(money.left),
        }

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "committee" and not request.user.is_superuser:
            found = self.scope(request, ("add", "change"))
            formfield.queryset = Committee.objects.filter(
                Q(municipality__in=found.municipality_ids) | Q(pk__in=found.committee_ids)
            )
        return formfield

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "budget_url": reverse("admin:grants_appropriation_budget"),
        }
        return super().changelist_view(request, extra_context)

    # --- the budget page -------------------------------------------------------------

    def budget_view(self, request):
        """Granted, planned and paid per call for each committee the person may read, in
        one year, with the committee's appropriations."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        scope = self.scope(request, ("view", "change"))
        committees = Committee.objects.select_related("municipality").order_by(
            "municipality__name", "name"
        )
        if not request.user.is_superuser:
            committees = committees.filter(scope.q("municipality", "pk"))
        this_year = timezone.localdate().year
        form = BudgetFilterForm(request.GET or None, committees=committees, this_year=this_year)
        year, chosen = this_year, committees
        if form.is_valid():
            year = form.cleaned_data["year"] or this_year
            if form.cleaned_data["committee"]:
                chosen = committees.filter(pk=form.cleaned_data["committee"].pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Budget %(year)s: granted, planned and paid") % {"year": year},
            "form": form,
            "year": year,
            "budgets": selectors.budget(chosen, year),
            "changelist_url": reverse("admin:grants_appropriation_changelist"),
        }
        return TemplateResponse(request, "admin/grants/appropriation/budget.html", context)


class BudgetFilterForm(forms.Form):
    year = forms.IntegerField(label=_("year"), required=False, min_value=2000, max_value=2100)
    committee = forms.ModelChoiceField(
        label=_("committee"), required=False, queryset=Committee.objects.none(),
        empty_label=_("All committees"),
    )  # fmt: skip

    def __init__(self, *args, committees, this_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["year"].initial = this_year
