"""The briefing's charts: plotly figures over metrics.breakdown / metrics.trend results.

Figures have a fixed width that fits an A4 page, so the HTML and the PDF look the same.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

import metrics
from cgw.outputs.report.content import LEVEL_ZH, Briefing, Chart
from metrics import catalogue

WIDTH = 680
FONT = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, Microsoft YaHei, sans-serif"
BLUE, ORANGE, GREY, RED, GREEN = "#2f6db5", "#e08a2c", "#8a94a6", "#c8463d", "#3f9b62"


def _style(fig: go.Figure, height: int = 330, legend: bool = True) -> go.Figure:
    fig.update_layout(
        width=WIDTH, height=height, template="plotly_white", font={"family": FONT, "size": 12, "color": "#263238"},
        margin={"l": 50, "r": 20, "t": 36, "b": 40}, showlegend=legend, bargap=0.3,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "font": {"size": 11}},
        paper_bgcolor="white", plot_bgcolor="white",
    )
    fig.update_annotations(font={"size": 13})
    return fig


def _pct(values: pd.Series) -> list[float]:
    return [None if pd.isna(v) else round(float(v) * 100, 1) for v in values]


def per_10k_by_region(con: duckdb.DuckDBPyConnection, b: Briefing) -> Chart:
    df = metrics.breakdown(con, "workers_per_10k", b.filters, "region")
    m = catalogue.get("workers_per_10k")
    target = m.benchmarks[0].value
    whole = next(k.value.value for k in b.kpis if k.metric.id == "workers_per_10k")
    colors = [ORANGE if (v is not None and not pd.isna(v) and round(v, 1) < target) else BLUE for v in df["value"]]
    fig = go.Figure(go.Bar(x=df["label"], y=df["value"], marker_color=colors, showlegend=False,
                           texttemplate="%{y:.1f}", textposition="inside", insidetextanchor="start",
                           textfont={"color": "white"}, hovertemplate="%{x} %{y:.1f}"))
    # Reference lines as legend entries, so their labels never sit on top of a bar.
    ends = [-0.5, len(df) - 0.5]
    fig.add_scatter(x=ends, y=[target, target], mode="lines", line={"dash": "dash", "color": RED, "width": 2},
                    name=f"{m.benchmarks[0].label_zh} {target:g}人", xaxis="x2")
    if whole is not None:
        fig.add_scatter(x=ends, y=[whole, whole], mode="lines", line={"dash": "dot", "color": GREY, "width": 2},
                        name=f"{b.region.name} {whole:.1f}人", xaxis="x2")
    fig.update_layout(xaxis2={"overlaying": "x", "range": ends, "visible": False})
    fig.update_yaxes(title_text="人/万人", rangemode="tozero")
    level = LEVEL_ZH[b.child_level]
    return Chart(f"各{level}每万常住人口社工数", _style(fig), df,
                 f"橙色柱表示低于{m.benchmarks[0].label_zh}（{target:g}人）")


def structure(con: duckdb.DuckDBPyConnection, b: Briefing) -> Chart:
    age = metrics.breakdown(con, "active_workers", b.filters, "age_band")
    edu = metrics.breakdown(con, "active_workers", b.filters, "education")
    fig = make_subplots(1, 2, subplot_titles=("年龄结构（人）", "学历结构（人）"), horizontal_spacing=0.12)
    fig.add_bar(x=age["label"], y=age["value"], marker_color=[BLUE, BLUE, GREY, GREY][: len(age)],
                text=age["value"].astype(int), textposition="outside", cliponaxis=False, row=1, col=1)
    college = set(("研究生", "本科", "大专"))
    fig.add_bar(x=edu["label"], y=edu["value"], marker_color=[BLUE if k in college else GREY for k in edu["key"]],
                text=edu["value"].astype(int), textposition="outside", cliponaxis=False, row=1, col=2)
    fig.update_yaxes(rangemode="tozero")
    data = pd.concat([age.assign(dimension="年龄段"), edu.assign(dimension="学历")], ignore_index=True)
    return Chart("队伍年龄与学历结构", _style(fig, legend=False), data,
                 "蓝色为40周岁以下、大专及以上学历人员")


def shares_by_region(con: duckdb.DuckDBPyConnection, b: Briefing) -> Chart:
    fig = go.Figure()
    frames = []
    for mid, color in (("under_40_share", BLUE), ("college_share", GREEN), ("certified_share", ORANGE)):
        df = metrics.breakdown(con, mid, b.filters, "region")
        frames.append(df.assign(metric=mid))
        fig.add_bar(x=df["label"], y=_pct(df["value"]), name=catalogue.get(mid).label_zh, marker_color=color)
    fig.update_yaxes(title_text="%", range=[0, 105])
    level = LEVEL_ZH[b.child_level]
    return Chart(f"各{level}年龄、学历与持证结构", _style(fig), pd.concat(frames, ignore_index=True))


def trends(con: duckdb.DuckDBPyConnection, b: Briefing) -> Chart:
    fig = make_subplots(1, 2, subplot_titles=("每万常住人口社工数（人）", "持证比例与40周岁以下占比（%）"),
                        horizontal_spacing=0.12)
    per10k = metrics.trend(con, "workers_per_10k", b.filters, 5)
    years = [f"{d.year}" for d in per10k["as_of"]]
    fig.add_scatter(x=years, y=per10k["value"], mode="lines+markers+text", name="每万人社工数",
                    texttemplate="%{y:.1f}", textposition="top center", line_color=BLUE, row=1, col=1)
    frames = [per10k.assign(metric="workers_per_10k")]
    for mid, color in (("certified_share", ORANGE), ("under_40_share", GREEN)):
        t = metrics.trend(con, mid, b.filters, 5)
        frames.append(t.assign(metric=mid))
        fig.add_scatter(x=years, y=_pct(t["value"]), mode="lines+markers", name=catalogue.get(mid).label_zh,
                        line_color=color, row=1, col=2)
    fig.update_yaxes(rangemode="tozero")
    fig.update_xaxes(type="category")
    _style(fig, height=350)
    fig.update_layout(legend={"y": -0.12, "yanchor": "top"}, margin={"b": 60})
    return Chart("近五年同期变化", fig, pd.concat(frames, ignore_index=True),
                 f"每年取{b.filters.as_of.month}月{b.filters.as_of.day}日的数值")


def services(con: duckdb.DuckDBPyConnection, b: Briefing) -> Chart | None:
    wishes = metrics.breakdown(con, "wishes_fulfilled", b.filters, "wish_group")
    issues = metrics.breakdown(con, "issues_resolved", b.filters, "issue_category")
    if wishes["value"].fillna(0).sum() == 0 and issues["value"].fillna(0).sum() == 0:
        return None
    issues = issues.sort_values("value", ascending=True)
    fig = make_subplots(1, 2, subplot_titles=("累计完成微心愿（个）", "联席会议解决民生难题（件）"),
                        horizontal_spacing=0.22, column_widths=[0.4, 0.6])
    fig.add_bar(x=wishes["label"], y=wishes["value"], marker_color=GREEN, text=wishes["value"].astype(int),
                textposition="outside", cliponaxis=False, row=1, col=1)
    fig.add_bar(y=issues["label"], x=issues["value"], orientation="h", marker_color=BLUE,
                text=issues["value"].astype(int), textposition="outside", cliponaxis=False, row=1, col=2)
    data = pd.concat([wishes.assign(metric="wishes_fulfilled"), issues.assign(metric="issues_resolved")],
                     ignore_index=True)
    return Chart("民生服务成效", _style(fig, legend=False), data)


def charts(con: duckdb.DuckDBPyConnection, b: Briefing) -> list[Chart]:
    out = []
    if b.child_level is not None:
        out.append(per_10k_by_region(con, b))
    out.append(structure(con, b))
    if b.child_level is not None:
        out.append(shares_by_region(con, b))
    out.append(trends(con, b))
    svc = services(con, b)
    if svc is not None:
        out.append(svc)
    return out
