"""Volunteer posts in municipal activities in the admin, the hosts' tool (Boskola,
MeetingPoint, the library's language café): write the post and its shifts, publish and
close it, see who booked and who waits, record who came and their hours, and that a
volunteer showed an extract from the criminal records where the post asks for one.

Officers host the posts of the administrations that serve their committee, coordinators
every administration's (``volunteering.permissions.may_host`` / ``may_run_post``); the
list holds only the posts the person may run (``permissions.hosted_q``), so an officer of
another committee never opens another administration's post. Every write goes through
``volunteering.services.posts`` (checked against the workflow tables and audited)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Min, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal import permissions as portal_permissions
from portal.admin.mixins import LabelledTabularInline, MunicipalityScopedAdmin
from portal.admin.object_actions import ObjectAction
from portal.forms import add_service_errors
from portal.models import Administration, AuditEvent, District, FocusArea, TargetGroup
from volunteering import permissions, workflow
from volunteering.forms.posts import (
    AttendanceForm,
    ExtractCheckForm,
    PostAdminForm,
    ShiftFormSet,
)
from volunteering.models import Interest, Post, Shift, ShiftSignup, Skill
from volunteering.roles import HOST, MOBILISE
from volunteering.selectors import posts as selectors
from volunteering.services import posts as services
from volunteering.services.posts import POST_FIELDS, POST_MANY

S = ShiftSignup.Status


def hostable_administrations(user):
    """The administrations whose posts ``user`` may host: every one in the municipalities
    where they coordinate or host for all committees, else those serving their committee."""
    if user.is_superuser:
        return Administration.objects.all()
    mobilise = portal_permissions.scope(user, MOBILISE)
    host = portal_permissions.scope(user, HOST)
    condition = Q(municipality_id__in=sorted(mobilise.municipality_ids | host.municipality_ids))
    if host.committee_ids:
        condition |= Q(committees__in=sorted(host.committee_ids))
    return Administration.objects.filter(
        pk__in=Administration.objects.filter(condition).values("pk")
    ).order_by("municipality__name", "name")


def hosted(user, queryset, prefix: str = ""):
    """``queryset`` limited to the posts (or their shifts) ``user`` may run."""
    if user.is_superuser:
        return queryset
    posts = Post.objects.filter(permissions.hosted_q(user)).values("pk")
    return queryset.filter(**{f"{prefix}pk__in": posts})


def may_run(request, post) -> bool:
    """``permissions.may_run_post``, asked once per request and post: a post's page asks
    it for the page and for each inline's add, change and delete rights (a query of the
    administration's committees each time)."""
    known = request.__dict__.setdefault("_may_run_post", {})
    if post.pk not in known:
        known[post.pk] = permissions.may_run_post(request.user, post)
    return known[post.pk]


def mark_formsets_unsaved(formsets) -> None:
    """Formsets whose rows a service wrote: Django's history message reads these lists."""
    for formset in formsets:
        for name in ("new_objects", "changed_objects", "deleted_objects"):
            if not hasattr(formset, name):
                setattr(formset, name, [])


def booked_text(shift) -> str:
    text = gettext("%(booked)s of %(places)s booked") % {
        "booked": shift.booked,
        "places": shift.places,
    }
    if shift.waiting:
        text += ", " + gettext("%(count)s waiting") % {"count": shift.waiting}
    return text


def with_counts(shifts):
    return shifts.annotate(
        booked=Count("signups", filter=Q(signups__status=S.CONFIRMED)),
        waiting=Count("signups", filter=Q(signups__status=S.WAITING)),
    )


