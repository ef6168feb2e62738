from datetime import timedelta

import pytest
from django.utils import timezone

from grants.models import Question
from organisations.models import EligibilityPeriod
from tests.factories import CallFactory, GrantProgrammeFactory, MembershipFactory


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def applicant(db):
    """A member of an approved, eligible association."""
    membership = MembershipFactory(organisation__approved=True)
    EligibilityPeriod.objects.create(
        organisation=membership.organisation,
        valid_from=timezone.localdate() - timedelta(days=1),
        valid_until=timezone.localdate() + timedelta(days=300),
    )
    return membership


@pytest.fixture
def project_call(applicant):
    programme = GrantProgrammeFactory(
        committee__municipality=applicant.organisation.municipality,
        committee__abbreviation="KFN",
        max_amount=50000,
    )
    for order, (key, label, kind, required) in enumerate(
        [
            ("syfte", "Syfte", "textarea", True),
            ("deltagare", "Deltagare", "number", True),
            ("belopp", "Sökt belopp", "amount", True),
            ("bilaga", "Bilaga", "file", False),
        ]
    ):
        Question.objects.create(
            programme=programme,
            key=key,
            label=label,
            field_type=kind,
            required=required,
            ordering=order,
        )
    return CallFactory(programme=programme)


COMPLETE = {"q_syfte": "Schack för alla", "q_deltagare": "20", "q_belopp": "12000"}
