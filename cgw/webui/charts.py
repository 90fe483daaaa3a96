"""Every chart goes through `draw(kind, ...)`: from one set of arguments it builds the light HTML
form the page shows (webui.htmlcharts) and the plotly figure behind the image and HTML exports, with
one look (CJK font, Chinese number formats, colours from webui.palette, light and dark themes), a
click on a region's bar drilling into it, and the data downloads below the chart.

Why two forms: plotly's bundle costs the browser about 0.7 s of main-thread time on every page
opened from a link, and each chart more to draw; the HTML charts need no library. The exports keep
plotly, whose images and interactive HTML files are what people forward.

The builders take metric-layer frames (breakdown: key, label, value, numerator, denominator;
crosstab: a, b, value, …). Titles are written by the page as Markdown above the chart, so they
wrap on a phone instead of being clipped.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from cgw.domain import Benchmark
from cgw.webui import data, exports, htmlcharts, palette, state
from cgw.webui.i18n import dim_label, lang, tr, value_label
from metrics import formatting, verdicts
from metrics.catalogue import Metric

FONT_FAMILY = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'
BAR_PX = 30  # height per bar in horizontal bar charts
_LIGHT_CHART = st.components.v2.component("cgw_light_chart", html=htmlcharts.HTML, css=htmlcharts.CSS,
                                          js=htmlcharts.JS)


def big() -> bool:
    return bool(st.session_state.get("big"))


def fmt(metric: Metric, value: float | None) -> str:
    return formatting.value(metric, value, lang())


def bench_label(b: Benchmark) -> str:
    """'国家标准', '奎文区报道值': the benchmark's name without the figure it may carry."""
    label = re.sub(r"（[^）]*）|\s*\([^)]*\)", "", b.label_en if lang() == "en" else b.label_zh)
    if b.source.startswith("《") and b.direction != "equal":  # a figure from a seed report
        label += tr("报道值", " report")
    return label


def bench_value(metric: Metric, b: Benchmark) -> str:
    """A benchmark as published: whole numbers without decimals (18人, not 18.0人)."""
    if metric.unit != "%" and float(b.value).is_integer():
        return formatting.value(_with_precision(metric, 0), b.value, lang())
    return fmt(metric, b.value)


def bench_text(metric: Metric, b: Benchmark) -> str:
    """A benchmark line's label: 国家标准 18人."""
    return f"{bench_label(b)} {bench_value(metric, b)}"


@functools.cache
def _with_precision(metric: Metric, decimals: int) -> Metric:
    import dataclasses

    return dataclasses.replace(metric, precision=decimals)


# --- look ---------------------------------------------------------------------------------------


def _cn_ticks(axis: dict, metric: Metric | None, vmax: float) -> None:
    """Value-axis ticks in Chinese forms: 40% for shares, 2万 instead of 20k."""
    if metric is not None and metric.unit == "%":
        axis["tickformat"] = ".0%"
        return
    axis["exponentformat"] = "none"
    axis["separatethousands"] = True
    if lang() == "zh" and vmax >= 1e4:
        ticks = axis_ticks(metric, vmax * 1.25)  # one round tick above the data, for the headroom
        axis["tickvals"] = [v for v, _ in ticks]
        axis["ticktext"] = [t for _, t in ticks]


def nice_step(vmax: float, count: int) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about `count` steps up to `vmax`."""
    raw = max(vmax, 1e-9) / count
    mag = 10 ** math.floor(math.log10(raw))
    return next(s * mag for s in (1, 2, 2.5, 5, 10) if s * mag >= raw)


def axis_ticks(metric: Metric | None, vmax: float, count: int = 4) -> list[tuple[float, str]]:
    """About `count` round value-axis ticks from 0 with Chinese forms (40%, 2万, 1,500)."""
    if not vmax > 0:  # nothing counted yet (or NaN): a 0–1 axis rather than a degenerate one
        vmax = 1.0
    step = nice_step(vmax, count)
    percent = metric is not None and metric.unit == "%"
    shown_step = step * 100 if percent else step
    decimals = next((d for d in range(6) if abs(round(shown_step, d) - shown_step) < 1e-9 * max(1, shown_step)), 6)
    out = []
    for i in range(0, int(vmax / step + 1e-9) + 1):
        v = i * step
        if percent:
            text = f"{v * 100:.{decimals}f}%"
        elif lang() == "zh" and vmax >= 1e4:
            text = f"{v / 1e4:g}万" if v else "0"
        else:
            text = f"{v:,.{decimals}f}"
        out.append((v, text))
    return out


def _room(texts: list[str], vmax: float) -> float:
    """The value-axis end that leaves room for outside value labels (longer labels, more room)."""
    longest = max((len(t) for t in texts), default=0)
    return vmax * (1.12 + min(0.9, 0.028 * longest)) or 1


def _text_colour(hex_colour: str) -> str:
    """Dark text on light fills, white on dark ones."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return "#1F2329" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.55 else "#FFFFFF"


