"""A chart as data: what it shows, drawn by two renderers.

`Chart` holds everything a reader sees: categories in their order, each series' values (in axis
units), the texts as displayed (18.5人, 64.2%), colours, tooltips, value axes with their units,
target lines, and the rows an export writes. `echarts.option` turns it into an Apache ECharts
option (the pages, through st.echarts_chart); `figure.figure` into a plotly figure (PNG and SVG
exports, the briefing). Neither renderer computes a value or a text of its own.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from cgw.outputs.charts import palette

KINDS = ("bars", "columns", "lines", "donut", "funnel", "pyramid", "gauge", "radar", "heatmap")
SERIES_KINDS = ("bar", "dot", "line", "pie", "funnel", "gauge", "mark", "total")


@dataclass(frozen=True)
class Axis:
    """A value axis. `unit` is written at its end (人, %, 万积分); `integer` keeps head-counts to
    whole-number ticks; `min` set means the axis starts there rather than at 0 (a small spread)."""

    unit: str = ""
    integer: bool = False
    min: float | None = None
    max: float | None = None
    percent: bool = False  # values are percentages: ticks read 40%


@dataclass(frozen=True)
class Series:
    """One series, aligned with the chart's categories (values in axis units, None for none).

    kind: bar, dot (a point on a category, for values whose axis does not start at 0), line,
    pie, funnel, gauge, mark (a target tick per category) or total (a text above a stack)."""

    name: str
    values: tuple[float | None, ...]
    texts: tuple[str, ...]
    colours: tuple[str, ...]
    kind: str = "bar"
    axis: int = 0
    stack: str | None = None
    tips: tuple[str, ...] = ()  # the tooltip of each point; empty: "category：text"
    inside: bool = False  # labels inside the bars (stack segments)
    below: tuple[bool, ...] = ()  # lines: the label of point i sits under it (clear of a target line)
    labels: bool = True

    def tip(self, i: int, category: str, several: bool) -> str:
        if self.tips:
            return self.tips[i]
        return f"{self.name} · {category}：{self.texts[i]}" if several else f"{category}：{self.texts[i]}"


@dataclass(frozen=True)
class Target:
    """A reference line across the plot (国家标准 18人), labelled outside the data."""

    value: float  # in axis units
    label: str
    axis: int = 0
    colour: str = palette.TARGET


@dataclass(eq=False)
class Chart:
    """kind: bars (horizontal, first category on top), columns (vertical), lines, donut, funnel,
    pyramid (series 0 to the left, series 1 to the right; with two axes each side has its own),
    gauge (a ring with one value), radar (categories are the spokes, one closed line per series;
    a "mark" series is a dashed reference ring) or heatmap (categories across, one row per series,
    each cell coloured by the builder)."""

    kind: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    title: str = ""
    keys: tuple[str, ...] = ()  # one per category: what a click drills into (region ids)
    axes: tuple[Axis, ...] = (Axis(),)
    targets: tuple[Target, ...] = ()
    column: tuple[str, ...] = ()  # bars: a text per category in a column right of the plot
    drill: bool = False
    zoom: bool = False  # a zoom slider under a long time axis
    centre: str = ""  # donut and gauge: the text in the middle
    rows: Callable[[], pd.DataFrame] | None = None  # makes what an export writes, in the chart's order

    @functools.cached_property
    def table(self) -> pd.DataFrame:
        """The export rows (built on first use: most charts are never exported)."""
        return self.rows() if self.rows is not None else pd.DataFrame()

    def __post_init__(self) -> None:
        assert self.kind in KINDS, self.kind
        n = len(self.categories)
        for s in self.series:
            assert s.kind in SERIES_KINDS, s.kind
            assert len(s.values) == len(s.texts) == len(s.colours) == n, (s.name, n)
            assert not s.tips or len(s.tips) == n, s.name
        assert not self.keys or len(self.keys) == n
        assert not self.column or len(self.column) == n

    @property
    def legend(self) -> bool:
        """Several named series (or the parts of a ring): a legend that toggles them."""
        shown = [s for s in self.series if s.kind not in ("mark", "total")]
        if self.kind == "heatmap":
            return False
        return self.kind in ("donut",) or len(shown) > 1 or any(s.kind == "mark" for s in self.series)

    @property
    def height(self) -> int:
        """Pixels on a page (the big screen scales them)."""
        n = len(self.categories)
        if self.kind == "bars":
            return 56 + 30 * max(n, 2) + (26 if self.legend else 0) + (22 if self.targets else 0)
        if self.kind == "pyramid":
            return 70 + 34 * n
        if self.kind == "funnel":
            return 40 + 52 * n
        if self.kind == "gauge":
            return 220
        if self.kind == "radar":
            return 380
        if self.kind == "heatmap":
            return 90 + 44 * len(self.series)
        if self.kind == "donut":
            return 320
        return 300 + (30 if self.zoom else 0)


# --- axes --------------------------------------------------------------------------------------


def nice_step(span: float, count: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about `count` steps over `span`."""
    raw = max(span, 1e-9) / count
    mag = 10 ** math.floor(math.log10(raw))
    return next(s * mag for s in (1, 2, 2.5, 5, 10) if s * mag >= raw)


def small_spread(values: list[float]) -> bool:
    """Positive values within 12% of the largest: drawn from 0 they all look alike."""
    if len(values) < 2 or min(values) <= 0:
        return False
    return max(values) - min(values) < 0.12 * max(values)


def offset_max(values: list[float]) -> float:
    """A round axis end above `values` with room for the highest dot."""
    lo, hi = min(values), max(values)
    span = max(hi - lo, 0.05 * hi, 1e-9)
    step = nice_step(span, 3)
    return math.ceil((hi + 0.25 * span) / step) * step


def offset_min(values: list[float]) -> float:
    """A round axis start below `values` that leaves them room to differ (never below 0)."""
    lo, hi = min(values), max(values)
    span = max(hi - lo, 0.05 * hi, 1e-9)
    step = nice_step(span, 3)
    return max(0.0, math.floor((lo - 0.6 * span) / step) * step)
