"""Statements written once (portal.prebuilt): the rows they read become the same model
instances the ORM builds, value for value (JSON, money, dates, empty fields), and the
submit's lock, the second-factor question and the session load that use them answer as the
querysets they replaced."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from grants import services
from grants.models import Application, Call, GrantProgramme
from grants.services.applications import _locked_for_member
from organisations.models import Membership, Organisation
from portal import prebuilt
from portal.models import Committee, Municipality
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def read(model, pk):
    """``model``'s row ``pk`` through prebuilt: all columns, then an extra one after them."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {prebuilt.column_list(model, 'x')}, 42 FROM {prebuilt.table(model)} x "  # noqa: S608
            f"WHERE {prebuilt.column(model, model._meta.pk.name, 'x')} = %s",
            [pk],
        )
        row = cursor.fetchone()
    instance, end = prebuilt.instance(model, row)
    assert row[end] == 42  # the next model's columns would begin here
    return instance


def values(instance):
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


@pytest.fixture
def draft(applicant, project_call):
    application = services.application_start(
        call=project_call, organisation=applicant.organisation, by=applicant.user
    )
    Application.objects.filter(pk=application.pk).update(
        answers={"syfte": "Läxhjälp åt alla", "deltagare": 12, "lista": [1, "två"]},
        amount_requested=Decimal("12500.50"),
    )
    return application


def test_each_model_of_the_lock_reads_as_the_orm_reads_it(draft):
    call = draft.call
    for model, pk in [
        (Application, draft.pk),
        (Call, call.pk),
        (GrantProgramme, call.programme_id),
        (Committee, call.programme.committee_id),
        (Municipality, call.programme.committee.municipality_id),
        (Organisation, draft.organisation_id),
    ]:
        prebuilt_instance, orm_instance = read(model, pk), model.objects.get(pk=pk)
        assert values(prebuilt_instance) == values(orm_instance), model.__name__
        assert not prebuilt_instance._state.adding  # saved as an existing row
    application = read(Application, draft.pk)
    assert application.answers["lista"] == [1, "två"]  # JSON decoded, not a string
    assert application.amount_requested == Decimal("12500.50")


def test_the_submit_lock_reads_the_case_its_call_chain_and_the_role(applicant, draft):
    with transaction.atomic():
        application = _locked_for_member(draft.pk, applicant.user)
    assert values(application) == values(Application.objects.get(pk=draft.pk))
    programme = GrantProgramme.objects.select_related("committee__municipality").get(
        pk=draft.call.programme_id
    )
    assert values(application.call.programme) == values(programme)
    assert application.call.programme.committee.municipality.name == (
        programme.committee.municipality.name
    )
    assert application.organisation.name == applicant.organisation.name
    assert application.member_role == applicant.role


def test_the_role_counts_through_its_last_day_and_not_after(applicant, draft):
    today = timezone.localdate()
    Membership.objects.filter(pk=applicant.pk).update(valid_until=today)
    with transaction.atomic():
        assert _locked_for_member(draft.pk, applicant.user).member_role == applicant.role
    Membership.objects.filter(pk=applicant.pk).update(valid_until=today - timedelta(days=1))
    with transaction.atomic():
        assert _locked_for_member(draft.pk, applicant.user).member_role is None
    with transaction.atomic():  # someone of another organisation: the case, but no role
        other = MembershipFactory()
        assert _locked_for_member(draft.pk, other.user).member_role is None


def test_no_case_is_does_not_exist(applicant):
    with transaction.atomic(), pytest.raises(Application.DoesNotExist):
        _locked_for_member(0, applicant.user)


def test_a_session_loads_as_djangos_store_loads_it_and_an_expired_one_is_none(client):
    user = UserFactory()
    client.force_login(user)
    page = reverse("grants:applications")
    assert client.get(page).status_code == 200  # logged in through the portal's store
    key = client.cookies["sessionid"].value
    assert values(read(Session, key)) == values(Session.objects.get(pk=key))

    Session.objects.filter(pk=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(page)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