def style(fig: go.Figure, height: int | None = None) -> go.Figure:
    size = 19 if big() else 14
    fig.update_layout(
        font={"family": FONT_FAMILY, "size": size},
        hoverlabel={"font": {"family": FONT_FAMILY}},
        margin={"l": 8, "r": 16, "t": 36, "b": 8},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "title": {"text": ""}},
        separators=".,",
        bargap=0.25,
        dragmode=False,
    )
    fig.update_xaxes(automargin=True, fixedrange=True, title_standoff=6, tickfont={"size": size - 1})
    fig.update_yaxes(automargin=True, fixedrange=True, title_standoff=6, tickfont={"size": size - 1})
    fig.update_layout(legend_font_size=size - 1)
    fig.update_traces(textfont_size=size - 1, selector={"type": "bar"})
    fig.update_traces(textfont_size=size - 1, selector={"type": "scatter"})
    fig.update_annotations(font_size=size - 1)
    if height:
        fig.update_layout(height=int(height * (1.35 if big() else 1)))
    return fig


# --- rendering ----------------------------------------------------------------------------------


def _on_light_drill(key: str) -> None:
    """A region's bar in a light chart was clicked: drill into it (runs before the rerun)."""
    region_id = getattr(st.session_state.get(key), "drill", None)
    if isinstance(region_id, str) and data.region_exists(region_id):
        state.drill_to(region_id)


def show(make: Callable[[], tuple[go.Figure, pd.DataFrame]], name: str, markup: str, *, drill: bool = False,
         note: str | None = None) -> None:
    """Draw the light chart `markup` (webui.htmlcharts). `make` builds its plotly twin and the data
    behind it, only when an export is asked for. With `drill`, clicking a region's bar drills
    into it. Below the chart: `note`, then the downloads."""
    key = f"light_{name}_{state.current().region_id}"  # a new region starts with no click
    drill_hook = {"on_drill_change": functools.partial(_on_light_drill, key)} if drill else {}
    _LIGHT_CHART(key=key, data={"markup": markup}, **drill_hook)
    if drill:
        note = (note + " " if note else "") + tr("点击柱条可进入该区划。", "Click a bar to drill into that region.")
    if note:
        st.caption(note)
    exports.chart_exports(make, name)


def draw(kind: str, *args, name: str, drill: bool = False, note: str | None = None, **kwargs) -> None:
    """Chart `kind` from one set of arguments in both forms: the light one drawn now, the plotly
    one (with its data frame) built only for an export."""
    build, light = FORMS[kind]
    show(functools.partial(build, *args, **kwargs), name, light(*args, **kwargs), drill=drill, note=note)


def title(text: str, note: str | None = None) -> None:
    st.markdown(f"##### {text}")
    if note:
        st.caption(note)


def empty(message: str) -> None:
    """An empty state that says why there is nothing to show and what to do."""
    st.info(message, icon=":material/info:")


# --- export frames ------------------------------------------------------------------------------


def _export_breakdown(df: pd.DataFrame, metric: Metric, dim: str) -> pd.DataFrame:
    out = pd.DataFrame({
        dim_label(dim): [value_label(dim, k) for k in df["label"]],
        f"{metric.label(lang())}": df["value"],
    })  # fmt: skip
    if dim == "region":
        out.insert(0, tr("区划代码", "Region code"), df["key"].values)
    if df["numerator"].notna().any():
        out[tr("分子", "Numerator")] = df["numerator"].values
        out[tr("分母", "Denominator")] = df["denominator"].values
    return out


# --- what both forms of a chart show ------------------------------------------------------------


def _share_texts(metric: Metric, values: pd.Series, share_of_total: bool) -> list[str]:
    """Each value, with its share of the total when asked: 443人（50%）."""
    total = float(values.sum())
    return [fmt(metric, v) + (tr(f"（{v / total:.0%}）", f" ({v / total:.0%})") if share_of_total and total else "")
            for v in values]


def _funnel_texts(stages: list[tuple[str, Metric, float | None, str]]) -> list[str]:
    """Each stage's value, and after the first its share of the first: 663件（85%）."""
    first = float(stages[0][2] or 0) if stages else 0.0
    return [fmt(m, v) + (f"（{float(v or 0) / first:.0%}）" if first and i else "")
            for i, (_, m, v, _) in enumerate(stages)]


def _ranking_names(df: pd.DataFrame) -> list[str]:
    """Row names of a ranking; two partners of the same name get their ids."""
    names = df["a_label"] if "a_label" in df else df["a"]
    dup = names.duplicated(keep=False)
    return [f"{n}（{k}）" if d else str(n) for n, k, d in zip(names, df["a"], dup)]


def _year_labels(df: pd.DataFrame) -> list[str]:
    return [f"{d:%Y}" if lang() == "en" else f"{d.year}年" for d in df["as_of"]]


def _pyramid_side(df: pd.DataFrame, bands: list, sex: str) -> pd.Series:
    """One sex's counts per age band (crosstab rows a = band, b = sex), zeros where none."""
    return df[df["b"] == sex].set_index("a").reindex(bands)["value"].astype(float).fillna(0)


# --- builders -----------------------------------------------------------------------------------


