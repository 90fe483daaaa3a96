"""A whole dataset as files: a ZIP of CSVs or one workbook, every table in import order with the
import template's headers, so that a download re-imports unchanged."""

from __future__ import annotations

import duckdb
import pandas as pd

from cgw.ingest.importer import specs
from cgw.outputs.exports import xlsx_bytes, zip_of_csv
from cgw.storage import datasets


def import_headers(table: str) -> dict[str, str]:
    """Column -> the import template's Chinese header.

    The importer accepts these headers (or the English column names), so a downloaded dataset
    re-imports unchanged either way; Chinese headers are what analysts see in their templates.
    """
    return {c.name: c.header_zh for c in specs.spec(table).columns}


def export_frames(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """Every data table in import order, with the import template's headers; keys like 01_regions."""
    out = {}
    for i, (table, df) in enumerate(datasets.table_frames(con).items(), start=1):
        out[f"{i:02d}_{table}"] = df.rename(columns=import_headers(table))
    return out


def export_readme(synthetic: bool) -> str:
    lines = [
        "社区工作者队伍数据看板 · 数据集导出",
        "",
        "每张表一个 CSV 文件（UTF-8 带 BOM，Excel/WPS 可直接打开）。文件名前的序号是导入顺序：",
        "在“数据导入”页按序号从小到大逐个导入即可还原整个数据集。",
        "",
    ]
    if synthetic:
        lines.append("本数据集为演示数据生成器生成的合成数据：姓名、身份证号、手机号均为随机虚构，不对应任何真实人员，"
                     "因此未做脱敏，以便原样导入。")
    else:
        lines.append("本数据集含导入的真实名册：身份证号、手机号已脱敏，文件仅供查阅，不能原样导入。")
    return "\r\n".join(lines) + "\r\n"


def export_zip(con: duckdb.DuckDBPyConnection, *, mask: bool, readme: str | None = None) -> bytes:
    """The dataset as a ZIP of CSVs. `mask=False` only for synthetic datasets."""
    return zip_of_csv(export_frames(con), mask=mask, readme=readme)


def export_xlsx(con: duckdb.DuckDBPyConnection, *, mask: bool) -> bytes:
    """The dataset as one workbook, a sheet per table (sheet names like 01_regions)."""
    return xlsx_bytes(export_frames(con), mask=mask)
