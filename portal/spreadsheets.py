"""Cells for every CSV and XLSX file the portal writes, made safe for spreadsheet programs.

A spreadsheet program runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula
(``=HYPERLINK(...)`` sends the sheet's data away, ``=cmd|...`` starts a program), and some
skip a leading tab, CR, LF or space before they look (OWASP, "CSV Injection"). Names that
associations, account holders and staff type reach open data, payment files and dashboard
exports, so every writer takes its cells from here:

- text that would start a formula gets a leading apostrophe (OWASP's advice): Excel shows
  it as the text it is, and every other reader still sees the whole name after the ``'``;
- real numbers (``int``, ``float``, ``Decimal``) are written as they are, so amounts and
  counts stay numbers, negative ones too (``-8000`` is a number, not a formula); a CSV for
  Swedish spreadsheet programs writes them with a decimal comma (``208000,50``), which is
  how those read a number;
- XLSX cells are written by type (``write_string``/``write_number``) in a workbook whose
  ``strings_to_formulas``, ``strings_to_urls`` and ``strings_to_numbers`` are off, so
  XlsxWriter never turns text into a formula, a link or a number.

One rule for both formats, written here rather than taken from ``defusedcsv``: that library
(3.0) neither escapes a leading tab nor CR, rewrites the text itself (``|`` becomes ``\\|``,
which would alter a payee's name in the payment file) and keeps its escape function private,
so the XLSX writer could not share it.
"""

import csv
import io
from decimal import Decimal
from numbers import Number

import xlsxwriter

# What a spreadsheet takes as the start of a formula (and the full-width forms that some
# programs fold to them), once any leading whitespace is skipped.
FORMULA_STARTS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Control characters that must never open a cell (OWASP lists tab and CR).
CONTROL_STARTS = ("\t", "\r", "\n")
WORKBOOK_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def is_real_number(value) -> bool:
    return isinstance(value, Number) and not isinstance(value, bool)


def neutralise(text: str) -> str:
    """``text`` with a leading apostrophe if a spreadsheet would otherwise run it."""
    if text.startswith(CONTROL_STARTS) or text.lstrip().startswith(FORMULA_STARTS):
        return "'" + text
    return text


def number_text(value, decimal: str = ".") -> str:
    """A real number as CSV text, with ``decimal`` as the decimal separator (no exponent)."""
    text = format(value, "f") if isinstance(value, Decimal) else str(value)
    return text.replace(".", decimal)


def cell(value, decimal: str = "."):
    """A value as a safe cell: ``None`` empty, real numbers unchanged (or written with the
    ``decimal`` separator), anything else text."""
    if value is None:
        return ""
    if type(value) is str:  # most cells: skip the number check's ABC lookups (payment files)
        return neutralise(value)
    if is_real_number(value):
        return value if decimal == "." else number_text(value, decimal)
    return neutralise(str(value))


class _SafeWriter:
    """A ``csv.writer`` whose every cell goes through :func:`cell` first."""

    def __init__(self, writer, decimal: str = "."):
        self._writer = writer
        self._decimal = decimal

    def writerow(self, row):
        return self._writer.writerow([cell(value, self._decimal) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(out: io.TextIOBase, *, decimal: str = ".", **fmtparams) -> _SafeWriter:
    """``csv.writer(out, **fmtparams)`` that neutralises every cell it writes and writes
    numbers with ``decimal`` as the decimal separator."""
    return _SafeWriter(csv.writer(out, **fmtparams), decimal)


def workbook(out: io.BytesIO) -> xlsxwriter.Workbook:
    """An XlsxWriter workbook that never turns text into formulas, links or numbers."""
    return xlsxwriter.Workbook(out, WORKBOOK_OPTIONS)


def write_cell(sheet, row: int, column: int, value, cell_format=None) -> None:
    """Write ``value`` by its type: numbers as numbers, everything else as safe text."""
    if value is None:
        sheet.write_blank(row, column, None, cell_format)
    elif is_real_number(value):
        if isinstance(value, Decimal):
            value = int(value) if value == value.to_integral() else float(value)
        sheet.write_number(row, column, value, cell_format)
    else:
        sheet.write_string(row, column, cell(value), cell_format)
