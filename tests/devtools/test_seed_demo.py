import pytest
from django.core.management import call_command

from networks.models import Network
from organisations.models import Organisation
from portal.models import AuditEvent, FocusArea, Municipality, RoleAssignment, User


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Municipality, FocusArea, Organisation, Network, User, RoleAssignment)
    }


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_complete():
    call_command("seed_demo", verbosity=0)
    first = counts()
    call_command("seed_demo", verbosity=0)
    assert counts() == first
    assert set(Municipality.objects.values_list("slug", flat=True)) == {"nacka", "ekero"}
    nacka_areas = list(
        FocusArea.objects.filter(municipality__slug="nacka").values_list("name", flat=True)
    )
    assert nacka_areas == [
        "Gemenskap, sammanhang och livskvalitet",
        "Trygghet",
        "En hållbar och klimatsmart kommun",
    ]
    assert Organisation.objects.filter(kind=Organisation.Kind.INFORMAL_GROUP).exists()
    assert {"Fisksätraakademien", "Nattvandrarnätverket"} <= set(
        Network.objects.values_list("name", flat=True)
    )
    assert (
        AuditEvent.objects.filter(action="role.assigned").count() == RoleAssignment.objects.count()
    )


@pytest.mark.django_db
def test_demo_login_works(client):
    from devtools.demo_data import DEMO_PASSWORD

    call_command("seed_demo", verbosity=0)
    response = client.post(
        "/konto/login/", {"login": "handlaggare.nacka@example.se", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_seed_demo_has_volunteering_in_valid_states():
    from django.utils.timezone import localtime

    from volunteering.models import (
        CallOut,
        Pledge,
        Post,
        Recognition,
        Shift,
        ShiftSignup,
        Skill,
        Volunteer,
    )

    models = (Skill, Volunteer, CallOut, Pledge, Post, Shift, ShiftSignup, Recognition)
    call_command("seed_demo", verbosity=0)
    first = {model.__name__: model.objects.count() for model in models}
    call_command("seed_demo", verbosity=0)
    assert {model.__name__: model.objects.count() for model in models} == first
    assert Skill.objects.filter(municipality__slug="nacka").exists()
    assert Skill.objects.filter(municipality__slug="ekero").exists()
    assert Volunteer.objects.filter(municipality__slug="nacka").count() >= 3

    callout = CallOut.objects.get(title__startswith="Evakuering vid strömavbrott")
    assert (callout.urgency, callout.status, callout.municipality.slug) == (
        "acute",
        "open",
        "ekero",
    )
    assert callout.sent_at is not None
    assert callout.languages == ["ar", "ti"]
    pledges = callout.pledges.all()
    assert pledges.filter(organisation__isnull=False).count() == 2
    assert pledges.filter(volunteer__isnull=False).count() == 1
    [accepted] = pledges.filter(status=Pledge.Status.ACCEPTED)
    assert accepted.decided_by is not None
    assert accepted.informed_at is not None

    nacka = Post.objects.filter(municipality__slug="nacka", status="published")
    assert {"MeetingPoint", "Boskola", "Nattvandring"} <= set(
        nacka.values_list("activity", flat=True)
    )
    walk = nacka.get(activity="Nattvandring")
    assert walk.organisation.name == "Föräldranärvaro Sicklaön"
    assert {localtime(s.starts_at).weekday() for s in walk.shifts.all()} <= {4, 5}
    assert nacka.filter(organisation__name="Fisksätra IF", shifts__isnull=True).exists()
    # Places are never overfilled; a waiting list only on a full shift.
    for shift in Shift.objects.all():
        booked = shift.signups.filter(status=ShiftSignup.Status.CONFIRMED).count()
        assert booked <= shift.places
        if shift.signups.filter(status=ShiftSignup.Status.WAITING).exists():
            assert booked == shift.places
    assert ShiftSignup.objects.filter(status=ShiftSignup.Status.WAITING).exists()
    assert ShiftSignup.objects.filter(attended=True, hours__gt=0).exists()
    eldsjal = Recognition.objects.get(title__startswith="Årets eldsjäl")
    assert (eldsjal.status, eldsjal.consent_to_publish) == ("published", True)
