"""`cli.py kpis`: every KPI of the catalogue for a region and date, as JSON or a table."""

from __future__ import annotations

import argparse
import json

import database
import metrics
from commands import add_db_argument, iso_date
from metrics import catalogue, formatting
from metrics import regions as region_lookup


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("kpis", help="输出全部指标（JSON 或表格）")
    add_db_argument(p)
    p.add_argument("--region", help="区划代码或名称，默认为最高一级")
    p.add_argument("--as-of", type=iso_date, help="统计日 YYYY-MM-DD，默认为数据集的统计日")
    p.add_argument("--grain", choices=("month", "quarter", "year"), default="year", help="本期口径，默认本年")
    p.add_argument("--format", choices=("json", "table"), default="table")
    p.set_defaults(run=run)


def resolve_filters(con, region: str | None, as_of, grain: str = "year") -> metrics.Filters:
    if region:
        found = region_lookup.resolve(con, region)
        if found is None:
            raise ValueError(f"找不到区划 {region!r}：请使用区划代码（如 370705）或唯一的名称")
    else:
        found = region_lookup.root(con)
        if found is None:
            raise ValueError("数据库中还没有区划数据：请先生成演示数据或导入区划表")
    return metrics.Filters(found.region_id, as_of or database.as_of_date(con), grain)


def kpi_rows(con, filters: metrics.Filters) -> list[dict]:
    rows = []
    for c in metrics.compare(con, catalogue.ids(), filters):
        m = c.metric
        b = m.benchmark
        rows.append(
            {
                "id": m.id,
                "label_zh": m.label_zh,
                "label_en": m.label_en,
                "value": c.value,
                "unit": m.unit,
                "type": m.type,
                "benchmark": None if b is None else b.value,
                "benchmark_source": None if b is None else b.source,
                "value_year_earlier": c.year_earlier,
                "change": c.yoy_change,
                "value_previous_period": c.previous_period,
                "change_previous_period": c.pop_change,
            }
        )
    return rows


def run(args: argparse.Namespace) -> int:
    con = database.open_database(args.db, read_only=True)
    try:
        filters = resolve_filters(con, args.region, args.as_of, args.grain)
        rows = kpi_rows(con, filters)
    finally:
        con.close()
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    print(f"区划 {filters.region_id} · 统计日 {filters.as_of} · 本期口径 {filters.grain}")
    header = ("指标", "数值", "同比", "基准")
    table = [header]
    for r in rows:
        m = catalogue.get(r["id"])
        bench = "" if r["benchmark"] is None else formatting.value(m, r["benchmark"])
        table.append((r["label_zh"], formatting.value(m, r["value"]), formatting.change(m, r["change"]), bench))
    widths = [max(_width(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        print("  ".join(_pad(cell, w) for cell, w in zip(row, widths)))
    return 0


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
