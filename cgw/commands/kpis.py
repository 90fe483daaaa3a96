"""`cli.py kpis`: every KPI of the catalogue for a region and date, as JSON or a table."""

from __future__ import annotations

import argparse
import json
import unicodedata

import metrics
from cgw.commands import add_db_argument, add_view_arguments, as_user
from cgw.domain import access
from cgw.storage import database
from metrics import catalogue, formatting
from metrics import regions as region_lookup


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("kpis", help="输出全部指标（JSON 或表格）")
    add_db_argument(p)
    add_view_arguments(p)
    p.add_argument("--format", choices=("json", "table"), default="table")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="表格的语言（JSON 总是两种语言都有）")
    as_user.add_argument(p)
    p.set_defaults(run=run)


def kpi_rows(con, filters: metrics.Filters) -> list[dict]:
    """One dict per KPI; shares and % ratios are fractions (0.401, not 40.1)."""
    level = region_lookup.level_of(filters.region_id)
    rows = []
    for c in metrics.compare(con, catalogue.ids(), filters):
        m = c.metric
        if level == "grid" and not m.at_grid:  # kept per community: a grid has no figure of its own
            c = metrics.Comparison(m, None, None, None)
        benchmarks = m.benchmarks_at(level)
        b = benchmarks[0] if benchmarks else None
        rows.append(
            {
                "id": m.id,
                "topic": m.topic,
                "label_zh": m.label_zh,
                "label_en": m.label_en,
                "value": c.value,
                "unit": m.unit,
                "type": m.type,
                "benchmark": None if b is None else b.value,
                "benchmark_label": None if b is None else b.label_zh,
                "benchmark_source": None if b is None else b.source,
                "benchmarks": [{"value": x.value, "label_zh": x.label_zh, "label_en": x.label_en, "source": x.source}
                               for x in benchmarks],
                "value_year_earlier": c.year_earlier,
                "change": c.yoy_change,
                "change_relative": c.yoy_relative,
                "value_previous_period": c.previous_period,
                "change_previous_period": c.pop_change,
                "description_zh": m.description_zh,
                "description_en": m.description_en,
            }
        )
    return rows


def run(args: argparse.Namespace) -> int:
    con = database.open_database(args.db, read_only=True)
    try:
        user = as_user.account(con, args.user, access.DASHBOARDS)
        region, filters = region_lookup.view(con, as_user.region(con, user, args.region), args.as_of, args.grain)
        rows = kpi_rows(con, filters)
    finally:
        con.close()
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=1, allow_nan=False))
        return 0
    print(render_table(rows, region, filters, args.lang))
    return 0


def render_table(rows: list[dict], region: region_lookup.Region, filters: metrics.Filters, lang: str = "zh") -> str:
    en = lang == "en"
    head = (f"{region.name} ({region.region_id}) · as of {filters.as_of} · period {filters.period_start} – {filters.as_of}"
            if en else f"{region.name}（{region.region_id}）· 统计日 {filters.as_of} · 本期 {filters.period_start} 至 {filters.as_of}")
    header = ("KPI", "id", "Value", "A year earlier", "Change", "Benchmark") if en else \
        ("指标", "id", "数值", "上年同期", "同比", "基准")
    lines = [head]
    topic = None
    table: list[tuple[str, ...]] = []
    order = list(catalogue.TOPICS)
    for r in sorted(rows, key=lambda r: order.index(r["topic"])):  # stable: catalogue order in a topic
        m = catalogue.get(r["id"])
        if r["topic"] != topic:
            topic = r["topic"]
            zh, english = catalogue.TOPICS[topic]
            table.append((f"【{english if en else zh}】",))
        bench = "" if r["benchmark"] is None else formatting.value(m, r["benchmark"], lang)
        if r["benchmark"] is not None:
            bench += "  " + (r["benchmarks"][0]["label_en"] if en else r["benchmark_label"])
        table.append((r["label_en"] if en else r["label_zh"], r["id"], formatting.value(m, r["value"], lang),
                      formatting.value(m, r["value_year_earlier"], lang), formatting.change(m, r["change"], lang), bench))
    widths = [max(width(row[i]) for row in [header, *table] if len(row) > i) for i in range(len(header))]
    lines.append(_line(header, widths))
    lines.append("  ".join("-" * w for w in widths))
    for row in table:
        lines.append(row[0] if len(row) == 1 else _line(row, widths))
    return "\n".join(lines)


def width(text: str) -> int:
    """Terminal columns: wide and full-width (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _line(row: tuple[str, ...], widths: list[int]) -> str:
    # Numbers align right, text left.
    cells = [cell + " " * (w - width(cell)) if i < 2 or i == 5 else " " * (w - width(cell)) + cell
             for i, (cell, w) in enumerate(zip(row, widths))]
    return "  ".join(cells).rstrip()
