"""Chart specs from metric results: one builder per kind of chart, for the pages and the briefing.

The builders take metric-layer frames (breakdown: key, label, value, numerator, denominator;
crosstab: a, b, value; history: as_of, value) and a language, and return a `spec.Chart`: the
order, texts, colours, axes and export rows a reader sees. Series that share a category axis are
aligned by their keys, never by position (a month with points earned but none redeemed is a 0
in the redeemed series, not a shift of every later month).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from cgw.domain import Benchmark
from cgw.outputs.charts import palette
from cgw.outputs.charts.labels import dim_label, tr, value_label, within_year
from cgw.outputs.charts.spec import Axis, Chart, Series, Target, offset_max, offset_min, small_spread
from metrics import formatting, verdicts
from metrics.catalogue import UNIT_DECIMALS, UNIT_EN, Metric
from metrics.models import DIMENSIONS, TIME_DIMS

ZOOM_FROM = 13  # a time axis with more categories than a year of months gets a zoom slider
CROWDED = 14  # columns with more bars than this carry their numbers in the tooltips only


# --- shared pieces ------------------------------------------------------------------------------


def fmt(metric: Metric, value: float | None, lang: str) -> str:
    return formatting.value(metric, value, lang)


def bench_text(metric: Metric, b: Benchmark, lang: str) -> str:
    """A target line's label: 国家标准 18人, 奎文区报道值 超过91.1%."""
    return f"{formatting.benchmark_label(b, lang)} {formatting.benchmark_value(metric, b, lang)}"


def _number(v: object) -> float | None:
    if v is None:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def unit_text(unit: str, lang: str) -> str:
    return UNIT_EN.get(unit, "") if lang == "en" else unit


def metric_unit(metric: Metric, lang: str) -> str:
    return "%" if metric.unit == "%" else unit_text(metric.unit, lang)


def header(label: str, unit: str, lang: str) -> str:
    """A column header with its unit: 在岗社区工作者（人）, Active workers (people)."""
    if not unit:
        return label
    return f"{label} ({unit})" if lang == "en" else f"{label}（{unit}）"


def value_axis(metrics: Sequence[Metric], values: Sequence[float | None], lang: str, *,
               marks: Sequence[float] = (), offset: bool = False) -> tuple[Axis, float]:
    """The value axis for `values` (and target `marks`) of a metric, and the factor that turns a
    value into axis units: shares as percentages, large Chinese counts in 万. With `offset`,
    values of small spread get an axis that does not start at 0."""
    metric = metrics[0]
    percent = metric.unit == "%"
    factor = 100.0 if percent else 1.0
    shown = [v * factor for v in values if v is not None]
    everything = shown + [m * factor for m in marks]
    unit = metric_unit(metric, lang)
    if not percent and lang == "zh" and max(everything, default=0) >= 1e4:
        factor /= 1e4
        shown = [v / 1e4 for v in shown]
        everything = [v / 1e4 for v in everything]
        unit = "万" + unit
    integer = not percent and factor == 1 and all(m.decimals == 0 for m in metrics)
    low = offset_min(everything) if offset and small_spread(shown) else None
    high = 100.0 if percent and max(everything, default=0) > 90 else None
    if low is not None:
        low = math.floor(low) if integer else low
        high = min(offset_max(everything), 100.0) if percent else offset_max(everything)
    return Axis(unit, integer, low, high, percent), factor


def scaled(values: Sequence[float | None], factor: float) -> tuple[float | None, ...]:
    return tuple(None if v is None else v * factor for v in values)


def shown_value(metric: Metric, v: float | None) -> float | int | None:
    """A value as displayed, as a number: the KPI's decimals, shares in percent."""
    if v is None:
        return None
    if metric.unit == "%":
        return round(v * 100, metric.decimals)
    return int(round(v)) if metric.decimals == 0 else round(v, metric.decimals)


def value_columns(metric: Metric, values: Sequence[float | None], lang: str,
                  label: str | None = None) -> dict[str, list]:
    """The value as displayed under a header with its unit; the unrounded value in a column of
    its own when rounding changed anything."""
    label = label or metric.label(lang)
    unit = metric_unit(metric, lang)
    shown = [shown_value(metric, v) for v in values]
    out: dict[str, list] = {header(label, unit, lang): shown}
    raw = [None if v is None else v * (100 if metric.unit == "%" else 1) for v in values]
    if any(r is not None and abs(r - s) > 1e-9 for r, s in zip(raw, shown) if s is not None):
        out[header(label, tr(lang, f"{unit}，未修约" if unit else "未修约", f"{unit}, unrounded" if unit else "unrounded"),
                   lang)] = raw
    return out


