"""Proposals from associations in the admin: the coordinators read them, answer them and
take them up as collaborations (object actions; collaborations.services decides)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from collaborations import permissions, services, workflow
from collaborations.forms_admin import ProposalDecideForm, ProposalTakeUpForm
from collaborations.models import Proposal
from portal.admin.mixins import MunicipalityScopedAdmin, action_form_response
from portal.admin.object_actions import ObjectAction


@admin.register(Proposal)
class ProposalAdmin(MunicipalityScopedAdmin):
    list_display = ["title", "organisation", "kind", "status", "created_at", "collaboration"]
    list_filter = ["status", "kind", "focus_areas", "municipality"]
    search_fields = ["title", "description", "organisation__name"]
    list_select_related = ["organisation", "collaboration", "municipality"]
    fields = ["organisation", "kind", "title", "description", "focus_areas", "districts",
              "created_at", "submitted_by", "status", "response", "decided_at",
              "collaboration"]  # fmt: skip
    readonly_fields = fields
    object_actions = (
        ObjectAction("decide", "answer/", "decide_view"),
        ObjectAction("take_up", "take-up/", "take_up_view"),
    )

    def has_add_permission(self, request):
        return False  # proposals come from the organisations' pages

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return permissions.may_coordinate(request.user, obj.municipality_id)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        proposal = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if proposal is not None and self.has_change_permission(request, proposal):
            table = workflow.PROPOSAL_TRANSITIONS
            extra_context["may_answer"] = bool(
                workflow.moves(proposal.status, workflow.COORDINATOR, table)
            )
            extra_context["may_take_up"] = proposal.status in (
                Proposal.Status.NEW,
                Proposal.Status.CONSIDERING,
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def decide_view(self, request, proposal):
        form = ProposalDecideForm(request.POST or None, proposal=proposal, user=request.user)
        if request.method == "POST" and form.is_valid():
            try:
                services.proposal_decide(
                    proposal=proposal, status=form.cleaned_data["status"], by=request.user,
                    response=form.cleaned_data["response"],
                    collaboration=form.cleaned_data["collaboration"],
                )  # fmt: skip
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, _("The proposal is answered."), messages.SUCCESS)
                return redirect("admin:collaborations_proposal_change", proposal.pk)
        return action_form_response(self, request, proposal, form, _("Answer the proposal"))

    def take_up_view(self, request, proposal):
        form = ProposalTakeUpForm(request.POST or None, proposal=proposal)
        if request.method == "POST" and form.is_valid():
            try:
                collaboration = services.proposal_take_up(
                    proposal=proposal, by=request.user, level=form.cleaned_data["level"],
                    administration=form.cleaned_data["administration"],
                    kind=form.cleaned_data["kind"], response=form.cleaned_data["response"],
                )  # fmt: skip
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    _("The proposal is taken up as a planned collaboration."),
                    messages.SUCCESS,
                )
                return redirect("admin:collaborations_collaboration_change", collaboration.pk)
        intro = _("A planned collaboration is recorded with the proposal's title, description, "
                  "focus areas and districts, and the organisation as partner.")  # fmt: skip
        return action_form_response(
            self, request, proposal, form, _("Take up the proposal"), intro=intro
        )
