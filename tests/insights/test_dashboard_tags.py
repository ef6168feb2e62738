"""The dashboard's table rows and bar chart, written by template tags instead of template
loops: the same figures, grouped and rounded as ``floatformat:"0g"`` showed them."""

from decimal import Decimal

import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation

from insights.selectors import Table
from insights.templatetags.dashboard import dashboard_chart, dashboard_rows, figure


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(
    "value",
    [0, 7, 1234, 1_234_567, Decimal("1234.5"), Decimal("0.5"), Decimal("2.49"),
     Decimal("12500.00"), Decimal("999999.5")],
)  # fmt: skip
def test_figures_look_as_floatformat_showed_them(language, value):
    with translation.override(language):
        assert figure(value) == floatformat(value, "0g")


def test_figure_of_nothing_is_a_dash():
    assert figure(None) == "–"


def test_rows_have_a_row_header_and_grouped_figures():
    table = Table("t", "Bidrag", ["Fokusområde", "Ansökningar", "Beviljat"])
    table.rows = [["Trygghet & <skydd>", 3, Decimal("12500.40")], ["Gemenskap", 0, None]]
    with translation.override("sv"):
        html = dashboard_rows(table)
    assert html == (
        '<tr><th scope="row">Trygghet &amp; &lt;skydd&gt;</th>'
        '<td class="text-end">3</td><td class="text-end">12\xa0500</td></tr>\n'
        '<tr><th scope="row">Gemenskap</th>'
        '<td class="text-end">0</td><td class="text-end">–</td></tr>'
    )


def test_an_empty_table_says_so_across_all_columns():
    table = Table("t", "Bidrag", ["Fokusområde", "Ansökningar", "Beviljat"])
    with translation.override("en"):
        assert dashboard_rows(table) == (
            '<tr><td colspan="3">Nothing for the chosen filters.</td></tr>'
        )


def test_chart_bars_are_proportional_to_the_chosen_column():
    table = Table("t", "Bidrag", ["Område", "Antal", "Kronor"], chart_column=2)
    table.rows = [["Ett mycket långt namn på ett fokusområde", 1, Decimal("500")],
                  ["Två & <b>", 2, Decimal("1000")], ["Tre", 3, None]]  # fmt: skip
    svg = dashboard_chart(table)
    assert svg.startswith('<svg class="dashboard-chart" viewBox="0 0 400 66" height="66" ')
    assert 'aria-hidden="true"' in svg
    assert '<text x="0" y="14">Ett mycket långt namn på …</text>' in svg
    assert '<rect x="175" y="0" height="16" width="110.0"></rect>' in svg
    assert '<text x="0" y="36">Två &amp; &lt;b&gt;</text>' in svg
    assert '<rect x="175" y="22" height="16" width="220.0"></rect>' in svg
    assert '<rect x="175" y="44" height="16" width="0.0"></rect>' in svg


def test_no_chart_without_a_chart_column_or_rows():
    assert dashboard_chart(Table("t", "Bidrag", ["Område", "Antal"])) == ""
    assert dashboard_chart(Table("t", "Bidrag", ["Område", "Antal"], chart_column=1)) == ""
