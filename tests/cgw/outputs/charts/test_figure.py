"""The plotly form of a spec (image exports, the briefing): the same order, colours, texts, target
lines and tooltips with units as the page's ECharts form."""

from __future__ import annotations

import pandas as pd

from cgw.outputs.charts import build, figure, palette
from metrics import catalogue


def test_bars_match_the_page_form():
    m = catalogue.get("workers_per_10k")
    df = pd.DataFrame({"key": ["1", "2"], "label": ["甲", "乙"], "value": [19.2, 15.49], "numerator": [1, 1],
                       "denominator": [1, 1]})
    fig = figure.figure(build.region_bars(m, df, m.benchmark), width=680)
    bars = fig.data[0]
    assert list(bars.y) == ["甲", "乙"] and fig.layout.yaxis.autorange == "reversed"  # first on top
    assert list(bars.marker.color) == [palette.PRIMARY, palette.LAGGING]
    assert list(bars.customdata) == ["甲：19.2人", "乙：15.5人"] and bars.hovertemplate == "%{customdata}<extra></extra>"
    texts = [a.text for a in fig.layout.annotations]
    assert " 19.2人" in texts and " 15.5人" in texts and "国家标准 18人" in texts
    assert [s.x0 for s in fig.layout.shapes] == [18.0]


def test_two_targets_go_to_the_legend_and_grouped_bars_stand_side_by_side():
    m = catalogue.get("workers_per_10k")
    df = pd.DataFrame({"key": ["1"], "label": ["甲"], "value": [19.2], "numerator": [1], "denominator": [1]})
    fig = figure.figure(build.region_bars(m, df, m.benchmark, whole=("奎文区", 18.5)))
    assert [t.name for t in fig.data if t.type == "scatter" and t.mode == "lines"] == ["国家标准 18人", "奎文区 18.5人"]
    shares = [(catalogue.get(mid), "#4C78A8", pd.DataFrame({"key": ["1"], "label": ["甲"], "value": [0.5]}))
              for mid in ("under_40_share", "college_share")]
    fig = figure.figure(build.grouped(shares, "region", horizontal=True))
    assert fig.layout.barmode == "group" and fig.layout.xaxis.ticksuffix == "%"