def region_bars(metric: Metric, df: pd.DataFrame, benchmark: Benchmark | None = None) -> tuple[go.Figure, pd.DataFrame]:
    """Horizontal bars per child region (largest on top); below-benchmark bars in red; customdata
    holds the region id for drilling."""
    d = df.sort_values("value", ascending=True, na_position="first")
    values = d["value"].astype(float)
    colours = [palette.LAGGING if verdicts.lags(metric, v, benchmark) else palette.PRIMARY
               for v in values.where(values.notna(), None)]
    vmax = float(values.max()) if values.notna().any() else 0.0
    # Values sit inside the end of long bars (clear of the target line), outside short ones.
    fig = go.Figure(go.Bar(
        x=values.fillna(0), y=d["label"], orientation="h", marker_color=colours,
        text=[fmt(metric, None if pd.isna(v) else v) for v in values],
        textposition=["inside" if not pd.isna(v) and v >= 0.35 * vmax else "outside" for v in values],
        insidetextanchor="end", insidetextfont={"color": "white"}, cliponaxis=False, constraintext="none",
        customdata=d["key"], hovertemplate="%{y}：%{text}<extra></extra>",
    ))  # fmt: skip
    if benchmark is not None:
        vmax = max(vmax, benchmark.value)
        # Below the bars: the line shows between them and never crosses a value label.
        fig.add_vline(x=benchmark.value, line_dash="dash", line_color=palette.TARGET, line_width=2, layer="below")
        fig.add_annotation(x=benchmark.value, y=1.0, xref="x", yref="paper", yanchor="bottom", showarrow=False,
                           text=bench_text(metric, benchmark),
                           font={"color": palette.TARGET})
    outside = [t for t, v in zip(fig.data[0].text, values) if pd.isna(v) or v < 0.35 * vmax]
    xaxis: dict = {"range": [0, max(_room(outside, vmax), vmax * 1.08 or 1)], "showgrid": True, "title": {"text": ""}}
    _cn_ticks(xaxis, metric, vmax)
    fig.update_layout(xaxis=xaxis, yaxis={"title": {"text": ""}}, showlegend=False)
    return style(fig, 70 + BAR_PX * len(d)), _export_breakdown(df, metric, "region")


def region_bars_markup(metric: Metric, df: pd.DataFrame, benchmark: Benchmark | None = None) -> str:
    """The light (HTML) form of `region_bars`: the same order, colours, labels and target line."""
    d = df.sort_values("value", ascending=False, na_position="last")
    bars = []
    for key, label, v in zip(d["key"], d["label"], d["value"]):
        value = None if pd.isna(v) else float(v)
        colour = palette.LAGGING if verdicts.lags(metric, value, benchmark) else palette.PRIMARY
        bars.append(htmlcharts.Bar(str(key), str(label), value, fmt(metric, value), colour))
    vmax = max([b.value for b in bars if b.value is not None] + [benchmark.value if benchmark else 0.0, 0.0])
    ticks, end = _scale(metric, vmax)
    target = None
    if benchmark is not None:
        target = htmlcharts.Target(benchmark.value, bench_text(metric, benchmark), palette.TARGET)
    return htmlcharts.hbars(bars, ticks=ticks, scale_max=end, target=target, drill=True,
                            big=big())


def category_bars(metric: Metric, df: pd.DataFrame, dim: str, *, sort: bool = False,
                  share_of_total: bool = False) -> tuple[go.Figure, pd.DataFrame]:
    """Horizontal bars, one colour per category value, in the dimension's order (or by value)."""
    d = df.sort_values("value", ascending=False) if sort else df
    d = d.iloc[::-1]  # plotly draws the first row at the bottom
    values = d["value"].astype(float).fillna(0)
    texts = _share_texts(metric, values, share_of_total)
    labels = [value_label(dim, k) for k in d["key"]]
    fig = go.Figure(go.Bar(
        x=values, y=labels, orientation="h", marker_color=[palette.COLOURS.get(str(k), palette.PRIMARY) for k in d["key"]],
        text=texts, textposition="outside", cliponaxis=False, constraintext="none", hovertemplate="%{y}：%{text}<extra></extra>",
    ))  # fmt: skip
    vmax = float(values.max()) if len(values) else 0.0
    xaxis: dict = {"range": [0, _room(texts, vmax)], "title": {"text": ""}}
    _cn_ticks(xaxis, metric, vmax)
    fig.update_layout(xaxis=xaxis, yaxis={"title": {"text": ""}}, showlegend=False)
    return style(fig, 70 + BAR_PX * len(d)), _export_breakdown(df, metric, dim)


def donut(metric: Metric, df: pd.DataFrame, dim: str, *, center: str | None = None) -> tuple[go.Figure, pd.DataFrame]:
    """Parts of a whole, one colour per category value; zero parts are left out."""
    d = df[df["value"].fillna(0) > 0]
    labels = [value_label(dim, k) for k in d["key"]]
    fig = go.Figure(go.Pie(
        labels=labels, values=d["value"], hole=0.55, sort=False, direction="clockwise",
        marker={"colors": [palette.colour(str(k)) for k in d["key"]]},
        text=[fmt(metric, v) for v in d["value"]], texttemplate="%{percent:.0%}", textposition="inside",
        insidetextorientation="horizontal", hovertemplate="%{label}：%{text}（%{percent}）<extra></extra>",
    ))  # fmt: skip
    if center:
        fig.add_annotation(text=center, showarrow=False, font={"size": 22 if big() else 16})
    fig.update_layout(uniformtext={"minsize": 11, "mode": "hide"},
                      legend={"orientation": "h", "yanchor": "top", "y": -0.02, "x": 0})
    fig = style(fig, 340)
    fig.update_layout(legend={"yanchor": "top", "y": -0.02})
    return fig, _export_breakdown(df, metric, dim)


