"""Forms of the coordinators' network tools; the rules they feed live in networks.services."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from networks import selectors, services, workflow
from networks.models import Action, Meeting, NetworkMember
from portal.admin.autocomplete import SharedRowChoicesFormSet
from portal.admin.mixins import LabelledInlineForm, LabelledInlineFormSet
from portal.roles import ADMIN_ROLES
from portal.selectors import staff_with_roles


def officers_of(municipalities):
    """People with an admin role (officer, coordinator, municipal admin) in the given
    municipality or municipalities (pks): those who may own an action."""
    return staff_with_roles(municipalities, ADMIN_ROLES)


class UserByEmailField(forms.ModelChoiceField):
    """Picks a person by email address, so coordinators need no access to the user list."""

    widget = forms.EmailInput
    default_error_messages = {
        "invalid_choice": _(
            "No one has signed up with this email address. Ask the person to sign up first."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("The email address the person signed up with."))
        super().__init__(queryset=get_user_model().objects.all(), to_field_name="email", **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            if "\x00" in str(value):  # no address has one (and PostgreSQL cannot compare it)
                raise self.queryset.model.DoesNotExist
            return self.queryset.get(email__iexact=str(value).strip())
        except self.queryset.model.DoesNotExist:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class StatusMovesMixin:
    """A form whose status select offers the current status and the moves the workflow
    table allows the municipality's staff from it (a new row: the status it is created in,
    and for actions the moves from there). ``clean_status`` asks the services again, so a
    stale page or a crafted post gets a form error that says why, and nothing else typed is
    lost; the admin then saves the status through the service."""

    status_table: dict = {}
    statuses = None  # the model's Status choices
    created_as = ""  # the status a new row starts in (workflow.CREATED_AS)
    moves_on_create = False  # a new row may be created and moved at once (actions)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("status")
        if field is None:
            return
        start = self._start_status()
        offered = {start}
        if self.instance.pk is not None or self.moves_on_create:
            offered.update(workflow.moves(start, workflow.MANAGER, self.status_table))
        # Only what is shown is limited: any choice still validates, so a refused one gets
        # the service's sentence below rather than "not one of the available choices".
        field.widget.choices = [(value, label) for value, label in field.choices
                                if value in offered]  # fmt: skip

    def _start_status(self) -> str:
        return self.instance.status if self.instance.pk is not None else self.created_as

    def move_problem(self, status) -> str | None:
        if self.instance.pk is None and not self.moves_on_create:
            if status == self.created_as:
                return None
            return _("It starts as “%(status)s”; change the status once it is saved.") % {
                "status": self.statuses(self.created_as).label
            }
        return services.move_problem(
            self.status_table, self.statuses, self._start_status(), status, workflow.MANAGER
        )

    def clean_status(self):
        status = self.cleaned_data["status"]
        problem = self.move_problem(status)
        if problem:
            raise ValidationError(problem, code="invalid_move")
        return status


class NetworkMemberForm(StatusMovesMixin, forms.ModelForm):
    """A member: the organisation, the person (by email) or the partner, as the kind says.
    The model's constraints give the errors (kind must match, each one only once)."""

    status_table, statuses = workflow.MEMBER_TRANSITIONS, NetworkMember.Status
    created_as = workflow.CREATED_AS["member"][workflow.MANAGER]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.user_id and "user" in self.fields:
            self.initial["user"] = self.instance.user


class NetworkMemberInlineForm(LabelledInlineForm, NetworkMemberForm):
    pass


class NetworkMemberFormSet(SharedRowChoicesFormSet, LabelledInlineFormSet):
    """The network's members: each row's organisation named from the rows read anyway."""


class ActionStatusMixin(StatusMovesMixin):
    status_table, statuses = workflow.ACTION_TRANSITIONS, Action.Status
    created_as = workflow.CREATED_AS["action"][workflow.MANAGER]
    moves_on_create = True  # created open, then moved (both audited)


ANCHOR_FIELDS = ("network", "collaboration", "focus_area")
CHECKED_FIELDS = (*ANCHOR_FIELDS, *services.OWNER_FIELDS, "meeting", "agreement")


class ActionOwnerMixin:
    """``services.action_owner_problems`` checked while the form can still show them: the
    anchors, owner, meeting and agreement in the action's municipality (a new action's: its
    anchors'). An owner or origin is checked when it changes (or its network does), so an
    owner who left the network since does not block other edits of an existing action."""

    def check_action(self, cleaned, **given):
        changed = set(self.changed_data)
        if "network" in changed:
            changed.add("owner_member")
        values = {}
        for name in CHECKED_FIELDS:
            if name in given:
                values[name] = given[name]
            elif name not in self.fields:
                has_value = getattr(self.instance, f"{name}_id", None) is not None
                values[name] = getattr(self.instance, name) if has_value else None
            elif name in ANCHOR_FIELDS or name in changed:
                values[name] = cleaned.get(name)
        if self.instance.pk is not None:
            values["municipality"] = self.instance.municipality
        if not all(name in self.fields for name in services.OWNER_FIELDS):
            # the model's one-owner constraint is not checked when some owners are not
            # in the form (the meeting's inline): ask here
            owners = [
                cleaned.get(name) if name in self.fields else getattr(self.instance, f"{name}_id")
                for name in services.OWNER_FIELDS
            ]
            if sum(owner is not None for owner in owners) != 1:
                self.add_error(None, services.ONE_OWNER)
        problems = services.action_owner_problems(**values)
        for field, message in problems.items():
            self.add_error(field if field in self.fields else None, message)


