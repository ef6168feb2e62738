"""The dashboard's tables as CSV (one table) and XLSX (every table, one sheet each): the same
rows as on the page. Labels are names staff type (focus areas, districts, target groups), so
every cell goes through ``portal.spreadsheets``: text never becomes a formula."""

import io

from portal import spreadsheets


def table_csv(table) -> str:
    out = io.StringIO()
    writer = spreadsheets.csv_writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    return "\ufeff" + out.getvalue()  # a BOM so that spreadsheet programs read UTF-8


def tables_xlsx(tables, title: str) -> bytes:
    out = io.BytesIO()
    workbook = spreadsheets.workbook(out)
    workbook.set_properties({"title": title})
    bold = workbook.add_format({"bold": True})
    for table in tables:
        sheet = workbook.add_worksheet(table.key[:31])
        spreadsheets.write_cell(sheet, 0, 0, table.caption, bold)
        for column, header in enumerate(table.columns):
            spreadsheets.write_cell(sheet, 2, column, header, bold)
        for r, row in enumerate(table.rows, start=3):
            for column, value in enumerate(row):
                spreadsheets.write_cell(sheet, r, column, value)
        sheet.set_column(0, 0, 36)
        sheet.set_column(1, len(table.columns), 16)
    workbook.close()
    return out.getvalue()