def stacked(metric: Metric, df: pd.DataFrame, dim_a: str, dim_b: str, *, percent: bool = True,
            horizontal: bool = True) -> tuple[go.Figure, pd.DataFrame]:
    """A crosstab (a, b, value) as stacked bars: one bar per `a`, segments coloured by `b`.
    With `percent`, each bar is its composition (100%)."""
    d = df.copy()
    d["value"] = d["value"].astype(float).fillna(0)
    totals = d.groupby("a", sort=False)["value"].transform("sum")
    d["share"] = (d["value"] / totals).where(totals > 0, 0)
    a_order = list(dict.fromkeys(d["a"]))
    b_order = list(dict.fromkeys(d["b"]))
    fig = go.Figure()
    for b in b_order:
        part = d[d["b"] == b].set_index("a").reindex(a_order)
        shown = part["share"] if percent else part["value"]
        texts = [("" if pd.isna(s) or s < 0.04 else f"{s:.0%}") if percent else
                 ("" if pd.isna(v) or v == 0 else fmt(metric, v)) for s, v in zip(part["share"], part["value"])]
        hover = [f"{fmt(metric, v)}（{s:.1%}）" if not pd.isna(v) else "" for s, v in zip(part["share"], part["value"])]
        labels = [value_label(dim_a, a) for a in a_order]
        kwargs = {"x": shown, "y": labels, "orientation": "h"} if horizontal else {"x": labels, "y": shown}
        fig.add_trace(go.Bar(
            name=value_label(dim_b, b), marker_color=palette.colour(str(b)), text=texts, textposition="inside",
            insidetextanchor="middle", textangle=0, customdata=hover,
            hovertemplate=f"{value_label(dim_b, b)} · %{{{'y' if horizontal else 'x'}}}：%{{customdata}}<extra></extra>",
            **kwargs,
        ))  # fmt: skip
    value_axis: dict = {"title": {"text": ""}}
    if percent:
        value_axis.update(tickformat=".0%", range=[0, 1])
    else:
        top = float(d.groupby("a")["value"].sum().max() or 0)
        value_axis["range"] = [0, top * 1.15 or 1]
        _cn_ticks(value_axis, metric, top)
    cat_axis = {"title": {"text": ""}, "categoryorder": "array",
                "categoryarray": [value_label(dim_a, a) for a in (a_order[::-1] if horizontal else a_order)]}
    if not percent:  # totals at the end of each bar
        totals_by_a = d.groupby("a", sort=False)["value"].sum().reindex(a_order)
        for a, total in totals_by_a.items():
            pos = {"x": total, "y": value_label(dim_a, a), "xanchor": "left"} if horizontal else \
                {"x": value_label(dim_a, a), "y": total, "yanchor": "bottom"}
            fig.add_annotation(text=f"<b>{fmt(metric, total)}</b>", showarrow=False, **pos)
    fig.update_layout(barmode="stack", uniformtext={"minsize": 10, "mode": "hide"}, legend={"traceorder": "normal"},
                      xaxis=value_axis if horizontal else cat_axis, yaxis=cat_axis if horizontal else value_axis)
    height = 110 + BAR_PX * 1.3 * len(a_order) if horizontal else 380
    export = pd.DataFrame({dim_label(dim_a): [value_label(dim_a, a) for a in d["a"]],
                           dim_label(dim_b): [value_label(dim_b, b) for b in d["b"]],
                           metric.label(lang()): d["value"].values, tr("占比", "Share"): d["share"].values})
    return style(fig, height), export


def pyramid(metric: Metric, df: pd.DataFrame) -> tuple[go.Figure, pd.DataFrame]:
    """Age pyramid from a crosstab by (age_band, gender): men to the left, women to the right."""
    bands = list(dict.fromkeys(df["a"]))
    fig = go.Figure()
    vmax = 0.0
    for sex, sign in (("男", -1), ("女", 1)):
        part = _pyramid_side(df, bands, sex)
        vmax = max(vmax, float(part.max() or 0))
        fig.add_trace(go.Bar(
            y=[value_label("age_band", b) for b in bands], x=sign * part, orientation="h",
            name=value_label("gender", sex), marker_color=palette.colour(sex),
            text=[fmt(metric, v) for v in part], textposition="outside", cliponaxis=False, constraintext="none",
            hovertemplate=f"{value_label('gender', sex)} · %{{y}}：%{{text}}<extra></extra>",
        ))  # fmt: skip
    step = nice_step(max(vmax, 1), 3)
    ticks = [i * step for i in range(-int(vmax / step) - 1, int(vmax / step) + 2)]
    # Room beyond the longest bar for its outside label ("260 people" needs more than "260人").
    longest = max((len(t) for trace in fig.data for t in trace.text), default=0)
    reach = vmax * (1.2 + 0.05 * longest) or 1
    fig.update_layout(
        barmode="overlay", bargap=0.15,
        xaxis={"tickvals": ticks, "ticktext": [f"{abs(t):,.0f}" for t in ticks], "range": [-reach, reach],
               "title": {"text": ""}},
        yaxis={"title": {"text": ""}},
    )  # fmt: skip
    export = pd.DataFrame({dim_label("age_band"): [value_label("age_band", a) for a in df["a"]],
                           dim_label("gender"): [value_label("gender", b) for b in df["b"]],
                           metric.label(lang()): df["value"].values})
    return style(fig, 90 + 44 * len(bands)), export


