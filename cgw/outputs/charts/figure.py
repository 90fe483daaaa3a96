"""A `spec.Chart` as a plotly figure: the PNG and SVG exports (kaleido) and the briefing.

The same categories, order, colours, texts, tooltips, axes and target lines as the ECharts form
(cgw/outputs/charts/echarts.py), on a white page.
"""

from __future__ import annotations

import plotly.graph_objects as go

from cgw.outputs.charts.echarts import text_colour, text_px
from cgw.outputs.charts.spec import Axis, Chart, Series, Target

FONT_FAMILY = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'
INK = "#1F2329"
TRACK = "#E6E9EF"


def _axis(a: Axis, top: float, size: int) -> dict:
    out: dict = {"title": {"text": a.unit, "font": {"size": size - 1}}, "zeroline": False, "showgrid": True,
                 "gridcolor": "#E9ECF1", "tickfont": {"size": size - 1}, "separatethousands": True,
                 "exponentformat": "none"}
    low = a.min if a.min is not None else 0.0
    high = a.max if a.max is not None else max(top * 1.1, low + 1e-9) or 1.0
    out["range"] = [low, high]
    if a.integer:
        out["tickformat"] = ",d"
        if high - low <= 8:
            out["dtick"] = 1
    if a.percent:
        out["ticksuffix"] = "%"
    return out


def _top(chart: Chart, axis: int = 0) -> float:
    values = [v for s in chart.series if s.axis == axis and s.kind != "total" for v in s.values if v is not None]
    if any(s.stack for s in chart.series):
        sums = [sum(s.values[i] or 0 for s in chart.series if s.stack and s.axis == axis)
                for i in range(len(chart.categories))]
        values += sums
    values += [t.value for t in chart.targets if t.axis == axis]
    return max(values + [0.0])


def _hover(s: Series, chart: Chart) -> list[str]:
    several = len([x for x in chart.series if x.kind not in ("mark", "total")]) > 1
    return [s.tip(i, c, several) for i, c in enumerate(chart.categories)]


def _target_traces(fig: go.Figure, targets: tuple[Target, ...], *, horizontal: bool, size: int) -> None:
    """Dashed reference lines: one labelled at its end outside the plot, several in the legend."""
    inline = len(targets) == 1
    for t in targets:
        if horizontal:
            fig.add_shape(type="line", x0=t.value, x1=t.value, y0=0, y1=1, yref="paper", xref="x",
                          line={"dash": "dash", "color": t.colour, "width": 2}, layer="below")
        else:
            yref = "y" if t.axis == 0 else "y2"
            fig.add_shape(type="line", y0=t.value, y1=t.value, x0=0, x1=1, xref="paper", yref=yref,
                          line={"dash": "dash", "color": t.colour, "width": 2})
        if inline:
            if horizontal:
                fig.add_annotation(x=t.value, y=1, xref="x", yref="paper", yanchor="bottom", showarrow=False,
                                   text=t.label, font={"color": t.colour, "size": size - 1})
            else:
                fig.add_annotation(x=1, y=t.value, xref="paper", yref="y" if t.axis == 0 else "y2", xanchor="left",
                                   showarrow=False, text=t.label, font={"color": t.colour, "size": size - 1})
        else:
            fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=t.label, hoverinfo="skip",
                                     line={"dash": "dash", "color": t.colour, "width": 2}))


def _bars(fig: go.Figure, chart: Chart, size: int) -> dict:
    cats = list(chart.categories)
    for s in chart.series:
        hover = _hover(s, chart)
        common = {"y": cats, "x": list(s.values), "name": s.name, "customdata": hover,
                  "hovertemplate": "%{customdata}<extra></extra>", "showlegend": chart.legend}
        if s.kind == "bar":
            fig.add_trace(go.Bar(orientation="h", marker_color=list(s.colours), **common,
                                 text=list(s.texts) if s.inside else None, textposition="inside" if s.inside else None,
                                 insidetextanchor="middle", textangle=0,
                                 insidetextfont={"color": [text_colour(c) for c in s.colours]}))
        elif s.kind == "dot":
            fig.add_trace(go.Scatter(mode="markers", marker={"color": list(s.colours), "size": 13}, **common))
        elif s.kind == "mark":
            fig.add_trace(go.Scatter(mode="markers", **common,
                                     marker={"symbol": "line-ns", "size": 26, "line": {"width": 4, "color": s.colours[0]}}))
    right = 12
    if chart.column:
        for c, text in zip(cats, chart.column):
            fig.add_annotation(x=1, y=c, xref="paper", yref="y", xanchor="left", showarrow=False, text=f" {text}",
                               font={"size": size})
        right += max(text_px(t, size) for t in chart.column) + 8
    _target_traces(fig, chart.targets, horizontal=True, size=size)
    bars = [s for s in chart.series if s.kind == "bar"]
    return {"barmode": "stack" if any(s.stack for s in chart.series) else ("group" if len(bars) > 1 else "overlay"),
            "xaxis": _axis(chart.axes[0], _top(chart), size),
            "yaxis": {"autorange": "reversed", "type": "category", "tickfont": {"size": size},
                      "showgrid": any(s.kind == "dot" for s in chart.series)},
            "margin": {"l": 8, "r": right, "t": 40 if chart.targets or chart.legend else 16, "b": 8}}


