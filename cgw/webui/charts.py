"""Every page chart goes through `draw(kind, ...)`: one spec (cgw.outputs.charts.build), drawn by
Streamlit's built-in Apache ECharts (st.echarts_chart: bundled, offline, light and dark through
the `streamlit` theme), with tooltips in units, legend toggling, zoom on long time axes, the
toolbox's save-as-image, a click on a region's bar drilling into it, and the 导出 menu below
(the same spec drawn by plotly for PNG/SVG, its rows for CSV/XLSX).

Titles are written by the page as Markdown above the chart, so they wrap on a phone.
"""

from __future__ import annotations

import functools

import streamlit as st

from cgw.domain import Benchmark
from cgw.outputs.charts import build, echarts
from cgw.outputs.charts.spec import Chart
from cgw.webui import data, exports, state
from cgw.webui.i18n import lang, tr
from cgw.webui.wall import chart_height
from metrics import formatting
from metrics.catalogue import Metric


def big() -> bool:
    return bool(st.session_state.get("big"))


def fmt(metric: Metric, value: float | None) -> str:
    return formatting.value(metric, value, lang())


def bench_label(b: Benchmark) -> str:
    """'国家标准', '奎文区报道值': whose figure it is."""
    return formatting.benchmark_label(b, lang())


def bench_value(metric: Metric, b: Benchmark) -> str:
    """A benchmark as published: 18人, 超过91.1%, 130余家."""
    return formatting.benchmark_value(metric, b, lang())


def bench_text(metric: Metric, b: Benchmark) -> str:
    """A benchmark line's label: 国家标准 18人."""
    return build.bench_text(metric, b, lang())


# --- rendering ----------------------------------------------------------------------------------


def _on_drill(key: str, keys: tuple[str, ...]) -> None:
    """A region's bar was clicked: drill into it (runs before the rerun)."""
    event = st.session_state.get(key)
    try:
        index = event.selection.selected[0]["data_indices"][0]
    except (AttributeError, IndexError, KeyError, TypeError):
        return
    if 0 <= index < len(keys) and data.region_exists(keys[index]):
        state.drill_to(keys[index])


def show(chart: Chart, name: str, *, drill: bool = False, note: str | None = None, height: int | None = None) -> None:
    """Draw `chart`; below it `note` and the downloads (not on the big screen). With `drill`,
    clicking a region's bar drills into it."""
    wall = big()
    view = state.current()
    key = f"chart_{name}_{view.region_id}"  # a new region starts with no selection
    option = echarts.option(chart, big=wall, lang=lang(), save_name=exports.filter_stem(name))
    # The wall draws its own dark theme; a desk follows Streamlit's light or dark one.
    kwargs = {"height": height or (chart_height() if wall else echarts.height(chart)), "theme": None if wall else "streamlit",
              "renderer": "svg", "key": key, "alt": chart.title or None}
    if drill and chart.keys and not wall:
        st.echarts_chart(option, on_select=functools.partial(_on_drill, key, chart.keys), **kwargs)
        dots = any(s.kind == "dot" for s in chart.series)
        note = (note + " " if note else "") + (tr("点击圆点可进入该区划。", "Click a dot to drill into that region.") if dots
                                               else tr("点击柱条可进入该区划。", "Click a bar to drill into that region."))
    else:
        st.echarts_chart(option, **kwargs)
    if wall:
        return
    if note:
        st.caption(note)
    exports.chart_exports(chart, name)


def draw(kind: str, *args, name: str, title: str = "", drill: bool = False, note: str | None = None,
         height: int | None = None, **kwargs) -> Chart:
    """Build chart `kind` (a builder of cgw.outputs.charts.build) in the session's language and draw it."""
    chart = getattr(build, kind)(*args, lang=lang(), title=title, **kwargs)
    show(chart, name, drill=drill, note=note, height=height)
    return chart


def title(text: str, note: str | None = None) -> None:
    st.markdown(f"##### {text}")
    if note and not big():
        st.caption(note)


def empty(message: str) -> None:
    """An empty state that says why there is nothing to show and what to do."""
    st.info(message, icon=":material/info:")
