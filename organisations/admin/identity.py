"""The officers' review of a change of an organisation's name, legal form or organisation
number (organisations.identity), on the organisation's admin page: the pending change with
before and after, approve and reject, and a list filter for organisations with one waiting.

Mixed into OrganisationAdmin, which declares the views among its object actions (so they
get the object within the officer's municipalities, with the change permission) and whose
``_back`` and ``_run`` they use.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from organisations import identity
from organisations.models import IdentityChange
from portal.admin.mixins import action_form_response
from portal.admin.object_actions import ObjectAction


class IdentityChangeRejectForm(forms.Form):
    message = forms.CharField(
        label=_("Why the change is not approved"), widget=forms.Textarea(attrs={"rows": 4})
    )


class PendingIdentityChangeFilter(admin.SimpleListFilter):
    title = _("change of name or number awaiting review")
    parameter_name = "identity_change"

    def lookups(self, request, model_admin):
        return [("pending", _("Yes"))]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            waiting = IdentityChange.objects.filter(
                organisation=OuterRef("pk"), status=IdentityChange.Status.PENDING
            )
            return queryset.filter(Exists(waiting))
        return queryset


IDENTITY_ACTIONS = (
    ObjectAction("identity_approve", "identity-change/approve/", "identity_change_approve_view"),
    ObjectAction("identity_reject", "identity-change/reject/", "identity_change_reject_view"),
)


class IdentityChangeReview:
    """Approve / reject views (``IDENTITY_ACTIONS``, among the admin's object actions) and
    the pending change on the organisation's change page."""

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), PendingIdentityChangeFilter]

    def _pending_identity_change(self, request, organisation):
        """The pending change, if it is the one the officer looked at (its id sent along):
        a change replaced in the meantime is not approved unseen."""
        change = identity.pending_change(organisation)
        seen = request.POST.get("change") or request.GET.get("change")
        if change is None or seen != str(change.pk):
            self.message_user(
                request,
                _("The change is no longer awaiting review. Look at the page again."),
                messages.WARNING,
            )
            return None
        return change

    def identity_change_approve_view(self, request, organisation):
        if request.method != "POST":
            return self._back(organisation)
        change = self._pending_identity_change(request, organisation)
        if change is not None:
            self._run(
                request,
                lambda: identity.identity_change_approve(
                    change=change,
                    by=request.user,
                    keep_eligibility=request.POST.get("keep_eligibility") == "on",
                ),
                _("The change has been approved and is now in the registry."),
            )
        return self._back(organisation)

    def identity_change_reject_view(self, request, organisation):
        change = self._pending_identity_change(request, organisation)
        if change is None:
            return self._back(organisation)
        form = IdentityChangeRejectForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            ok = self._run(
                request,
                lambda: identity.identity_change_reject(
                    change=change, by=request.user, message=form.cleaned_data["message"]
                ),
                _("The change has not been approved; the organisation sees your message."),
            )
            if ok:
                return self._back(organisation)
        intro = "; ".join(
            f"{label}: {before} → {after}"
            for label, before, after, changed in change.differences()
            if changed
        )
        return action_form_response(
            self, request, organisation, form, _("Do not approve the change"), intro
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        organisation = self.get_object(request, object_id)  # None: junk or out of scope
        if organisation is not None:
            extra_context["identity_change"] = identity.pending_change(organisation)
        return super().change_view(request, object_id, form_url, extra_context)
