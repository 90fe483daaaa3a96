"""Light charts: every dashboard chart drawn as plain HTML and CSS (an SVG polyline for trends, a
CSS conic gradient for rings), mounted by a small inline Streamlit component (`webui.charts.show`).

Why: plotly's bundle costs about 0.7 s of browser main-thread time to evaluate and each chart
more to draw, which kept pages opened from a link above 2 s. These charts need no library, follow
the app's light/dark theme through Streamlit's `--st-*` CSS variables, keep their type size on a
phone (nothing is scaled down with the chart), and a region's bar is a button that drills into it.

The builders are pure: they take display-ready values and return HTML with every text escaped.
"""

from __future__ import annotations

import html
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    key: str  # the region id a click drills into
    label: str
    value: float | None
    text: str  # the value as displayed (18.5人)
    colour: str
    mark: float | None = None  # a per-row target, drawn as a tick across the bar
    mark_text: str = ""


@dataclass(frozen=True)
class Segment:
    value: float  # in the chart's scale (a share for 100% bars)
    text: str  # shown inside when it fits ("" for none)
    tip: str
    colour: str
    text_colour: str = "#FFFFFF"


@dataclass(frozen=True)
class Stack:
    label: str
    segments: list[Segment]
    total_text: str = ""  # after the bar (absolute stacks)


@dataclass(frozen=True)
class Part:
    label: str
    value: float
    text: str
    colour: str


@dataclass(frozen=True)
class Line:
    name: str
    values: list[float | None]
    texts: list[str]
    colour: str


@dataclass(frozen=True)
class Target:
    value: float
    label: str  # 国家标准 18人
    colour: str


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _pct(value: float, scale_max: float) -> str:
    return f"{max(0.0, min(100.0, value / scale_max * 100 if scale_max else 0.0)):.2f}%"


def text_em(text: str) -> float:
    """Rough rendered width in em: CJK characters are one em, the rest about 0.6."""
    return sum(1.0 if ord(ch) > 0x2E80 else 0.6 for ch in text)


def legend(items: list[tuple[str, str]]) -> str:
    """Colour swatches with names, above a chart."""
    return '<div class="legend">' + "".join(
        f'<span><i style="background:{_e(colour)}"></i>{_e(name)}</span>' for name, colour in items) + "</div>"


def hbars(bars: list[Bar], *, ticks: list[tuple[float, str]], scale_max: float, target: Target | None = None,
          drill: bool = False, big: bool = False, key: list[tuple[str, str]] | None = None) -> str:
    """Horizontal bars in the given order (first on top), each with its value after the bar end,
    an optional dashed target line (or per-bar target ticks), a legend `key`, and the value axis below."""
    n = len(bars)
    room = max((text_em(b.text) for b in bars), default=2) + 0.8
    rows = []
    overlay = [f'<i class="grid-line" style="left:{_pct(v, scale_max)}"></i>' for v, _ in ticks if v > 0]
    if target is not None:
        left = _pct(target.value, scale_max)
        overlay.append(f'<i class="target-line" style="left:{left};border-color:{_e(target.colour)}"></i>')
        rows.append(f'<div class="target-label" style="grid-row:1"><span style="left:{left};color:{_e(target.colour)}">'
                    f"{_e(target.label)}</span></div>")
    rows.append(f'<div class="overlay" style="grid-row:2 / span {max(n, 1)}" aria-hidden="true">{"".join(overlay)}</div>')
    for i, b in enumerate(bars, start=2):
        tip = _e(f"{b.label}：{b.text}" + (f"（{b.mark_text}）" if b.mark_text else ""))
        hook = f' data-drill="{_e(b.key)}"' if drill else ""
        tag = "button" if drill else "div"
        width = _pct(b.value or 0.0, scale_max)
        mark = "" if b.mark is None else f'<i class="bar-mark" style="left:{_pct(b.mark, scale_max)}"></i>'
        rows.append(f'<{tag} class="bar-label" style="grid-row:{i}" title="{tip}"{hook}>{_e(b.label)}</{tag}>')
        rows.append(
            f'<div class="bar-cell" style="grid-row:{i}" title="{tip}"{hook}>'
            f'<span class="bar" style="width:{width};background:{_e(b.colour)}"></span>{mark}'
            f'<span class="bar-value" style="left:{width}">{_e(b.text)}</span></div>'
        )
    axis = "".join(f'<span style="left:{_pct(v, scale_max)}">{_e(t)}</span>' for v, t in ticks)
    rows.append(f'<div class="axis" style="grid-row:{n + 2}">{axis}</div>')
    classes = "hbars" + (" big" if big else "") + (" drill" if drill else "")
    head = legend(key) if key else ""
    return f'<div class="chart{" big" if big else ""}">{head}<div class="{classes}" style="--room:{room:.1f}em">{"".join(rows)}</div></div>'


