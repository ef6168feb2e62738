"""The lighter rendering used where speed counts: Bootstrap field groups from Django's own
templates, model choices read with one plain query, and the admin's row checkbox and row
links written without a template or URL resolve per row, each the same markup as what it
replaces."""

import re

import pytest
from django import forms
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants.models import Application
from organisations.filters import DirectoryFilter
from portal.admin.mixins import MunicipalityScopedAdmin
from portal.forms import BootstrapForm
from portal.models import Committee, FocusArea
from tests.factories import CallFactory, GrantProgrammeFactory
from tests.grants.helpers import submitted

pytestmark = pytest.mark.django_db


class CommitteeForm(BootstrapForm):
    committee = forms.ModelChoiceField(
        label="Nämnd", queryset=Committee.objects.order_by("name"), empty_label="Alla"
    )
    note = forms.CharField(label="Anteckning", help_text="Högst tio tecken.", max_length=10)


def test_a_model_choice_is_one_plain_query_and_plain_markup(world):
    form = CommitteeForm({"committee": "", "note": "x" * 11})
    with CaptureQueriesContext(connection) as queries:
        html = "".join(field.as_field_group() for field in form)
    assert len(queries) == 1  # not DECLARE, FETCH and CLOSE of a server-side cursor
    assert not queries[0]["sql"].startswith("DECLARE")
    committees = Committee.objects.order_by("name")
    for committee in committees:
        assert f'<option value="{committee.pk}">{committee}</option>' in html
    assert '<option value="" selected>Alla</option>' in html
    assert '<label for="id_committee" class="form-label">Nämnd<span' in html
    assert 'class="form-select is-invalid"' in html  # required, left empty
    note = html[html.index('<input type="text" name="note"') :].split(">")[0]
    assert 'class="form-control is-invalid"' in note
    assert 'aria-describedby="id_note_helptext id_note_error"' in note
    assert '<div id="id_note_helptext" class="form-text">Högst tio tecken.</div>' in html


def test_filter_forms_keep_the_none_choice_and_scope(world):
    directory = DirectoryFilter({"municipality": "nacka"}, queryset=None)
    field = directory.form.fields["district"]
    field.null_label = "Ingen kommundel"
    choices = list(field.choices)
    assert (choices[0][0], str(choices[0][1])) == ("", "Alla kommundelar")
    assert choices[1] == ("null", "Ingen kommundel")
    assert {str(label) for _, label in choices[2:]} == {d.name for d in world.x.districts.all()}


def test_admin_row_checkbox_is_djangos_markup(world):
    application = submitted(
        CallFactory(programme=GrantProgrammeFactory(committee=world.x.committees.get())), "100"
    )
    application = Application.objects.get(pk=application.pk)
    ours = MunicipalityScopedAdmin(Application, admin.site).action_checkbox(application)
    djangos = admin.ModelAdmin(Application, admin.site).action_checkbox(application)
    assert str(ours) == str(djangos)
    assert 'name="_selected_action"' in ours


def test_focus_area_labels_name_the_municipality_when_none_is_chosen(world):
    """Without a municipality the list offers no areas (portal.filters.PublicListFilter),
    but an area a link names is kept, with its municipality's name."""
    for area in FocusArea.objects.select_related("municipality"):
        html = str(DirectoryFilter({"focus_area": str(area.pk)}, queryset=None).form["focus_area"])
        assert f"{area.name} ({area.municipality.name})" in html
    assert "<option" in html
    assert html.count("<option") == 2  # "All focus areas" and the one named


def test_admin_row_links_keep_the_filters_as_djangos_do(client, world, monkeypatch):
    """Row links written without a URL resolve per row are the same links as Django's, and
    a case opened from a filtered list leads back to that list."""
    from django.contrib.admin.views.main import ChangeList

    from grants.admin.cases import ApplicationAdmin

    call = CallFactory(programme=GrantProgrammeFactory(committee=world.x.committees.get()))
    cases = [submitted(call, "100") for _ in range(3)]
    client.force_login(world.users["officer_x"])
    url = reverse("admin:grants_application_changelist")
    query = {"status__exact": "submitted", "q": "KFN"}

    def row_links(response):
        return re.findall(r'<th class="field-diarienummer[^"]*"><a href="([^"]+)"', response.text)

    ours = row_links(client.get(url, query))
    monkeypatch.setattr(ApplicationAdmin, "get_changelist", lambda self, request: ChangeList)
    djangos = row_links(client.get(url, query))
    assert len(ours) == len(cases)
    assert ours == djangos
    change = reverse("admin:grants_application_change", args=[cases[0].pk])
    assert f"{change}?_changelist_filters=status__exact%3Dsubmitted%26q%3DKFN" in ours
    monkeypatch.undo()
    assert row_links(client.get(url)) == [u.split("?")[0] for u in ours]  # no filters, no query
