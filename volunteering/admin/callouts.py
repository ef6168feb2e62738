"""Call-outs (upprop) in the admin, the coordinators' tool: write the call-out (the need,
the targeting, the practical information), see how many it will reach, send it, follow
the coverage of the need as pledges arrive, accept or decline them (one by one on the
call-out's page, or many at once in the pledge list), write each one's task, send the
practical information to those accepted, and close the call-out with an account of what
happened (or cancel it, or open it again); and read the organisations' readiness. Every
write goes through ``volunteering.services.callouts`` (checked against the workflow tables
and audited)."""

from functools import partial

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from networks.models import Network
from organisations.models import Organisation
from portal import permissions as portal_permissions
from portal.admin.mixins import (
    LabelledTabularInline,
    MunicipalityScopedAdmin,
    action_form_response,
    apply_to_each,
)
from portal.admin.object_actions import ObjectAction
from portal.forms import add_service_errors
from portal.models import AuditEvent, District, FocusArea, Municipality
from portal.selectors import staff_with_roles
from volunteering import permissions
from volunteering.forms.callouts import (
    CallOutAdminForm,
    CloseForm,
    ConfirmForm,
    PledgeAddForm,
    PledgeStatusForm,
)
from volunteering.languages import names as language_names
from volunteering.models import CallOut, Pledge, Readiness, Skill, Volunteer
from volunteering.roles import MOBILISE
from volunteering.selectors import callouts as selectors
from volunteering.selectors.targeting import recipient_count
from volunteering.services import callouts as services

C = CallOut.Status
P = Pledge.Status


def offer_text(pledge) -> str:
    """A pledge's offer in words: "2 people, 8 hours, Första hjälpen; premises: …"."""
    parts = [
        ngettext("%(count)s person", "%(count)s people", pledge.people) % {"count": pledge.people},
        ngettext("%(count)s hour", "%(count)s hours", pledge.hours) % {"count": pledge.hours},
    ]
    parts += [skill.name for skill in pledge.skills.all()]
    if pledge.premises:
        parts.append(_("premises: %(what)s") % {"what": pledge.premises})
    if pledge.goods:
        parts.append(_("goods: %(what)s") % {"what": pledge.goods})
    return ", ".join(str(p) for p in parts)


def giver_text(pledge) -> str:
    if pledge.organisation_id:
        return str(pledge.organisation)
    if pledge.volunteer_id:
        return _("%(name)s (volunteer)") % {"name": pledge.volunteer}
    return str(_("a former volunteer"))


def _own_choices(field, kwargs):
    """The choices given here (the call-out's own municipality, open call-outs), not the
    wider ones the scoped admin puts in their place (every municipality one works in)."""
    if field is not None and "queryset" in kwargs:
        field.queryset = kwargs["queryset"]
    return field


def _posted(request):
    """The posted data, even when empty (a confirm page posts no fields of its own)."""
    return request.POST if request.method == "POST" else None


def save_pledge_row(by, pledge, form) -> None:
    """A pledge's row as the coordinator changed it, through the services: the status
    first (accepted or declined, the giver hears), then the task and the hours given."""
    if "status" in form.changed_data:
        services.pledge_set_status(pledge=pledge, status=form.cleaned_data["status"], by=by)
    recorded = {n: form.cleaned_data[n] for n in services.RECORDED if n in form.changed_data}
    if recorded:
        services.pledge_record(pledge=pledge, by=by, data=recorded)


class PledgeInline(LabelledTabularInline):
    """The pledges on the call-out's page: the giver's offer as they wrote it, and what the
    coordinator decides (status, task, hours given)."""

    model = Pledge
    form = PledgeStatusForm
    extra = 0
    can_delete = False
    fields = ["giver", "offer", "note", "status", "assignment", "hours_given", "informed"]
    readonly_fields = ["giver", "offer", "note", "informed"]
    verbose_name_plural = _("Pledges")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("organisation", "volunteer__user", "callout")
            .prefetch_related("skills")
        )

    def has_add_permission(self, request, obj=None):
        return False  # pledges come from the givers (or the pledge list's add page)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return obj.status != C.CANCELLED and permissions.may_coordinate(
            request.user, obj.municipality_id
        )

    @admin.display(description=_("giver"))
    def giver(self, obj):
        return giver_text(obj)

    @admin.display(description=_("offer"))
    def offer(self, obj):
        return offer_text(obj)

    @admin.display(description=_("message"))
    def note(self, obj):
        return obj.message or "–"

    @admin.display(description=_("practical information sent"))
    def informed(self, obj):
        if obj.informed_at is None:
            return "–"
        return timezone.localtime(obj.informed_at).strftime("%Y-%m-%d %H:%M")


