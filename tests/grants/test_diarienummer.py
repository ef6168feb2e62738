"""Diarienummer: unique and gap-free, also when many applicants submit at the same moment."""

import threading

import pytest
from django.db import connection, transaction

from grants.services import diarienummer_next
from tests.factories import CommitteeFactory


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
    with pytest.raises(RuntimeError):
        diarienummer_next(committee=CommitteeFactory(), year=2026)