class ShiftInline(LabelledTabularInline):
    model = Shift
    formset = ShiftFormSet
    fields = ["starts_at", "ends_at", "places", "note", "cancelled", "sign_ups"]
    readonly_fields = ["sign_ups"]
    extra = 0

    def get_queryset(self, request):
        # each row's title names its post
        queryset = super().get_queryset(request).select_related("post")
        return with_counts(queryset).order_by("starts_at", "pk")

    def _may(self, request, obj) -> bool:
        return obj is None or may_run(request, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._may(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may(request, obj)

    @admin.display(description=_("sign-ups"))
    def sign_ups(self, obj):
        if not obj.pk:
            return "–"
        url = reverse("admin:volunteering_shift_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, booked_text(obj))


class InterestInline(LabelledTabularInline):
    """Volunteers who answered the post with their interest (read here; the contact
    person was emailed)."""

    model = Interest
    fields = ["volunteer", "message", "created_at"]
    readonly_fields = fields
    extra = 0

    def get_queryset(self, request):
        # each row's title names the volunteer and the post
        return super().get_queryset(request).select_related("volunteer__user", "post")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Post)
class PostAdmin(MunicipalityScopedAdmin):
    form = PostAdminForm
    change_form_template = "volunteering/posts/admin_post_change_form.html"
    list_display = ["title", "activity", "host", "status", "next_shift", "municipality"]
    list_filter = ["status", "administration", "district", "requires_record_extract",
                   "municipality"]  # fmt: skip
    search_fields = ["title", "activity", "description"]
    list_select_related = ["administration", "organisation", "municipality"]
    inlines = [ShiftInline, InterestInline]
    object_actions = (
        ObjectAction("status", "status/", "status_view", post_only=True),
        ObjectAction("extracts", "extracts/", "extracts_view"),
    )

    # --- which posts, and who may change them ------------------------------------------

    def get_queryset(self, request):
        queryset = hosted(request.user, super().get_queryset(request))
        return queryset.annotate(
            next_shift_at=Min(
                "shifts__starts_at",
                filter=Q(shifts__starts_at__gt=timezone.now(), shifts__cancelled=False),
            )
        )

    def has_add_permission(self, request):
        return super().has_add_permission(request) and (
            request.user.is_superuser or portal_permissions.may_anywhere(request.user, HOST)
        )

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return may_run(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # a post is closed, never deleted: its shifts hold volunteers' hours

    @admin.display(description=_("host"))
    def host(self, obj):
        return obj.host_name

    @admin.display(description=_("next shift"), ordering="next_shift_at")
    def next_shift(self, obj):
        if obj.next_shift_at is None:
            return "–"
        return f"{timezone.localtime(obj.next_shift_at):%Y-%m-%d %H:%M}"

    # --- the form ----------------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        host = ["organisation"] if obj is not None and obj.organisation_id else ["administration"]
        return [
            (None, {"fields": [*host, "activity", "title", "description", "status"]}),
            (_("Where and for whom"), {"fields": ["place", "district", "focus_areas",
                                                  "target_groups", "skills"]}),
            (_("Requirements"), {"fields": ["requirements", "requires_record_extract"]}),
            (_("Contact"), {"fields": ["contact_name", "contact_email", "contact_phone"]}),
        ]  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        readonly = ["status", "organisation"]
        if obj is not None and not self.has_change_permission(request, obj):
            readonly += ["administration", *POST_FIELDS, *POST_MANY]
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        request._post_municipalities = (
            [obj.municipality_id]
            if obj is not None
            else sorted({a.municipality_id for a in hostable_administrations(request.user)})
        )
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None and "administration" in form.base_fields:
            form.base_fields["administration"].required = True
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        municipalities = getattr(request, "_post_municipalities", [])
        if db_field.name == "administration":
            kwargs["queryset"] = hostable_administrations(request.user)
        elif db_field.name == "district":
            kwargs["queryset"] = District.objects.filter(municipality__in=municipalities)
        else:
            return super().formfield_for_foreignkey(db_field, request, **kwargs)
        # these choices are narrower than the base class's (the municipality's own)
        return admin.ModelAdmin.formfield_for_foreignkey(self, db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        municipalities = getattr(request, "_post_municipalities", [])
        models = {"focus_areas": FocusArea, "target_groups": TargetGroup, "skills": Skill}
        if db_field.name in models:
            kwargs["queryset"] = (
                models[db_field.name]
                .objects.filter(municipality__in=municipalities)
                .order_by("ordering", "name")
            )
            return admin.ModelAdmin.formfield_for_manytomany(self, db_field, request, **kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    # --- writes through the services ---------------------------------------------------

    def save_model(self, request, obj, form, change):
        """Written in save_related, with the shifts, through the services."""

    def save_related(self, request, form, formsets, change):
        by = request.user
        names = (*POST_FIELDS, *POST_MANY)
        data = {n: form.cleaned_data[n] for n in names if n in form.cleaned_data}
        obj = form.instance
        if change:
            services.post_update(
                post=obj, by=by, data=data, administration=form.cleaned_data.get("administration")
            )
        else:
            created = services.post_create(
                by=by, data=data, administration=form.cleaned_data["administration"]
            )
            obj.pk, obj._state.adding = created.pk, False
            obj.municipality_id = created.municipality_id
        for formset in formsets:
            if formset.model is Shift:
                self._save_shifts(request, obj, formset)
        mark_formsets_unsaved(formsets)

    @staticmethod
    def _save_shifts(request, post, formset):
        for row in formset.forms:
            data = getattr(row, "cleaned_data", None) or {}
            shift = row.instance
            if not data:
                continue
            if data.get("DELETE"):
                if shift.pk:
                    services.shift_delete(shift=shift, by=request.user)
                continue
            values = {k: data.get(k) for k in ("starts_at", "ends_at", "places", "note")}
            if shift.pk is None:
                if not data.get("starts_at"):
                    continue
                created = services.shift_create(post=post, by=request.user, **values)
                if data.get("cancelled"):
                    services.shift_cancel(shift=created, by=request.user)
            elif row.has_changed():
                services.shift_update(
                    shift=shift, by=request.user, cancelled=bool(data.get("cancelled")), **values
                )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:  # a race with a booking since the page was read
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return redirect(request.path)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        post = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if post is not None:
            may_run = self.has_change_permission(request, post)
            moves = workflow.moves(post.status, workflow.HOST, workflow.POST_TRANSITIONS)
            extra_context.update(
                {
                    "status_moves": [(s, Post.Status(s).label) for s in moves] if may_run else [],
                    "not_shown": selectors.not_shown_count(post),
                    "audit": AuditEvent.objects.filter(
                        target_type="volunteering.post", target_id=str(post.pk)
                    ).select_related("actor"),
                    "public_url": reverse("volunteering:post", args=[post.pk]),
                }
            )
        return super().change_view(request, object_id, form_url, extra_context)

    # --- object pages ------------------------------------------------------------------

    def status_view(self, request, post):
        try:
            services.post_set_status(post=post, status=request.POST.get("status", ""),
                                     by=request.user)  # fmt: skip
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            post.refresh_from_db(fields=["status"])
            self.message_user(
                request,
                gettext("The post is now: %(status)s.")
                % {"status": post.get_status_display().lower()},
                messages.SUCCESS,
            )
        return redirect("admin:volunteering_post_change", post.pk)

    def extracts_view(self, request, post):
        rows = selectors.extract_overview(post) if post.requires_record_extract else []
        form = ExtractCheckForm(request.POST or None, volunteers=[r["volunteer"] for r in rows])
        if request.method == "POST" and rows and form.is_valid():
            try:
                services.extract_check_record(
                    post=post, volunteer=form.cleaned_data["volunteer"],
                    shown_on=form.cleaned_data["shown_on"], by=request.user,
                )  # fmt: skip
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                self.message_user(
                    request, gettext("The extract shown has been recorded."), messages.SUCCESS
                )
                return redirect("admin:volunteering_post_extracts", post.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": post,
            "title": gettext("Extracts from the criminal records shown"),
            "rows": rows,
            "form": form,
        }
        return TemplateResponse(request, "volunteering/posts/admin_extracts.html", context)


class SignupInline(LabelledTabularInline):
    """Who booked or waits (read here; attendance on its own page)."""

    model = ShiftSignup
    fields = ["volunteer", "status", "signed_up_at", "attended", "hours"]
    readonly_fields = fields
    extra = 0

    def get_queryset(self, request):
        # each row's title names the volunteer, the shift and its post
        return super().get_queryset(request).select_related("volunteer__user", "shift__post")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Shift)
class ShiftAdmin(MunicipalityScopedAdmin):
    municipality_lookup = "post__municipality"
    change_form_template = "volunteering/posts/admin_shift_change_form.html"
    list_display = ["post", "starts", "sign_ups", "cancelled"]
    list_filter = ["cancelled", "post__administration"]
    search_fields = ["post__title", "post__activity"]
    list_select_related = ["post"]
    fields = ["post", "starts_at", "ends_at", "places", "note", "cancelled"]
    readonly_fields = ["post"]
    inlines = [SignupInline]
    object_actions = (ObjectAction("attendance", "attendance/", "attendance_view"),)

    def get_queryset(self, request):
        return with_counts(hosted(request.user, super().get_queryset(request), "post__"))

    def has_add_permission(self, request):
        return False  # shifts are added on their post's page

    def has_delete_permission(self, request, obj=None):
        return False  # removed (or cancelled) on their post's page

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return may_run(request, obj.post)

    @admin.display(description=_("starts"), ordering="starts_at")
    def starts(self, obj):
        return f"{timezone.localtime(obj.starts_at):%Y-%m-%d %H:%M}"

    @admin.display(description=_("sign-ups"))
    def sign_ups(self, obj):
        return booked_text(obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)

        class CheckedShiftForm(form):
            def clean(self):
                cleaned = super().clean()
                problems = services.shift_problems(
                    starts_at=cleaned.get("starts_at"), ends_at=cleaned.get("ends_at"),
                    places=cleaned.get("places"), shift=self.instance,
                )  # fmt: skip
                for name, problem in problems.items():
                    if name not in self.errors:
                        self.add_error(name if name in self.fields else None, problem)
                return cleaned

        return CheckedShiftForm

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        services.shift_update(
            shift=obj, by=request.user, starts_at=data["starts_at"], ends_at=data["ends_at"],
            places=data["places"], note=data.get("note", ""), cancelled=data.get("cancelled"),
        )  # fmt: skip

    def change_view(self, request, object_id, form_url="", extra_context=None):
        shift = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if shift is not None:
            extra_context["audit"] = AuditEvent.objects.filter(
                target_type="volunteering.shift", target_id=str(shift.pk)
            ).select_related("actor")
        return super().change_view(request, object_id, form_url, extra_context)

    def attendance_view(self, request, shift):
        signups = list(
            ShiftSignup.objects.filter(shift=shift, status=S.CONFIRMED)
            .select_related("volunteer__user")
            .order_by("signed_up_at", "pk")
        )
        form = AttendanceForm(request.POST or None, shift=shift, signups=signups)
        started = shift.starts_at <= timezone.now()
        if request.method == "POST" and form.is_valid():
            try:
                services.attendance_record(shift=shift, by=request.user, rows=form.attendance())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                self.message_user(
                    request, gettext("The attendance has been recorded."), messages.SUCCESS
                )
                return redirect("admin:volunteering_shift_change", shift.pk)
        shown = set()
        if shift.post.requires_record_extract:
            shown = set(
                shift.post.extract_checks.filter(
                    volunteer_id__in=[s.volunteer_id for s in signups]
                ).values_list("volunteer_id", flat=True)
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": shift,
            "title": gettext("Attendance and hours"),
            "form": form,
            "rows": [(*row, row[0].volunteer_id in shown) for row in form.rows],
            "started": started,
            "requires_extract": shift.post.requires_record_extract,
        }
        return TemplateResponse(request, "volunteering/posts/admin_attendance.html", context)
