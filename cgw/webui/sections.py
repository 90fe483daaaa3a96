"""Page sections used across topics: a titled chart of one metric by region or by a category,
with an empty state that says why nothing is shown. Pages compose these; they hold no SQL."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from cgw.domain import Benchmark
from cgw.outputs.charts import palette
from cgw.webui import charts, data, kpi, layout, state
from cgw.webui.i18n import dim_label, tr
from metrics import catalogue
from metrics.catalogue import Metric
from metrics.filters import Filters


def no_data(metric: Metric, detail: str | None = None) -> None:
    """Nothing to show for `metric`: say where and when (the current period for flow metrics) and why."""
    view = state.current()
    place = layout.region_name()
    if metric.window == "period":
        when = tr(f"{layout.period_words()}", f"in the current {layout.period_words()}")
        text = tr(f"{place}{when}没有“{metric.label_zh}”的记录。", f"{place} has no “{metric.label_en}” {when}.")
    else:
        text = tr(f"{place}截至{view.as_of:%Y年%-m月%-d日}没有“{metric.label_zh}”的数据。",
                  f"{place} has no data for “{metric.label_en}” as of {view.as_of:%d %b %Y}.")
    hint = detail or tr("可调整统计日或本期口径，或在“数据导入”页导入相应台账。",
                        "Try another as-of date or period, or import the ledger on the Import page.")
    charts.empty(f"{text}{hint}")


def bottom_of_tree() -> None:
    trail = data.path(state.current().region_id)
    parent = trail[-2][1] if len(trail) > 1 else ""
    level = layout.LEVEL_WORDS.get(data.region_level(state.current().region_id) or "", ("社区", "community"))
    charts.empty(tr(
        f"{layout.region_name()}是最小一级区划，没有下级可比较。点击上方“{parent}”可返回上一级，查看各{level[0]}的对比。",
        f"{layout.region_name()} is the lowest level and has no sub-regions to compare. "
        f"Click “{parent}” above to go back up and compare its {level[1]}s.",
    ))


def community_only(metric: Metric) -> bool:
    """At a grid (or when a community is split into grids), a KPI kept per community has no grid
    figure: say so and where to find it, and return True (the caller draws nothing else)."""
    by_grid = layout.at_grid() or (layout.child_level_words() or ("", ""))[1] == "grid"
    if not by_grid or metric.at_grid:
        return False
    if layout.at_grid():
        text = tr(f"“{metric.label_zh}”按社区统计，网格暂无单独数据：点击上方“{layout.community_name()}”查看社区整体情况。",
                  f"“{metric.label_en}” is kept per community, with no figure of its own for a grid: click "
                  f"“{layout.community_name()}” above to see the community as a whole.")
    else:
        text = tr(f"“{metric.label_zh}”按社区统计，不分网格：暂无各网格的数据，上方卡片为{layout.region_name()}整体情况。",
                  f"“{metric.label_en}” is kept per community, not per grid: there are no grid figures; the cards "
                  f"above show {layout.region_name()} as a whole.")
    charts.empty(text)
    return True


def _has_values(df: pd.DataFrame) -> bool:
    return not df.empty and bool((df["value"].fillna(0) != 0).any())


def by_region(metric_id: str, *, benchmark: Benchmark | None | bool = True, note: str | None = None,
              name: str | None = None) -> pd.DataFrame | None:
    """`metric_id` for each child region, clickable to drill down, with the benchmark line."""
    m = catalogue.get(metric_id)
    words = layout.child_level_words()
    heading = tr(f"{m.label_zh}（按{words[0] if words else '下级区划'}）", f"{m.label_en} by {words[1] if words else 'sub-region'}")
    charts.title(heading, note)
    if words is None:
        bottom_of_tree()
        return None
    if community_only(m):
        return None
    df = data.breakdown(metric_id, state.current().filters, "region")
    if not _has_values(df):
        no_data(m)
        return df
    if benchmark is True:  # each bar is a sub-region: a district total's benchmark does not apply
        benchmark = None if m.type in ("count", "sum") else m.benchmark
    b = benchmark or None
    red = None
    if b is not None and b.direction != "equal":
        red = tr(f"红色柱条低于{charts.bench_label(b)}（{charts.bench_value(m, b)}）。",
                 f"Red bars fall short of the {charts.bench_label(b)} ({charts.bench_value(m, b)}).")
    if words[1] == "grid":  # grids need not cover their community: say what a grid's bar counts
        red = (red + " " if red else "") + tr("各网格只计落到该网格的记录（如定岗到网格的社工），未分到网格的只计入社区整体。",
                                              "A grid counts only what is recorded in it (workers assigned to it…); "
                                              "the rest counts for the community as a whole.")
    charts.draw("region_bars", m, df, b, name=name or f"{metric_id}_by_region", title=heading, drill=True, note=red)
    return df


def by_category(metric_id: str, dim: str, *, kind: str = "bars", title: str | None = None, note: str | None = None,
                name: str | None = None, sort: bool = False, share: bool = False, center: bool = False,
                drop_zero: bool = False, top: int | None = None, empty_hint: str | None = None) -> pd.DataFrame | None:
    """`metric_id` by a category dimension as bars or a donut, coloured per category value."""
    m = catalogue.get(metric_id)
    title = title or tr(f"{m.label_zh}（按{dim_label(dim)}）", f"{m.label_en} by {dim_label(dim).lower()}")
    df = data.breakdown(metric_id, state.current().filters, dim)
    if drop_zero:
        df = df[df["value"].fillna(0) != 0]
    if top and len(df) > top:  # the title says so: 前十 shows ten
        df = df.sort_values("value", ascending=False).head(top)
        title += tr(f"（前{NUMERALS[top] if top <= 10 else top}）", f" (top {top})")
    charts.title(title, note)
    if layout.at_grid() and community_only(m):
        return None
    if not _has_values(df):
        no_data(m, empty_hint)
        return df
    name = name or f"{metric_id}_by_{dim}"
    if kind == "donut":
        total = charts.fmt(m, float(df["value"].fillna(0).sum())) if center else None
        charts.draw("donut", m, df, dim, centre=total, name=name, title=title)
    elif kind == "time":
        charts.draw("time_bars", m, df, dim, name=name, title=title)
    else:
        charts.draw("category_bars", m, df, dim, sort=sort, share_of_total=share, name=name, title=title)
    return df


def crosstab(metric_id: str, dim_a: str, dim_b: str, *, title: str, note: str | None = None, name: str,
             percent: bool = True, horizontal: bool = True, empty_hint: str | None = None) -> pd.DataFrame | None:
    m = catalogue.get(metric_id)
    charts.title(title, note)
    if layout.at_grid() and community_only(m):
        return None
    df = data.crosstab_df(metric_id, state.current().filters, dim_a, dim_b)
    if not _has_values(df):
        no_data(m, empty_hint)
        return df
    charts.draw("stacked", m, df, dim_a, dim_b, percent=percent, horizontal=horizontal, name=name, title=title)
    return df


def pyramid(*, title: str, name: str = "age_pyramid") -> None:
    """Active workers by age band and sex."""
    m = catalogue.get("active_workers")
    charts.title(title, tr("统计日在岗人员，周岁。", "Active workers on the as-of date, completed years."))
    df = data.crosstab_df(m.id, state.current().filters, "age_band", "gender")
    if not _has_values(df):
        no_data(m)
        return
    charts.draw("pyramid", m, df, name=name, title=title)


def yearly(metric_id: str, dim: str, *, title: str, name: str, years: int = 5, percent: bool = False) -> None:
    """A "this period" metric for each of the last `years` calendar years (the current year up to
    the as-of date), split by `dim`, as stacked columns."""
    m = catalogue.get(metric_id)
    view = state.current()
    charts.title(title, tr(f"{view.as_of.year}年为截至统计日的数据。",
                           f"{view.as_of.year} runs up to the as-of date."))
    if layout.at_grid() and community_only(m):
        return
    frames = []
    for year in range(view.as_of.year - years + 1, view.as_of.year + 1):
        end = view.as_of if year == view.as_of.year else dt.date(year, 12, 31)
        f = Filters(view.region_id, end, "year")
        part = data.breakdown(metric_id, f, dim)
        frames.append(pd.DataFrame({"a": str(year), "b": part["key"], "value": part["value"]}))
    df = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["a", "b", "value"])
    if not _has_values(df):
        no_data(m)
        return
    df = df[df.groupby("b")["value"].transform("sum") > 0]  # channels never used stay out of the legend
    charts.draw("stacked", m, df, "year", dim, percent=percent, horizontal=False, name=name, title=title)


NUMERALS = "零一二三四五六七八九十"
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def years_phrase(n: int) -> str:
    """近五年 / last five years: the title says how many years the chart shows."""
    if n <= 1:
        return tr("本年", "this year")
    return tr(f"近{NUMERALS[n] if n <= 10 else n}年", f"last {NUMBER_WORDS[n] if n <= 10 else n} years")


def trend(metric_ids: list[str], *, subject: str, name: str, benchmark: bool = True, years: int = 5) -> None:
    """The metrics on the same day of each of the last `years` years; the title ("subject：近五年")
    counts the years actually shown (years before the records begin are left out)."""
    hist = data.history(metric_ids, state.current().filters, years)
    # Years before the records begin show as 0 (nothing counted yet): start at the first real value.
    started = hist[metric_ids].fillna(0).ne(0).any(axis=1)
    hist = hist[started.cummax()] if started.any() else hist
    heading = f"{subject}{tr('：', ': ')}{years_phrase(len(hist))}"
    charts.title(heading, tr("每年同一统计日的取值。", "Value on the same day of each year."))
    if layout.at_grid() and community_only(catalogue.get(metric_ids[0])):
        return
    if all(hist[mid].isna().all() for mid in metric_ids) or not started.any():
        no_data(catalogue.get(metric_ids[0]))
        return
    items = [(catalogue.get(mid), hist[["as_of", mid]].rename(columns={mid: "value"})) for mid in metric_ids]
    first = items[0][0]
    b = kpi.benchmark_for(first, state.current().region_id) if benchmark and len(metric_ids) == 1 else None
    charts.draw("trend", items, b, colours={mid: palette.METRIC_COLOURS[mid] for mid in metric_ids
                                            if mid in palette.METRIC_COLOURS}, name=name, title=heading)


def summary(lines: list[str | None]) -> None:
    """要点: short sentences, every number from the catalogue."""
    lines = [x for x in lines if x]
    if not lines:
        return
    with st.container(border=True):
        st.markdown("**" + tr("要点", "Key points") + "**")
        st.markdown("\n".join(f"- {x}" for x in lines))
