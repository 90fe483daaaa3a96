"""KPI cards (value, year-on-year change, benchmark) and the summary sentences built from them.

Every number shown here comes from the catalogue through webui.data; wording is the only thing
this module adds.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cgw.domain import Benchmark
from cgw.webui import charts, data, wall
from cgw.webui.i18n import lang, tr
from metrics import Comparison, Coverage, catalogue, formatting, verdicts
from metrics.catalogue import KNOWN_FIELDS, Metric
from metrics.filters import Filters

# --- comparison words -------------------------------------------------------------------------


def benchmark_for(metric: Metric, region_id: str) -> Benchmark | None:
    """The benchmark to hold `region_id` against. A count or sum benchmark (130 partners, 180
    issues) is a whole district's figure, so it applies at the district level only; rates, shares
    and averages apply at every level."""
    return next(iter(metric.benchmarks_at(data.region_level(region_id))), None)


_WORDS = {verdicts.ABOVE: ("高于", "above"), verdicts.BELOW: ("低于", "below"), verdicts.EQUAL: ("达到", "matches")}


def versus(metric: Metric, value: float, b: Benchmark) -> tuple[str, bool | None]:
    """("高于" | "低于" | "达到", good?) for `value` against benchmark `b` (metrics.verdicts)."""
    return tr(*_WORDS[verdicts.versus(metric, value, b)]), verdicts.meets(metric, value, b)


def benchmark_line(metric: Metric, value: float | None, b: Benchmark) -> str:
    """'高于国家标准 18人' as coloured Markdown (green good, red short of it)."""
    if value is None:
        return tr(f"{charts.bench_label(b)} {charts.bench_value(metric, b)}",
                  f"{charts.bench_label(b)}: {charts.bench_value(metric, b)}")
    word, good = versus(metric, value, b)
    text = tr(f"{word}{charts.bench_label(b)}（{charts.bench_value(metric, b)}）",
              f"{word} {charts.bench_label(b)} ({charts.bench_value(metric, b)})")
    colour = "green" if good else ("red" if good is False else "gray")
    mark = "✓ " if good else ("! " if good is False else "")
    return f":{colour}[{mark}{text}]"


def delta_text(metric: Metric, change: float | None) -> str | None:
    if change is None:
        return None
    text = formatting.change(metric, change, lang())
    return "±" + text[1:] if verdicts.change_is_zero(metric, change) and text[:1] in "+−" else text


def delta_style(metric: Metric, change: float | None) -> tuple[str, str]:
    """(delta_color, delta_arrow) for st.metric: the arrow follows the sign of the change; the
    colour says whether that is good (green), bad (red) or neither (grey)."""
    if change is None or verdicts.change_is_zero(metric, change):
        return "gray", "off"
    arrow = "up" if change > 0 else "down"
    if metric.higher_is_better is None:
        return "gray", arrow
    good = (change > 0) == metric.higher_is_better
    return ("green" if good else "red"), arrow


# --- cards -------------------------------------------------------------------------------------

SPARK_COLOURS = {"green": "#2e9e6b", "red": "#d6404e", "gray": "#8a8f98"}


def sparkline_svg(values: list[float], tone: str, width: int = 240, height: int = 36) -> str:
    """A five-year trend as a small inline SVG: no chart library to load, so cards paint at once."""
    lo, hi = min(values), max(values)
    span = (hi - lo) or 1.0
    step = width / max(1, len(values) - 1)
    points = [(i * step, height - 3 - (v - lo) / span * (height - 6)) for i, v in enumerate(values)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    colour = SPARK_COLOURS.get(tone, SPARK_COLOURS["gray"])
    x, y = points[-1]
    return (f'<svg viewBox="0 0 {width} {height}" width="100%" height="{height}" preserveAspectRatio="none" '
            f'role="img" aria-label="trend"><polyline points="{path}" fill="none" stroke="{colour}" '
            f'stroke-width="2" vector-effect="non-scaling-stroke"/>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colour}"/></svg>')


def coverage_text(cov: Coverage | None) -> str | None:
    """'学历已知 912 / 1,020 人' when some rows lack the optional fact a KPI rests on, else None."""
    if cov is None or cov.complete or not cov.total:
        return None
    zh, en = KNOWN_FIELDS[cov.field]
    return tr(f"{zh}已知 {cov.known:,} / {cov.total:,} 人，未知的不计入",
              f"{en} known for {cov.known:,} of {cov.total:,}; unknowns left out")


def card(c: Comparison, spark: list[float] | None = None, benchmark: Benchmark | None = None,
         cov: Coverage | None = None) -> None:
    m = c.metric
    color, arrow = delta_style(m, c.yoy_change)
    help_text = m.description(lang())
    for b in m.benchmarks:
        help_text += "\n\n" + tr("基准：", "Benchmark: ") + f"{charts.bench_label(b)} {charts.bench_value(m, b)}"
        if lang() == "zh":  # the sources are Chinese documents; English shows the benchmark only
            help_text += f"（{b.source}）"
    with st.container(border=True):
        st.metric(
            m.label(lang()),
            formatting.value(m, c.value, lang()),
            delta=delta_text(m, c.yoy_change),
            delta_color=color, delta_arrow=arrow,
            delta_description=tr("同比", "vs last year") if c.yoy_change is not None else None,
            help=help_text,
        )  # fmt: skip
        if spark:
            st.html(sparkline_svg(spark, color))
        if benchmark is not None:
            st.markdown(benchmark_line(m, c.value, benchmark))
        else:  # every card has a second line, so a row of cards lines up
            st.caption(tr("去年同期 ", "A year earlier: ") + formatting.value(m, c.year_earlier, lang()))
        if text := coverage_text(cov):
            st.caption(f":orange[{text}]")


def wall_cards(comps: list[Comparison], region_id: str) -> None:
    """The big screen's first screen of a page: shares as rings (up to four), the rest as big
    numbers, each with its change and benchmark."""
    rings = [c for c in comps if c.metric.unit == "%" and c.value is not None][:wall.TILES_PER_ROW]
    if rings:
        for col, c in zip(st.columns(wall.TILES_PER_ROW), rings):
            with col:
                charts.draw("gauge", c.metric, c.value, benchmark_for(c.metric, region_id), name=f"ring_{c.metric.id}",
                            height=wall.GAUGE_PX)
    items = []
    for c in comps:
        if c in rings:
            continue
        m = c.metric
        colour, _ = delta_style(m, c.yoy_change)
        b = benchmark_for(m, region_id)
        bench, meets = None, None
        if b is not None:
            word, meets = versus(m, c.value, b) if c.value is not None else ("", None)
            bench = tr(f"{word}{charts.bench_label(b)}（{charts.bench_value(m, b)}）",
                       f"{word} {charts.bench_label(b)} ({charts.bench_value(m, b)})")
        items.append((m.label(lang()), formatting.value(m, c.value, lang()), delta_text(m, c.yoy_change),
                      None if colour == "gray" else colour == "green", bench, meets))
    wall.tiles(items)


def for_region(ids: list[str] | tuple[str, ...], region_id: str) -> list[str]:
    """The KPIs that mean something for `region_id`: at a grid (网格) only those whose figures are
    recorded per grid (Metric.at_grid); elsewhere all of them."""
    if data.region_level(region_id) != "grid":
        return list(ids)
    return [mid for mid in ids if catalogue.get(mid).at_grid]


def cards(ids: list[str] | tuple[str, ...], filters: Filters, *, per_row: int = 4, sparkline: bool = False,
          section: bool = False) -> list[Comparison]:
    """A grid of KPI cards, row by row (so a phone stacks them in reading order); at a grid only
    the KPIs kept per grid. On the big screen the page's cards are its first screen (wall_cards);
    a section's cards (`section`) open that section's screen."""
    ids = for_region(ids, filters.region_id)
    if not ids:
        return []
    comps = data.compare(ids, filters)
    if st.session_state.get("big"):
        if wall.screen() == 0 or section:
            wall_cards(comps, filters.region_id)
        return comps
    covered = data.coverage(ids, filters)
    hist = data.history(ids, filters) if sparkline else None
    for start in range(0, len(comps), per_row):
        cols = st.columns(per_row)
        for col, c in zip(cols, comps[start:start + per_row]):
            with col:
                spark = None
                if hist is not None:
                    series = hist[c.metric.id].dropna()
                    spark = [float(v) * (100 if c.metric.unit == "%" else 1) for v in series] if len(series) > 1 else None
                card(c, spark, benchmark_for(c.metric, filters.region_id), covered.get(c.metric.id))
    return comps


# --- summary sentences -------------------------------------------------------------------------


def benchmark_sentence(metric: Metric, value: float | None, b: Benchmark, place: str) -> str | None:
    """'奎文区每万常住人口社工数18.5人，高于国家标准（18人）。'"""
    if value is None:
        return None
    word, _ = versus(metric, value, b)
    shown = formatting.value(metric, value, lang())
    target = charts.bench_value(metric, b)
    label = charts.bench_label(b)
    return tr(f"{place}{metric.label_zh}{shown}，{word}{label}（{target}）。",
              f"{place}: {metric.label_en.lower()} {shown}, {word} the {label} ({target}).")


def is_target(b: Benchmark) -> bool:
    """A target to meet (national standard, 1:3:6), as opposed to a figure reported elsewhere."""
    return not b.source.startswith("《") or b.direction == "equal"


def reference_sentences(comps: list[Comparison], region_id: str) -> list[str]:
    """One sentence per reporting region: '对照奎文区报道值：40周岁以下占比40.1%（达到40.1%），…。'"""
    groups: dict[str, list[str]] = {}
    for c in comps:
        b = benchmark_for(c.metric, region_id)
        if b is None or is_target(b) or c.value is None:
            continue
        m = c.metric
        shown = formatting.value(m, c.value, lang())
        word, _ = versus(m, c.value, b)
        groups.setdefault(charts.bench_label(b), []).append(
            tr(f"{m.label_zh}{shown}（{word}{charts.bench_value(m, b)}）",
               f"{m.label_en.lower()} {shown} ({word} {charts.bench_value(m, b)})"))
    return [tr(f"对照{label}：" + "，".join(parts) + "。", f"Against the {label}: " + "; ".join(parts) + ".")
            for label, parts in groups.items()]


def change_sentence(comps: list[Comparison], limit: int = 3) -> str | None:
    """'与去年同期相比：在岗社区工作者增加74人，持证比例提高7.4个百分点。' (largest relative moves)."""
    moves = []
    for c in comps:
        if c.yoy_change is None or not c.year_earlier or round(c.yoy_change, 6) == 0:
            continue
        rel = abs(c.yoy_change / c.year_earlier)
        m = c.metric
        up = c.yoy_change > 0
        if m.unit == "%":
            word = tr("提高" if up else "下降", "up" if up else "down")
        else:
            word = tr("增加" if up else "减少", "up" if up else "down")
        amount = formatting.change(m, c.yoy_change, lang()).lstrip("+−±")
        moves.append((rel, tr(f"{m.label_zh}{word}{amount}", f"{m.label_en.lower()} {word} {amount}")))
    if not moves:
        return None
    parts = [t for _, t in sorted(moves, key=lambda x: -x[0])[:limit]]
    return tr("与去年同期相比：" + "，".join(parts) + "。", "Compared with a year earlier: " + "; ".join(parts) + ".")


def lagging_sentence(metric: Metric, regions: pd.DataFrame, b: Benchmark | None, level_zh: str,
                     level_en: str) -> str | None:
    """The weakest child region, and how many fall short of the benchmark."""
    d = regions.dropna(subset=["value"])
    if d.empty:
        return None
    worst = d.sort_values("value", ascending=(metric.higher_is_better is not False)).iloc[0]
    shown = formatting.value(metric, float(worst["value"]), lang())
    low = tr("最低", "lowest") if metric.higher_is_better is not False else tr("最高", "highest")
    text = tr(f"{metric.label_zh}{low}的{level_zh}是{worst['label']}（{shown}）",
              f"The {level_en} with the {low} {metric.label_en.lower()} is {worst['label']} ({shown})")
    if b is not None and b.direction != "equal":
        short = [r for r in d.itertuples() if verdicts.lags(metric, float(r.value), b)]
        target = charts.bench_value(metric, b)
        if short:
            text += tr(f"；共有{len(short)}个{level_zh}低于{charts.bench_label(b)}（{target}）",
                       f"; {len(short)} of {len(d)} fall short of the {charts.bench_label(b)} ({target})")
        else:
            text += tr(f"；所有{level_zh}均达到{charts.bench_label(b)}（{target}）",
                       f"; every {level_en} meets the {charts.bench_label(b)} ({target})")
    return text + tr("。", ".")
