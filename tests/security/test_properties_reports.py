"""Property tests of the follow-up report form through the real view: whatever is POSTed,
the portal never answers 500; a report is either sent with sane numbers, or the form comes
back with its errors shown and the report (and what it held before) is left as it was."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from grants.models import FollowUpReport
from organisations.models import AgeBand, Gender, Membership
from tests.factories import CallFactory, GrantProgrammeFactory, UserFactory
from tests.grants.helpers import decide, submitted
from tests.security import hostile_input as hostile

pytestmark = pytest.mark.django_db
ALLOWED = {200, 302, 400, 403, 404}
PROPERTY = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
PARTICIPANT_WIDTH = len(AgeBand) * len(Gender)
# A browser always sends the CSRF field, so a real POST is never empty (the views bind
# ``request.POST or None``).
BROWSER = {"csrfmiddlewaretoken": "x"}
COMPLETE = {"outcomes": "Vi spelade schack varje vecka.", "participants_0": "5",
            "money_used": "8000"}  # fmt: skip
EARLIER = {"outcomes": "Första versionen av rapporten.", "money_used": Decimal("7000.00"),
           "participants": {"counts": {"0-6|women": 3}, "total": 3}}  # fmt: skip

form_data = st.tuples(
    st.sets(st.sampled_from(sorted(COMPLETE))),
    st.fixed_dictionaries({}, optional={"outcomes": hostile.any_text, "money_used": hostile.money}),
    st.dictionaries(
        st.integers(0, PARTICIPANT_WIDTH - 1).map(lambda i: f"participants_{i}"),
        hostile.numbers,
        max_size=4,
    ),
    hostile.extra_fields,
).map(
    lambda parts: {
        **parts[3],
        **{k: v for k, v in COMPLETE.items() if k not in parts[0]},
        **parts[1],
        **parts[2],
    }
)


@pytest.fixture
def grant(world):
    """A granted application of 10 000 kr with a follow-up report due, and a member."""
    programme = GrantProgrammeFactory(committee=world.x.committees.get(), report_due_days=90)
    call = CallFactory(programme=programme, budget=1_000_000)
    application = submitted(call, amount="10000")
    decide(application, world.users["officer_x"], amount="10000")
    user = UserFactory()
    Membership.objects.create(user=user, organisation=application.organisation, role="responsible")
    return application, user


def report_state(report) -> tuple:
    report.refresh_from_db()
    return (report.status, report.outcomes, report.money_used, report.participants,
            report.unused_amount, report.submitted_at)  # fmt: skip


@PROPERTY
@given(data=form_data, status=st.sampled_from(["due", "changes_requested"]))
def test_a_report_is_sent_sanely_or_shown_with_errors_and_kept(grant, data, status):
    application, user = grant
    report = FollowUpReport.objects.get(decision__application=application)
    FollowUpReport.objects.filter(pk=report.pk).update(status=status, submitted_at=None, **EARLIER)
    before = report_state(report)
    client = Client()
    client.force_login(user)
    response = client.post(reverse("grants:report", args=[application.pk, 1]), {**BROWSER, **data})
    event(f"HTTP {response.status_code}")
    assert response.status_code in ALLOWED
    report.refresh_from_db()
    if response.status_code == 302:
        assert report.status == FollowUpReport.Status.SUBMITTED
        assert report.money_used >= 0
        assert 0 <= report.unused_amount <= report.decision.amount
        assert report.unused_amount == max(report.decision.amount - report.money_used, 0)
        assert "\x00" not in report.outcomes
        assert report.participants["total"] == sum(report.participants["counts"].values())
    else:
        assert report_state(report) == before  # the earlier version is not lost
        if response.status_code == 200:
            page = response.content.decode()
            assert response.context["form"].errors
            assert 'id="form-errors"' in page or 'aria-invalid="true"' in page