def _columns(fig: go.Figure, chart: Chart, size: int, lines: bool) -> dict:
    cats = list(chart.categories)
    for s in chart.series:
        yaxis = "y" if s.axis == 0 else "y2"
        hover = _hover(s, chart)
        common = {"x": cats, "y": list(s.values), "name": s.name, "yaxis": yaxis, "customdata": hover,
                  "hovertemplate": "%{customdata}<extra></extra>"}
        if s.kind == "line":
            positions = ["bottom center" if s.below and s.below[i] else "top center" for i in range(len(cats))]
            fig.add_trace(go.Scatter(mode="lines+markers+text" if s.labels else "lines+markers", text=list(s.texts),
                                     textposition=positions, line={"width": 3, "color": s.colours[0]},
                                     marker={"size": 8, "color": s.colours[0]}, cliponaxis=False, **common))
        elif s.kind == "total":
            fig.add_trace(go.Scatter(mode="text", text=list(s.texts), textposition="top center", showlegend=False,
                                     hoverinfo="skip", textfont={"size": size}, x=cats, y=list(s.values), yaxis=yaxis))
        else:
            fig.add_trace(go.Bar(marker_color=list(s.colours), text=list(s.texts) if s.labels else None,
                                 textposition="inside" if s.inside else "outside", cliponaxis=False, textangle=0,
                                 insidetextfont={"color": [text_colour(c) for c in s.colours]}, **common))
    _target_traces(fig, chart.targets, horizontal=False, size=size)
    layout = {"barmode": "stack" if any(s.stack for s in chart.series) else "group",
              "xaxis": {"type": "category", "tickfont": {"size": size}},
              "yaxis": _axis(chart.axes[0], _top(chart, 0) * 1.08, size)}
    if len(chart.axes) > 1:
        layout["yaxis2"] = {**_axis(chart.axes[1], _top(chart, 1) * 1.08, size), "overlaying": "y", "side": "right",
                            "showgrid": False}
    right = 12 + (text_px(chart.targets[0].label, size) if len(chart.targets) == 1 else 0)
    layout["margin"] = {"l": 8, "r": right + (40 if len(chart.axes) > 1 else 0), "t": 40, "b": 8}
    return layout


def _donut(fig: go.Figure, chart: Chart, size: int) -> dict:
    s = chart.series[0]
    fig.add_trace(go.Pie(labels=list(chart.categories), values=list(s.values), hole=0.55, sort=False,
                         direction="clockwise", marker={"colors": list(s.colours)},
                         text=[f"{c}<br>{t}" for c, t in zip(chart.categories, s.texts)], textinfo="text",
                         textposition="outside", customdata=_hover(s, chart),
                         hovertemplate="%{customdata}<extra></extra>"))
    if chart.centre:
        fig.add_annotation(text=f"<b>{chart.centre}</b>", showarrow=False, font={"size": size + 6})
    return {"margin": {"l": 8, "r": 8, "t": 40, "b": 8}}


def _funnel(fig: go.Figure, chart: Chart, size: int) -> dict:
    s = chart.series[0]
    fig.add_trace(go.Funnel(y=list(chart.categories), x=list(s.values), text=list(s.texts), textinfo="text",
                            marker={"color": list(s.colours)}, textfont={"color": [text_colour(c) for c in s.colours]},
                            customdata=_hover(s, chart), hovertemplate="%{customdata}<extra></extra>",
                            connector={"line": {"width": 0}}))
    return {"showlegend": False, "margin": {"l": 8, "r": 8, "t": 16, "b": 8}}


def _pyramid(fig: go.Figure, chart: Chart, size: int) -> dict:
    cats = list(chart.categories)
    top = max([v for s in chart.series for v in s.values if v is not None] + [1.0])
    for sign, s in zip((-1, 1), chart.series[:2]):
        fig.add_trace(go.Bar(orientation="h", y=cats, x=[sign * (v or 0) for v in s.values], name=s.name,
                             marker_color=list(s.colours), text=list(s.texts), textposition="outside",
                             cliponaxis=False, customdata=_hover(s, chart),
                             hovertemplate="%{customdata}<extra></extra>"))
    from cgw.outputs.charts.spec import nice_step

    step = nice_step(top, 3)
    ticks = [i * step for i in range(-int(top / step) - 1, int(top / step) + 2)]
    reach = top * 1.45
    return {"barmode": "overlay", "bargap": 0.15,
            "xaxis": {"tickvals": ticks, "ticktext": [f"{abs(t):,.0f}" for t in ticks], "range": [-reach, reach]},
            "yaxis": {"autorange": "reversed", "type": "category"}, "margin": {"l": 8, "r": 8, "t": 40, "b": 8}}