def part_columns(metric: Metric, numerators: Sequence, denominators: Sequence, lang: str) -> dict[str, list]:
    """A share's or ratio's numerator and denominator, as counted (integers for head-counts),
    under headers saying what they count."""
    parts = metric.parts()
    nums = [_number(v) for v in numerators]
    if parts is None or all(v is None for v in nums):
        return {}
    out = {}
    for (zh, en, unit), values in zip(parts, (nums, [_number(v) for v in denominators])):
        decimals = UNIT_DECIMALS.get(unit, 0)
        cells = [None if v is None else (int(round(v)) if decimals == 0 else round(v, decimals)) for v in values]
        out[header(tr(lang, zh, en), unit_text(unit, lang), lang)] = cells
    return out


def _frame(columns: dict[str, list]) -> pd.DataFrame:
    df = pd.DataFrame(columns)
    for col in df.columns:  # whole numbers stay whole in CSV (443, not 443.0), gaps stay empty
        values = [v for v in columns[col] if v is not None]
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            df[col] = pd.array(columns[col], dtype="Int64")
    return df


def _values(df: pd.DataFrame) -> list[float | None]:
    return [_number(v) for v in df["value"]]


def _dim_order(dim: str, keys: list[str]) -> list[str]:
    """Keys in the dimension's own order (time keys sort as text: 2026-03 before 2026-10)."""
    if dim in TIME_DIMS:
        return sorted(keys)
    d = DIMENSIONS.get(dim)
    order = list(d.order) if d is not None and d.order else []
    if order:
        rank = {k: i for i, k in enumerate(order)}
        return sorted(keys, key=lambda k: (rank.get(k, len(rank)), keys.index(k)))
    return keys


def breakdown_table(metric: Metric, d: pd.DataFrame, dim: str, lang: str, share: bool = False) -> pd.DataFrame:
    """Export rows of a breakdown, in the chart's order."""
    columns: dict[str, list] = {}
    if dim == "region":
        columns[tr(lang, "区划代码", "Region code")] = [str(k) for k in d["key"]]
        columns[tr(lang, "区划", "Region")] = [str(x) for x in d["label"]]
    else:
        columns[dim_label(dim, lang)] = [value_label(dim, k, lang) for k in d["key"]]
    values = _values(d)
    columns.update(value_columns(metric, values, lang))
    if share:
        total = sum(v for v in values if v is not None)
        columns[tr(lang, "占合计（%）", "Share of total (%)")] = [
            None if v is None or not total else round(v / total * 100, 1) for v in values]
    columns.update(part_columns(metric, list(d["numerator"]), list(d["denominator"]), lang))
    return _frame(columns)


# --- builders -----------------------------------------------------------------------------------


def region_bars(metric: Metric, df: pd.DataFrame, benchmark: Benchmark | None = None, *, lang: str = "zh",
                title: str = "", whole: tuple[str, float] | None = None) -> Chart:
    """One bar per child region, largest on top, red where short of the benchmark (a dashed line);
    `whole` = (name, value) adds the whole region's level as a second line. Values of small spread
    are dots on an axis that does not start at 0. A click drills into the region."""
    d = df.sort_values("value", ascending=metric.higher_is_better is False, na_position="last")
    values = _values(d)
    marks = [b for b in (benchmark.value if benchmark else None, whole[1] if whole else None) if b is not None]
    axis, k = value_axis([metric], values, lang, marks=marks, offset=not metric.additive)
    texts = tuple(fmt(metric, v, lang) for v in values)
    colours = tuple(palette.LAGGING if verdicts.lags(metric, v, benchmark) else palette.PRIMARY for v in values)
    series = Series(metric.label(lang), scaled(values, k), texts, colours, kind="dot" if axis.min is not None else "bar")
    targets = []
    if benchmark is not None:
        targets.append(Target(benchmark.value * k, bench_text(metric, benchmark, lang)))
    if whole is not None:
        targets.append(Target(whole[1] * k, f"{whole[0]} {fmt(metric, whole[1], lang)}", colour=palette.WHOLE))
    return Chart("bars", tuple(str(x) for x in d["label"]), (series,), title=title, keys=tuple(str(x) for x in d["key"]),
                 axes=(axis,), targets=tuple(targets), column=texts, drill=True,
                 rows=lambda: breakdown_table(metric, d, "region", lang))


