"""Mailings in the admin, the coordinators' tool: write the message (Swedish, optionally
English) to a segment, preview it as each reader gets it with the number it will reach,
send it (a confirm page; the delivery is queued by a worker once the sending commits), or
cancel a draft; once sent, the page shows how the delivery goes (waiting, sent, failed,
from the outbox's rows) and links to those rows for whoever may read the outbox. Every
write goes through ``outreach.services.mailings`` (checked against the workflow table and
audited)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from outreach import permissions
from outreach.admin.common import OwnMunicipalityChoices, own_choices
from outreach.forms.mailings import ConfirmForm, MailingAdminForm
from outreach.models import Mailing, Segment
from outreach.selectors import mailings as selectors
from outreach.selectors.segments import recipient_count
from outreach.services import mailings as services
from portal.admin.mixins import MunicipalityScopedAdmin, action_form_response
from portal.admin.object_actions import ObjectAction
from portal.forms import add_service_errors
from portal.models import AuditEvent, Municipality
from portal.notifications import render

M = Mailing.Status


def _posted(request):
    """The posted data, even when empty (a confirm page posts no fields of its own)."""
    return request.POST if request.method == "POST" else None


@admin.register(Mailing)
class MailingAdmin(OwnMunicipalityChoices, MunicipalityScopedAdmin):
    form = MailingAdminForm
    list_display = ["subject_sv", "segment", "status", "recipient_count", "sent_at",
                    "municipality"]  # fmt: skip
    list_filter = ["status", "municipality"]
    search_fields = ["subject_sv", "subject_en", "body_sv"]
    list_select_related = ["segment", "municipality"]
    readonly_fields = ["status", "recipient_count", "created_by", "sent_by", "sent_at"]
    object_actions = (
        ObjectAction("preview", "preview/", "preview_view", permission="view"),
        ObjectAction("send", "send/", "send_view"),
        ObjectAction("cancel", "cancel/", "cancel_view"),
    )

    def object_queryset(self, request):
        return super().get_queryset(request).select_related("municipality", "segment")

    def get_fieldsets(self, request, obj=None):
        first = ["segment"]
        if obj is None:
            first = ["municipality", *first]
        else:
            first += ["status", "recipient_count", "created_by", "sent_by", "sent_at"]
        return [
            (None, {"fields": first}),
            (_("In Swedish"), {"fields": ["subject_sv", "body_sv"]}),
            (
                _("In English"),
                {
                    "fields": ["subject_en", "body_en"],
                    "description": _(
                        "Optional: readers who chose English get it, the others Swedish."
                    ),
                },
            ),
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != M.DRAFT:
            return [*services.FIELDS, *self.readonly_fields]
        return self.readonly_fields

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return permissions.may_send_mailings(request.user, obj.municipality_id)

    def has_delete_permission(self, request, obj=None):
        """Only a draft: a mailing sent (or dropped) stays on record."""
        allowed = super().has_delete_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return obj.status == M.DRAFT and permissions.may_send_mailings(
            request.user, obj.municipality_id
        )

    # --- choices of the mailing's municipality -----------------------------------------------

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        municipalities = self.choice_municipalities(request)
        if db_field.name == "municipality":
            kwargs["queryset"] = Municipality.objects.filter(pk__in=municipalities)
        elif db_field.name == "segment":
            kwargs["queryset"] = Segment.objects.filter(municipality__in=municipalities).order_by(
                "name"
            )
        return own_choices(super().formfield_for_foreignkey(db_field, request, **kwargs), kwargs)

    # --- writes through the services ---------------------------------------------------------

    def save_model(self, request, obj, form, change):
        names = services.FIELDS
        if change:
            data = {k: form.cleaned_data[k] for k in form.changed_data if k in names}
            services.mailing_update(mailing=obj, by=request.user, data=data)
        else:
            data = {k: form.cleaned_data[k] for k in names if k in form.cleaned_data}
            created = services.mailing_create(
                municipality=form.cleaned_data["municipality"], by=request.user, data=data
            )
            obj.pk, obj._state.adding = created.pk, False

    def response_add(self, request, obj, post_url_continue=None):
        if "_addanother" not in request.POST and "_popup" not in request.POST:
            self.message_user(
                request, _("The mailing is saved as a draft. Preview it, then send it.")
            )
            return redirect("admin:outreach_mailing_change", obj.pk)
        return super().response_add(request, obj, post_url_continue)

    # --- the mailing's page ------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        mailing = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if mailing is not None:
            may = self.has_change_permission(request, mailing)
            moves = services.mailing_moves(request.user, mailing) if may else []
            sent = mailing.status in (M.SENDING, M.SENT)
            extra_context.update(
                may_send=M.SENDING in moves,
                may_cancel=M.CANCELLED in moves,
                delivery=selectors.delivery(mailing) if sent else None,
                failures=selectors.failures(mailing) if sent else [],
                outbox_url=self.outbox_url(request, mailing) if sent else "",
                audit=AuditEvent.objects.filter(
                    target_type="outreach.mailing", target_id=str(mailing.pk)
                ).select_related("actor"),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    @staticmethod
    def outbox_url(request, mailing) -> str:
        """The mailing's rows in the outbox's list, for whoever may read the outbox."""
        if not permissions.may_see_outbox(request.user, mailing.municipality_id):
            return ""
        query = urlencode({"kind": services.KIND, "key": services.mailing_key(mailing)})
        return f"{reverse('admin:portal_notification_changelist')}?{query}"

    def preview_view(self, request, mailing):
        """The email as a Swedish and an English reader get it, and how many it reaches."""
        context = services.mailing_context(mailing)
        link = services.opt_out_link(mailing.municipality_id)("adress@example.se")
        versions = []
        for language, name in (("sv", _("Swedish")), ("en", _("English"))):
            subject, body = render(services.TEMPLATE, context, language, [mailing.municipality])
            versions.append({"language": language, "name": name, "subject": subject,
                             "body": body, "unsubscribe": link})  # fmt: skip
        count = (
            recipient_count(mailing.segment) if mailing.status == M.DRAFT
            else mailing.recipient_count
        )  # fmt: skip
        response = action_form_response(
            self, request, mailing, None, _("Preview of the mailing"),
            template="admin/outreach/mailing/preview.html",
        )  # fmt: skip
        response.context_data.update(
            versions=versions, count=count, draft=mailing.status == M.DRAFT,
            may_send=M.SENDING in services.mailing_moves(request.user, mailing)
            and self.has_change_permission(request, mailing),
        )  # fmt: skip
        return response

    def _action(self, request, mailing, *, title, intro, button, run, done):
        form = ConfirmForm(_posted(request))
        if request.method == "POST" and form.is_valid():
            try:
                result = run(form)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                self.message_user(request, done(result), messages.SUCCESS)
                return redirect("admin:outreach_mailing_change", mailing.pk)
        response = action_form_response(
            self, request, mailing, form, title, intro,
            template="admin/outreach/mailing/action.html",
        )  # fmt: skip
        response.context_data["button"] = button
        return response

    def send_view(self, request, mailing):
        count = recipient_count(mailing.segment)
        intro = _(
            "The mailing “%(subject)s” goes to the segment “%(segment)s”: %(count)s recipients "
            "now, each in their language, through the outbox. Addresses that opted out are "
            "left out. It cannot be stopped once sent."
        ) % {"subject": mailing.subject_sv, "segment": mailing.segment, "count": count}
        return self._action(
            request, mailing, title=_("Send the mailing"), intro=intro,
            button=_("Send the mailing"),
            run=lambda form: services.mailing_send(mailing=mailing, by=request.user),
            done=lambda result: _("The mailing is on its way; the page shows how the "
                                  "delivery goes."),
        )  # fmt: skip

    def cancel_view(self, request, mailing):
        return self._action(
            request, mailing, title=_("Cancel the mailing"),
            intro=_("A cancelled mailing is not sent and cannot be sent later; it stays on "
                    "record."),
            button=_("Cancel the mailing"),
            run=lambda form: services.mailing_cancel(mailing=mailing, by=request.user),
            done=lambda result: _("The mailing is cancelled."),
        )  # fmt: skip