@admin.register(CallOut)
class CallOutAdmin(MunicipalityScopedAdmin):
    form = CallOutAdminForm
    list_display = ["title", "urgency", "status", "respond_by", "people", "sent_at",
                    "municipality"]  # fmt: skip
    list_filter = ["status", "urgency", "municipality"]
    search_fields = ["title", "description", "place"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["networks"]  # two thousand at the largest: a search box
    readonly_fields = ["status", "sent_at", "recipients", "account", "closed_at"]
    inlines = [PledgeInline]
    object_actions = (
        ObjectAction("send", "send/", "send_view"),
        ObjectAction("inform", "inform/", "inform_view"),
        ObjectAction("close", "close/", "close_view"),
        ObjectAction("cancel", "cancel/", "cancel_view"),
        ObjectAction("reopen", "reopen/", "reopen_view"),
    )

    def get_queryset(self, request):
        return selectors.with_pledge_totals(super().get_queryset(request))

    def object_queryset(self, request):
        return super().get_queryset(request).select_related("municipality")

    def get_fieldsets(self, request, obj=None):
        first = ["title", "description", "urgency", "responsible"]
        if obj is None:
            first = ["municipality", *first]
        else:
            first += ["status", "sent_at"]
        fieldsets = [
            (None, {"fields": first}),
            (_("When and where"), {"fields": ["place", "starts_at", "ends_at", "respond_by"]}),
            (
                _("The need"),
                {
                    "fields": [
                        *["people_needed", "hours_needed", "skills", "languages"],
                        *["premises_needed", "goods_needed"],
                    ]
                },
            ),
            (
                _("Who it goes to"),
                {
                    "fields": [
                        *["to_organisations", "to_volunteers", "focus_areas", "districts"],
                        *["networks", *(["recipients"] if obj else [])],
                    ],
                    "description": _(
                        "Matching organisations (by their readiness, focus areas and districts) "
                        "and volunteers (by their focus areas, districts and skills), and every "
                        "active member of the networks chosen. Nothing chosen: all of them."
                    ),
                },
            ),
            (
                _("Practical information for those accepted"),
                {"fields": ["practical_information"]},
            ),
        ]
        if obj is not None and obj.status in (C.CLOSED, C.CANCELLED):
            fieldsets.append((_("Closed"), {"fields": ["closed_at", "account"]}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status == C.CANCELLED:
            return [*services.FIELDS, *services.MANY, *self.readonly_fields]
        return self.readonly_fields

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return permissions.may_coordinate(request.user, obj.municipality_id)

    def has_delete_permission(self, request, obj=None):
        """Only a draft: a sent call-out and its pledges stay on record."""
        allowed = super().has_delete_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return obj.status == C.DRAFT and permissions.may_coordinate(
            request.user, obj.municipality_id
        )

    @admin.display(description=_("people offered / accepted / needed"))
    def people(self, obj):
        needed = obj.people_needed if obj.people_needed is not None else "–"
        return f"{obj.people_offered} / {obj.people_accepted} / {needed}"

    @admin.display(description=_("recipients"))
    def recipients(self, obj):
        if obj.sent_at is not None:
            return ngettext(
                "Sent to %(count)s recipient.", "Sent to %(count)s recipients.",
                obj.recipient_count,
            ) % {"count": obj.recipient_count}  # fmt: skip
        count = recipient_count(obj)
        return ngettext(
            "It will go to %(count)s recipient (as saved).",
            "It will go to %(count)s recipients (as saved).", count,
        ) % {"count": count}  # fmt: skip

    # --- choices of the call-out's municipality ----------------------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        request._callout_municipalities = (
            [obj.municipality_id] if obj is not None else self.writable_municipalities(request)
        )
        if request.user.is_superuser and obj is None:
            everywhere = Municipality.objects.values_list("pk", flat=True)
            request._callout_municipalities = list(everywhere)
        return super().get_form(request, obj, change=change, **kwargs)

    def _municipalities(self, request):
        found = getattr(request, "_callout_municipalities", None)
        return found if found is not None else self.writable_municipalities(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        municipalities = self._municipalities(request)
        if db_field.name == "municipality":
            kwargs["queryset"] = Municipality.objects.filter(pk__in=municipalities)
        elif db_field.name == "responsible":
            roles = portal_permissions.roles_granting(MOBILISE)
            current = CallOut.objects.filter(municipality__in=municipalities)
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(
                    Q(pk__in=staff_with_roles(municipalities, roles).values("pk"))
                    | Q(pk__in=current.values("responsible"))
                )
                .order_by("full_name", "email")
            )
        return _own_choices(super().formfield_for_foreignkey(db_field, request, **kwargs), kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        models = {"skills": Skill, "focus_areas": FocusArea, "districts": District,
                  "networks": Network}  # fmt: skip
        if db_field.name in models:
            kwargs["queryset"] = (
                models[db_field.name]
                .objects.filter(municipality__in=self._municipalities(request))
                .order_by("name")
            )
        return _own_choices(super().formfield_for_manytomany(db_field, request, **kwargs), kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        municipalities = self.writable_municipalities(request)
        if len(municipalities) == 1:
            initial.setdefault("municipality", municipalities[0])
        if permissions.may_coordinate(request.user, municipalities[0] if municipalities else None):
            initial.setdefault("responsible", request.user.pk)
        return initial

    # --- writes through the services ---------------------------------------------------------

    def save_model(self, request, obj, form, change):
        """Written in save_related, through the services."""

    def save_related(self, request, form, formsets, change):
        names = (*services.FIELDS, *services.MANY)
        if change:
            data = {k: form.cleaned_data[k] for k in form.changed_data if k in names}
            services.callout_update(callout=form.instance, by=request.user, data=data)
        else:
            data = {k: form.cleaned_data[k] for k in names if k in form.cleaned_data}
            created = services.callout_create(
                municipality=form.cleaned_data["municipality"], by=request.user, data=data
            )
            form.instance.pk, form.instance._state.adding = created.pk, False
        for formset in formsets:
            self.save_formset(request, form, formset, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Pledge:
            return super().save_formset(request, form, formset, change)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for row in formset.initial_forms:
            if row.has_changed():
                save_pledge_row(request.user, row.instance, row)
                formset.changed_objects.append((row.instance, row.changed_data))
        return None

    def response_add(self, request, obj, post_url_continue=None):
        if "_addanother" not in request.POST and "_popup" not in request.POST:
            self.message_user(
                request, _("The call-out is saved as a draft. Check it, then send it.")
            )
            return redirect("admin:volunteering_callout_change", obj.pk)
        return super().response_add(request, obj, post_url_continue)

    # --- the call-out's page -----------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        callout = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if callout is not None:
            may = self.has_change_permission(request, callout)
            moves = services.callout_moves(request.user, callout) if may else []
            extra_context.update(
                coverage=selectors.coverage(callout) if callout.status != C.DRAFT else None,
                may_send=C.OPEN in moves and callout.status == C.DRAFT,
                may_close=C.CLOSED in moves,
                may_cancel=C.CANCELLED in moves,
                may_reopen=C.OPEN in moves and callout.status == C.CLOSED,
                may_inform=may and callout.status == C.OPEN,
                audit=AuditEvent.objects.filter(
                    target_type="volunteering.callout", target_id=str(callout.pk)
                ).select_related("actor"),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def _action(self, request, callout, *, form, title, intro, button, run, done):
        if request.method == "POST" and form.is_valid():
            try:
                result = run(form)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                self.message_user(request, done(result), messages.SUCCESS)
                return redirect("admin:volunteering_callout_change", callout.pk)
        response = action_form_response(
            self, request, callout, form, title, intro,
            template="admin/volunteering/callout/action.html",
        )  # fmt: skip
        response.context_data["button"] = button
        return response

    def send_view(self, request, callout):
        count = recipient_count(callout)
        intro = ngettext(
            "The call-out goes to %(count)s recipient, through the outbox.",
            "The call-out goes to %(count)s recipients, through the outbox.", count,
        ) % {"count": count}  # fmt: skip
        return self._action(
            request, callout, form=ConfirmForm(_posted(request)),
            title=_("Send the call-out"), intro=intro, button=_("Send the call-out"),
            run=lambda form: services.callout_send(callout=callout, by=request.user),
            done=lambda result: _("The call-out is sent and taking pledges."),
        )  # fmt: skip

    def inform_view(self, request, callout):
        waiting = callout.pledges.filter(status=P.ACCEPTED, informed_at__isnull=True).count()
        intro = ngettext(
            "The practical information and each one's task go by email to %(count)s accepted "
            "pledge not yet informed.",
            "The practical information and each one's task go by email to %(count)s accepted "
            "pledges not yet informed.", waiting,
        ) % {"count": waiting}  # fmt: skip
        return self._action(
            request, callout, form=ConfirmForm(_posted(request)),
            title=_("Send the practical information"), intro=intro,
            button=_("Send the practical information"),
            run=lambda form: services.callout_inform(callout=callout, by=request.user),
            done=lambda count: ngettext(
                "The practical information was sent to %(count)s pledge.",
                "The practical information was sent to %(count)s pledges.", count,
            ) % {"count": count},
        )  # fmt: skip

    def close_view(self, request, callout):
        return self._action(
            request, callout, form=CloseForm(_posted(request)),
            title=_("Close the call-out"),
            intro=_("A closed call-out takes no more pledges. You may open it again."),
            button=_("Close the call-out"),
            run=lambda form: services.callout_close(
                callout=callout, by=request.user, account=form.cleaned_data["account"]
            ),
            done=lambda result: _("The call-out is closed."),
        )  # fmt: skip

    def cancel_view(self, request, callout):
        intro = _("A cancelled call-out takes no pledges and cannot be opened again.")
        if callout.status == C.OPEN:
            intro = _("Everyone who has pledged is told by email that the call-out is "
                      "cancelled. It cannot be opened again.")  # fmt: skip
        return self._action(
            request, callout, form=ConfirmForm(_posted(request)),
            title=_("Cancel the call-out"), intro=intro, button=_("Cancel the call-out"),
            run=lambda form: services.callout_cancel(callout=callout, by=request.user),
            done=lambda result: _("The call-out is cancelled."),
        )  # fmt: skip

    def reopen_view(self, request, callout):
        return self._action(
            request, callout, form=ConfirmForm(_posted(request)),
            title=_("Open the call-out again"),
            intro=_("It takes pledges again; it is not sent out again."),
            button=_("Open the call-out again"),
            run=lambda form: services.callout_reopen(callout=callout, by=request.user),
            done=lambda result: _("The call-out is open again."),
        )  # fmt: skip


@admin.register(Pledge)
class PledgeAdmin(MunicipalityScopedAdmin):
    """Every pledge of the coordinator's call-outs: filter by call-out and status, accept or
    decline many at once; record a pledge received another way."""

    municipality_lookup = "callout__municipality"
    list_display = ["giver", "callout", "status", "offer", "pledged_at", "informed_at"]
    list_filter = ["status", "callout"]
    search_fields = ["organisation__name", "volunteer__user__full_name", "callout__title"]
    list_select_related = ["callout", "organisation", "volunteer__user"]
    # a search box: a <select> of every organisation and volunteer is 20 000 options
    autocomplete_fields = ["organisation", "volunteer"]
    actions = ["accept_selected", "decline_selected"]
    readonly_fields = ["callout", "giver", "offer", "message", "pledged_by", "pledged_at",
                       "decided_by", "decided_at", "informed_at"]  # fmt: skip

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("skills")

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = PledgeStatusForm if obj is not None else PledgeAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return PledgeAddForm._meta.fields
        return ["callout", "giver", "offer", "message", "pledged_by", "pledged_at", "status",
                "assignment", "hours_given", "decided_by", "decided_at", "informed_at"]  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False  # withdrawn or declined, a pledge stays on record

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return obj.callout.status != C.CANCELLED and permissions.may_coordinate(
            request.user, obj.callout.municipality_id
        )

    @admin.display(description=_("giver"))
    def giver(self, obj):
        return giver_text(obj)

    @admin.display(description=_("offer"))
    def offer(self, obj):
        return offer_text(obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        municipalities = self.writable_municipalities(request)
        if request.user.is_superuser:
            municipalities = list(Municipality.objects.values_list("pk", flat=True))
        if db_field.name == "callout":
            kwargs["queryset"] = CallOut.objects.filter(
                municipality__in=municipalities, status=C.OPEN
            )
        elif db_field.name == "organisation":
            kwargs["queryset"] = Organisation.objects.filter(
                municipality__in=municipalities
            ).order_by("name")
        elif db_field.name == "volunteer":
            kwargs["queryset"] = Volunteer.objects.filter(
                municipality__in=municipalities
            ).select_related("user")
        return _own_choices(super().formfield_for_foreignkey(db_field, request, **kwargs), kwargs)

    def save_model(self, request, obj, form, change):
        """A new pledge through services.pledge_make; a change through the status and
        record services (both audited)."""
        if change:
            save_pledge_row(request.user, obj, form)
            return
        data = form.cleaned_data
        giver = services.Giver(organisation=data["organisation"], volunteer=data["volunteer"])
        offer = {n: data.get(n) for n in services.OFFER}
        offer["skills"] = list(data.get("skills") or [])
        created = services.pledge_make(
            callout=data["callout"], giver=giver, by=request.user, data=offer
        )
        obj.pk, obj._state.adding = created.pk, False

    def save_related(self, request, form, formsets, change):
        """The skills are saved by the service."""

    def _decide(self, request, queryset, status, done):
        apply_to_each(
            self, request,
            queryset.select_related("callout__municipality", "organisation", "volunteer__user",
                                    "pledged_by"),
            partial(self._decide_one, by=request.user, status=status), done,
        )  # fmt: skip

    @staticmethod
    def _decide_one(pledge, by, status):
        services.pledge_set_status(pledge=pledge, status=status, by=by)

    @admin.action(description=_("Accept the selected pledges"), permissions=["change"])
    def accept_selected(self, request, queryset):
        self._decide(request, queryset, P.ACCEPTED, _("%(count)s pledges accepted."))

    @admin.action(description=_("Decline the selected pledges (not needed)"),
                  permissions=["change"])  # fmt: skip
    def decline_selected(self, request, queryset):
        self._decide(request, queryset, P.DECLINED, _("%(count)s pledges declined."))


@admin.register(Readiness)
class ReadinessAdmin(MunicipalityScopedAdmin):
    """The organisations' readiness (beredskap), as they keep it on their own page: read
    here by the coordinators who target call-outs (what each can offer, how to reach it at
    short notice). Nothing is changed here."""

    municipality_lookup = "organisation__municipality"
    list_display = ["organisation", "receives_callouts", "people_available", "offers",
                    "languages_spoken", "urgent_phone", "urgent_email", "updated_at"]  # fmt: skip
    list_filter = ["receives_callouts", "skills"]
    search_fields = ["organisation__name", "premises", "goods"]
    list_select_related = ["organisation"]
    fields = ["organisation", "receives_callouts", "people_available", "offers",
              "languages_spoken", "premises", "goods", "urgent_phone", "urgent_email",
              "updated_at", "updated_by"]  # fmt: skip
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("skills")

    def has_add_permission(self, request):
        return False  # kept by the organisation on its readiness page

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("skills and resources"))
    def offers(self, obj):
        return ", ".join(skill.name for skill in obj.skills.all()) or "–"

    @admin.display(description=_("languages"))
    def languages_spoken(self, obj):
        return ", ".join(language_names(obj.languages)) or "–"