def _gauge(fig: go.Figure, chart: Chart, size: int) -> dict:
    s = chart.series[0]
    v = max(0.0, min(100.0, s.values[0] or 0.0))
    fig.add_trace(go.Pie(values=[v, 100 - v], hole=0.78, sort=False, direction="clockwise", rotation=0,
                         marker={"colors": [s.colours[0], TRACK]}, textinfo="none", hoverinfo="skip"))
    label = chart.targets[0].label if chart.targets else s.name
    fig.add_annotation(text=f"<b>{chart.centre}</b><br><span style='font-size:{size}px'>{label}</span>",
                       showarrow=False, font={"size": size + 14, "color": s.colours[0]})
    return {"showlegend": False, "margin": {"l": 8, "r": 8, "t": 16, "b": 8}}


def _radar(fig: go.Figure, chart: Chart, size: int) -> dict:
    cats = list(chart.categories)
    for s in chart.series:
        dashed = s.kind == "mark"
        fig.add_trace(go.Scatterpolar(r=[*s.values, s.values[0]], theta=[*cats, cats[0]], name=s.name,
                                      mode="lines" if dashed else "lines+markers",
                                      line={"color": s.colours[0], "width": 2 if dashed else 3,
                                            "dash": "dash" if dashed else "solid"},
                                      fill=None if dashed or s is not chart.series[0] else "toself",
                                      customdata=[*_hover(s, chart), ""], hovertemplate="%{customdata}<extra></extra>"))
    axis = chart.axes[0]
    return {"polar": {"radialaxis": {"range": [axis.min or 0, axis.max], "showticklabels": False},
                      "angularaxis": {"tickfont": {"size": size}}},
            "margin": {"l": 40, "r": 40, "t": 50, "b": 30}}


def _heatmap(fig: go.Figure, chart: Chart, size: int) -> dict:
    rows = [s.name for s in chart.series]
    cats = list(chart.categories)
    for y, s in enumerate(chart.series):
        for x in range(len(cats)):
            fig.add_shape(type="rect", x0=x - 0.5, x1=x + 0.5, y0=y - 0.5, y1=y + 0.5, line={"color": "white", "width": 2},
                          fillcolor=s.colours[x], layer="below")
            fig.add_annotation(x=x, y=y, text=s.texts[x], showarrow=False,
                               font={"size": size - 1, "color": text_colour(s.colours[x])})
    fig.add_trace(go.Scatter(x=[c for _ in rows for c in range(len(cats))], y=[y for y in range(len(rows)) for _ in cats],
                             mode="markers", marker={"opacity": 0}, hoverinfo="skip", showlegend=False))
    return {"xaxis": {"tickvals": list(range(len(cats))), "ticktext": cats, "side": "top", "showgrid": False,
                      "zeroline": False, "range": [-0.5, len(cats) - 0.5]},
            "yaxis": {"tickvals": list(range(len(rows))), "ticktext": rows, "autorange": "reversed", "showgrid": False,
                      "zeroline": False},
            "margin": {"l": 8, "r": 8, "t": 40, "b": 8}}


def figure(chart: Chart, *, width: int | None = None, height: int | None = None, size: int = 13) -> go.Figure:
    """The plotly form of `chart`, `width` × `height` pixels (height: the chart's own)."""
    fig = go.Figure()
    if chart.kind == "bars":
        layout = _bars(fig, chart, size)
    elif chart.kind in ("columns", "lines"):
        layout = _columns(fig, chart, size, chart.kind == "lines")
    elif chart.kind == "donut":
        layout = _donut(fig, chart, size)
    elif chart.kind == "funnel":
        layout = _funnel(fig, chart, size)
    elif chart.kind == "pyramid":
        layout = _pyramid(fig, chart, size)
    elif chart.kind == "radar":
        layout = _radar(fig, chart, size)
    elif chart.kind == "heatmap":
        layout = _heatmap(fig, chart, size)
    else:
        layout = _gauge(fig, chart, size)
    fig.update_layout(
        template="plotly_white", font={"family": FONT_FAMILY, "size": size, "color": INK},
        hoverlabel={"font": {"family": FONT_FAMILY}}, separators=".,", bargap=0.3, dragmode=False,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "title": {"text": ""}},
        showlegend=chart.legend or len(chart.targets) > 1, height=height or chart.height, width=width,
        paper_bgcolor="white", plot_bgcolor="white",
    )  # fmt: skip
    fig.update_layout(**layout)
    return fig