def trend_line(series: dict[str, tuple[Metric, pd.DataFrame]], benchmark: tuple[Metric, Benchmark] | None = None,
               colours: dict[str, str] | None = None) -> tuple[go.Figure, pd.DataFrame]:
    """One line per metric over the same as-of day of recent years (columns as_of, value)."""
    fig = go.Figure()
    export = None
    vmax = 0.0
    metric = None
    for name, (metric, df) in series.items():
        years = _year_labels(df)
        vals = df["value"].astype(float)
        vmax = max(vmax, float(vals.max() or 0))
        fig.add_trace(go.Scatter(
            x=years, y=vals, name=name, mode="lines+markers+text", text=[fmt(metric, v) for v in vals],
            textposition="top center", cliponaxis=False, line={"width": 3, "color": (colours or {}).get(name)},
            marker={"size": 8}, hovertemplate=f"{name} · %{{x}}：%{{text}}<extra></extra>",
        ))  # fmt: skip
        col = pd.DataFrame({tr("统计日", "As of"): df["as_of"], name: vals.values})
        export = col if export is None else export.merge(col, on=tr("统计日", "As of"), how="outer")
    if benchmark is not None:
        m, b = benchmark
        vmax = max(vmax, b.value)
        fig.add_hline(y=b.value, line_dash="dash", line_color=palette.TARGET,
                      annotation_text=bench_text(m, b), annotation_position="top left",
                      annotation_font_color=palette.TARGET)
    yaxis: dict = {"title": {"text": ""}, "rangemode": "tozero", "range": [0, vmax * 1.2 or 1]}
    _cn_ticks(yaxis, metric, vmax)
    fig.update_layout(yaxis=yaxis, xaxis={"title": {"text": ""}, "type": "category"},
                      showlegend=len(series) > 1)
    return style(fig, 320), export if export is not None else pd.DataFrame()


def trend_markup(series: dict[str, tuple[Metric, pd.DataFrame]], benchmark: tuple[Metric, Benchmark] | None = None,
                 colours: dict[str, str] | None = None) -> str:
    """The light (HTML) form of `trend_line`: one line per metric over the same as-of day of recent years."""
    lines = []
    x_labels: list[str] = []
    vmax = 0.0
    metric = None
    for name, (metric, df) in series.items():
        x_labels = x_labels or _year_labels(df)
        values = [None if pd.isna(v) else float(v) for v in df["value"]]
        vmax = max([vmax] + [v for v in values if v is not None])
        colour = (colours or {}).get(name) or (palette.PRIMARY if len(series) == 1 else palette.colour(name))
        lines.append(htmlcharts.Line(name, values, [fmt(metric, v) for v in values], colour))
    target = None
    if benchmark is not None:
        m, b = benchmark
        vmax = max(vmax, b.value)
        target = htmlcharts.Target(b.value, bench_text(m, b), palette.TARGET)
    ticks, end = _scale(metric, vmax * 1.1)
    return htmlcharts.trend(x_labels, lines, ticks=ticks, scale_max=end,
                            target=target, height_px=300 if big() else 220, big=big())


def _within_year(labels: list[str], years: set[str], dim: str) -> list[str]:
    """Months or quarters of a single year without the year: 1月 … 9月, Jan … Sep."""
    if dim not in ("month", "quarter") or len(years) != 1:
        return labels
    year = next(iter(years))
    return [lab.removeprefix(f"{year}年").removeprefix(f"{year} ").removesuffix(f" {year}") for lab in labels]


def time_bars(metric: Metric, df: pd.DataFrame, dim: str, *, colour: str | None = None) -> tuple[go.Figure, pd.DataFrame]:
    """Vertical bars over a time dimension (year, quarter or month keys)."""
    labels = [value_label(dim, k) for k in df["key"]]
    labels = _within_year(labels, {str(k)[:4] for k in df["key"]}, dim)
    values = df["value"].astype(float).fillna(0)
    fig = go.Figure(go.Bar(
        x=labels, y=values, marker_color=colour or palette.PRIMARY, text=[fmt(metric, v) for v in values],
        textposition="outside", cliponaxis=False, constraintext="none", hovertemplate="%{x}：%{text}<extra></extra>",
    ))  # fmt: skip
    vmax = float(values.max()) if len(values) else 0.0
    yaxis: dict = {"title": {"text": ""}, "range": [0, vmax * 1.2 or 1]}
    _cn_ticks(yaxis, metric, vmax)
    fig.update_layout(yaxis=yaxis, xaxis={"title": {"text": ""}, "type": "category"}, showlegend=False)
    return style(fig, 320), _export_breakdown(df, metric, dim)