def share_texts(metric: Metric, values: Sequence[float | None], lang: str, share_of_total: bool) -> tuple[str, ...]:
    """Each value, with its share of the total when asked: 443人（50%）."""
    total = sum(v for v in values if v is not None)
    out = []
    for v in values:
        text = fmt(metric, v, lang)
        if share_of_total and total and v is not None:
            text += tr(lang, f"（{v / total:.0%}）", f" ({v / total:.0%})")
        out.append(text)
    return tuple(out)


def category_bars(metric: Metric, df: pd.DataFrame, dim: str, *, sort: bool = False, share_of_total: bool = False,
                  lang: str = "zh", title: str = "") -> Chart:
    """Horizontal bars, one colour per category value, in the dimension's order (or largest first)."""
    d = df.sort_values("value", ascending=False, kind="stable") if sort else df
    values = _values(d)
    axis, k = value_axis([metric], values, lang, offset=not metric.additive)
    texts = share_texts(metric, values, lang, share_of_total)
    colours = tuple(palette.COLOURS.get(str(key), palette.PRIMARY) for key in d["key"])
    labels = tuple(value_label(dim, key, lang) for key in d["key"])
    series = Series(metric.label(lang), scaled(values, k), texts, colours, kind="dot" if axis.min is not None else "bar")
    return Chart("bars", labels, (series,), title=title, keys=tuple(str(x) for x in d["key"]), axes=(axis,),
                 column=texts, rows=lambda: breakdown_table(metric, d, dim, lang, share=share_of_total))


def donut(metric: Metric, df: pd.DataFrame, dim: str, *, centre: str | None = None, lang: str = "zh",
          title: str = "") -> Chart:
    """Parts of a whole as a ring, one colour per category value; zero parts are left out. Each
    part is labelled with its share; the tooltip gives the value too."""
    d = df[df["value"].fillna(0) > 0]
    values = _values(d)
    total = sum(v for v in values if v is not None) or 1.0
    labels = tuple(value_label(dim, key, lang) for key in d["key"])
    shares = tuple(f"{(v or 0) / total:.0%}" for v in values)
    tips = tuple(f"{lab}：{fmt(metric, v, lang)}（{(v or 0) / total:.1%}）" for lab, v in zip(labels, values))
    colours = tuple(palette.colour(str(key)) for key in d["key"])
    series = Series(metric.label(lang), tuple(values), shares, colours, kind="pie", tips=tips)
    return Chart("donut", labels, (series,), title=title, keys=tuple(str(x) for x in d["key"]), axes=(),
                 centre=centre or "", rows=lambda: breakdown_table(metric, d, dim, lang, share=True))


def stacked(metric: Metric, df: pd.DataFrame, dim_a: str, dim_b: str, *, percent: bool = True,
            horizontal: bool = True, lang: str = "zh", title: str = "") -> Chart:
    """A crosstab (a, b, value) as stacked bars: one bar per `a`, segments coloured by `b`, each
    cell found by its (a, b) keys. With `percent`, each bar is its composition (100%)."""
    d = df.assign(value=df["value"].astype(float).fillna(0))
    a_order = _dim_order(dim_a, list(dict.fromkeys(str(a) for a in d["a"])))
    b_order = _dim_order(dim_b, list(dict.fromkeys(str(b) for b in d["b"])))
    cells = {(str(a), str(b)): float(v) for a, b, v in zip(d["a"], d["b"], d["value"])}
    totals = {a: sum(cells.get((a, b), 0.0) for b in b_order) for a in a_order}
    a_labels = tuple(value_label(dim_a, a, lang) for a in a_order)
    if not horizontal:
        a_labels = tuple(within_year(list(a_labels), {a[:4] for a in a_order}, dim_a))
    axis, k = (Axis("%", False, None, 100.0, True), 1.0) if percent else value_axis(
        [metric], list(totals.values()), lang)
    series = []
    for b in b_order:
        values = [cells.get((a, b), 0.0) for a in a_order]
        shares = [v / totals[a] if totals[a] else 0.0 for v, a in zip(values, a_order)]
        shown = [s * 100 for s in shares] if percent else [v * k for v in values]
        span = 100.0 if percent else max(totals.values(), default=0) * k or 1.0
        texts = tuple((f"{s:.0%}" if percent else fmt(metric, v, lang)) if sv >= 0.07 * span else ""
                      for s, v, sv in zip(shares, values, shown))
        b_label = value_label(dim_b, b, lang)
        tips = tuple(f"{b_label} · {a_lab}：{fmt(metric, v, lang)}（{s:.1%}）"
                     for a_lab, v, s in zip(a_labels, values, shares))
        series.append(Series(b_label, tuple(shown), texts, (palette.colour(b),) * len(a_order), stack="all",
                             tips=tips, inside=True))
    column: tuple[str, ...] = ()
    if not percent:
        total_texts = tuple(fmt(metric, totals[a], lang) for a in a_order)
        if horizontal:
            column = total_texts
        else:
            series.append(Series(tr(lang, "合计", "Total"), tuple(totals[a] * k for a in a_order), total_texts,
                                 (palette.TARGET,) * len(a_order), kind="total"))
    rows: dict[str, list] = {dim_label(dim_a, lang): [], dim_label(dim_b, lang): [], "value": [],
                             tr(lang, "占该行（%）", "Share of row (%)"): []}
    for a in a_order:
        for b in b_order:
            v = cells.get((a, b), 0.0)
            rows[dim_label(dim_a, lang)].append(value_label(dim_a, a, lang))
            rows[dim_label(dim_b, lang)].append(value_label(dim_b, b, lang))
            rows["value"].append(v)
            rows[tr(lang, "占该行（%）", "Share of row (%)")].append(round(v / totals[a] * 100, 1) if totals[a] else None)
    values = rows.pop("value")
    share_col = rows.pop(tr(lang, "占该行（%）", "Share of row (%)"))
    rows.update(value_columns(metric, values, lang))
    rows[tr(lang, "占该行（%）", "Share of row (%)")] = share_col
    return Chart("bars" if horizontal else "columns", a_labels, tuple(series), title=title,
                 keys=tuple(a_order), axes=(axis,), column=column, rows=lambda: _frame(rows))


