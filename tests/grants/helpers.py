"""Shared steps for the officer-side tests: a submitted case, a decision."""

from decimal import Decimal

from django.utils.datastructures import MultiValueDict

from grants import services
from organisations.models import EligibilityPeriod
from tests.factories import MembershipFactory, OrganisationFactory


def eligible_organisation(municipality):
    """An approved association that is bidragsberättigad for years to come."""
    organisation = OrganisationFactory(municipality=municipality, approved=True)
    EligibilityPeriod.objects.create(
        organisation=organisation, valid_from="2020-01-01", valid_until="2099-12-31"
    )
    return organisation


def submitted(call, amount="40000", organisation=None, by=None):
    """A submitted application to ``call`` from an eligible organisation (new unless given),
    by ``by`` or a new responsible person of the organisation."""
    if organisation is None:
        organisation = eligible_organisation(call.programme.committee.municipality)
    user = by or MembershipFactory(organisation=organisation).user  # responsible: applies
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
