"""Many associations press "Submit" at the same moment, through the real view: every one gets
its receipt and a diarienummer, and the numbers are unique and gap-free.

tests/grants/test_diarienummer.py races the number allocation itself, and
tests/grants/test_applications.py two tabs of one application; this races whole submissions
of different applications (locks, numbering, events and the outbox in one transaction).
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from grants import services
from grants.models import Application, ApplicationEvent, Question
from organisations.models import EligibilityPeriod, Membership
from portal.models import Notification
from tests.factories import CallFactory, GrantProgrammeFactory, OrganisationFactory, UserFactory

APPLICANTS = 8


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_get_unique_gap_free_numbers():
    programme = GrantProgrammeFactory(committee__abbreviation="KFN")
    Question.objects.create(
        programme=programme, key="syfte", label="Syfte", field_type="textarea", required=True
    )
    call = CallFactory(programme=programme)
    drafts = []
    for n in range(APPLICANTS):
        organisation = OrganisationFactory(
            municipality=programme.committee.municipality, approved=True
        )
        EligibilityPeriod.objects.create(
            organisation=organisation,
            valid_from=timezone.localdate() - timedelta(days=1),
            valid_until=timezone.localdate() + timedelta(days=300),
        )
        user = UserFactory(email=f"samtidig{n}@example.se")
        Membership.objects.create(user=user, organisation=organisation, role="responsible")
        drafts.append((user, services.application_start(call=call, organisation=organisation,
                                                        by=user)))  # fmt: skip
    barrier, statuses, errors = threading.Barrier(APPLICANTS), [], []

    def press_submit(user, application):
        client = Client()
        client.force_login(user)
        try:
            barrier.wait(timeout=20)
            response = client.post(
                reverse("grants:application", args=[application.pk]),
                {"q_syfte": "Samtidigt", "action": "submit"},
            )
            statuses.append(response.status_code)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=press_submit, args=draft) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert statuses == [302] * APPLICANTS
    year = timezone.localdate().year
    numbers = sorted(
        Application.objects.values_list("diarienummer", flat=True),
        key=lambda number: int(number.split("/")[1]),
    )
    assert numbers == [f"KFN {year}/{n}" for n in range(1, APPLICANTS + 1)]
    assert ApplicationEvent.objects.count() == APPLICANTS
    assert Notification.objects.filter(kind="grants.receipt").count() == APPLICANTS