def pyramid(metric: Metric, df: pd.DataFrame, *, lang: str = "zh", title: str = "") -> Chart:
    """Active workers by age band and sex (crosstab a = band, b = sex): men to the left, women to
    the right, the oldest band on top."""
    bands = _dim_order("age_band", list(dict.fromkeys(str(a) for a in df["a"])))[::-1]
    cells = {(str(a), str(b)): float(v) for a, b, v in zip(df["a"], df["b"], df["value"].astype(float).fillna(0))}
    labels = tuple(value_label("age_band", b, lang) for b in bands)
    series = []
    everything = []
    for sex in ("男", "女"):
        values = [cells.get((band, sex), 0.0) for band in bands]
        everything += values
        name = value_label("gender", sex, lang)
        texts = tuple(fmt(metric, v, lang) for v in values)
        tips = tuple(f"{name} · {lab}：{t}" for lab, t in zip(labels, texts))
        series.append(Series(name, tuple(values), texts, (palette.colour(sex),) * len(bands), tips=tips))
    axis, _ = value_axis([metric], everything, lang)
    rows: dict[str, list] = {dim_label("age_band", lang): [], dim_label("gender", lang): [], "v": []}
    for band in bands[::-1]:
        for sex in ("男", "女"):
            rows[dim_label("age_band", lang)].append(value_label("age_band", band, lang))
            rows[dim_label("gender", lang)].append(value_label("gender", sex, lang))
            rows["v"].append(cells.get((band, sex), 0.0))
    values = rows.pop("v")
    rows.update(value_columns(metric, values, lang))
    return Chart("pyramid", labels, tuple(series), title=title, axes=(axis,), rows=lambda: _frame(rows))


def year_labels(dates: Sequence, lang: str) -> tuple[str, ...]:
    return tuple(f"{d:%Y}" if lang == "en" else f"{d.year}年" for d in dates)


def _label_below(values: Sequence[float | None], targets: Sequence[float], axis_span: float) -> tuple[bool, ...]:
    """A point whose label above it would touch a target line (the point sits just under the
    line) gets its label below instead."""
    room = 0.14 * axis_span
    return tuple(v is not None and any(t - room <= v <= t for t in targets) for v in values)