def trend(x_labels: list[str], lines: list[Line], *, ticks: list[tuple[float, str]], scale_max: float,
          target: Target | None = None, height_px: int = 240, big: bool = False) -> str:
    """One line per series over evenly spaced categories (years), each point labelled with its
    value; an optional dashed target line; a legend when there is more than one line."""
    n = max(1, len(x_labels))

    def x(i: int) -> float:
        return (i + 0.5) / n * 100

    def y(v: float) -> float:
        return max(0.0, min(100.0, v / scale_max * 100 if scale_max else 0.0))

    parts = [f'<i class="grid-line" style="bottom:{y(v):.2f}%"></i>' for v, _ in ticks if v > 0]
    if target is not None:
        parts.append(f'<i class="target-line" style="bottom:{y(target.value):.2f}%;border-color:{_e(target.colour)}">'
                     f'<span style="color:{_e(target.colour)}">{_e(target.label)}</span></i>')
    svg = []
    for line in lines:
        points = [(x(i), 100 - y(v)) for i, v in enumerate(line.values) if v is not None]
        if len(points) > 1:
            svg.append(f'<polyline points="{" ".join(f"{px:.2f},{py:.2f}" for px, py in points)}" '
                       f'stroke="{_e(line.colour)}"/>')
    parts.append('<svg viewBox="0 0 100 100" preserveAspectRatio="none" aria-hidden="true">' + "".join(svg) + "</svg>")
    for line in lines:
        for i, (v, t, year) in enumerate(zip(line.values, line.texts, x_labels)):
            if v is None:
                continue
            pos = f"left:{x(i):.2f}%;bottom:{y(v):.2f}%"
            tip = _e(f"{line.name} · {year}：{t}")
            parts.append(f'<i class="dot" style="{pos};background:{_e(line.colour)}" title="{tip}"></i>'
                         f'<span class="point-value" style="{pos}">{_e(t)}</span>')
    y_axis = "".join(f'<span style="bottom:{y(v):.2f}%">{_e(t)}</span>' for v, t in ticks)
    x_axis = "".join(f'<span style="left:{x(i):.2f}%">{_e(lab)}</span>' for i, lab in enumerate(x_labels))
    key = legend([(line.name, line.colour) for line in lines]) if len(lines) > 1 else ""
    width = max((text_em(t) for _, t in ticks), default=1) + 0.6
    return (f'<div class="trend{" big" if big else ""}" style="--y-axis:{width:.1f}em">{key}'
            f'<div class="plot" style="height:{height_px}px"><div class="y-axis">{y_axis}</div>'
            f'<div class="area">{"".join(parts)}</div></div><div class="x-axis">{x_axis}</div></div>')


def stacks(rows: list[Stack], *, ticks: list[tuple[float, str]], scale_max: float, key: list[tuple[str, str]],
           big: bool = False) -> str:
    """Horizontal stacked bars (first row on top), segments left to right, with a legend `key`."""
    room = max((text_em(r.total_text) for r in rows), default=0) + (0.8 if any(r.total_text for r in rows) else 0)
    cells = [f'<div class="overlay" style="grid-row:1 / span {max(len(rows), 1)}" aria-hidden="true">'
             + "".join(f'<i class="grid-line" style="left:{_pct(v, scale_max)}"></i>' for v, _ in ticks if v > 0)
             + "</div>"]
    for i, row in enumerate(rows, start=1):
        segs = "".join(
            f'<span class="seg" style="width:{_pct(g.value, scale_max)};background:{_e(g.colour)};'
            f'color:{_e(g.text_colour)}" title="{_e(g.tip)}">{_e(g.text)}</span>' for g in row.segments)
        total = sum(g.value for g in row.segments)
        cells.append(f'<div class="bar-label" style="grid-row:{i}" title="{_e(row.label)}">{_e(row.label)}</div>')
        cells.append(f'<div class="stack-cell" style="grid-row:{i}"><span class="stack">{segs}</span>'
                     + (f'<span class="bar-value" style="left:{_pct(total, scale_max)}"><b>{_e(row.total_text)}</b></span>'
                        if row.total_text else "") + "</div>")
    axis = "".join(f'<span style="left:{_pct(v, scale_max)}">{_e(t)}</span>' for v, t in ticks)
    cells.append(f'<div class="axis" style="grid-row:{len(rows) + 1}">{axis}</div>')
    return (f'<div class="chart{" big" if big else ""}">{legend(key)}<div class="hbars stacks" style="--room:{room:.1f}em">'
            f'{"".join(cells)}</div></div>')


