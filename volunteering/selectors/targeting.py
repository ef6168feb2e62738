"""Who a call-out (upprop) reaches, in a fixed number of queries however many they are
(each kind of recipient is a subquery of one statement over the people, not a loop).

The recipients, in the call-out's municipality, deduplicated by email address (whatever its
capitals), are the union of:

* **organisations** (if ``to_organisations``): approved ones whose readiness, if they have
  one, says they receive call-outs, matching every dimension the call-out gives (an empty
  one matches any): a focus area of theirs, their district, a skill or a language of their
  readiness;
* **network members** of the call-out's networks (active), whatever the dimensions: an
  organisation (unless it said no to call-outs), a person, an outside partner's address;
* **volunteers** (if ``to_volunteers``): available ones sharing a focus area, a district
  (no district means anywhere), a skill and a language with the call-out.

An organisation is reached through its responsible people (``Membership`` role
responsible) and its readiness' address at short notice; its contact address stands in when
it has neither. Users are returned where there is one (the message is then in their
language); an address that belongs to an account becomes that account.
"""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower

from networks.models import NetworkMember
from organisations.models import Membership, Organisation
from portal.models import User
from volunteering.models import CallOut, Readiness, Volunteer

RESPONSIBLE = Membership.Role.RESPONSIBLE


def recipients(callout: CallOut) -> list:
    """The call-out's recipients: Users (by email) and then bare addresses, each once."""
    wanted = _dimensions(callout)
    organisations = _organisations(callout, wanted)
    addresses = _organisation_addresses(organisations)
    addresses += _partner_addresses(callout, wanted["networks"])
    users = {
        user.email.lower(): user
        for user in User.objects.filter(is_active=True).filter(
            _responsible_of(organisations)
            | _network_people(callout, wanted["networks"])
            | _volunteers(callout, wanted)
        )
    }
    loose = {address.lower(): address for address in addresses if address}
    for key in users:
        loose.pop(key, None)
    for user in _accounts_of(loose):  # an address with an account: the person, in their language
        users[user.email.lower()] = user
        loose.pop(user.email.lower(), None)
    return [users[key] for key in sorted(users)] + [loose[key] for key in sorted(loose)]


def recipient_count(callout: CallOut) -> int:
    """How many people a call-out would reach now (the form's preview, the sent count)."""
    return len(recipients(callout))


def _dimensions(callout: CallOut) -> dict:
    """The call-out's targeting, as ids (one query per relation; nothing for a new one)."""
    if not callout.pk:
        return {"focus_areas": [], "districts": [], "skills": [], "networks": []}
    return {
        "focus_areas": list(callout.focus_areas.values_list("pk", flat=True)),
        "districts": list(callout.districts.values_list("pk", flat=True)),
        "skills": list(callout.skills.values_list("pk", flat=True)),
        "networks": list(
            callout.networks.filter(municipality_id=callout.municipality_id).values_list(
                "pk", flat=True
            )
        ),
    }


def _active_members(network_ids, kind):
    return NetworkMember.objects.filter(
        network_id__in=network_ids, status=NetworkMember.Status.ACTIVE, kind=kind
    )


def _organisations(callout: CallOut, wanted: dict):
    """The organisations reached (a queryset, used as a subquery)."""
    willing = Q(readiness__isnull=True) | Q(readiness__receives_callouts=True)
    matching = Q(pk__in=[])
    if callout.to_organisations:
        matching = Q(status=Organisation.Status.APPROVED)
        if wanted["focus_areas"]:
            matching &= Exists(
                Organisation.focus_areas.through.objects.filter(
                    organisation_id=OuterRef("pk"), focusarea_id__in=wanted["focus_areas"]
                )
            )
        if wanted["districts"]:
            matching &= Q(district_id__in=wanted["districts"])
        if wanted["skills"]:
            matching &= Exists(
                Readiness.skills.through.objects.filter(
                    readiness__organisation_id=OuterRef("pk"), skill_id__in=wanted["skills"]
                )
            )
        if callout.languages:
            matching &= Q(readiness__languages__overlap=callout.languages)
    in_network = Q(
        pk__in=_active_members(wanted["networks"], NetworkMember.Kind.ORGANISATION).values(
            "organisation_id"
        )
    )
    return Organisation.objects.filter(willing, matching | in_network).filter(
        municipality_id=callout.municipality_id
    )


def _responsible(organisation_ref):
    return Membership.objects.filter(
        organisation_id=organisation_ref, role=RESPONSIBLE, user__is_active=True
    )


def _responsible_of(organisations) -> Q:
    return Q(
        pk__in=Membership.objects.filter(
            role=RESPONSIBLE, organisation__in=organisations.values("pk")
        ).values("user_id")
    )


def _organisation_addresses(organisations) -> list[str]:
    """Each organisation's address at short notice, or its contact address when nobody
    responsible for it has an account."""
    rows = organisations.annotate(has_person=Exists(_responsible(OuterRef("pk")))).values_list(
        "readiness__urgent_email", "contact_email", "has_person"
    )
    return [urgent or ("" if has_person else contact) for urgent, contact, has_person in rows]


def _network_people(callout: CallOut, network_ids) -> Q:
    return Q(pk__in=_active_members(network_ids, NetworkMember.Kind.INDIVIDUAL).values("user_id"))


def _partner_addresses(callout: CallOut, network_ids) -> list[str]:
    if not network_ids:
        return []
    return list(
        _active_members(network_ids, NetworkMember.Kind.PARTNER)
        .exclude(contact_email="")
        .values_list("contact_email", flat=True)
    )


def _volunteers(callout: CallOut, wanted: dict) -> Q:
    if not callout.to_volunteers:
        return Q(pk__in=[])
    volunteers = Volunteer.objects.filter(
        municipality_id=callout.municipality_id,
        status=Volunteer.Status.ACTIVE,
    )
    if wanted["focus_areas"]:
        volunteers = volunteers.filter(
            Exists(
                Volunteer.focus_areas.through.objects.filter(
                    volunteer_id=OuterRef("pk"), focusarea_id__in=wanted["focus_areas"]
                )
            )
        )
    if wanted["districts"]:  # a volunteer without districts goes anywhere
        districts = Volunteer.districts.through.objects.filter(volunteer_id=OuterRef("pk"))
        volunteers = volunteers.filter(
            ~Exists(districts) | Exists(districts.filter(district_id__in=wanted["districts"]))
        )
    if wanted["skills"]:
        volunteers = volunteers.filter(
            Exists(
                Volunteer.skills.through.objects.filter(
                    volunteer_id=OuterRef("pk"), skill_id__in=wanted["skills"]
                )
            )
        )
    if callout.languages:
        volunteers = volunteers.filter(languages__overlap=callout.languages)
    return Q(pk__in=volunteers.values("user_id"))


def _accounts_of(addresses: dict) -> list:
    """The active accounts of these (lower-cased) addresses, in one query."""
    if not addresses:
        return []
    return list(
        User.objects.annotate(address=Lower("email")).filter(
            address__in=list(addresses), is_active=True
        )
    )
