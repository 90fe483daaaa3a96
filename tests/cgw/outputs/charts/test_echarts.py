"""The ECharts form of a spec: the same order, texts and colours, tooltips with units, axes with
units, integer ticks, target lines labelled off the data, zoom, the toolbox, the dark wall."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd

from cgw.outputs.charts import build, echarts, palette
from metrics import catalogue


def _per_10k_chart():
    m = catalogue.get("workers_per_10k")
    df = pd.DataFrame({"key": ["1", "2"], "label": ["甲", "乙"], "value": [19.2, 15.49], "numerator": [1, 1],
                       "denominator": [1, 1]})
    return build.region_bars(m, df, m.benchmark)


def test_bars_keep_the_specs_order_texts_and_tooltips_with_units():
    option = echarts.option(_per_10k_chart(), save_name="每万常住人口社工数_奎文区")
    assert option["yAxis"][0]["data"] == ["甲", "乙"] and option["yAxis"][0]["inverse"] is True
    assert option["yAxis"][1]["data"] == ["19.2人", "15.5人"]  # the value column, right of the plot
    bars = option["series"][0]
    assert [d["value"] for d in bars["data"]] == [19.2, 15.49]
    assert [d["itemStyle"]["color"] for d in bars["data"]] == [palette.PRIMARY, palette.LAGGING]
    assert [d["tooltip"]["formatter"] for d in bars["data"]] == ["甲：19.2人", "乙：15.5人"]
    assert bars["selectedMode"] == "single"  # drill on click
    target = option["series"][1]["markLine"]
    assert target["data"] == [{"xAxis": 18.0}] and target["label"]["formatter"] == "国家标准 18人"
    assert target["label"]["position"] == "start"  # above the plot (the category axis runs downwards)
    saved = option["toolbox"]["feature"]["saveAsImage"]
    assert saved["title"] == "保存为图片" and saved["name"] == "每万常住人口社工数_奎文区"
    json.dumps(option, allow_nan=False)  # plain JSON, as st.echarts_chart requires


def test_head_count_axes_tick_whole_numbers_and_two_units_two_axes():
    workers = catalogue.get("active_workers")
    df = pd.DataFrame({"key": ["本科"], "label": ["本科"], "value": [3.0], "numerator": [None], "denominator": [None]})
    option = echarts.option(build.category_bars(workers, df, "education"))
    assert option["xAxis"][0]["minInterval"] == 1
    dates = [dt.date(2025, 9, 30), dt.date(2026, 9, 30)]
    two = build.trend([(catalogue.get("wishes_fulfilled"), pd.DataFrame({"as_of": dates, "value": [1.0, 2.0]})),
                       (catalogue.get("issues_resolved"), pd.DataFrame({"as_of": dates, "value": [3.0, 4.0]}))])
    option = echarts.option(two)
    assert [(a["name"], a["position"]) for a in option["yAxis"]] == [("个", "left"), ("件", "right")]
    assert [s["yAxisIndex"] for s in option["series"]] == [0, 1]
    assert option["legend"]["data"] == ["累计完成微心愿", "联席会议解决民生难题"]


def test_small_spread_axis_starts_where_the_spec_says_and_long_time_axes_zoom():
    score = catalogue.get("composite_score")
    df = pd.DataFrame({"key": ["a", "b"], "label": ["a", "b"], "value": [85.0, 88.0], "numerator": [None] * 2,
                       "denominator": [None] * 2})
    option = echarts.option(build.category_bars(score, df, "role_category"))
    assert option["series"][0]["type"] == "scatter" and option["xAxis"][0]["min"] == 82
    trainings = catalogue.get("training_person_times")
    months = [f"{y}-{m:02d}" for y in (2025, 2026) for m in range(1, 13)]
    long = build.time_bars(trainings, pd.DataFrame({"key": months, "label": months, "value": [1.0] * 24}), "month")
    assert [z["type"] for z in echarts.option(long)["dataZoom"]] == ["slider", "inside"]


def test_the_wall_is_dark_large_and_without_a_toolbox():
    option = echarts.option(_per_10k_chart(), big=True)
    assert "toolbox" not in option
    assert option["yAxis"][0]["axisLabel"]["color"] == echarts.WALL_INK
    assert option["yAxis"][0]["axisLabel"]["fontSize"] >= 19
    assert option["series"][1]["markLine"]["label"]["color"] == echarts.WALL_TARGET
    gauge = echarts.option(build.gauge(catalogue.get("certified_share"), 0.642,
                                       catalogue.get("certified_share").benchmark), big=True)
    ring = gauge["series"][0]
    assert ring["type"] == "gauge" and ring["data"] == [{"value": 64.2, "name": "持证比例"}]
    assert gauge["title"]["text"] == "国家目标 50.0%"  # under the ring
    assert ring["detail"]["formatter"] == "64.2%" and ring["progress"]["itemStyle"]["color"] == palette.GOOD


def test_pyramid_axes_leave_room_for_the_longest_label_and_print_no_end_value():
    workers = catalogue.get("active_workers")
    df = pd.DataFrame({"a": ["30岁以下", "30岁以下", "40-49岁", "40-49岁"], "b": ["男", "女", "男", "女"],
                       "value": [37.0, 100.0, 105.0, 260.0]})
    option = echarts.option(build.pyramid(workers, df, lang="en"), lang="en")
    assert [d["value"] for d in option["series"][1]["data"]] == [260.0, 100.0]  # oldest band on top
    for axis in option["xAxis"]:
        assert axis["max"] == 520.0  # 260 × (1.2 + 0.08 × 10 characters of "260 people")
        assert axis["axisLabel"]["showMaxLabel"] is False  # 520 is room for labels, not a tick to print
    assert option["xAxis"][0]["inverse"] is True and "inverse" not in option["xAxis"][1]


def test_a_percent_axis_says_percent_on_its_ticks_and_has_no_name():
    workers = catalogue.get("active_workers")
    df = pd.DataFrame({"a": ["社区正职", "社区正职", "社区副职"], "b": ["男", "女", "男"], "value": [3.0, 1.0, 2.0]})
    option = echarts.option(build.stacked(workers, df, "role_category", "gender"))
    axis = option["xAxis"][0]
    assert axis["axisLabel"]["formatter"] == "{value}%" and axis["max"] == 100.0
    assert axis["name"] == ""  # "%" again at the axis end was cut off at the plot's right edge
    assert [d["value"] for d in option["series"][0]["data"]] == [75.0, 100.0]  # 男: 3 of 4, 2 of 2
