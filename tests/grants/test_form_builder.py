"""The application form is built from the programme's questions: each type validates and renders."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict

from grants.form_builder import COST_ROWS, ApplicationForm
from grants.models import Question
from tests.factories import GrantProgrammeFactory

pytestmark = pytest.mark.django_db
T = Question.FieldType


def make_form(
    field_type, data, *, required=True, choices="", files=None, max_amount=None, attached=()
):
    programme = GrantProgrammeFactory()
    question = Question.objects.create(
        programme=programme,
        key="q",
        label="Frågan",
        field_type=field_type,
        required=required,
        choices=choices,
    )
    form = ApplicationForm(
        MultiValueDict({k: v if isinstance(v, list) else [v] for k, v in data.items()}),
        MultiValueDict(files or {}),
        questions=[question],
        max_amount=max_amount,
        attached_keys=attached,
    )
    return form, question


@pytest.mark.parametrize(
    ("field_type", "good", "bad", "choices"),
    [
        (T.TEXT, "Schack", "x" * 501, ""),
        (T.TEXTAREA, "Lång text", "x" * 20_001, ""),
        (T.NUMBER, "12", "tolv", ""),
        (T.AMOUNT, "1500.50", "-5", ""),
        (T.CHOICE, "Ja", "Kanske", "Ja\nNej"),
        (T.MULTIPLE_CHOICE, ["Idrott", "Kultur"], ["Okänt"], "Idrott\nKultur"),
        (T.DATE, "2027-03-01", "2027-02-30", ""),
    ],
)
def test_simple_types_validate_and_render(field_type, good, bad, choices):
    form, _question = make_form(field_type, {"q_q": good}, choices=choices)
    assert form.is_valid(), form.errors
    assert 'name="q_q"' in form.as_div()
    assert 'for="id_q_q' in form.as_div()  # every input has a label
    form, _question = make_form(field_type, {"q_q": bad}, choices=choices)
    assert not form.is_valid()
    assert "q_q" in form.errors


@pytest.mark.parametrize(
    "field_type", [T.TEXT, T.NUMBER, T.CHOICE, T.DATE, T.BUDGET, T.PARTICIPANTS, T.FILE]
)
def test_required_questions_must_be_answered(field_type):
    form, _question = make_form(field_type, {}, choices="Ja\nNej")
    assert not form.is_valid()
    assert "q_q" in form.errors
    form, _question = make_form(field_type, {}, required=False, choices="Ja\nNej")
    assert form.is_valid(), form.errors


def test_amount_respects_the_programme_maximum():
    form, _question = make_form(T.AMOUNT, {"q_q": "10001"}, max_amount=Decimal("10000"))
    assert not form.is_valid()
    form, _question = make_form(T.AMOUNT, {"q_q": "10000"}, max_amount=Decimal("10000"))
    assert form.is_valid()
    assert form.amount_requested() == Decimal("10000")


OWN = 2 * COST_ROWS  # the own-funding cell comes after the cost rows; funders follow it


def budget(**values):
    return {f"q_q_{index}": value for index, value in values.items()}


def test_budget_table_computes_what_is_applied_for():
    data = budget(**{"0": "Lokalhyra", "1": "20000", "2": "Material", "3": "5000",
                     str(OWN): "3000", str(OWN + 1): "Allmänna arvsfonden",
                     str(OWN + 2): "7000"})  # fmt: skip
    form, _question = make_form(T.BUDGET, data)
    assert form.is_valid(), form.errors
    value = form.cleaned_data["q_q"]
    assert value["total_costs"] == "25000"
    assert value["other_funders"] == [{"name": "Allmänna arvsfonden", "amount": "7000"}]
    assert value["applied_for"] == "15000"
    assert form.amount_requested() == Decimal("15000")
    assert "Kostnad 1" in form.as_div() or "Cost 1" in form.as_div()


@pytest.mark.parametrize(
    "data",
    [
        budget(**{"1": "1000"}),  # an amount without a description
        budget(**{"0": "Hyra", "1": "1000", str(OWN): "5000"}),  # own funding exceeds the costs
        budget(**{"0": "Hyra", "1": "tusen"}),  # not a number
    ],
)
def test_budget_table_errors(data):
    form, _question = make_form(T.BUDGET, data)
    assert not form.is_valid()
    assert "q_q" in form.errors


def test_participants_grid():
    form, _question = make_form(T.PARTICIPANTS, {"q_q_3": "12", "q_q_4": "10"})
    assert form.is_valid(), form.errors
    value = form.cleaned_data["q_q"]
    assert value["total"] == 22
    assert value["counts"]["7-12|women"] == 12
    form, _question = make_form(T.PARTICIPANTS, {"q_q_3": "-1"})
    assert not form.is_valid()


def test_file_question_accepts_pdf_refuses_html_and_counts_earlier_attachment():
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    form, _question = make_form(T.FILE, {}, files={"q_q": [pdf]})
    assert form.is_valid(), form.errors
    html = SimpleUploadedFile("plan.pdf", b"<html><script>x</script></html>")
    form, _question = make_form(T.FILE, {}, files={"q_q": [html]})
    assert not form.is_valid()
    form, _question = make_form(T.FILE, {}, attached=["q"])  # attached in an earlier visit
    assert form.is_valid()


def test_migration_renumbers_own_funding_and_funders_of_existing_drafts():
    import importlib

    migration = importlib.import_module("grants.migrations.0005_budget_rows_widened")
    old = {"q_b_0": "Hyra", "q_b_1": "100", "q_b_16": "30", "q_b_17": "Arvsfonden",
           "q_b_18": "50", "q_other_16": "kept"}  # fmt: skip
    new = migration._renumber(old, "b", 2 * (COST_ROWS - migration.OLD_COSTS))
    assert new == {"q_b_0": "Hyra", "q_b_1": "100", f"q_b_{OWN}": "30",
                   f"q_b_{OWN + 1}": "Arvsfonden", f"q_b_{OWN + 2}": "50",
                   "q_other_16": "kept"}  # fmt: skip
