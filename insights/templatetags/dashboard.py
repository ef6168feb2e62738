"""Template tags of the dashboard pages."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import get_format, number_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


def _grouped():
    """A function writing a whole number with the active language's thousands separator,
    looked up once per table rather than once per figure."""
    separator = str(conditional_escape(get_format("THOUSAND_SEPARATOR")))
    if get_format("NUMBER_GROUPING") == 3:
        return lambda number: f"{number:,}".replace(",", separator)
    return lambda number: number_format(number, force_grouping=True)


def figure(value, grouped=None) -> str:
    """A whole number with the language's thousands separator ("12 500"), "–" for none:
    what ``floatformat:"0g"`` shows, at a fraction of its cost."""
    if value is None:
        return "–"
    if not isinstance(value, int):
        value = int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return (grouped or _grouped())(value)


@register.simple_tag
def dashboard_rows(table):
    """The rows of a dashboard table: the label as a row header, figures right-aligned.

    Written out here rather than in a template loop over every cell, which was a third of
    the time the dashboard spends beyond its queries (the comparison has 290 rows).
    """
    if not table.rows:
        return format_html(
            '<tr><td colspan="{}">{}</td></tr>',
            len(table.columns),
            _("Nothing for the chosen filters."),
        )
    grouped = _grouped()
    return mark_safe(  # noqa: S308 -- labels escaped; figures are digits and a separator
        "\n".join(
            f'<tr><th scope="row">{conditional_escape(row[0])}</th>'
            + "".join(f'<td class="text-end">{figure(v, grouped)}</td>' for v in row[1:])
            + "</tr>"
            for row in table.rows
        )
    )


BAR_HEIGHT = 22  # SVG units per bar, with the gap to the next
BAR_WIDTH = 220  # the longest bar


def _short(label: str, size: int = 26) -> str:
    return label if len(label) <= size else label[: size - 1] + "…"


@register.simple_tag
def dashboard_chart(table) -> str:
    """A horizontal bar chart of the table's ``chart_column`` as inline SVG, or "" when the
    table has none. Decorative (aria-hidden): the table beside it holds the same figures."""
    if table.chart_column is None or not table.rows:
        return ""
    values = [float(row[table.chart_column] or 0) for row in table.rows]
    top = max(values) or 1.0
    bars = "".join(
        f'<text x="0" y="{i * BAR_HEIGHT + 14}">{conditional_escape(_short(str(row[0])))}</text>'
        f'<rect x="175" y="{i * BAR_HEIGHT}" height="16" '
        f'width="{round(BAR_WIDTH * value / top, 1)}"></rect>'
        for i, (row, value) in enumerate(zip(table.rows, values, strict=True))
    )
    height = len(table.rows) * BAR_HEIGHT
    return mark_safe(  # noqa: S308 -- labels escaped; the rest are numbers
        f'<svg class="dashboard-chart" viewBox="0 0 400 {height}" height="{height}" '
        f'aria-hidden="true" focusable="false">{bars}</svg>'
    )
