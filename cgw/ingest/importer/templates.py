"""Downloadable templates: Chinese headers plus a row of notes and examples, which the importer
skips when a filled-in template comes back. CSV is UTF-8 with BOM (Excel opens it correctly);
the XLSX formats ID, phone, code and date columns as text so Excel cannot damage them, and
offers the allowed values of category columns as a drop-down list."""

from __future__ import annotations

import csv
import datetime as dt
import io

import xlsxwriter

from cgw import domain
from cgw.ingest.importer.specs import TableSpec, spec

TEXT_KINDS = ("id_number", "phone", "code", "worker", "account", "date", "community", "region", "partner", "grid",
              "candidate", "studio", "supply", "dimension")


def notes(table: str) -> list[str]:
    return [c.note_zh() for c in spec(table).columns]


def template_csv(table: str) -> bytes:
    s = spec(table)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(s.headers_zh())
    writer.writerow(notes(table))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(table: str) -> bytes:
    s: TableSpec = spec(table)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    # A fixed creation date: the same template is the same file, byte for byte, on every download.
    wb.set_properties({"created": dt.datetime(2026, 1, 1)})
    ws = wb.add_worksheet(s.title_zh[:31])
    head = wb.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True, "valign": "vcenter"})
    note = wb.add_format({"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top",
                          "bg_color": "#F2F2F2", "border": 1, "font_size": 9})
    text = wb.add_format({"num_format": "@"})
    lists = wb.add_worksheet("可选值")
    list_col = 0
    for i, c in enumerate(s.columns):
        ws.write_string(0, i, c.header_zh, head)
        ws.write_string(1, i, c.note_zh(), note)
        width = max(12, min(28, len(c.header_zh) * 2 + 4))
        ws.set_column(i, i, width, text if c.kind in TEXT_KINDS else None)
        if c.kind == "category" and c.category:
            values = domain.values(c.category)
            lists.write_string(0, list_col, c.header_zh, head)
            for r, v in enumerate(values, start=1):
                lists.write_string(r, list_col, v)
            col = xlsxwriter.utility.xl_col_to_name(list_col)
            ws.data_validation(2, i, 100_000, i, {
                "validate": "list", "source": f"='可选值'!${col}$2:${col}${len(values) + 1}",
                "error_type": "information", "error_title": c.header_zh,
                "error_message": "不在可选值中：导入时会识别常见写法（如 党员→中共党员），无法识别的会在预览中列出。",
            })  # fmt: skip
            lists.set_column(list_col, list_col, 16)
            list_col += 1
    ws.set_row(0, 30)
    ws.set_row(1, 60)
    ws.freeze_panes(2, 0)
    if not list_col:
        lists.hide()
    wb.close()
    return buf.getvalue()