def trend(items: Sequence[tuple[Metric, pd.DataFrame]], benchmark: Benchmark | None = None, *,
          colours: dict[str, str] | None = None, lang: str = "zh", title: str = "") -> Chart:
    """One line per metric over the same as-of day of recent years (frames: as_of, value). Metrics
    in different units get an axis each (个 on the left, 件 on the right)."""
    dates = list(dict.fromkeys(d for _, df in items for d in df["as_of"]))
    dates.sort()
    units: list[str] = []
    for m, _ in items:
        if m.unit not in units:
            units.append(m.unit)
    assert len(units) <= 2, "a chart has at most two value axes"
    axes, factors = [], []
    for unit in units:
        group = [(m, df) for m, df in items if m.unit == unit]
        values = [_number(v) for _, df in group for v in df["value"]]
        marks = [benchmark.value] if benchmark is not None and unit == items[0][0].unit else []
        axis, k = value_axis([m for m, _ in group], values, lang, marks=marks, offset=True)
        axes.append(axis)
        factors.append(k)
    series = []
    columns: dict[str, list] = {tr(lang, "统计日", "As of"): [d.isoformat() for d in dates]}
    for m, df in items:
        by_date = {d: _number(v) for d, v in zip(df["as_of"], df["value"])}
        values = [by_date.get(d) for d in dates]
        i = units.index(m.unit)
        shown = scaled(values, factors[i])
        targets = [benchmark.value * factors[i]] if benchmark is not None and i == 0 else []
        top = max([v for v in shown if v is not None] + targets + [0.0])
        span = top - (axes[i].min or 0.0)
        colour = (colours or {}).get(m.id) or (palette.PRIMARY if len(items) == 1 else palette.colour(m.id))
        texts = tuple(fmt(m, v, lang) for v in values)
        below = _label_below(shown, targets, span or 1.0)
        if len(series) == 1:  # a second line keeps its labels under its points, clear of the first's
            below = (True,) * len(dates)
        series.append(Series(m.label(lang), shown, texts, (colour,) * len(dates), kind="line", axis=i, below=below))
        columns.update(value_columns(m, values, lang))
    targets = ()
    if benchmark is not None:
        targets = (Target(benchmark.value * factors[0], bench_text(items[0][0], benchmark, lang)),)
    return Chart("lines", year_labels(dates, lang), tuple(series), title=title, axes=tuple(axes), targets=targets,
                 rows=lambda: _frame(columns))


def time_bars(metric: Metric, df: pd.DataFrame, dim: str, *, colour: str | None = None, lang: str = "zh",
              title: str = "") -> Chart:
    """Vertical bars over a time dimension (year, quarter or month keys), a zoom slider when long."""
    return grouped([(metric, colour or palette.PRIMARY, df)], dim, lang=lang, title=title)


def grouped(frames: Sequence[tuple[Metric, str, pd.DataFrame]], dim: str, *, horizontal: bool = False,
            lang: str = "zh", title: str = "") -> Chart:
    """Several metrics side by side over one dimension (points earned against redeemed by month;
    wishes raised, claimed and fulfilled by group). Each series is looked up by key; a key one
    series lacks is a 0 there (counts and sums) or a gap (rates). Two units, two axes."""
    keys = _dim_order(dim, list(dict.fromkeys(str(k) for _, _, df in frames for k in df["key"])))
    names = {}
    for _, _, df in frames:
        names.update({str(k): str(lab) for k, lab in zip(df["key"], df["label"])})
    if dim == "region":
        labels = [names.get(k, k) for k in keys]
    else:
        labels = [value_label(dim, k, lang) for k in keys]
        labels = within_year(labels, {k[:4] for k in keys}, dim)
    units: list[str] = []
    for m, _, _ in frames:
        if m.unit not in units:
            units.append(m.unit)
    assert len(units) <= 2, "a chart has at most two value axes"
    aligned = []
    for m, colour, df in frames:
        by_key = {str(k): _number(v) for k, v in zip(df["key"], df["value"])}
        values = [by_key.get(k, 0.0 if m.additive else None) for k in keys]
        aligned.append((m, colour, values))
    axes, factors = [], []
    for unit in units:
        group = [(m, values) for m, _, values in aligned if m.unit == unit]
        axis, k = value_axis([m for m, _ in group], [v for _, vs in group for v in vs], lang)
        axes.append(axis)
        factors.append(k)
    crowded = len(keys) * len(frames) > CROWDED
    series = []
    columns: dict[str, list] = {dim_label(dim, lang): labels}
    for m, colour, values in aligned:
        i = units.index(m.unit)
        texts = tuple(fmt(m, v, lang) for v in values)
        series.append(Series(m.label(lang), scaled(values, factors[i]), texts, (colour,) * len(keys), axis=i,
                             labels=not crowded))
        columns.update(value_columns(m, values, lang))
    time = dim in TIME_DIMS
    return Chart("bars" if horizontal else "columns", tuple(labels), tuple(series), title=title, keys=tuple(keys),
                 axes=tuple(axes), zoom=time and len(keys) >= ZOOM_FROM, rows=lambda: _frame(columns))


