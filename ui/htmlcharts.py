"""Light charts: region bars and year-by-year trends drawn as plain HTML and CSS (one SVG polyline
for a trend), mounted by a small inline Streamlit component (`ui.charts.show(..., markup=...)`).

Why: plotly's bundle costs about 0.7 s of browser main-thread time to evaluate, which kept the
overview above 2 s in a new tab. These charts need no library, follow the app's light/dark
theme through Streamlit's `--st-*` CSS variables, keep their type size on a phone (nothing is
scaled down with the chart), and a region's bar is a button that drills into it.

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


def hbars(bars: list[Bar], *, ticks: list[tuple[float, str]], scale_max: float, target: Target | None = None,
          drill: bool = False, big: bool = False) -> str:
    """Horizontal bars in the given order (first on top), each with its value after the bar end,
    an optional dashed target line, and the value axis below."""
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
        tip = _e(f"{b.label}：{b.text}")
        hook = f' data-drill="{_e(b.key)}"' if drill else ""
        tag = "button" if drill else "div"
        width = _pct(b.value or 0.0, scale_max)
        rows.append(f'<{tag} class="bar-label" style="grid-row:{i}" title="{tip}"{hook}>{_e(b.label)}</{tag}>')
        rows.append(
            f'<div class="bar-cell" style="grid-row:{i}" title="{tip}"{hook}>'
            f'<span class="bar" style="width:{width};background:{_e(b.colour)}"></span>'
            f'<span class="bar-value" style="left:{width}">{_e(b.text)}</span></div>'
        )
    axis = "".join(f'<span style="left:{_pct(v, scale_max)}">{_e(t)}</span>' for v, t in ticks)
    rows.append(f'<div class="axis" style="grid-row:{n + 2}">{axis}</div>')
    classes = "hbars" + (" big" if big else "") + (" drill" if drill else "")
    return f'<div class="{classes}" style="--room:{room:.1f}em">{"".join(rows)}</div>'


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
    legend = ""
    if len(lines) > 1:
        legend = '<div class="legend">' + "".join(
            f'<span><i style="background:{_e(line.colour)}"></i>{_e(line.name)}</span>' for line in lines) + "</div>"
    width = max((text_em(t) for _, t in ticks), default=1) + 0.6
    return (f'<div class="trend{" big" if big else ""}" style="--y-axis:{width:.1f}em">{legend}'
            f'<div class="plot" style="height:{height_px}px"><div class="y-axis">{y_axis}</div>'
            f'<div class="area">{"".join(parts)}</div></div><div class="x-axis">{x_axis}</div></div>')


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
.trend .legend { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 0 0 8px var(--y-axis); }
.trend .legend i { display: inline-block; width: 18px; height: 3px; margin-right: 6px; vertical-align: middle; }
.trend .plot { display: flex; }
.y-axis { position: relative; width: var(--y-axis); flex: none; opacity: .75; font-size: .92em; }
.y-axis span { position: absolute; right: 8px; transform: translateY(50%); white-space: nowrap; }
.area { position: relative; flex: 1; margin: 1.6em 0 0; border-bottom: 1px solid var(--st-border-color, rgba(128,128,128,.35)); }
.trend .grid-line { left: 0; right: 0; border-top: 1px solid var(--st-border-color, rgba(128,128,128,.25)); opacity: .6; }
.trend .target-line { left: 0; right: 0; border-top: 2px dashed; }
.trend .target-line span { position: absolute; left: 4px; bottom: 2px; white-space: nowrap; }
.area svg { position: absolute; inset: 0; width: 100%; height: 100%; overflow: visible; }
.area polyline { fill: none; stroke-width: 3; vector-effect: non-scaling-stroke; stroke-linejoin: round; }
.dot { position: absolute; width: 9px; height: 9px; border-radius: 50%; transform: translate(-50%, 50%); }
.point-value { position: absolute; transform: translate(-50%, -6px); white-space: nowrap; }
.x-axis { position: relative; height: 1.6em; margin-left: var(--y-axis); opacity: .75; font-size: .92em; }
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
