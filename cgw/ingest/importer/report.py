"""The full error report of a preview or an import, as CSV (UTF-8 with BOM, opens in Excel) or XLSX."""

from __future__ import annotations

import csv
import io

import pandas as pd

from cgw.ingest.importer.pipeline import PROBLEM_COLUMNS, Preview


def _safe(value: object) -> object:
    """Cells Excel would run as a formula are prefixed with an apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "@", "+", "-") and not _is_number(value):
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def report_frame(result: Preview) -> pd.DataFrame:
    df = result.problems.rename(columns=PROBLEM_COLUMNS).copy()
    for col in ("值", "原因", "建议", "列", "文件"):
        if col in df:
            df[col] = df[col].map(_safe)
    if result.problems_total > len(df):
        note = {c: "" for c in df.columns}
        note["原因"] = f"共 {result.problems_total:,} 处问题，此报告列出前 {len(df):,} 处"
        df = pd.concat([df, pd.DataFrame([note])], ignore_index=True)
    return df


def report_bytes(result: Preview, fmt: str = "csv") -> bytes:
    """Every problem (file, row, column, value, reason, fix) with Chinese headers."""
    df = report_frame(result)
    if fmt == "xlsx":
        buf = io.BytesIO()
        with pd.ExcelWriter(buf, engine="xlsxwriter") as xw:
            df.to_excel(xw, sheet_name="问题清单", index=False)
            ws = xw.sheets["问题清单"]
            text = xw.book.add_format({"num_format": "@"})
            for i, width in enumerate((24, 8, 14, 24, 48, 40)[: len(df.columns)]):
                ws.set_column(i, i, width, text if df.columns[i] == "值" else None)
            ws.freeze_panes(1, 0)
            ws.autofilter(0, 0, max(1, len(df)), max(0, len(df.columns) - 1))
        return buf.getvalue()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(list(df.columns))
    writer.writerows(df.itertuples(index=False, name=None))
    return ("\ufeff" + out.getvalue()).encode("utf-8")
