"""The dashboard's tables as CSV (one table) and XLSX (every table, one sheet each): the same
rows as on the page."""

import csv
import io
from decimal import Decimal

import xlsxwriter


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral() else int(value)
    return value


def table_csv(table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow(["" if v is None else str(v) for v in row])
    return "\ufeff" + out.getvalue()  # a BOM so that spreadsheet programs read UTF-8


def tables_xlsx(tables, title: str) -> bytes:
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    workbook.set_properties({"title": title})
    bold = workbook.add_format({"bold": True})
    for table in tables:
        sheet = workbook.add_worksheet(table.key[:31])
        sheet.write(0, 0, table.caption, bold)
        for column, header in enumerate(table.columns):
            sheet.write(2, column, header, bold)
        for r, row in enumerate(table.rows, start=3):
            for column, value in enumerate(row):
                sheet.write(r, column, _cell(value))
        sheet.set_column(0, 0, 36)
        sheet.set_column(1, len(table.columns), 16)
    workbook.close()
    return out.getvalue()