def funnel(stages: Sequence[tuple[str, Metric, float | None, str]], *, lang: str = "zh", title: str = "") -> Chart:
    """Stages (label, metric, value, colour) as a funnel; after the first, each value with its
    share of the first: 663件（85%）."""
    first = float(stages[0][2] or 0) if stages else 0.0
    texts = tuple(fmt(m, v, lang) + (f"（{float(v or 0) / first:.0%}）" if first and i else "")
                  for i, (_, m, v, _) in enumerate(stages))
    labels = tuple(s[0] for s in stages)
    tips = tuple(f"{lab}：{t}" for lab, t in zip(labels, texts))
    series = Series(title or labels[0], tuple(float(s[2] or 0) for s in stages), texts, tuple(s[3] for s in stages),
                    kind="funnel", tips=tips)
    metric = stages[0][1]
    values = [_number(s[2]) for s in stages]
    columns = {tr(lang, "环节", "Stage"): list(labels)}
    columns.update(value_columns(metric, values, lang, label=tr(lang, "数量", "Count")))
    columns[tr(lang, "占第一环节（%）", "Share of the first stage (%)")] = [
        None if v is None or not first else round(v / first * 100, 1) for v in values]
    return Chart("funnel", labels, (series,), title=title, axes=(), rows=lambda: _frame(columns))


def target_bars(rows: Sequence[tuple[str, str, Metric, float | None, Benchmark | None]], target_name: str, *,
                lang: str = "zh", title: str = "") -> Chart:
    """One bar per (key, label, metric, value, benchmark), coloured by the key's category colour,
    the benchmark a tick on the bar (secretary grades against 1:3:6)."""
    metric = rows[0][2]
    values = [_number(r[3]) for r in rows]
    marks = [r[4].value if r[4] is not None else None for r in rows]
    axis, k = value_axis([metric], values, lang, marks=[m for m in marks if m is not None])
    labels = tuple(r[1] for r in rows)
    texts = tuple(fmt(r[2], r[3], lang) for r in rows)
    bars = Series(metric.label(lang) if len(rows) == 1 else tr(lang, "实际", "Actual"), scaled(values, k), texts,
                  tuple(palette.colour(r[0]) for r in rows))
    mark_texts = tuple("" if r[4] is None else formatting.benchmark_value(r[2], r[4], lang) for r in rows)
    ticks = Series(target_name, scaled(marks, k), mark_texts, (palette.TARGET,) * len(rows), kind="mark",
                   tips=tuple(f"{lab} {target_name}：{t}" for lab, t in zip(labels, mark_texts)))
    columns = {tr(lang, "项目", "Item"): list(labels)}
    columns.update(value_columns(metric, values, lang, label=tr(lang, "实际", "Actual")))
    columns.update({header(target_name, metric_unit(metric, lang), lang): [shown_value(metric, m) for m in marks]})
    return Chart("bars", labels, (bars, ticks), title=title, keys=tuple(r[0] for r in rows), axes=(axis,),
                 column=texts, rows=lambda: _frame(columns))


def ranking_names(df: pd.DataFrame) -> list[str]:
    """Row names of a ranking; two partners of the same name get their ids."""
    names = df["a_label"] if "a_label" in df else df["a"]
    dup = names.duplicated(keep=False)
    return [f"{n}（{k}）" if d else str(n) for n, k, d in zip(names, df["a"], dup)]


def ranking(metric: Metric, df: pd.DataFrame, colour_dim: str, *, lang: str = "zh", title: str = "") -> Chart:
    """A ranked list (crosstab rows: a = id, a_label = name, b = category, value), first row on
    top; one series per category so the legend can hide one."""
    names = tuple(ranking_names(df))
    values = _values(df)
    axis, k = value_axis([metric], values, lang, offset=not metric.additive)
    kinds = list(dict.fromkeys(str(b) for b in df["b"]))
    texts = tuple(fmt(metric, v, lang) for v in values)
    series = []
    for b in kinds:
        mine = [v if str(cat) == b else None for v, cat in zip(values, df["b"])]
        b_label = value_label(colour_dim, b, lang)
        series.append(Series(b_label, scaled(mine, k), texts, (palette.colour(b),) * len(names),
                             kind="dot" if axis.min is not None else "bar", stack=None if axis.min is not None else "rank",
                             tips=tuple(f"{n}（{b_label}）：{t}" for n, t in zip(names, texts))))
    columns = {tr(lang, "名次", "Rank"): list(range(1, len(names) + 1)), tr(lang, "名称", "Name"): list(names),
               dim_label(colour_dim, lang): [value_label(colour_dim, b, lang) for b in df["b"]]}
    columns.update(value_columns(metric, values, lang))
    return Chart("bars", names, tuple(series), title=title, keys=tuple(str(a) for a in df["a"]), axes=(axis,),
                 column=texts, rows=lambda: _frame(columns))


