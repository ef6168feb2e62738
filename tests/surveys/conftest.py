"""Surveys' test data: in municipality X two approved associations in different focus
areas (Trygghet, Gemenskap), each with its responsible person, a member who only reads, a
segment reaching both, and a survey of three questions sent to it."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from organisations.models import Membership
from outreach.models import Segment
from surveys.models import Survey, SurveyQuestion
from tests.factories import FocusAreaFactory, MembershipFactory, OrganisationFactory, UserFactory


@dataclass
class Data:
    safety: object  # focus area Trygghet
    community: object  # focus area Gemenskap
    org_a: object
    org_b: object
    person_a: object
    person_b: object
    reader: object  # a member of A who only reads
    outsider: object
    segment: object


@pytest.fixture
def data(world):
    x = world.x
    safety = x.focusareas.get(name="Trygghet")
    community = FocusAreaFactory(municipality=x, name="Gemenskap", slug="gemenskap")
    org_a = OrganisationFactory(municipality=x, approved=True, name="Fisksätra IF")
    org_a.focus_areas.set([safety])
    org_b = OrganisationFactory(municipality=x, approved=True, name="Saltis Tillsammans")
    org_b.focus_areas.set([community])
    person_a = MembershipFactory(organisation=org_a, user__full_name="Frida Föreningsaktiv").user
    person_b = MembershipFactory(organisation=org_b, user__full_name="Sara Saltis").user
    reader = MembershipFactory(organisation=org_a, role=Membership.Role.MEMBER).user
    segment = Segment.objects.create(municipality=x, name="Trygghet och gemenskap")
    segment.focus_areas.set([safety, community])
    return Data(safety, community, org_a, org_b, person_a, person_b, reader,
                UserFactory(), segment)  # fmt: skip


QUESTIONS = [
    ("lokaler", "Har föreningen de lokaler den behöver?", "choice", "Ja\nDelvis\nNej"),
    ("hinder", "Vilka hinder möter ni?", "multiple_choice", "Lokaler\nInformation\nEkonomi"),
    ("ledare", "Hur många ledare har ni?", "number", ""),
    ("betyg", "Hur väl fungerar samverkan?", "scale", ""),
    ("behov", "Ert viktigaste behov?", "textarea", ""),
]


def make_survey(
    municipality,
    *,
    segment=None,
    status=Survey.Status.DRAFT,
    questions=QUESTIONS,
    respondents=Survey.Respondents.ORGANISATIONS,
    **extra,
) -> Survey:
    survey = Survey.objects.create(
        municipality=municipality,
        title_sv=extra.pop("title_sv", "Behovsinventering"),
        audience=Survey.Audience.SEGMENT if segment else Survey.Audience.EVERYONE,
        segment=segment, respondents=respondents, status=status,
        closes_at=extra.pop("closes_at", timezone.now() + timedelta(days=14)),
        opens_at=timezone.now() if status != Survey.Status.DRAFT else None,
        **extra,
    )  # fmt: skip
    for order, (key, label, kind, choices) in enumerate(questions):
        SurveyQuestion.objects.create(survey=survey, key=key, label_sv=label, field_type=kind,
                                      choices=choices, ordering=order, required=False)  # fmt: skip
    return survey


@pytest.fixture
def survey(world, data):
    return make_survey(world.x, segment=data.segment, status=Survey.Status.OPEN)
