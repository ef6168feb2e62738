"""The dashboard's tables as CSV (one table) and XLSX (every table, one sheet each): the same
rows as on the page, and what they cover.

A file says what it covers, since it is read away from the page: the municipality, the
years, the filters and the time the figures are as of, at the top of a CSV and on the first
sheet of an XLSX, and (but for the time of day) in the file name.

Numbers stay numbers. Amounts come from the database as ``Decimal`` (kronor) and counts as
``int``, so a column (a row of the summary) is all of one kind: amounts are written with two
decimals, counts without. The Swedish CSV, for Swedish Excel, is separated by ``;`` with a
decimal comma (``208000,00``); the English one by ``,`` with a decimal point. XLSX cells are
real numbers with a number format, which each program shows in its reader's own style.

Labels are names staff type (focus areas, districts, target groups), so every cell goes
through ``portal.spreadsheets``: text never becomes a formula.
"""

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from portal import spreadsheets

# language -> (CSV delimiter, decimal separator): what that language's Excel reads.
CSV_STYLES = {"sv": (";", ","), "en": (",", ".")}
AMOUNT_FORMAT = "#,##0.00"
COUNT_FORMAT = "#,##0"
CENT = Decimal("0.01")
# Short sheet names (Excel allows 31 characters) for the tables whose caption is longer.
SHEET_NAMES = {
    "participants": gettext_lazy("Participants"),
    "networks": gettext_lazy("Networks"),
    "register": gettext_lazy("Collaborations"),
    "agreements": gettext_lazy("Agreements"),
    "co_applications": gettext_lazy("Co-applications"),
    "action_plan": gettext_lazy("Action plans"),
}
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class About:
    """What an export covers: a title, (label, value) lines and the parts of the file name
    (the first two, e.g. ``samverkan-nacka``, come before a table's name)."""

    title: str
    lines: list[tuple[str, str]] = field(default_factory=list)
    name_parts: tuple[str, ...] = ("samverkan",)

    def filename(self, extension: str, table=None) -> str:
        parts = list(self.name_parts)
        if table is not None:
            parts.insert(2, sheet_name(table, set()))
        return f"{slugify('-'.join(filter(None, parts)))}.{extension}"


def _moment(value) -> str:
    return formats.date_format(timezone.localtime(value), "j F Y H:i")


def years_text(years) -> str:
    """``2025``, ``2024–2025``, or "" for no years."""
    if not years:
        return ""
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def dashboard_about(filters, figures_as_of, now=None) -> About:
    """The municipality, years, filters and times of a dashboard export."""
    municipality = filters.municipality
    chosen = [
        (_("Focus area"), filters.focus_area, _("All focus areas")),
        (_("Committee"), filters.committee, _("All committees")),
        (_("District"), filters.district, _("All districts")),
        (_("Target group"), filters.target_group, _("All target groups")),
    ]
    lines = [
        (_("Municipality"), municipality.name),
        (_("Years"), years_text(filters.years) or _("All years")),
        *((label, value.name if value is not None else every) for label, value, every in chosen),
        (_("Figures as of"), _moment(figures_as_of)),
        (_("Exported"), _moment(now or timezone.now())),
    ]
    parts = (
        "samverkan",
        municipality.slug,
        years_text(filters.years).replace("–", "-"),
        *(value.slug for _label, value, _every in chosen if value is not None),
        pgettext("in a file name, before the date the figures are as of", "as-of"),
        timezone.localtime(figures_as_of).date().isoformat(),
    )
    return About(
        title=_("Collaboration in %(name)s") % {"name": municipality.name},
        lines=lines,
        name_parts=parts,
    )


def mapping_about(municipality, year: int, title: str, made_at=None) -> About:
    """The yearly mapping's municipality, year and time of making."""
    made_at = made_at or timezone.now()
    return About(
        title=title,
        lines=[
            (_("Municipality"), municipality.name),
            (_("Year"), str(year)),
            (_("Figures as of"), _moment(made_at)),
        ],
        name_parts=("kartlaggning", municipality.slug, str(year)),
    )


