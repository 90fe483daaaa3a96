"""A `spec.Chart` as an Apache ECharts option (drawn on the pages by st.echarts_chart).

Plain JSON only (st.echarts_chart takes no JavaScript): every text is a literal written by the
builders, set per data item (label and tooltip), so tooltips carry units and labels read as the
KPI cards do. Colours of text, grid and background come from Streamlit's theme (light or dark);
the big screen gets larger type.
"""

from __future__ import annotations

from cgw.outputs.charts import palette
from cgw.outputs.charts.labels import tr
from cgw.outputs.charts.spec import Axis, Chart, Series, Target

EMPTY = "-"  # ECharts' empty value


def text_px(text: str, size: float) -> float:
    """Rough rendered width: CJK characters one em, the rest about 0.6."""
    return sum(size if ord(ch) > 0x2E80 else 0.6 * size for ch in text)


def text_colour(hex_colour: str) -> str:
    """Dark text on light fills, white on dark ones."""
    h = hex_colour.lstrip("#")
    if len(h) != 6:
        return "#FFFFFF"
    r, g, b = (int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return "#1F2329" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.55 else "#FFFFFF"


class _Style:
    def __init__(self, big: bool):
        self.big = big
        self.font = 19 if big else 13  # axis and legend text
        self.label = 20 if big else 13  # value labels
        self.bar = 36 if big else 24  # bar thickness cap


def _value(v: float | None):
    return EMPTY if v is None else v


def _value_axis(a: Axis, st: _Style, *, position: str | None = None, grid: int | None = None,
                split: bool = True, inverse: bool = False) -> dict:
    # A percent axis says % on every tick: its name would only repeat it, cut off at the plot's edge.
    axis: dict = {"type": "value", "name": "" if a.percent else a.unit, "nameTextStyle": {"fontSize": st.font},
                  "axisLabel": {"fontSize": st.font}, "splitLine": {"show": split}}
    axis["min"] = a.min if a.min is not None else 0
    if a.max is not None:
        axis["max"] = a.max
    if a.integer:
        axis["minInterval"] = 1
    if a.percent:
        axis["axisLabel"]["formatter"] = "{value}%"
    elif a.unit.startswith("万"):  # values in 万: every tick says so (0.5万), not just the axis name
        axis["axisLabel"]["formatter"] = "{value}万"
    if position:
        axis["position"] = position
    if grid is not None:
        axis["gridIndex"] = grid
    if inverse:
        axis["inverse"] = True
    return axis


def _item(s: Series, i: int, chart: Chart, st: _Style, *, label_position: str | None = None) -> dict:
    several = len([x for x in chart.series if x.kind not in ("mark", "total")]) > 1
    item: dict = {"value": _value(s.values[i]), "itemStyle": {"color": s.colours[i]},
                  "tooltip": {"formatter": s.tip(i, chart.categories[i], several)}}
    text = s.texts[i]
    if s.inside:
        item["label"] = {"show": bool(text), "formatter": text, "position": "inside", "fontSize": st.label - 1,
                         "color": text_colour(s.colours[i])}
    elif label_position and s.labels and s.values[i] is not None:
        item["label"] = {"show": True, "formatter": text, "position": label_position, "fontSize": st.label}
    return item


def _series(s: Series, chart: Chart, st: _Style, *, horizontal: bool, label_position: str | None) -> dict:
    """A bar, dot, mark, line or total series on a category axis."""
    out: dict = {"name": s.name, "data": [_item(s, i, chart, st, label_position=label_position)
                                          for i in range(len(chart.categories))]}
    axis_key = "xAxisIndex" if horizontal else "yAxisIndex"
    out[axis_key] = s.axis
    if len(set(s.colours)) == 1:  # the legend's swatch
        out["itemStyle"] = {"color": s.colours[0]}
    if s.kind == "bar":
        out.update(type="bar", barMaxWidth=st.bar, labelLayout={"hideOverlap": True})
        if s.stack:
            out["stack"] = s.stack
    elif s.kind == "dot":
        out.update(type="scatter", symbolSize=18 if st.big else 13)
    elif s.kind == "mark":
        out.update(type="scatter", symbol="rect", symbolSize=[5, 30] if horizontal else [30, 5], z=5)
        if not horizontal:
            out["symbolSize"] = [30, 5]
    elif s.kind == "line":
        out.update(type="line", symbol="circle", symbolSize=10 if st.big else 8, labelLayout={"hideOverlap": True},
                   lineStyle={"width": 4 if st.big else 3, "color": s.colours[0]}, itemStyle={"color": s.colours[0]})
        for i, item in enumerate(out["data"]):
            if "label" in item and s.below:
                item["label"]["position"] = "bottom" if s.below[i] else "top"
    elif s.kind == "total":  # a text above each stack
        out.update(type="scatter", symbolSize=1, silent=True, tooltip={"show": False})
        out["data"] = [{"value": _value(v), "itemStyle": {"opacity": 0},
                        "label": {"show": bool(text), "formatter": text, "position": "top", "fontSize": st.label,
                                  "fontWeight": "bold"}} for v, text in zip(s.values, s.texts)]
    return out


def _mark_lines(targets: tuple[Target, ...], st: _Style, *, horizontal: bool) -> list[dict]:
    """Reference lines, each labelled outside the data: one line at its end (above the plot for
    bars, right of it for columns and lines); several in the legend, so labels never stack up or
    sit on a value label."""
    inline = len(targets) == 1
    out = []
    for t in targets:
        label = {"formatter": t.label, "color": t.colour, "fontSize": st.font, "position": "start" if horizontal else "end"}
        out.append({
            "name": t.label, "type": "line", "data": [], "silent": True,
            "itemStyle": {"color": t.colour}, "lineStyle": {"type": "dashed", "color": t.colour},
            "markLine": {
                "symbol": "none", "silent": True, "lineStyle": {"type": "dashed", "color": t.colour, "width": 2},
                "label": label if inline else {"show": False},
                "data": [{"xAxis" if horizontal else "yAxis": t.value}],
            },
            ("xAxisIndex" if horizontal else "yAxisIndex"): t.axis,
        })  # fmt: skip
    return out


def _target_legend(targets: tuple[Target, ...]) -> list[str]:
    return [t.label for t in targets] if len(targets) > 1 else []


def _in_legend(s: Series) -> bool:
    """A series of one colour has a legend entry (its swatch is that colour); bars coloured per
    category (grades against 1:3:6) explain themselves by their labels."""
    return s.kind != "total" and len(set(s.colours)) == 1


def _legend(names: list[str], st: _Style) -> dict:
    """Every entry visible (it wraps; no page arrows), each toggles its series."""
    return {"data": names, "top": 0, "left": 0, "type": "plain", "textStyle": {"fontSize": st.font},
            "itemGap": 14}


def legend_px(names: list[str], st: _Style) -> int:
    """The legend's height: its entries wrap over a chart about 520 px wide (880 on the wall)."""
    if not names:
        return 0
    width = 880 if st.big else 520
    rows, used = 1, 0.0
    for name in names:
        need = text_px(name, st.font) + 25 + 14
        if used + need > width and used:
            rows, used = rows + 1, 0.0
        used += need
    return rows * (st.font + 12) + 6


def _bars(chart: Chart, st: _Style) -> dict:
    """Horizontal bars, first category on top; texts in a column right of the plot."""
    dots = any(s.kind == "dot" for s in chart.series)
    y = [{"type": "category", "data": list(chart.categories), "inverse": True, "axisTick": {"show": False},
          "axisLabel": {"fontSize": st.font}, "splitLine": {"show": dots, "lineStyle": {"type": "dotted"}}}]
    if chart.column:
        y.append({"type": "category", "data": list(chart.column), "inverse": True, "position": "right",
                  "axisLine": {"show": False}, "axisTick": {"show": False},
                  "axisLabel": {"fontSize": st.label, "fontWeight": "bold" if st.big else "normal"}})
    series = [_series(s, chart, st, horizontal=True, label_position=None) for s in chart.series]
    if chart.drill and series:
        series[0]["selectedMode"] = "single"
        series[0]["cursor"] = "pointer"
    legend_names = [s.name for s in chart.series if _in_legend(s)] if chart.legend else []
    legend_names += _target_legend(chart.targets)
    top = (36 if len(chart.targets) == 1 else 30) + legend_px(legend_names, st)  # clear of the toolbox
    x = _value_axis(chart.axes[0], st)
    if chart.column:  # the texts at the right carry the unit
        x["name"] = ""
    # Without a value column the axis' last label ("100%") needs room at the right edge.
    return {"grid": {"left": 4, "right": 8 if chart.column else 22, "top": top, "bottom": 4, "containLabel": True},
            "xAxis": [x], "yAxis": y,
            "series": series + _mark_lines(chart.targets, st, horizontal=True),
            **({"legend": _legend(legend_names, st)} if legend_names else {})}


def _columns(chart: Chart, st: _Style, *, lines: bool = False) -> dict:
    """Vertical bars (or lines) over categories; one or two value axes; targets labelled right of the plot."""
    n = len(chart.categories)
    x = {"type": "category", "data": list(chart.categories), "axisTick": {"alignWithLabel": True},
         "axisLabel": {"fontSize": st.font, "hideOverlap": True, **({"interval": 0} if n <= 12 else {})}}
    y = [_value_axis(a, st, position="left" if i == 0 else "right", split=i == 0) for i, a in enumerate(chart.axes)]
    label = "top"
    series = [_series(s, chart, st, horizontal=False, label_position=label) for s in chart.series]
    inline = len(chart.targets) == 1
    right = 12 + (text_px(chart.targets[0].label, st.font) if inline else 0)
    legend_names = [s.name for s in chart.series if _in_legend(s)] if chart.legend else []
    legend_names += _target_legend(chart.targets)
    top = 30 + legend_px(legend_names, st)
    option = {"grid": {"left": 4, "right": right, "top": top, "bottom": 40 if chart.zoom else 4, "containLabel": True},
              "xAxis": [x], "yAxis": y, "series": series + _mark_lines(chart.targets, st, horizontal=False)}
    if legend_names:
        option["legend"] = _legend(legend_names, st)
    if chart.zoom:
        option["dataZoom"] = [{"type": "slider", "height": 18, "bottom": 6, "start": 0, "end": 100},
                              {"type": "inside", "zoomOnMouseWheel": False, "moveOnMouseWheel": False}]
    if lines:
        x["boundaryGap"] = True
    return option


def _donut(chart: Chart, st: _Style) -> dict:
    s = chart.series[0]
    data = [{"name": c, "value": _value(v), "itemStyle": {"color": col}, "tooltip": {"formatter": s.tip(i, c, False)},
             "label": {"formatter": f"{c}\n{t}", "fontSize": st.label}}
            for i, (c, v, t, col) in enumerate(zip(chart.categories, s.values, s.texts, s.colours))]
    # A legend that wraps (every part named, none behind a page arrow); labels wrap, never cut.
    legend = _legend(list(chart.categories), st)
    height = chart.height * (1.3 if st.big else 1)
    room = legend_px(list(chart.categories), st)
    middle = round((room + (height - room) / 2) / height * 100)  # the ring centred under the legend
    option: dict = {
        "legend": legend,
        "series": [{"type": "pie", "name": s.name, "radius": ["38%", "57%"], "center": ["50%", f"{middle}%"],
                    "avoidLabelOverlap": True, "labelLayout": {"hideOverlap": True},
                    "label": {"fontSize": st.label, "lineHeight": st.label + 4, "width": 110, "overflow": "break"},
                    "data": data}],
    }  # fmt: skip
    if chart.centre:
        option["title"] = {"text": chart.centre, "left": "center", "top": f"{middle - 4}%",
                           "textStyle": {"fontSize": 30 if st.big else 18, "fontWeight": "bold"}}
    return option


def _funnel(chart: Chart, st: _Style) -> dict:
    s = chart.series[0]
    data = [{"name": c, "value": _value(v), "itemStyle": {"color": col}, "tooltip": {"formatter": s.tip(i, c, False)},
             "label": {"formatter": f"{c}  {t}", "color": text_colour(col), "fontSize": st.label, "textBorderWidth": 0}}
            for i, (c, v, t, col) in enumerate(zip(chart.categories, s.values, s.texts, s.colours))]
    return {"series": [{"type": "funnel", "name": s.name, "sort": "none", "left": "6%", "width": "82%", "top": 8,
                        "bottom": 8, "gap": 3, "minSize": "38%", "label": {"position": "inside"}, "data": data}]}


def _pyramid(chart: Chart, st: _Style) -> dict:
    """Two grids meeting in the middle: the left one's axis runs leftwards; the age bands label
    the right one, so no text sits on a bar; each side has room for its longest value label."""
    left, right = chart.series[:2]
    longest = max(len(t) for s in (left, right) for t in s.texts)

    def end(sides) -> float:
        top = max([v for s in sides for v in s.values if v is not None] + [1.0])
        return round(top * (1.2 + 0.08 * longest), 6)

    # One scale for both sides (men and women); two axes: each side its own (needs against supply).
    ends_at = [end((left,)), end((right,))] if len(chart.axes) > 1 else [end((left, right))] * 2
    axes = [chart.axes[0], chart.axes[-1]]
    grids = [{"left": 4, "right": "50%", "top": 36, "bottom": 4, "containLabel": True},
             {"left": "50%", "right": 4, "top": 36, "bottom": 4, "containLabel": True}]
    x = [dict(_value_axis(Axis(a.unit, a.integer, 0.0, None, a.percent), st, grid=i, inverse=i == 0), name="",
              max=ends_at[i]) for i, a in enumerate(axes)]
    for a in x:  # the end is room for labels, not a round number: no tick text there (it was cut off)
        a["axisLabel"]["showMaxLabel"] = False
        if len(chart.axes) > 1:  # two scales side by side: the bars' own texts say it, ticks would mislead
            a["axisLabel"]["show"] = False
    y = [{"type": "category", "gridIndex": 0, "data": list(chart.categories), "axisTick": {"show": False},
          "axisLabel": {"show": False}, "position": "right"},
         {"type": "category", "gridIndex": 1, "data": list(chart.categories), "axisTick": {"show": False},
          "axisLabel": {"fontSize": st.font, "margin": 10}}]
    series = []
    for i, s in enumerate((left, right)):
        out = _series(s, chart, st, horizontal=True, label_position="left" if i == 0 else "right")
        out.update(xAxisIndex=i, yAxisIndex=i, barMaxWidth=st.bar + 4)
        series.append(out)
    return {"grid": grids, "xAxis": x, "yAxis": y, "series": series,
            "legend": _legend([left.name, right.name], st)}


def _gauge(chart: Chart, st: _Style) -> dict:
    s = chart.series[0]
    width = 22 if st.big else 16
    option: dict = {}
    if chart.targets:  # the benchmark under the ring, the metric's name inside it
        option["title"] = {"text": chart.targets[0].label, "left": "center", "bottom": 0,
                           "textStyle": {"fontSize": st.font, "fontWeight": "normal"}}
    return {**option, "series": [{
        "type": "gauge", "startAngle": 90, "endAngle": -270, "min": 0, "max": 100, "radius": "80%",
        "center": ["50%", "44%" if chart.targets else "50%"],
        "pointer": {"show": False}, "splitLine": {"show": False}, "axisTick": {"show": False},
        "axisLabel": {"show": False},
        "progress": {"show": True, "width": width, "roundCap": True, "itemStyle": {"color": s.colours[0]}},
        "axisLine": {"lineStyle": {"width": width}},
        "detail": {"formatter": chart.centre, "fontSize": 46 if st.big else 28, "fontWeight": "bold",
                   "offsetCenter": [0, "-6%"], "color": s.colours[0]},
        "title": {"offsetCenter": [0, "30%"], "fontSize": st.font},
        "tooltip": {"formatter": s.tip(0, chart.categories[0], False)},
        "data": [{"value": _value(s.values[0]), "name": s.name}],
    }]}  # fmt: skip


def _radar(chart: Chart, st: _Style) -> dict:
    """Spokes with their names outside the ring; each series a closed line (the first filled
    lightly), a "mark" series a dashed ring; the legend toggles them."""
    axis = chart.axes[0]
    indicator = [{"name": c, "min": axis.min or 0, "max": axis.max} for c in chart.categories]
    data = []
    for s in chart.series:
        dashed = s.kind == "mark"
        tip = "<br/>".join([s.name, *(f"{c}：{t}" for c, t in zip(chart.categories, s.texts))])
        item = {"name": s.name, "value": [_value(v) for v in s.values], "symbol": "none" if dashed else "circle",
                "symbolSize": 7, "itemStyle": {"color": s.colours[0]}, "tooltip": {"formatter": tip},
                "lineStyle": {"color": s.colours[0], "width": 2 if dashed else 3, "type": "dashed" if dashed else "solid"}}
        if not dashed and not data:
            item["areaStyle"] = {"color": s.colours[0], "opacity": 0.15}
        if not dashed and len(chart.series) <= 2:  # one region (and the threshold): the scores on the points
            item["label"] = {"show": True, "formatter": "{c}", "fontSize": st.label - 1, "color": s.colours[0]}
        data.append(item)
    names = [s.name for s in chart.series]
    top = 30 + legend_px(names, st)
    return {"legend": _legend(names, st),
            "radar": {"indicator": indicator, "radius": "62%", "center": ["50%", f"{52 + top // 12}%"],
                      "splitNumber": 4, "axisName": {"fontSize": st.font, "color": "#5A6270"},
                      "axisLabel": {"show": False}, "splitArea": {"show": False}},
            "series": [{"type": "radar", "name": chart.title or names[0], "data": data}]}


def _two_lines(name: str) -> str:
    """A Chinese column name longer than four characters in two even lines (数字化 / 应用), not
    broken before its last character."""
    if len(name) <= 4 or any(ord(ch) < 0x2E80 for ch in name):
        return name
    half = (len(name) + 1) // 2
    return name[:half] + "\n" + name[half:]


def _heatmap(chart: Chart, st: _Style) -> dict:
    """Categories across, one row per series (the first on top), each cell its colour and text."""
    rows = [s.name for s in chart.series]
    data = []
    for y, s in enumerate(chart.series):
        for x, c in enumerate(chart.categories):
            data.append({"value": [x, y, _value(s.values[x])], "itemStyle": {"color": s.colours[x],
                                                                             "borderColor": "#FFFFFF", "borderWidth": 2},
                         "label": {"show": True, "formatter": s.texts[x], "fontSize": st.label - 1,
                                   "color": text_colour(s.colours[x])},
                         "tooltip": {"formatter": s.tip(x, c, True)}})
    # The column names sit above the cells, under the toolbox (a wrapped name needs two lines).
    wrap = any(text_px(c, st.font) > 64 or "\n" in _two_lines(c) for c in chart.categories)
    return {"grid": {"left": 4, "right": 8, "top": 24 + (st.font + 4) * (2 if wrap else 1), "bottom": 4,
                     "containLabel": True},
            "xAxis": [{"type": "category", "data": [_two_lines(c) for c in chart.categories], "position": "top",
                       "splitArea": {"show": False},
                       "axisTick": {"show": False}, "axisLine": {"show": False},
                       "axisLabel": {"fontSize": st.font, "interval": 0, "width": 64, "overflow": "break"}}],
            "yAxis": [{"type": "category", "data": rows, "inverse": True, "axisTick": {"show": False},
                       "axisLine": {"show": False}, "axisLabel": {"fontSize": st.font}}],
            "series": [{"type": "heatmap", "name": chart.title or "", "data": data}]}


def option(chart: Chart, *, big: bool = False, lang: str = "zh", save_name: str | None = None) -> dict:
    """The ECharts option for `chart`: the page form (`big` for the meeting-room wall, no toolbox)."""
    st = _Style(big)
    if chart.kind == "bars":
        body = _bars(chart, st)
    elif chart.kind == "columns":
        body = _columns(chart, st)
    elif chart.kind == "lines":
        body = _columns(chart, st, lines=True)
    elif chart.kind == "donut":
        body = _donut(chart, st)
    elif chart.kind == "funnel":
        body = _funnel(chart, st)
    elif chart.kind == "pyramid":
        body = _pyramid(chart, st)
    elif chart.kind == "radar":
        body = _radar(chart, st)
    elif chart.kind == "heatmap":
        body = _heatmap(chart, st)
    else:
        body = _gauge(chart, st)
    out = {"animation": False, "tooltip": {"trigger": "item", "confine": True, "textStyle": {"fontSize": st.font}},
           **body}
    if big:
        return _wall(out)
    out["toolbox"] = {"right": 0, "top": 0, "itemSize": 14, "feature": {"saveAsImage": {
        "title": tr(lang, "保存为图片", "Save as image"), "name": save_name or chart.title or "chart",
        "pixelRatio": 2}}}
    return out


# The big screen's dark wall: light type, dim lines (the chart is drawn without Streamlit's theme).
WALL_INK, WALL_MUTED, WALL_LINE, WALL_GRID, WALL_TARGET = "#E6EDF7", "#9AACC8", "#4A5B7A", "#22324F", "#C9D2E3"


def _wall(option: dict) -> dict:
    """Colours for the dark wall theme."""
    option["textStyle"] = {"color": WALL_INK}
    for key in ("xAxis", "yAxis"):
        for axis in option.get(key, []):
            axis.setdefault("axisLabel", {})["color"] = WALL_INK if axis.get("type") == "category" else WALL_MUTED
            axis.setdefault("nameTextStyle", {})["color"] = WALL_MUTED
            axis.setdefault("axisLine", {}).setdefault("lineStyle", {})["color"] = WALL_LINE
            split = axis.setdefault("splitLine", {})
            split.setdefault("lineStyle", {})["color"] = WALL_GRID
    if "legend" in option:
        option["legend"]["textStyle"]["color"] = WALL_INK
        option["legend"]["pageTextStyle"] = {"color": WALL_INK}
    option["tooltip"].update(backgroundColor="#0F1B33", borderColor="#2E4470")
    option["tooltip"]["textStyle"]["color"] = WALL_INK
    for s in option.get("series", []):
        line = s.get("markLine")
        if line:
            for part in (line["lineStyle"], line["label"]):
                if part.get("color") == palette.TARGET:
                    part["color"] = WALL_TARGET
        if s.get("type") == "pie":
            s["label"]["color"] = WALL_INK
        if s.get("type") == "gauge":
            s["title"]["color"] = WALL_MUTED
            s["axisLine"]["lineStyle"]["color"] = [[1, WALL_GRID]]
        if s.get("type") == "radar":
            option["radar"]["axisName"]["color"] = WALL_INK
            option["radar"]["splitLine"] = {"lineStyle": {"color": WALL_GRID}}
            option["radar"]["axisLine"] = {"lineStyle": {"color": WALL_LINE}}
        for item in s.get("data", []) if isinstance(s.get("data"), list) else []:
            label = item.get("label") if isinstance(item, dict) else None
            if label and "color" not in label:
                label["color"] = WALL_INK
    if "title" in option:
        option["title"]["textStyle"]["color"] = WALL_MUTED if option["series"][0].get("type") == "gauge" else WALL_INK
    return option


def height(chart: Chart, big: bool = False) -> int:
    return int(chart.height * (1.3 if big else 1))