def columns(x_labels: list[str], series: list[Line], *, ticks: list[tuple[float, str]], scale_max: float,
            stacked: bool = False, totals: list[str] | None = None, height_px: int = 240, big: bool = False) -> str:
    """Vertical bars per category: the series side by side, or `stacked` with `totals` on top.
    Each series' `values` and `texts` follow `x_labels`."""
    n = max(1, len(x_labels))
    # Side-by-side bars get their numbers only while they have room; otherwise in the tooltips.
    text_on_bars = stacked or len(series) == 1 and n <= 16 or n * len(series) <= 8

    def h(v: float | None) -> str:
        return _pct(v or 0.0, scale_max)

    groups = []
    for i, x in enumerate(x_labels):
        bars = []
        total = sum(line.values[i] or 0.0 for line in series)
        for line in series:
            v, t = line.values[i], line.texts[i]
            tip = _e(f"{line.name} · {x}：{t}" if len(series) > 1 else f"{x}：{t}")
            label = f'<span class="col-value">{_e(t)}</span>' if text_on_bars and not stacked and v else ""
            height = _pct(v or 0.0, total) if stacked else h(v)  # a segment's share of its stack
            bars.append(f'<span class="col" style="height:{height};background:{_e(line.colour)}" title="{tip}">'
                        f"{label}</span>")
        if stacked:
            top = f'<span class="col-value">{_e(totals[i])}</span>' if totals else ""
            inner = f'<span class="col-stack" style="height:{h(total)}">{top}{"".join(bars)}</span>'
        else:
            inner = "".join(bars)
        # Each category's slot keeps 15% free on either side, so neighbouring groups stand apart.
        groups.append(f'<div class="col-group" style="left:{(i + 0.15) / n * 100:.2f}%;width:{70 / n:.2f}%">'
                      f"{inner}</div>")
    grid = "".join(f'<i class="grid-line" style="bottom:{h(v)}"></i>' for v, _ in ticks if v > 0)
    y_axis = "".join(f'<span style="bottom:{h(v)}">{_e(t)}</span>' for v, t in ticks)
    x_axis = "".join(f'<span style="left:{(i + 0.5) / n * 100:.2f}%">{_e(x)}</span>' for i, x in enumerate(x_labels))
    width = max((text_em(t) for _, t in ticks), default=1) + 0.6
    head = legend([(line.name, line.colour) for line in series]) if len(series) > 1 else ""
    crowded = " crowded" if n * (1 if stacked else len(series)) > 6 else ""
    return (f'<div class="chart columns{crowded}{" big" if big else ""}" style="--y-axis:{width:.1f}em">{head}'
            f'<div class="plot" style="height:{height_px}px"><div class="y-axis">{y_axis}</div>'
            f'<div class="area">{grid}{"".join(groups)}</div></div><div class="x-axis">{x_axis}</div></div>')


def donut(parts: list[Part], *, centre: str | None = None, big: bool = False) -> str:
    """Parts of a whole as a ring (a CSS conic gradient) with a legend giving each part's value and share."""
    total = sum(p.value for p in parts) or 1.0
    stops, start = [], 0.0
    for p in parts:
        end = start + p.value / total * 100
        stops.append(f"{_e(p.colour)} {start:.2f}% {end:.2f}%")
        start = end
    items = "".join(
        f'<li title="{_e(f"{p.label}：{p.text}（{p.value / total:.1%}）")}">'
        f'<span class="part-label"><i style="background:{_e(p.colour)}"></i>{_e(p.label)}</span>'
        f'<span class="part-value">{_e(p.text)}</span>'
        f'<span class="part-share">{p.value / total:.0%}</span></li>' for p in parts)
    hole = f'<div class="hole">{_e(centre)}</div>' if centre else '<div class="hole"></div>'
    summary = "；".join(f"{p.label} {p.text}（{p.value / total:.0%}）" for p in parts)
    return (f'<div class="chart donut-chart{" big" if big else ""}"><div class="donut" role="img" aria-label="{_e(summary)}" '
            f'style="background:conic-gradient({", ".join(stops)})">{hole}</div><ul class="parts">{items}</ul></div>')


