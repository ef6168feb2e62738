"""Diarienummer: unique and gap-free, also when many applicants submit at the same moment."""

import threading

import pytest
from django.db import connection, transaction

from grants.models import Application
from grants.services import diarienummer_next
from grants.services.applications import diarienummer_assign
from tests.factories import CallFactory, CommitteeFactory, OrganisationFactory


@pytest.mark.django_db(transaction=True)
def test_concurrent_allocation_has_no_duplicates_and_no_gaps():
    committee = CommitteeFactory(abbreviation="KFN")
    workers, results, errors = 12, [], []
    barrier = threading.Barrier(workers)

    def submit():
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                results.append(diarienummer_next(committee=committee, year=2026))
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(results, key=lambda r: int(r.split("/")[1])) == [
        f"KFN 2026/{n}" for n in range(1, workers + 1)
    ]


@pytest.mark.django_db(transaction=True)
def test_rolled_back_submission_gives_its_number_back():
    committee = CommitteeFactory(abbreviation="SOCN")
    with transaction.atomic():
        assert diarienummer_next(committee=committee, year=2026) == "SOCN 2026/1"

    def failing_submission():
        with transaction.atomic():
            diarienummer_next(committee=committee, year=2026)
            raise RuntimeError("the submission failed after numbering")

    with pytest.raises(RuntimeError):
        failing_submission()
    with transaction.atomic():
        assert diarienummer_next(committee=committee, year=2026) == "SOCN 2026/2"


@pytest.mark.django_db
def test_each_committee_and_year_has_its_own_series():
    kfn, socn = CommitteeFactory(abbreviation="KFN"), CommitteeFactory(abbreviation="SOCN")
    assert diarienummer_next(committee=kfn, year=2026) == "KFN 2026/1"
    assert diarienummer_next(committee=socn, year=2026) == "SOCN 2026/1"
    assert diarienummer_next(committee=kfn, year=2027) == "KFN 2027/1"
    assert diarienummer_next(committee=kfn, year=2026) == "KFN 2026/2"


@pytest.mark.django_db(transaction=True)
def test_allocation_outside_a_transaction_is_refused():
    committee = CommitteeFactory()
    with pytest.raises(RuntimeError, match="diarienummer_next"):
        diarienummer_next(committee=committee, year=2026)
    with pytest.raises(RuntimeError, match="diarienummer_assign"):
        diarienummer_assign(None, committee=committee, year=2026, status="submitted", fields=())


def test_two_municipalities_with_the_same_committee_abbreviation_both_start_at_one(world):
    """Nacka's and Ekerö's KFN each keep their own registry: the same number may exist once
    per committee, never twice in one committee."""
    from django.db import IntegrityError, transaction

    from grants.models import Application
    from tests.factories import CallFactory, GrantProgrammeFactory
    from tests.grants.helpers import eligible_organisation, submitted

    x_committee, y_committee = world.x.committees.get(), world.y.committees.get()
    x_committee.abbreviation = y_committee.abbreviation = "KFN"
    x_committee.save()
    y_committee.save()
    in_x = submitted(CallFactory(programme=GrantProgrammeFactory(committee=x_committee)))
    in_y = submitted(
        CallFactory(programme=GrantProgrammeFactory(committee=y_committee)),
        organisation=eligible_organisation(world.y),
    )
    assert in_x.diarienummer == in_y.diarienummer
    assert (in_x.registry_committee, in_y.registry_committee) == (x_committee, y_committee)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=in_y.pk).update(registry_committee=x_committee)


@pytest.mark.django_db(transaction=True)
def test_concurrent_submits_number_and_save_their_cases_gap_free_even_with_a_rollback():
    """The submit's own path (``diarienummer_assign``: the number taken and the case saved in
    one statement): twelve cases at once and a thirteenth rolled back after its number."""
    call = CallFactory(programme__committee__abbreviation="KFN")
    municipality = call.programme.committee.municipality
    cases = [
        Application.objects.create(
            call=call,
            municipality=municipality,
            organisation=OrganisationFactory(municipality=municipality),
        )
        for _ in range(13)
    ]
    barrier, errors = threading.Barrier(len(cases)), []

    def submit(case, roll_back):
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                locked = Application.objects.select_for_update().get(pk=case.pk)
                diarienummer_assign(
                    locked,
                    committee=call.programme.committee,
                    year=2026,
                    status=Application.Status.SUBMITTED,
                    fields=["updated_at"],
                )
                if roll_back:
                    raise LookupError("the receipt failed")
        except LookupError:
            pass
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=submit, args=(case, index == 6)) for index, case in enumerate(cases)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    submitted = Application.objects.filter(call=call, status=Application.Status.SUBMITTED)
    numbers = sorted(int(n.split("/")[1]) for n in submitted.values_list("diarienummer", flat=True))
    assert numbers == list(range(1, 13))
    assert set(submitted.values_list("registry_committee", flat=True)) == {
        call.programme.committee.pk
    }
    assert Application.objects.get(pk=cases[6].pk).status == Application.Status.DRAFT