def gauge(metric: Metric, value: float | None, benchmark: Benchmark | None = None, *, lang: str = "zh",
          title: str = "") -> Chart:
    """A share as a ring, read from across a room: the value in the middle, red when short of
    the benchmark, the benchmark under it."""
    good = verdicts.meets(metric, value, benchmark) if benchmark is not None else None
    colour = palette.LAGGING if good is False else (palette.GOOD if good else palette.PRIMARY)
    text = fmt(metric, value, lang)
    label = metric.label(lang)
    series = Series(label, (None if value is None else value * 100,), (text,), (colour,), kind="gauge",
                    tips=(f"{label}：{text}",))
    targets = (Target(benchmark.value * 100, bench_text(metric, benchmark, lang)),) if benchmark is not None else ()
    columns = {tr(lang, "指标", "Metric"): [label]}
    columns.update(value_columns(metric, [value], lang, label=tr(lang, "数值", "Value")))
    return Chart("gauge", (label,), (series,), title=title or label, axes=(Axis("%", False, 0.0, 100.0, True),),
                 targets=targets, centre=text, rows=lambda: _frame(columns))


def radar(metric: Metric, frames: Sequence[tuple[str, pd.DataFrame, str]], spokes: Sequence[tuple[str, str]],
          threshold: tuple[str, Sequence[float | None]] | None = None, *, lang: str = "zh", title: str = "") -> Chart:
    """A profile over several dimensions (胜任力 by dimension): `spokes` are (key, label) in display
    order, `frames` (name, breakdown by key, colour) one closed line each (the selected region, the
    district); `threshold` = (name, a value per spoke) a dashed ring. The scale starts below the
    lowest value, in steps of 10, so differences of a few points show."""
    keys = [k for k, _ in spokes]
    labels = tuple(lab for _, lab in spokes)
    series, everything = [], []
    columns: dict[str, list] = {tr(lang, "维度", "Dimension"): list(labels)}
    for name, df, colour in frames:
        by_key = {str(k): _number(v) for k, v in zip(df["key"], df["value"])}
        values = [by_key.get(k) for k in keys]
        everything += [v for v in values if v is not None]
        texts = tuple(fmt(metric, v, lang) for v in values)
        # As displayed: the points' labels ({c}) read as the tooltips do.
        series.append(Series(name, tuple(shown_value(metric, v) for v in values), texts, (colour,) * len(keys), kind="line",
                             tips=tuple(f"{name} · {lab}：{t}" for lab, t in zip(labels, texts))))
        columns.update(value_columns(metric, values, lang, label=name))
    if threshold is not None:
        name, marks = threshold
        marks = [_number(m) for m in marks]
        everything += [m for m in marks if m is not None]
        texts = tuple(fmt(metric, m, lang) for m in marks)
        series.append(Series(name, tuple(marks), texts, (palette.LAGGING,) * len(keys), kind="mark",
                             tips=tuple(f"{name} · {lab}：{t}" for lab, t in zip(labels, texts))))
        columns.update(value_columns(metric, marks, lang, label=name))
    # Round tens a little beyond the values: differences of a few points fill the ring.
    top = math.ceil((max(everything + [1.0]) + 5) / 10) * 10
    if metric.unit == "分":
        top = min(top, 100.0)
    low = max(0.0, math.floor((min(everything, default=0.0) - 10) / 10) * 10)
    axis = Axis(metric_unit(metric, lang), False, low, top)
    return Chart("radar", labels, tuple(series), title=title, keys=tuple(keys), axes=(axis,),
                 rows=lambda: _frame(columns))


# Heatmap cells: white (0) to deep red (at or above HEAT_TOP of the row's unit).
HEAT_STOPS = ("#FFF5F0", "#FCBBA1", "#FB6A4A", "#CB181D", "#67000D")


def heat_colour(share: float | None, top: float) -> str:
    """A cell's colour on the white-to-red scale; no value is grey."""
    if share is None:
        return "#EEEEEE"
    x = max(0.0, min(1.0, share / top if top else 0.0)) * (len(HEAT_STOPS) - 1)
    i = min(int(x), len(HEAT_STOPS) - 2)
    f = x - i
    a, b = HEAT_STOPS[i].lstrip("#"), HEAT_STOPS[i + 1].lstrip("#")
    rgb = [round(int(a[j:j + 2], 16) * (1 - f) + int(b[j:j + 2], 16) * f) for j in (0, 2, 4)]
    return "#" + "".join(f"{c:02X}" for c in rgb)