def pyramid(labels: list[str], left: Line, right: Line, *, ticks: list[tuple[float, str]], scale_max: float,
            big: bool = False) -> str:
    """Two-sided bars: `left` grows leftwards, `right` rightwards, one row per label (first on top)."""
    room = max((text_em(t) for t in left.texts + right.texts), default=2) + 0.8
    cells = []
    for i, lab in enumerate(labels, start=1):
        for side, line in (("left", left), ("right", right)):
            v, t = line.values[i - 1], line.texts[i - 1]
            w = _pct(v or 0.0, scale_max)
            cells.append(f'<div class="pyr-cell {side}" style="grid-row:{i}" title="{_e(f"{line.name} · {lab}：{t}")}">'
                         f'<span class="bar" style="width:{w};background:{_e(line.colour)}"></span>'
                         f'<span class="bar-value" style="--at:{w}">{_e(t)}</span></div>')
        cells.append(f'<div class="pyr-label" style="grid-row:{i}">{_e(lab)}</div>')
    n = len(labels) + 1
    cells.append(f'<div class="axis left" style="grid-row:{n}">'
                 + "".join(f'<span style="right:{_pct(v, scale_max)}">{_e(t)}</span>' for v, t in ticks) + "</div>")
    cells.append(f'<div class="axis right" style="grid-row:{n}">'
                 + "".join(f'<span style="left:{_pct(v, scale_max)}">{_e(t)}</span>' for v, t in ticks) + "</div>")
    return (f'<div class="chart{" big" if big else ""}">{legend([(left.name, left.colour), (right.name, right.colour)])}'
            f'<div class="pyramid" style="--room:{room:.1f}em">{"".join(cells)}</div></div>')


