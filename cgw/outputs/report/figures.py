"""The briefing's charts: the dashboard's chart specs (cgw/outputs/charts/build.py) over
metrics.breakdown / metrics.trend results, drawn by plotly at a width that fits an A4 page, so
the HTML and the PDF look the same and the colours, labels and tooltips are the dashboard's.
"""

from __future__ import annotations

import duckdb

import metrics
from cgw.outputs.charts import build, figure
from cgw.outputs.charts.spec import Chart as Spec
from cgw.outputs.report.content import LEVEL_ZH, Briefing, Chart
from metrics import catalogue

WIDTH = 680  # px: the A4 page's text width
HALF = 330  # two charts side by side


def _chart(title: str, spec: Spec, note: str = "", width: int = WIDTH, height: int | None = None) -> Chart:
    fig = figure.figure(spec, width=width, height=height or min(spec.height, 420), size=12)
    return Chart(title, fig, spec.table, note)


def per_10k_by_region(con: duckdb.DuckDBPyConnection, b: Briefing) -> Chart:
    m = catalogue.get("workers_per_10k")
    df = metrics.breakdown(con, m.id, b.filters, "region")
    whole = next(k.value.value for k in b.kpis if k.metric.id == "workers_per_10k")
    target = m.benchmarks[0]
    level = LEVEL_ZH[b.child_level]
    spec = build.region_bars(m, df, target, whole=(b.region.name, whole) if whole is not None else None,
                             title=f"各{level}每万常住人口社工数")
    return _chart(spec.title, spec, f"红色表示低于{build.bench_text(m, target, 'zh')}；灰色虚线为{b.region.name}整体水平")


def structure(con: duckdb.DuckDBPyConnection, b: Briefing) -> list[Chart]:
    workers = catalogue.get("active_workers")
    age = metrics.breakdown(con, workers.id, b.filters, "age_band")
    edu = metrics.breakdown(con, workers.id, b.filters, "education")
    return [
        _chart("年龄结构", build.category_bars(workers, age, "age_band", share_of_total=True, title="年龄结构"),
               width=HALF),
        _chart("学历结构", build.category_bars(workers, edu, "education", share_of_total=True, title="学历结构"),
               width=HALF),
    ]


def shares_by_region(con: duckdb.DuckDBPyConnection, b: Briefing) -> Chart:
    ids = ("under_40_share", "college_share", "certified_share")
    frames = [(catalogue.get(mid), colour, metrics.breakdown(con, mid, b.filters, "region"))
              for mid, colour in zip(ids, ("#4C78A8", "#54A24B", "#F58518"))]
    level = LEVEL_ZH[b.child_level]
    title = f"各{level}年龄、学历与持证结构"
    spec = build.grouped(frames, "region", horizontal=True, title=title)
    return _chart(title, spec, height=90 + 15 * 3 * len(spec.categories))


def trends(con: duckdb.DuckDBPyConnection, b: Briefing) -> list[Chart]:
    per10k = catalogue.get("workers_per_10k")
    items = [(per10k, metrics.trend(con, per10k.id, b.filters, 5))]
    shares = [(catalogue.get(mid), metrics.trend(con, mid, b.filters, 5)) for mid in ("certified_share", "under_40_share")]
    note = f"每年取{b.filters.as_of.month}月{b.filters.as_of.day}日的数值"
    return [
        _chart("每万常住人口社工数：近五年", build.trend(items, per10k.benchmarks[0], title="每万常住人口社工数"),
               note, width=HALF, height=300),
        _chart("持证比例与40周岁以下占比：近五年",
               build.trend(shares, colours={"certified_share": "#F58518", "under_40_share": "#4C78A8"},
                           title="持证比例与40周岁以下占比"), width=HALF, height=300),
    ]


def services(con: duckdb.DuckDBPyConnection, b: Briefing) -> list[Chart]:
    wishes_m, issues_m = catalogue.get("wishes_fulfilled"), catalogue.get("issues_resolved")
    wishes = metrics.breakdown(con, wishes_m.id, b.filters, "wish_group")
    issues = metrics.breakdown(con, issues_m.id, b.filters, "issue_category")
    if wishes["value"].fillna(0).sum() == 0 and issues["value"].fillna(0).sum() == 0:
        return []
    issues = issues[issues["value"].fillna(0) > 0]
    return [
        _chart("累计完成微心愿（按服务对象）", build.category_bars(wishes_m, wishes, "wish_group",
                                                                 title="累计完成微心愿（按服务对象）"), width=HALF),
        _chart("联席会议解决民生难题（按类别）",
               build.category_bars(issues_m, issues, "issue_category", sort=True, title="联席会议解决民生难题（按类别）"),
               width=HALF),
    ]


def charts(con: duckdb.DuckDBPyConnection, b: Briefing) -> list[Chart]:
    """The briefing's charts in reading order; pairs of half-width charts sit side by side."""
    out: list[Chart] = []
    if b.child_level is not None:
        out.append(per_10k_by_region(con, b))
    out += structure(con, b)
    if b.child_level is not None:
        out.append(shares_by_region(con, b))
    out += trends(con, b)
    out += services(con, b)
    return out

