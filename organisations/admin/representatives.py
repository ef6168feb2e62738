"""The officer's page of an organisation's representatives (ombud): give one from a paper
fullmakt (an invitation to the representative's email), and end one. Rules live in
organisations.representatives; this module only wires the form to them."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organisations import representatives
from organisations.models import Membership
from portal.forms import add_service_errors


class RepresentativeForm(forms.Form):
    email = forms.EmailField(
        label=_("The representative's email"),
        help_text=_("An invitation is sent here; the representative accepts it with their login."),
    )
    valid_until = forms.DateField(
        label=_("Authorised until (last day)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for an authorisation without an end."),
    )
    authorisation = forms.CharField(
        label=_("Authorisation (fullmakt)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Who signed the fullmakt for the organisation and when, and where the paper is kept."
        ),
    )


class RepresentativesAdminMixin:
    """``representatives_view``: an object action of OrganisationAdmin (permission: change)."""

    def representatives_view(self, request, organisation):
        back = reverse("admin:organisations_organisation_representatives", args=[organisation.pk])
        if request.method == "POST" and "end" in request.POST:
            try:
                member_pk = int(request.POST["end"])
            except (TypeError, ValueError):
                raise Http404 from None
            membership = organisation.memberships.filter(
                pk=member_pk, role=Membership.Role.REPRESENTATIVE
            ).first()
            if membership is None:
                raise Http404
            try:
                representatives.representative_end(membership=membership, by=request.user)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, " ".join(getattr(error, "messages", [])) or str(error),
                                  messages.ERROR)  # fmt: skip
            else:
                self.message_user(request, _("The representative's authorisation has ended."))
            return redirect(back)
        form = RepresentativeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                representatives.representative_invite(
                    organisation=organisation, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                self.message_user(
                    request, _("The invitation to act as representative has been sent.")
                )
                return redirect(back)
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "original": organisation,
            "title": _("Representatives (ombud)"),
            "form": form,
            "current": representatives.current_representatives(organisation),
            "invited": organisation.invitations.filter(
                role=Membership.Role.REPRESENTATIVE, accepted_at__isnull=True
            ),
            "back_url": reverse("admin:organisations_organisation_change", args=[organisation.pk]),
            "changelist_url": reverse("admin:organisations_organisation_changelist"),
        }
        return TemplateResponse(request, "organisations/representatives/admin.html", context)