# Shadow-DOM styles for the component. Colours of text, grid and background follow the theme.
CSS = """
:host { display: block; }
i { font-style: normal; }
.hbars, .trend { font-family: var(--st-font, sans-serif); color: var(--st-text-color, #1F2329); font-size: 14px;
  line-height: 1.25; }
.big { font-size: 19px; }
.hbars { display: grid; grid-template-columns: minmax(3em, max-content) minmax(6em, 1fr) var(--room);
  column-gap: 8px; grid-auto-rows: 30px; padding: 4px 4px 2px 0; }
.hbars.big { grid-auto-rows: 40px; }
.hbars > * { grid-column: 2; min-width: 0; }
.hbars > .bar-label { grid-column: 1; all: unset; grid-column: 1; text-align: right; align-self: center;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 14em; }
.bar-cell { position: relative; z-index: 1; }
.bar { position: absolute; left: 0; top: 15%; height: 70%; border-radius: 0 3px 3px 0; }
.bar-value { position: absolute; top: 50%; transform: translateY(-50%); padding-left: 6px; white-space: nowrap; }
.drill [data-drill] { cursor: pointer; }
.drill .bar-cell:hover .bar, .drill .bar-cell:focus-visible .bar { filter: brightness(1.15); }
.drill .bar-label:hover, .drill .bar-label:focus-visible { text-decoration: underline; }
.overlay { position: relative; }
.grid-line, .target-line { position: absolute; display: block; }
.hbars .grid-line { top: 0; bottom: 0; border-left: 1px solid var(--st-border-color, rgba(128,128,128,.25));
  opacity: .6; }
.hbars .target-line { top: -4px; bottom: 0; border-left: 2px dashed; }
.target-label { position: relative; }
.target-label span { position: absolute; bottom: 4px; transform: translateX(-50%); white-space: nowrap; }
.axis { position: relative; opacity: .75; font-size: .92em; }
.axis span, .x-axis span { position: absolute; top: 4px; transform: translateX(-50%); white-space: nowrap; }
.trend .legend, .chart.columns > .legend { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 0 0 8px var(--y-axis); }
.plot { display: flex; }
.y-axis { position: relative; width: var(--y-axis); flex: none; opacity: .75; font-size: .92em; }
.y-axis span { position: absolute; right: 8px; transform: translateY(50%); white-space: nowrap; }
.area { position: relative; flex: 1; margin: 1.6em 0 0; border-bottom: 1px solid var(--st-border-color, rgba(128,128,128,.35)); }
.area .grid-line { left: 0; right: 0; border-top: 1px solid var(--st-border-color, rgba(128,128,128,.25)); opacity: .6; }
.area .target-line { left: 0; right: 0; border-top: 2px dashed; }
.area .target-line span { position: absolute; left: 4px; bottom: 2px; white-space: nowrap; }
.area svg { position: absolute; inset: 0; width: 100%; height: 100%; overflow: visible; }
.area polyline { fill: none; stroke-width: 3; vector-effect: non-scaling-stroke; stroke-linejoin: round; }
.dot { position: absolute; width: 9px; height: 9px; border-radius: 50%; transform: translate(-50%, 50%); }
.point-value { position: absolute; transform: translate(-50%, -6px); white-space: nowrap; }
.x-axis { position: relative; height: 1.6em; margin-left: var(--y-axis); opacity: .75; font-size: .92em; }
.chart { font-family: var(--st-font, sans-serif); color: var(--st-text-color, #1F2329); font-size: 14px;
  line-height: 1.25; }
.chart.big { font-size: 19px; }
.chart > .legend { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 0 0 8px; }
.legend i { display: inline-block; width: 12px; height: 12px; margin-right: 6px; vertical-align: -1px; border-radius: 2px; }
.trend .legend i { width: 18px; height: 3px; vertical-align: middle; border-radius: 0; }
.bar-mark { position: absolute; top: 0; bottom: 0; width: 0; margin-left: -2px; border-left: 4px solid #7F7F7F; }
.stack-cell { position: relative; }
.stack { position: absolute; left: 0; top: 15%; height: 70%; width: 100%; display: flex; }
.seg { flex: none; height: 100%; overflow: hidden; white-space: nowrap; text-align: center; font-size: .9em;
  line-height: 1; display: flex; align-items: center; justify-content: center; }
.col-group { position: absolute; top: 0; bottom: 0; display: flex; align-items: flex-end; justify-content: center;
  gap: 3px; }
.col { position: relative; flex: 1; max-width: 64px; border-radius: 3px 3px 0 0; }
.col-value { position: absolute; bottom: 100%; left: 50%; transform: translateX(-50%); padding-bottom: 2px;
  white-space: nowrap; font-size: .9em; }
.columns { container-type: inline-size; }
@container (max-width: 520px) { .crowded .col-value { display: none; } }  /* a phone: numbers in the tooltips */
.col-stack { position: relative; flex: 1; max-width: 72px; display: flex; flex-direction: column-reverse; }
.col-stack .col { flex: none; max-width: none; border-radius: 0; }
.donut-chart { display: flex; flex-wrap: wrap; align-items: center; gap: 16px 28px; padding: 4px 0 8px; }
.donut { position: relative; width: 190px; height: 190px; border-radius: 50%; flex: none; }
.big .donut { width: 250px; height: 250px; }
.hole { position: absolute; inset: 24%; border-radius: 50%; background: var(--st-background-color, #FFFFFF);
  display: flex; align-items: center; justify-content: center; text-align: center; font-size: 1.1em; }
.parts { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: auto auto auto; gap: 6px 14px;
  align-items: center; }
.parts li { display: contents; }
.parts i { display: inline-block; width: 12px; height: 12px; margin-right: 8px; border-radius: 2px; }
.part-value, .part-share { text-align: right; white-space: nowrap; }
.part-share { opacity: .75; }
.pyramid { display: grid; grid-template-columns: var(--room) minmax(4em, 1fr) max-content minmax(4em, 1fr) var(--room);
  grid-auto-rows: 34px; column-gap: 0; }
.big .pyramid { grid-auto-rows: 44px; }
.pyr-cell { position: relative; }
.pyr-cell.left { grid-column: 2; }
.pyr-cell.right { grid-column: 4; }
.pyr-cell .bar { top: 12%; height: 76%; border-radius: 0; }
.pyr-cell.left .bar { left: auto; right: 0; }
.pyr-cell.left .bar-value { right: var(--at); padding: 0 6px 0 0; }
.pyr-cell.right .bar-value { left: var(--at); }
.pyr-label { grid-column: 3; align-self: center; text-align: center; padding: 0 10px; white-space: nowrap; }
.pyramid .axis.left { grid-column: 2; }
.pyramid .axis.right { grid-column: 4; }
.pyramid .axis.left span { transform: translateX(50%); }
"""

# Re-renders replace the markup; a click on anything carrying data-drill reports that region.
JS = """
export default function ({ parentElement, data, setTriggerValue }) {
  const root = parentElement.querySelector(".light-chart");
  if (root.__markup !== data.markup) {
    root.innerHTML = data.markup;
    root.__markup = data.markup;
  }
  root.onclick = (event) => {
    const hit = event.target.closest("[data-drill]");
    if (hit) setTriggerValue("drill", hit.dataset.drill);
  };
}
"""

HTML = '<div class="light-chart"></div>'