def grouped(metrics_frames: list[tuple[Metric, str, pd.DataFrame]], dim: str) -> tuple[go.Figure, pd.DataFrame]:
    """Several metrics side by side over a time dimension (e.g. points earned vs redeemed)."""
    fig = go.Figure()
    vmax = 0.0
    export = None
    first = None
    years = {str(k)[:4] for _, _, df in metrics_frames for k in df["key"]}
    for metric, colour, df in metrics_frames:
        first = first or metric
        labels = _within_year([value_label(dim, k) for k in df["key"]], years, dim)
        values = df["value"].astype(float).fillna(0)
        vmax = max(vmax, float(values.max() or 0))
        fig.add_trace(go.Bar(
            x=labels, y=values, name=metric.label(lang()), marker_color=colour,
            text=[fmt(metric, v) for v in values], textposition="inside", textangle=-90, insidetextanchor="end",
            hovertemplate=f"{metric.label(lang())} · %{{x}}：%{{text}}<extra></extra>",
        ))  # fmt: skip
        col = pd.DataFrame({dim_label(dim): labels, metric.label(lang()): values.values})
        export = col if export is None else export.merge(col, on=dim_label(dim), how="outer")
    yaxis: dict = {"title": {"text": ""}, "range": [0, vmax * 1.2 or 1]}
    _cn_ticks(yaxis, first, vmax)
    fig.update_layout(barmode="group", yaxis=yaxis, xaxis={"title": {"text": ""}, "type": "category"},
                      uniformtext={"minsize": 10, "mode": "hide"})
    return style(fig, 340), export if export is not None else pd.DataFrame()


def funnel(stages: list[tuple[str, Metric, float | None, str]]) -> tuple[go.Figure, pd.DataFrame]:
    """Stages (label, metric, value, colour) as a funnel with each stage's share of the first."""
    labels = [s[0] for s in stages]
    values = [float(s[2] or 0) for s in stages]
    texts = _funnel_texts(stages)
    fig = go.Figure(go.Funnel(
        y=labels, x=values, text=texts, textinfo="text", marker={"color": [s[3] for s in stages]},
        textfont={"color": [_text_colour(s[3]) for s in stages]},
        hovertemplate="%{y}：%{text}<extra></extra>", connector={"line": {"width": 0}},
    ))  # fmt: skip
    fig.update_layout(yaxis={"title": {"text": ""}}, showlegend=False)
    export = pd.DataFrame({tr("环节", "Stage"): labels, tr("数量", "Count"): values})
    return style(fig, 90 + 60 * len(stages)), export


def target_bars(rows: list[tuple[str, str, Metric, float | None, Benchmark | None]],
                target_name: str | None = None) -> tuple[go.Figure, pd.DataFrame]:
    """One bar per (key, label, metric, value, benchmark), coloured by the key's category colour,
    with the benchmark as a marker on the bar (e.g. grades against 1:3:6)."""
    rows = rows[::-1]  # first row on top
    labels = [r[1] for r in rows]
    values = [float(r[3] or 0) for r in rows]
    fig = go.Figure(go.Bar(
        x=values, y=labels, orientation="h", marker_color=[palette.colour(r[0]) for r in rows],
        text=[fmt(r[2], r[3]) for r in rows], textposition="outside", cliponaxis=False, constraintext="none",
        showlegend=False,
        hovertemplate="%{y}：%{text}<extra></extra>",
    ))  # fmt: skip
    targets = [(r[4].value if r[4] is not None else None) for r in rows]
    if any(t is not None for t in targets):
        fig.add_trace(go.Scatter(
            x=targets, y=labels, mode="markers", name=target_name or tr("目标", "Target"),
            marker={"symbol": "line-ns", "size": 26, "line": {"width": 4, "color": palette.TARGET}},
            text=[fmt(r[2], r[4].value) if r[4] is not None else "" for r in rows],
            hovertemplate="%{y} " + tr("目标", "target") + "：%{text}<extra></extra>",
        ))  # fmt: skip
    metric = rows[0][2] if rows else None
    vmax = max([v for v in values] + [t for t in targets if t is not None] + [0])
    xaxis: dict = {"range": [0, vmax * 1.3 or 1], "title": {"text": ""}}
    _cn_ticks(xaxis, metric, vmax)
    fig.update_layout(xaxis=xaxis, yaxis={"title": {"text": ""}}, showlegend=True, barmode="overlay")
    export = pd.DataFrame({
        tr("项目", "Item"): [r[1] for r in rows[::-1]],
        tr("实际", "Actual"): [r[3] for r in rows[::-1]],
        tr("目标", "Target"): [r[4].value if r[4] is not None else None for r in rows[::-1]],
    })  # fmt: skip
    return style(fig, 100 + 40 * len(rows)), export


