"""Advice times in the admin: officers publish times (one, or a series cut from a span of
hours and repeated weekly), cancel them and see their bookings with the questions. Rules
live in advice.services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from advice.models import AdviceBooking, AdviceSlot
from advice.services import bookings as booking_services
from advice.services import slots as slot_services
from portal.admin.audit import AuditedAdmin
from portal.admin.mixins import MunicipalityScopedAdmin
from portal.admin.object_actions import ObjectAction
from portal.models import Municipality, Role
from portal.selectors import staff_with_roles

OFFERING_ROLES = (Role.OFFICER, Role.COORDINATOR, Role.MUNICIPAL_ADMIN)


class AdviceSlotForm(forms.ModelForm):
    """One time, or a series: the span from start to end cut into times of ``slot_minutes``
    and repeated on the same weekday for ``weeks`` weeks (only when adding)."""

    slot_minutes = forms.IntegerField(
        label=_("cut into times of (minutes)"), required=False, min_value=10, max_value=480,
        help_text=_("E.g. 13:00–16:00 in times of 30 minutes gives six times. Empty: one time."),
    )  # fmt: skip
    weeks = forms.IntegerField(
        label=_("weeks"), min_value=1, max_value=26, initial=1,
        help_text=_("Repeat on the same weekday, e.g. every Tuesday for 4 weeks."),
    )  # fmt: skip

    class Meta:
        model = AdviceSlot
        fields = [
            "municipality", "officer", "administration", "focus_areas", "title", "notes",
            "starts_at", "ends_at", "mode", "place", "address", "video_url", "status",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["slot_minutes"]
            del self.fields["weeks"]
        elif "status" in self.fields:
            self.fields["status"].disabled = True
        for name in ("starts_at", "ends_at"):
            field = self.fields.get(name)
            if field is not None and hasattr(field.widget, "widgets"):
                date, time = field.widget.widgets
                date.attrs["aria-label"] = "{}: {}".format(field.label, _("date"))
                time.attrs["aria-label"] = "{}: {}".format(field.label, _("time"))

    def clean(self):
        cleaned = super().clean()
        municipality = cleaned.get("municipality")
        if municipality is not None:
            problems = slot_services.slot_problems(
                municipality=municipality, officer=cleaned.get("officer"), data=cleaned
            )
            for field, problem in problems.items():
                self.add_error(field if field in self.fields else None, problem)
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if self.instance.pk is None and starts and ends:
            first, last = timezone.localtime(starts), timezone.localtime(ends)
            if first.date() != last.date():
                self.add_error("ends_at", _("A series of times is within one day."))
            else:
                self.times = slot_services.series_times(
                    first_day=first.date(), start=first.time(), end=last.time(),
                    minutes=cleaned.get("slot_minutes"), weeks=cleaned.get("weeks") or 1,
                )  # fmt: skip
                if not self.times:
                    self.add_error("slot_minutes", _("The times do not fit in the span."))
        return cleaned


class BookingInline(admin.TabularInline):
    model = AdviceBooking
    extra = 0
    can_delete = False
    fields = ["who", "question", "contact_phone", "status"]
    readonly_fields = fields
    verbose_name_plural = _("bookings")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("booked for"))
    def who(self, obj):
        return obj.who

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation", "booked_by")


@admin.register(AdviceSlot)
class AdviceSlotAdmin(AuditedAdmin, MunicipalityScopedAdmin):
    form = AdviceSlotForm
    list_display = ["title", "starts", "mode", "officer", "booked", "status"]
    list_filter = ["mode", "status"]
    search_fields = ["title", "officer__full_name", "officer__email"]
    list_select_related = ["officer", "municipality"]
    inlines = [BookingInline]
    fieldsets = [
        (None, {"fields": ["municipality", "officer", "administration", "focus_areas", "title",
                           "notes", "status"]}),
        (_("When and how"), {"fields": ["starts_at", "ends_at", "slot_minutes", "weeks", "mode",
                                        "place", "address", "video_url"]}),
    ]  # fmt: skip

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.fieldsets
        return [
            (name, {"fields": [f for f in opts["fields"] if f not in ("slot_minutes", "weeks")]})
            for name, opts in self.fieldsets
        ]

    def get_queryset(self, request):
        booked = AdviceBooking.objects.filter(
            slot=OuterRef("pk"), status=AdviceBooking.Status.BOOKED
        )
        return super().get_queryset(request).annotate(is_booked=Exists(booked))

    @admin.display(description=_("starts"), ordering="starts_at")
    def starts(self, obj):
        return f"{timezone.localtime(obj.starts_at):%Y-%m-%d %H:%M}"

    @admin.display(description=_("booked"), boolean=True, ordering="is_booked")
    def booked(self, obj):
        return obj.is_booked

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "officer":
            municipalities = (
                Municipality.objects.all()
                if request.user.is_superuser
                else self.writable_municipalities(request)
            )
            kwargs["queryset"] = staff_with_roles(municipalities, OFFERING_ROLES)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("officer", request.user.pk)
        return initial

    def save_model(self, request, obj, form, change):
        if not change:
            data = {name: form.cleaned_data.get(name) for name in slot_services.SLOT_FIELDS}
            data["address"] = data["address"] or ""
            data["video_url"] = data["video_url"] or ""
            data["notes"] = data["notes"] or ""
            slots = slot_services.slot_series(
                municipality=obj.municipality, officer=obj.officer, by=request.user,
                times=form.times, data=data, focus_areas=form.cleaned_data.get("focus_areas"),
            )  # fmt: skip
            obj.pk, obj._state.adding = slots[0].pk, False
            obj.starts_at, obj.ends_at = slots[0].starts_at, slots[0].ends_at
            if len(slots) > 1:
                messages.info(request, _("%(n)s advice times published.") % {"n": len(slots)})
            return
        status = form.cleaned_data.get("status", obj.status)
        before = AdviceSlot.objects.get(pk=obj.pk).status
        obj.status = before
        super().save_model(request, obj, form, change)
        if status != before:
            try:
                slot_services.slot_set_status(slot=obj, status=status, by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))


@admin.register(AdviceBooking)
class AdviceBookingAdmin(AuditedAdmin, MunicipalityScopedAdmin):
    municipality_lookup = "slot__municipality"
    list_display = ["slot", "who", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["slot__title", "organisation__name", "booked_by__full_name", "question"]
    list_select_related = ["slot", "organisation", "booked_by"]
    readonly_fields = ["slot", "organisation", "booked_by", "question", "contact_phone",
                       "status", "created_at", "cancelled_at", "cancelled_by"]  # fmt: skip
    fields = readonly_fields
    object_actions = (ObjectAction("cancel", "cancel/", "cancel_view", post_only=True),)

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("booked for"))
    def who(self, obj):
        return obj.who

    def cancel_view(self, request, booking):
        try:
            booking_services.booking_cancel(booking=booking, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The booking is cancelled; the person was told."))
        return redirect("admin:advice_advicebooking_change", booking.pk)