class ActionInlineForm(ActionStatusMixin, ActionOwnerMixin, LabelledInlineForm):
    """An action decided at the meeting; the meeting's network is its network."""

    network = None  # set by the inline's formset (the meeting's network)

    def clean(self):
        cleaned = super().clean()
        if self.network is not None:
            self.check_action(cleaned, network=self.network, meeting=None)
        return cleaned


class ActionForm(ActionStatusMixin, ActionOwnerMixin, forms.ModelForm):
    """An action of an action plan: what it hangs on (a network, a collaboration, a focus
    area), where it comes from (a meeting, an agreement), its one owner and its progress.
    The model's constraints (one owner, at least one anchor, a member only with a network)
    come back as form errors."""

    user = None  # set by the admin (who adds the action)

    def clean(self):
        cleaned = super().clean()
        self.check_action(cleaned)
        anchors = {name: cleaned.get(name) for name in ANCHOR_FIELDS}
        municipality = services.action_municipality(**anchors)
        if self.instance.pk is None and self.user is not None and municipality is not None:
            allowed = selectors.may_plan_actions(
                self.user, municipality=municipality, network=anchors["network"],
                collaboration=anchors["collaboration"],
            )  # fmt: skip
            if not allowed:
                self.add_error(None, _("You may not add actions to this plan."))
        return cleaned


class MeetingForm(StatusMovesMixin, forms.ModelForm):
    """The meeting's own fields; the model's constraints (ends after it starts, a place for
    meetings in person, a link for online ones) come back as form errors, and so does a
    status move ``services.meeting_move_problem`` refuses."""

    status_table, statuses = workflow.MEETING_TRANSITIONS, Meeting.Status
    created_as = workflow.CREATED_AS["meeting"][workflow.MANAGER]

    def move_problem(self, status):
        if self.instance.pk is None:
            return super().move_problem(status)
        return services.meeting_move_problem(self.instance, status)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The admin's split date/time widget labels neither input (axe: label).
        for name in ("starts_at", "ends_at"):
            field = self.fields.get(name)
            if field is not None and hasattr(field.widget, "widgets"):
                date, time = field.widget.widgets
                date.attrs["aria-label"] = "{}: {}".format(field.label, _("date"))
                time.attrs["aria-label"] = "{}: {}".format(field.label, _("time"))

    def clean(self):
        cleaned = super().clean()
        network, place = cleaned.get("network"), cleaned.get("place")
        if network and place and place.municipality_id != network.municipality_id:
            self.add_error("place", _("The place must be in the network's municipality."))
        return cleaned


class InviteForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=_("Members to invite"),
        queryset=NetworkMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members already invited keep their invitation and answer."),
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        members = (
            meeting.network.members.filter(status=NetworkMember.Status.ACTIVE)
            .select_related("organisation", "user")
            .order_by("kind", "pk")
        )
        field = self.fields["members"]
        field.queryset = members
        field.label_from_instance = lambda member: member.name
        invited = set(meeting.invitations.values_list("member_id", flat=True))
        self.initial.setdefault("members", [m.pk for m in members if m.pk not in invited])


class AttendanceForm(forms.Form):
    """One number per member: how many people came (0: nobody)."""

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        invitations = {i.member_id: i for i in meeting.invitations.all()}
        recorded = {a.member_id: a.people for a in meeting.attendance.all()}
        members = (
            meeting.network.members.filter(
                Q(status=NetworkMember.Status.ACTIVE)
                | Q(pk__in=list(invitations))
                | Q(pk__in=list(recorded))
            )
            .select_related("organisation", "user")
            .order_by("kind", "pk")
        )
        self.members = list(members)
        for member in self.members:
            invitation = invitations.get(member.pk)
            if member.pk in recorded:
                initial = recorded[member.pk]
            elif invitation and invitation.response == invitation.Response.YES:
                initial = invitation.places  # a suggestion from the answer
            else:
                initial = 0
            help_text = invitation.get_response_display() if invitation else _("Not invited")
            self.fields[f"member_{member.pk}"] = forms.IntegerField(
                label=member.name, min_value=0, max_value=999, initial=initial,
                help_text=help_text,
            )  # fmt: skip

    def people_by_member(self) -> dict:
        return {m.pk: self.cleaned_data[f"member_{m.pk}"] for m in self.members}