def heatmap(metric: Metric, df: pd.DataFrame, dim_x: str, dim_y: str, *, x_order: Sequence[tuple[str, str]] = (),
            lang: str = "zh", title: str = "") -> Chart:
    """A share by two dimensions as a table of coloured cells (crosstab a = across, b = rows):
    the darker the red, the larger the share (the share below the threshold by competency dimension
    and role category). `x_order` (key, label) fixes the columns' order and names."""
    keys_x = [k for k, _ in x_order] or _dim_order(dim_x, list(dict.fromkeys(str(a) for a in df["a"])))
    names_x = dict(x_order)
    labels_x = tuple(names_x.get(k) or value_label(dim_x, k, lang) for k in keys_x)
    keys_y = _dim_order(dim_y, list(dict.fromkeys(str(b) for b in df["b"])))
    cells = {(str(a), str(b)): _number(v) for a, b, v in zip(df["a"], df["b"], df["value"])}
    shown = [v for v in cells.values() if v is not None]
    top = max(shown + [0.0]) or 1.0
    series = []
    rows: dict[str, list] = {dim_label(dim_y, lang): [], dim_label(dim_x, lang): [], "v": []}
    for b in keys_y:
        values = [cells.get((a, b)) for a in keys_x]
        name = value_label(dim_y, b, lang)
        texts = tuple(fmt(metric, v, lang) if v is not None else "—" for v in values)
        series.append(Series(name, scaled(values, 100.0 if metric.unit == "%" else 1.0), texts,
                             tuple(heat_colour(v, top) for v in values),
                             tips=tuple(f"{name} · {lab}：{t}" for lab, t in zip(labels_x, texts)), inside=True))
        for lab, v in zip(labels_x, values):
            rows[dim_label(dim_y, lang)].append(name)
            rows[dim_label(dim_x, lang)].append(lab)
            rows["v"].append(v)
    values = rows.pop("v")
    rows.update(value_columns(metric, values, lang))
    return Chart("heatmap", labels_x, tuple(series), title=title, keys=tuple(keys_x),
                 axes=(Axis("%" if metric.unit == "%" else metric_unit(metric, lang), percent=metric.unit == "%"),),
                 rows=lambda: _frame(rows))


def needs_supply(needs: Metric, needs_df: pd.DataFrame, supply: Metric, supply_df: pd.DataFrame,
                 gaps: Sequence[str] = (), *, lang: str = "zh", title: str = "") -> Chart:
    """Needs against supply by need category, back to back: needs to the left (red where the
    category is a gap: needs nobody's supply covers), supply to the right, each side on its own
    scale; the category with most needs on top. Breakdown frames by need_category."""
    need_by = {str(k): _number(v) or 0.0 for k, v in zip(needs_df["key"], needs_df["value"])}
    supply_by = {str(k): _number(v) or 0.0 for k, v in zip(supply_df["key"], supply_df["value"])}
    keys = _dim_order("need_category", list(dict.fromkeys([*need_by, *supply_by])))
    keys = [k for k in keys if need_by.get(k) or supply_by.get(k)]
    keys.sort(key=lambda k: (need_by.get(k, 0.0), supply_by.get(k, 0.0)))  # pyramid: the last row on top
    labels = tuple(value_label("need_category", k, lang) for k in keys)
    gap = set(gaps)
    series, axes, columns = [], [], {dim_label("need_category", lang): list(labels[::-1])}
    for m, by, colours in (
        (needs, need_by, tuple(palette.LAGGING if k in gap else palette.PRIMARY for k in keys)),
        (supply, supply_by, (palette.GOOD,) * len(keys)),
    ):
        values = [by.get(k, 0.0) for k in keys]
        axis, factor = value_axis([m], values, lang)
        axes.append(axis)
        texts = tuple(fmt(m, v, lang) for v in values)
        name = m.label(lang)
        series.append(Series(name, scaled(values, factor), texts, colours,
                             tips=tuple(f"{name} · {lab}：{t}" for lab, t in zip(labels, texts))))
        columns.update(value_columns(m, values[::-1], lang))
    columns[tr(lang, "供需缺口", "Gap")] = [tr(lang, "是", "yes") if k in gap else "" for k in keys[::-1]]
    return Chart("pyramid", labels, tuple(series), title=title, keys=tuple(keys), axes=tuple(axes),
                 rows=lambda: _frame(columns))
