"""The officers' pages for paper applications (grants.services.paper), part of the case
admin: "Enter a paper application" (choose the call, the organisation and the day the paper
arrived; reached from the case list, a call's page and an organisation's page), then the
programme's own form typed from the paper, saved as a draft as often as needed and
submitted. Rules live in the service; this module only wires the forms to it."""

from datetime import timedelta

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from grants.form_builder import application_form
from grants.models import Application, Call
from grants.paper_forms import PaperStartForm
from grants.roles import HANDLE_GRANT_CASES
from grants.services import paper
from organisations.models import Organisation
from portal.admin.autocomplete import SearchSelect
from portal.admin.object_actions import ObjectAction
from portal.forms import add_service_errors
from portal.permissions import municipalities_where, scope

PAPER_ACTIONS = (ObjectAction("paper", "paper/", "paper_view"),)
# Calls offered: open now, or closed within this many days (a paper that arrived in time
# is entered after the deadline).
CLOSED_CALLS_OFFERED = timedelta(days=365)


def _digits(value) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() else None


class PaperApplicationAdminMixin:
    """Mixed into ApplicationAdmin: the start page (its own URL) and ``paper_view`` (an
    object action: the typed form of one paper application)."""

    def get_urls(self):
        start = path(
            "paper/",
            self.admin_site.admin_view(self.paper_start_view),
            name="grants_application_paper_start",
        )
        return [start, *super().get_urls()]

    def get_autocomplete_fields(self, request):
        """The start page's organisation is a search box (``portal.admin.autocomplete``),
        answered from ``formfield_for_foreignkey`` below: a municipality's thousands of
        organisations were a <select> of megabytes."""
        return [*super().get_autocomplete_fields(request), "organisation"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.model is Application and db_field.name == "organisation":
            kwargs["queryset"] = self._paper_organisations(request)
            kwargs["widget"] = SearchSelect(db_field, self.admin_site, using=kwargs.get("using"))
            # narrower than the scoped admin's choices (any of the municipality's)
            return admin.ModelAdmin.formfield_for_foreignkey(self, db_field, request, **kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _paper_organisations(self, request):
        """The organisations of the municipalities where the person handles grant cases."""
        organisations = Organisation.objects.order_by("name", "pk")
        if not scope(request.user, HANDLE_GRANT_CASES).everything:
            organisations = organisations.filter(
                municipality__in=municipalities_where(request.user, HANDLE_GRANT_CASES)
            )
        return organisations

    def _paper_choices(self, request):
        now = timezone.now()
        where = scope(request.user, HANDLE_GRANT_CASES)
        calls = (
            Call.objects.filter(
                where.q("programme__committee__municipality", "programme__committee"),
                Q(closes_at__isnull=True) | Q(closes_at__gte=now - CLOSED_CALLS_OFFERED),
                opens_at__lte=now,
                programme__is_active=True,
            )
            .select_related("programme")
            .order_by("-opens_at", "pk")
        )
        return calls, self.formfield_for_foreignkey(
            Application._meta.get_field("organisation"), request
        )

    def _paper_context(self, request, title, **extra):
        opts = self.model._meta
        return {
            **self.admin_site.each_context(request),
            "opts": opts,
            "title": title,
            "changelist_url": reverse("admin:grants_application_changelist"),
            **extra,
        }

    def paper_start_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        calls, organisation = self._paper_choices(request)
        initial = {
            "call": _digits(request.GET.get("call")),
            "organisation": _digits(request.GET.get("organisation")),
        }
        form = PaperStartForm(
            request.POST or None, initial=initial, calls=calls, organisation=organisation
        )
        if request.method == "POST" and form.is_valid():
            try:
                application = paper.paper_application_start(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            except PermissionDenied:
                form.add_error("call", _("You do not handle the cases of this call's committee."))
            else:
                return redirect("admin:grants_application_paper", application.pk)
        context = self._paper_context(request, _("Enter a paper application"), form=form)
        return TemplateResponse(request, "admin/grants/paper/start.html", context)

    def paper_view(self, request, application):
        back = redirect("admin:grants_application_change", application.pk)
        if not (application.is_paper and application.is_editable):
            self.message_user(
                request, _("This is not a paper application that can be typed in now."),
                messages.WARNING,
            )  # fmt: skip
            return back
        if not paper.may_enter_paper(request.user, application.call):
            raise PermissionDenied
        submission = None
        if request.method == "POST":
            if request.POST.get("action") == "submit":
                submission = paper.paper_application_submit(
                    application=application, data=request.POST, files=request.FILES,
                    by=request.user,
                )  # fmt: skip
                if submission is None or not submission.errors:
                    self._paper_submitted(request, application)
                    return back
                self.message_user(
                    request, _("The application has not been submitted yet: see below."),
                    messages.ERROR,
                )  # fmt: skip
            else:
                errors = paper.paper_application_save_draft(
                    application=application, data=request.POST, files=request.FILES,
                    by=request.user,
                )  # fmt: skip
                for error in errors:
                    self.message_user(request, error, messages.ERROR)
                if not errors:
                    self.message_user(request, _("The draft has been saved."))
                return redirect("admin:grants_application_paper", application.pk)
        application.refresh_from_db()
        if submission is not None:  # what was typed, with what kept it from being submitted
            form = application_form(application, request.POST, request.FILES)
            form.show_errors(submission.errors)
        else:
            form = application_form(application)
            form.show_errors({})
        context = self._paper_context(
            request,
            _("Type in the paper application"),
            original=application,
            application=application,
            form=form,
            attachments={a.question_key: a for a in application.attachments.all()},
            submitted_at=paper.paper_submission_time(
                application.call, application.paper_received_on
            ),
            back_url=reverse("admin:grants_application_change", args=[application.pk]),
        )
        return TemplateResponse(request, "admin/grants/paper/entry.html", context)

    def _paper_submitted(self, request, application):
        application.refresh_from_db()
        self.message_user(
            request,
            _("The paper application has been submitted as received on %(date)s: %(number)s.")
            % {
                "date": formats.date_format(application.paper_received_on),
                "number": application.diarienummer,
            },
            messages.SUCCESS,
        )
        if paper.receipt_by_post(application):
            organisation = application.organisation
            address = ", ".join(
                part
                for part in (
                    organisation.contact_name,
                    organisation.street_address,
                    f"{organisation.postal_code} {organisation.city}".strip(),
                )
                if part
            )
            self.message_user(
                request,
                _("The organisation has no email: send the receipt by post to %(address)s.")
                % {"address": address},
                messages.WARNING,
            )