def ranking(metric: Metric, df: pd.DataFrame, colour_dim: str) -> tuple[go.Figure, pd.DataFrame]:
    """A ranked list as horizontal bars (crosstab rows: a = id, a_label = name, b = category for the
    colour, value), first row on top."""
    names = _ranking_names(df)
    d = df.assign(_name=names).iloc[::-1]
    fig = go.Figure(go.Bar(
        x=d["value"], y=d["_name"], orientation="h", marker_color=[palette.colour(str(b)) for b in d["b"]],
        text=[fmt(metric, v) for v in d["value"]], textposition="outside", cliponaxis=False, constraintext="none",
        customdata=[value_label(colour_dim, b) for b in d["b"]],
        hovertemplate="%{y}（%{customdata}）：%{text}<extra></extra>",
    ))  # fmt: skip
    lo = float(d["value"].min()) if len(d) else 0
    hi = float(d["value"].max()) if len(d) else 1
    fig.update_layout(xaxis={"range": [max(0, lo - (hi - lo) * 0.6 - 5), hi + (hi - lo) * 0.25 + 2], "title": {"text": ""}},
                      yaxis={"title": {"text": ""}, "type": "category"}, showlegend=False)
    export = pd.DataFrame({tr("名称", "Name"): names, dim_label(colour_dim): [value_label(colour_dim, b) for b in df["b"]],
                           metric.label(lang()): df["value"].values})
    return style(fig, 70 + BAR_PX * len(d)), export


# --- light (HTML) forms: what the pages draw; the figures above feed the image exports ---------


def _scale(metric: Metric | None, vmax: float) -> tuple[list[tuple[float, str]], float]:
    """Value-axis ticks and the axis end for data up to `vmax`."""
    ticks = axis_ticks(metric, vmax)
    return ticks, max(ticks[-1][0], vmax) or 1.0


def category_bars_markup(metric: Metric, df: pd.DataFrame, dim: str, *, sort: bool = False,
                         share_of_total: bool = False) -> str:
    d = df.sort_values("value", ascending=False) if sort else df
    values = d["value"].astype(float).fillna(0)
    bars = [htmlcharts.Bar(str(k), value_label(dim, k), v, text, palette.COLOURS.get(str(k), palette.PRIMARY))
            for k, v, text in zip(d["key"], values, _share_texts(metric, values, share_of_total))]
    ticks, end = _scale(metric, float(values.max()) if len(values) else 0.0)
    return htmlcharts.hbars(bars, ticks=ticks, scale_max=end, big=big())


def donut_markup(metric: Metric, df: pd.DataFrame, dim: str, *, center: str | None = None) -> str:
    d = df[df["value"].fillna(0) > 0]
    parts = [htmlcharts.Part(value_label(dim, k), float(v), fmt(metric, v), palette.colour(str(k)))
             for k, v in zip(d["key"], d["value"])]
    return htmlcharts.donut(parts, centre=center, big=big())


def stacked_markup(metric: Metric, df: pd.DataFrame, dim_a: str, dim_b: str, *, percent: bool = True,
                   horizontal: bool = True) -> str:
    d = df.copy()
    d["value"] = d["value"].astype(float).fillna(0)
    a_order = list(dict.fromkeys(d["a"]))
    b_order = list(dict.fromkeys(d["b"]))
    cells = d.set_index(["a", "b"])["value"]
    totals = d.groupby("a", sort=False)["value"].sum().reindex(a_order)
    key = [(value_label(dim_b, b), palette.colour(str(b))) for b in b_order]
    if horizontal:
        rows = []
        for a in a_order:
            total = float(totals[a])
            segments = []
            for b in b_order:
                v = float(cells.get((a, b), 0.0))
                share = v / total if total else 0.0
                shown = share if percent else v
                text = (f"{share:.0%}" if share >= 0.06 else "") if percent else ""
                tip = f"{value_label(dim_b, b)} · {value_label(dim_a, a)}：{fmt(metric, v)}（{share:.1%}）"
                colour = palette.colour(str(b))
                segments.append(htmlcharts.Segment(shown, text, tip, colour, _text_colour(colour)))
            rows.append(htmlcharts.Stack(value_label(dim_a, a), segments, "" if percent else fmt(metric, total)))
        if percent:
            ticks = [(i / 4, f"{i * 25}%") for i in range(5)]
            return htmlcharts.stacks(rows, ticks=ticks, scale_max=1.0, key=key, big=big())
        ticks, end = _scale(metric, float(totals.max() or 0))
        return htmlcharts.stacks(rows, ticks=ticks, scale_max=end, key=key, big=big())
    series = []
    for b in b_order:
        values = [float(cells.get((a, b), 0.0)) for a in a_order]
        shares = [v / float(totals[a]) if totals[a] else 0.0 for v, a in zip(values, a_order)]
        texts = [f"{fmt(metric, v)}（{s:.0%}）" for v, s in zip(values, shares)]
        series.append(htmlcharts.Line(value_label(dim_b, b), shares if percent else values, texts, palette.colour(str(b))))
    labels = [value_label(dim_a, a) for a in a_order]
    if percent:
        ticks, end = [(i / 4, f"{i * 25}%") for i in range(5)], 1.0
    else:
        ticks, end = _scale(metric, float(totals.max() or 0) * 1.1)
    return htmlcharts.columns(labels, series, ticks=ticks, scale_max=end, stacked=True,
                              totals=None if percent else [fmt(metric, t) for t in totals],
                              height_px=340 if big() else 260, big=big())