def sheet_name_about() -> str:
    return _("About this file")[:31]


def sheet_name(table, taken: set) -> str:
    """The table's sheet: its (short) caption, as Excel allows a sheet name, unique."""
    name = str(SHEET_NAMES.get(table.key) or table.caption)
    name = SHEET_NAME_FORBIDDEN.sub(" ", name).strip(" '")[:31].strip() or table.key[:31]
    unique, n = name, 2
    while unique.lower() in taken:
        suffix = f" ({n})"
        unique, n = name[: 31 - len(suffix)] + suffix, n + 1
    taken.add(unique.lower())
    return unique


def _number(value):
    """Amounts (Decimal) with two decimals, other values as they are."""
    return value.quantize(CENT) if isinstance(value, Decimal) else value


def table_csv(table, about: About | None = None) -> str:
    """One table, after the lines that say what it covers, as the active language's Excel
    reads a CSV."""
    language = (translation.get_language() or "sv").split("-")[0]
    delimiter, decimal = CSV_STYLES.get(language, CSV_STYLES["sv"])
    out = io.StringIO()
    writer = spreadsheets.csv_writer(
        out, delimiter=delimiter, decimal=decimal, lineterminator="\r\n"
    )
    if about is not None:
        writer.writerow([about.title])
        writer.writerows(about.lines)
        writer.writerow([])
        writer.writerow([table.caption])
    writer.writerow(table.columns)
    writer.writerows([_number(value) for value in row] for row in table.rows)
    return "\ufeff" + out.getvalue()  # a BOM so that spreadsheet programs read UTF-8


def _about_sheet(workbook, about: About, formats_: dict) -> None:
    sheet = workbook.add_worksheet(sheet_name_about())
    spreadsheets.write_cell(sheet, 0, 0, about.title, formats_["title"])
    for row, (label, value) in enumerate(about.lines, start=2):
        spreadsheets.write_cell(sheet, row, 0, label, formats_["bold"])
        spreadsheets.write_cell(sheet, row, 1, value)
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 44)


def _coverage(about: About) -> str:
    """One line for the top of each table's sheet: the values of the about lines."""
    return " · ".join(f"{label}: {value}" for label, value in about.lines[1:])


def tables_xlsx(tables, about: About) -> bytes:
    """A first sheet that says what the file covers, then one sheet per table: a bold
    header row that stays in view, with a filter, and numbers with a number format."""
    out = io.BytesIO()
    workbook = spreadsheets.workbook(out)
    workbook.set_properties({"title": about.title, "comments": _coverage(about)})
    formats_ = {
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "bold": workbook.add_format({"bold": True}),
        "header": workbook.add_format({"bold": True, "bottom": 1, "text_wrap": True}),
        "note": workbook.add_format({"italic": True}),
        Decimal: workbook.add_format({"num_format": AMOUNT_FORMAT}),
        int: workbook.add_format({"num_format": COUNT_FORMAT}),
    }
    _about_sheet(workbook, about, formats_)
    taken = {sheet_name_about().lower()}
    for table in tables:
        sheet = workbook.add_worksheet(sheet_name(table, taken))
        spreadsheets.write_cell(sheet, 0, 0, table.caption, formats_["bold"])
        spreadsheets.write_cell(sheet, 1, 0, _coverage(about), formats_["note"])
        header = 2
        for column, title in enumerate(table.columns):
            spreadsheets.write_cell(sheet, header, column, title, formats_["header"])
        for r, row in enumerate(table.rows, start=header + 1):
            for column, value in enumerate(row):
                value = _number(value)
                spreadsheets.write_cell(sheet, r, column, value, formats_.get(type(value)))
        sheet.freeze_panes(header + 1, 1)
        sheet.autofilter(header, 0, header + len(table.rows), len(table.columns) - 1)
        sheet.set_column(0, 0, 36)
        sheet.set_column(1, len(table.columns), 16)
    workbook.close()
    return out.getvalue()
