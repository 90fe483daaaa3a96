"""Chart specs from metric frames: order, texts, colours, axes, targets and export rows, computed
by hand on small frames."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest

from cgw.outputs import exports
from cgw.outputs.charts import build, echarts, figure, palette
from metrics import catalogue


def _breakdown(keys, labels, values, num=None, den=None) -> pd.DataFrame:
    return pd.DataFrame({"key": keys, "label": labels, "value": values,
                         "numerator": num or [None] * len(keys), "denominator": den or [None] * len(keys)})


def test_region_bars_largest_on_top_red_below_the_benchmark_with_rows_as_shown():
    per_10k = catalogue.get("workers_per_10k")
    df = _breakdown(["1", "2", "3"], ["甲", "乙", "丙"], [19.2, 15.49, 17.96], [10.0, 9.0, 8.0], [5208.0, 5810.0, 4454.0])
    chart = build.region_bars(per_10k, df, per_10k.benchmark)
    assert chart.categories == ("甲", "丙", "乙") and chart.keys == ("1", "3", "2")
    bars = chart.series[0]
    assert bars.kind == "bar" and bars.values == (19.2, 17.96, 15.49)
    assert bars.texts == ("19.2人", "18.0人", "15.5人") == chart.column  # 17.96 shows as 18.0: it meets 18
    assert bars.colours == (palette.PRIMARY, palette.PRIMARY, palette.LAGGING)
    assert [(t.value, t.label) for t in chart.targets] == [(18.0, "国家标准 18人")]
    assert chart.axes[0].min is None  # 15.5 to 19.2: a spread worth drawing from 0
    table = chart.table
    assert list(table.columns) == ["区划代码", "区划", "每万常住人口社工数（人）", "每万常住人口社工数（人，未修约）",
                                   "在岗社区工作者（人）", "常住人口（人）"]
    assert table.values.tolist() == [["1", "甲", 19.2, 19.2, 10, 5208], ["3", "丙", 18.0, 17.96, 8, 4454],
                                     ["2", "乙", 15.5, 15.49, 9, 5810]]
    csv = exports.csv_bytes(table).decode("utf-8-sig").splitlines()
    assert csv[1] == "1,甲,19.2,19.2,10,5208"  # counts as integers, values as displayed


def test_values_of_small_spread_are_dots_on_an_axis_that_does_not_start_at_0():
    score = catalogue.get("composite_score")
    df = _breakdown(["社区专职", "书记", "其他"], ["社区专职", "书记", "其他"], [85.2, 88.1, 86.9])
    chart = build.category_bars(score, df, "role_category", sort=True)
    assert chart.categories == ("书记", "其他", "社区专职")
    assert chart.series[0].kind == "dot"
    # lo 85.2, hi 88.1; span max(2.9, 5% of 88.1) = 4.405, step 2: floor((85.2 − 0.6 × 4.405) / 2) × 2 = 82.
    assert chart.axes[0].min == 82


def test_head_counts_get_whole_number_ticks_and_shares_a_percent_axis():
    workers = catalogue.get("active_workers")
    counts = build.category_bars(workers, _breakdown(["本科", "大专"], ["本科", "大专"], [3.0, 1.0]), "education",
                                 share_of_total=True)
    assert counts.axes[0].integer and counts.axes[0].unit == "人"
    assert counts.series[0].texts == ("3人（75%）", "1人（25%）")
    assert list(counts.table.columns) == ["学历", "在岗社区工作者（人）", "占合计（%）"]
    assert counts.table.values.tolist() == [["本科", 3, 75.0], ["大专", 1, 25.0]]
    share = build.region_bars(catalogue.get("certified_share"), _breakdown(["1", "2"], ["甲", "乙"], [0.5, 0.71]))
    assert share.axes[0].percent and not share.axes[0].integer
    assert share.series[0].values == (71.0, 50.0) and share.series[0].texts == ("71.0%", "50.0%")


def test_grouped_series_are_aligned_by_key_not_by_position():
    """Points redeemed in fewer months than earned (the 民生服务 crash): each value sits under its own month."""
    earned, redeemed = catalogue.get("points_earned"), catalogue.get("points_redeemed")
    months = [f"2026-{m:02d}" for m in range(1, 5)]
    e = _breakdown(months, months, [100.0, 200.0, 300.0, 400.0])
    r = _breakdown(["2026-02", "2026-04"], ["2026-02", "2026-04"], [20.0, 40.0])
    chart = build.grouped([(earned, "#1", e), (redeemed, "#2", r)], "month")
    assert chart.categories == ("1月", "2月", "3月", "4月")
    assert chart.series[0].values == (100.0, 200.0, 300.0, 400.0)
    assert chart.series[1].values == (0.0, 20.0, 0.0, 40.0)
    assert chart.series[1].texts == ("0积分", "20积分", "0积分", "40积分")
    # A month only one series has is still a category of the other.
    late = _breakdown(["2026-05"], ["2026-05"], [5.0])
    chart = build.grouped([(earned, "#1", e), (redeemed, "#2", late)], "month")
    assert chart.categories[-1] == "5月" and chart.series[0].values[-1] == 0.0 and chart.series[1].values[-1] == 5.0
    assert chart.table.values.tolist()[1] == ["2月", 200, 0]


def test_a_long_time_axis_gets_a_zoom_slider():
    trainings = catalogue.get("training_person_times")
    months = [f"{y}-{m:02d}" for y in (2025, 2026) for m in range(1, 13)]
    assert build.time_bars(trainings, _breakdown(months, months, [1.0] * 24), "month").zoom
    assert not build.time_bars(trainings, _breakdown(months[:12], months[:12], [1.0] * 12), "month").zoom


def test_two_units_get_two_axes_and_labels_keep_clear_of_the_target_line():
    wishes, issues = catalogue.get("wishes_fulfilled"), catalogue.get("issues_resolved")
    dates = [dt.date(2025, 9, 30), dt.date(2026, 9, 30)]
    chart = build.trend([(wishes, pd.DataFrame({"as_of": dates, "value": [4172.0, 4797.0]})),
                         (issues, pd.DataFrame({"as_of": dates, "value": [415.0, 400.0]}))])
    assert [a.unit for a in chart.axes] == ["个", "件"]
    assert [s.axis for s in chart.series] == [0, 1]
    assert chart.categories == ("2025年", "2026年")
    per_10k = catalogue.get("workers_per_10k")
    dates = [dt.date(y, 9, 30) for y in (2024, 2025, 2026)]
    chart = build.trend([(per_10k, pd.DataFrame({"as_of": dates, "value": [15.0, 17.6, 19.0]}))], per_10k.benchmark)
    # The axis runs 0–19 (no small spread); a label within 14% of 19 under the 18 line goes below its point.
    assert chart.series[0].below == (False, True, False)
    assert chart.targets[0].label == "国家标准 18人"


def test_funnel_and_stacks_show_shares_of_the_right_whole():
    wishes = catalogue.get("wishes_raised")
    funnel = build.funnel([("征集", wishes, 200.0, "#1"), ("认领", wishes, 150.0, "#2"), ("完成", wishes, 120.0, "#3")])
    assert funnel.series[0].texts == ("200个", "150个（75%）", "120个（60%）")
    assert funnel.table.values.tolist() == [["征集", 200, 100.0], ["认领", 150, 75.0], ["完成", 120, 60.0]]
    count = catalogue.get("active_workers")
    df = pd.DataFrame({"a": ["正职", "正职", "副职", "副职"], "b": ["90后", "其他", "其他", "90后"],
                       "value": [3.0, 1.0, 5.0, 0.0]})
    stack = build.stacked(count, df, "target_post", "generation")
    assert stack.categories == ("正职", "副职")
    # 正职: 3 of 4 = 75%, 1 of 4 = 25%; 副职: 0%, 100% — found by (post, generation), not by row order.
    assert [s.name for s in stack.series] == ["90后", "其他"]
    assert stack.series[0].values == (75.0, 0.0) and stack.series[1].values == (25.0, 100.0)
    assert stack.series[0].texts == ("75%", "") and stack.series[1].texts == ("25%", "100%")
    assert stack.series[0].tips[0] == "90后 · 正职：3人（75.0%）"


def test_english_labels_and_rows():
    per_10k = catalogue.get("workers_per_10k")
    df = _breakdown(["1"], ["甲"], [1.0], [1.0], [10000.0])
    chart = build.region_bars(per_10k, df, per_10k.benchmark, lang="en")
    assert chart.series[0].texts == ("1.0 people",)
    assert chart.targets[0].label == "National target 18 people"
    assert list(chart.table.columns) == ["Region code", "Region", "Workers per 10,000 residents (people)",
                                         "Active workers (people)", "Resident population (people)"]
    one = build.category_bars(catalogue.get("active_workers"), _breakdown(["女"], ["女"], [1.0]), "gender", lang="en")
    assert one.series[0].texts == ("1 person",)
    assert exports.csv_bytes(one.table).decode("utf-8-sig").splitlines() == ["Sex,Active workers (people)", "Female,1"]


def test_csv_of_a_chart_reads_back_as_shown():
    chart = build.category_bars(catalogue.get("certified_share"),
                                _breakdown(["男"], ["男"], [2 / 3], [2.0], [3.0]), "gender")
    back = pd.read_csv(io.BytesIO(exports.csv_bytes(chart.table)), encoding="utf-8-sig")
    assert back.iloc[0].tolist() == ["男", 66.7, pytest.approx(200 / 3), 2, 3]
    assert list(back.columns) == ["性别", "持证比例（%）", "持证比例（%，未修约）", "持证人数（人）", "在岗社区工作者（人）"]


# --- schema 6: the competency radar, the below-threshold heatmap, needs against supply (back to back,
# gaps in red); each in ECharts and plotly from the same spec ------------------------------------

SPOKES = [("political", "政治素质"), ("mass_work", "群众工作"), ("digital", "数字化应用")]


def _frame(values: dict[str, float | None]) -> pd.DataFrame:
    return pd.DataFrame({"key": list(values), "label": list(values), "value": list(values.values()),
                         "numerator": None, "denominator": None})


def _radar():
    m = catalogue.get("competency_score")
    here = _frame({"political": 72.4, "mass_work": 63.26, "digital": 81.0})
    district = _frame({"digital": 78.0, "political": 70.0, "mass_work": 66.0})  # keyed, not by position
    return build.radar(m, [("东关街道", here, palette.PRIMARY), ("奎文区", district, palette.WHOLE)], SPOKES,
                       ("达标线", [60.0, 60.0, 65.0]), title="胜任力画像")


def test_radar_has_a_spoke_per_dimension_a_line_per_region_and_a_dashed_threshold():
    option = echarts.option(_radar())
    radar = option["radar"]
    assert [i["name"] for i in radar["indicator"]] == ["政治素质", "群众工作", "数字化应用"]
    # The scale runs from below the lowest score (60 − 10, down to a multiple of 10) to the ten
    # above the highest (81 + 5, up to a multiple of 10): a few points' difference shows.
    assert {(i["min"], i["max"]) for i in radar["indicator"]} == {(50, 90)}
    lines = option["series"][0]["data"]
    assert [d["name"] for d in lines] == ["东关街道", "奎文区", "达标线"]
    assert lines[0]["value"] == [72.4, 63.3, 81.0]  # as displayed (a point's label reads as its tooltip)
    assert lines[1]["value"] == [70.0, 66.0, 78.0]  # aligned by dimension key
    assert lines[2]["value"] == [60.0, 60.0, 65.0] and lines[2]["lineStyle"]["type"] == "dashed"
    assert "areaStyle" in lines[0] and "areaStyle" not in lines[1]  # the selected region stands out
    assert lines[0]["tooltip"]["formatter"] == "东关街道<br/>政治素质：72.4分<br/>群众工作：63.3分<br/>数字化应用：81.0分"
    assert option["legend"]["data"] == ["东关街道", "奎文区", "达标线"]
    chart = _radar()
    assert list(chart.table.columns) == ["维度", "东关街道（分）", "东关街道（分，未修约）", "奎文区（分）", "达标线（分）"]
    fig = figure.figure(chart)
    assert [t.type for t in fig.data] == ["scatterpolar"] * 3
    assert list(fig.data[0].theta) == ["政治素质", "群众工作", "数字化应用", "政治素质"]  # closed


def test_radar_on_the_wall_is_dark():
    option = echarts.option(_radar(), big=True)
    assert option["radar"]["axisName"]["color"] == echarts.WALL_INK
    assert "toolbox" not in option


def test_heatmap_colours_each_cell_by_its_share_and_keeps_the_dimension_order():
    m = catalogue.get("competency_weak_share")
    df = pd.DataFrame({"a": ["mass_work", "political", "mass_work", "political"],
                       "b": ["社区副职", "社区副职", "社区正职", "社区正职"], "value": [0.30, 0.05, 0.10, None]})
    chart = build.heatmap(m, df, "competency_dimension", "role_category", x_order=SPOKES[:2])
    option = echarts.option(chart)
    assert option["xAxis"][0]["data"] == ["政治素质", "群众工作"]
    assert option["yAxis"][0]["data"] == ["社区正职", "社区副职"]  # role categories in their own order
    cells = {(d["value"][0], d["value"][1]): d for d in option["series"][0]["data"]}
    assert cells[(1, 1)]["label"]["formatter"] == "30.0%" and cells[(1, 1)]["value"][2] == 30.0
    assert cells[(1, 1)]["itemStyle"]["color"] == build.HEAT_STOPS[-1]  # the largest share: the darkest red
    assert cells[(0, 0)]["label"]["formatter"] == "—" and cells[(0, 0)]["itemStyle"]["color"] == "#EEEEEE"
    assert cells[(1, 0)]["tooltip"]["formatter"] == "社区正职 · 群众工作：10.0%"
    assert not chart.legend
    assert len(chart.table) == 4
    figure.figure(chart)


def test_needs_against_supply_back_to_back_with_gaps_in_red():
    needs, supply = catalogue.get("needs_registered"), catalogue.get("supply_items")
    registered = _frame({"助餐服务": 40.0, "医疗健康": 12.0, "法律咨询": 3.0})
    supplied = _frame({"医疗健康": 5.0, "文化娱乐": 2.0})
    chart = build.needs_supply(needs, registered, supply, supplied, ["助餐服务"], title="需求与供给")
    option = echarts.option(chart)
    # ECharts draws the first category at the bottom: the most needed kind is on top.
    assert option["yAxis"][1]["data"] == ["文化娱乐", "法律咨询", "医疗健康", "助餐服务"]
    left, right = option["series"]
    assert [d["value"] for d in left["data"]] == [0.0, 3.0, 12.0, 40.0]
    assert [d["itemStyle"]["color"] for d in left["data"]] == [palette.PRIMARY] * 3 + [palette.LAGGING]
    assert [d["value"] for d in right["data"]] == [2.0, 0.0, 5.0, 0.0]
    assert left["data"][3]["tooltip"]["formatter"] == "本期登记居民需求 · 助餐服务：40件"
    assert right["data"][2]["tooltip"]["formatter"] == "在供服务项目 · 医疗健康：5项"
    # Each side its own scale: 40 needs do not squash 5 supply items.
    assert option["xAxis"][0]["max"] > option["xAxis"][1]["max"]
    assert option["xAxis"][0]["inverse"] is True
    assert option["legend"]["data"] == ["本期登记居民需求", "在供服务项目"]
    table = chart.table
    assert list(table.iloc[0]) == ["助餐服务", 40, 0, "是"]
    figure.figure(chart)
