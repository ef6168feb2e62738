"""Shared steps for the officer-side tests: a submitted case, a decision."""

from decimal import Decimal

from django.utils.datastructures import MultiValueDict

from grants import services
from organisations.models import EligibilityPeriod
from tests.factories import OrganisationFactory, UserFactory


def submitted(call, amount="40000", organisation=None):
    """A submitted application to ``call`` from an eligible organisation (new unless given)."""
    if organisation is None:
        organisation = OrganisationFactory(
            municipality=call.programme.committee.municipality, approved=True
        )
        EligibilityPeriod.objects.create(
            organisation=organisation, valid_from="2020-01-01", valid_until="2099-12-31"
        )
    user = UserFactory()
    application = services.application_start(call=call, organisation=organisation, by=user)
    services.application_submit(application=application, data=MultiValueDict(), files={}, by=user)
    application.refresh_from_db()
    application.amount_requested = Decimal(amount)
    application.save(update_fields=["amount_requested"])
    return application


def decide(application, officer, amount="40000", outcome="approved", **extra):
    return services.decision_make(
        application=application,
        outcome=outcome,
        amount=Decimal(amount),
        reasons="Uppfyller kriterierna.",
        by=officer,
        **extra,
    )
