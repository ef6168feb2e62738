"""A first submission counts under its call's focus area, or else its programme's
(grants.services.applications.focus_areas_copy): inserted in one statement, with the
many-to-many signals Django's add() sends, so whoever listens (the open data) still hears."""

import pytest
from django.db.models.signals import m2m_changed

from grants import services
from grants.models import Application
from tests.factories import CallFactory, FocusAreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """The focus-area changes signalled, as (action, pks)."""
    seen = []

    def listener(sender, instance, action, pk_set, **kwargs):
        seen.append((action, instance.pk, frozenset(pk_set or ())))

    m2m_changed.connect(listener, sender=Application.focus_areas.through)
    yield seen
    m2m_changed.disconnect(listener, sender=Application.focus_areas.through)


def draft_in(call, applicant):
    return services.application_start(
        call=call, organisation=applicant.organisation, by=applicant.user
    )


def test_the_programmes_areas_are_copied_in_one_statement_with_the_signals(
    applicant, project_call, heard, django_assert_num_queries
):
    areas = FocusAreaFactory.create_batch(2, municipality=applicant.organisation.municipality)
    project_call.programme.focus_areas.set(areas)
    application = draft_in(project_call, applicant)
    heard.clear()
    with django_assert_num_queries(2):  # the programme's areas, the insert
        services.focus_areas_copy(application, project_call)
    pks = frozenset(area.pk for area in areas)
    assert set(application.focus_areas.values_list("pk", flat=True)) == pks
    assert heard == [("pre_add", application.pk, pks), ("post_add", application.pk, pks)]


def test_a_call_with_its_own_area_counts_under_that_one_only(applicant, project_call, heard):
    own = FocusAreaFactory(municipality=applicant.organisation.municipality)
    project_call.programme.focus_areas.set(
        [FocusAreaFactory(municipality=applicant.organisation.municipality)]
    )
    call = CallFactory(programme=project_call.programme, focus_area=own)
    application = draft_in(call, applicant)
    services.focus_areas_copy(application, call)
    assert list(application.focus_areas.all()) == [own]


def test_an_area_the_case_has_already_is_skipped_and_a_call_without_areas_sends_nothing(
    applicant, project_call, heard
):
    area = FocusAreaFactory(municipality=applicant.organisation.municipality)
    application = draft_in(project_call, applicant)
    services.focus_areas_copy(application, project_call)
    assert heard == []  # the programme has no areas
    project_call.programme.focus_areas.set([area])
    application.focus_areas.add(area)
    services.focus_areas_copy(application, project_call)
    assert list(application.focus_areas.all()) == [area]