def pyramid_markup(metric: Metric, df: pd.DataFrame) -> str:
    bands = list(dict.fromkeys(df["a"]))
    sides = []
    for sex in ("男", "女"):
        part = _pyramid_side(df, bands, sex)
        sides.append(htmlcharts.Line(value_label("gender", sex), list(part), [fmt(metric, v) for v in part],
                                     palette.colour(sex)))
    vmax = max(max(s.values, default=0.0) for s in sides)
    ticks = [(v, f"{v:,.0f}") for v, _ in axis_ticks(None, vmax, 3)]
    # Oldest band on top, as in a population pyramid.
    labels = [value_label("age_band", b) for b in bands][::-1]
    left, right = (htmlcharts.Line(s.name, s.values[::-1], s.texts[::-1], s.colour) for s in sides)
    return htmlcharts.pyramid(labels, left, right, ticks=ticks, scale_max=max(ticks[-1][0], vmax) or 1.0, big=big())


def time_bars_markup(metric: Metric, df: pd.DataFrame, dim: str, *, colour: str | None = None) -> str:
    labels = _within_year([value_label(dim, k) for k in df["key"]], {str(k)[:4] for k in df["key"]}, dim)
    values = [float(v) for v in df["value"].astype(float).fillna(0)]
    ticks, end = _scale(metric, max(values, default=0.0) * 1.1)
    line = htmlcharts.Line(metric.label(lang()), values, [fmt(metric, v) for v in values], colour or palette.PRIMARY)
    return htmlcharts.columns(labels, [line], ticks=ticks, scale_max=end, height_px=320 if big() else 240, big=big())


def grouped_markup(metrics_frames: list[tuple[Metric, str, pd.DataFrame]], dim: str) -> str:
    years = {str(k)[:4] for _, _, df in metrics_frames for k in df["key"]}
    labels: list[str] = []
    series = []
    for metric, colour, df in metrics_frames:
        labels = labels or _within_year([value_label(dim, k) for k in df["key"]], years, dim)
        values = [float(v) for v in df["value"].astype(float).fillna(0)]
        series.append(htmlcharts.Line(metric.label(lang()), values, [fmt(metric, v) for v in values], colour))
    vmax = max((max(s.values, default=0.0) for s in series), default=0.0)
    ticks, end = _scale(metrics_frames[0][0] if metrics_frames else None, vmax * 1.1)
    return htmlcharts.columns(labels, series, ticks=ticks, scale_max=end, height_px=340 if big() else 260, big=big())


def funnel_markup(stages: list[tuple[str, Metric, float | None, str]]) -> str:
    bars = [htmlcharts.Bar(label, label, float(v or 0), text, colour)
            for (label, _, v, colour), text in zip(stages, _funnel_texts(stages))]
    ticks, end = _scale(stages[0][1] if stages else None, max((b.value or 0 for b in bars), default=0.0))
    return htmlcharts.hbars(bars, ticks=ticks, scale_max=end, big=big())


def target_bars_markup(rows: list[tuple[str, str, Metric, float | None, Benchmark | None]],
                       target_name: str | None = None) -> str:
    bars = [htmlcharts.Bar(key, label, float(v or 0), fmt(m, v), palette.colour(key),
                           None if b is None else b.value,
                           "" if b is None else f"{target_name or tr('目标', 'Target')} {fmt(m, b.value)}")
            for key, label, m, v, b in rows]
    vmax = max([b.value or 0 for b in bars] + [b.mark or 0 for b in bars] + [0.0])
    ticks, end = _scale(rows[0][2] if rows else None, vmax)
    key = [(target_name or tr("目标", "Target"), palette.TARGET)] if any(b.mark is not None for b in bars) else None
    return htmlcharts.hbars(bars, ticks=ticks, scale_max=end, big=big(), key=key)


def ranking_markup(metric: Metric, df: pd.DataFrame, colour_dim: str) -> str:
    bars = [htmlcharts.Bar(str(k), n, float(v), fmt(metric, v), palette.colour(str(b)))
            for n, k, v, b in zip(_ranking_names(df), df["a"], df["value"], df["b"])]
    ticks, end = _scale(metric, max((b.value or 0 for b in bars), default=0.0))
    shown = list(dict.fromkeys(str(b) for b in df["b"]))
    return htmlcharts.hbars(bars, ticks=ticks, scale_max=end, big=big(),
                            key=[(value_label(colour_dim, b), palette.colour(b)) for b in shown])


FORMS = {
    "region_bars": (region_bars, region_bars_markup),
    "category_bars": (category_bars, category_bars_markup),
    "donut": (donut, donut_markup),
    "stacked": (stacked, stacked_markup),
    "pyramid": (pyramid, pyramid_markup),
    "trend": (trend_line, trend_markup),
    "time_bars": (time_bars, time_bars_markup),
    "grouped": (grouped, grouped_markup),
    "funnel": (funnel, funnel_markup),
    "target_bars": (target_bars, target_bars_markup),
    "ranking": (ranking, ranking_markup),
}
