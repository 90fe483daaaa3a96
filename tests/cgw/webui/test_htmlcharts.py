"""The light HTML charts: bars, lines, ticks and target lines at hand-computed positions, every
text escaped, drill hooks only where asked for."""

from __future__ import annotations

import re

from cgw.webui import htmlcharts
from cgw.webui.htmlcharts import Bar, Line, Target

TICKS = [(0.0, "0"), (10.0, "10"), (20.0, "20")]


def _bars(drill: bool = True) -> str:
    bars = [Bar("1", "甲街道", 20.0, "20.0人", "#111111"), Bar("2", "乙街道", 15.0, "15.0人", "#222222"),
            Bar("3", "丙街道", None, "—", "#333333")]
    return htmlcharts.hbars(bars, ticks=TICKS, scale_max=25.0, target=Target(18.0, "国家标准 18人", "#777777"),
                            drill=drill)


def test_bars_keep_their_order_and_scale_to_the_axis_maximum():
    markup = _bars()
    labels = re.findall(r'<button class="bar-label"[^>]*data-drill="(\d)">([^<]*)</button>', markup)
    assert labels == [("1", "甲街道"), ("2", "乙街道"), ("3", "丙街道")]
    # 20 / 25 = 80%, 15 / 25 = 60%, a missing value draws no bar.
    widths = re.findall(r'<span class="bar" style="width:([\d.]+)%;background:(#\d+)"', markup)
    assert widths == [("80.00", "#111111"), ("60.00", "#222222"), ("0.00", "#333333")]
    assert re.findall(r'<span class="bar-value"[^>]*>([^<]*)</span>', markup) == ["20.0人", "15.0人", "—"]
    # The target line at 18 / 25 = 72%, grid lines at 10 and 20 (none at 0), ticks 0, 10, 20.
    assert 'class="target-line" style="left:72.00%' in markup
    assert re.findall(r'class="grid-line" style="left:([\d.]+)%', markup) == ["40.00", "80.00"]
    assert re.findall(r'<span style="left:([\d.]+)%">(\d+)</span>', markup) == [("0.00", "0"), ("40.00", "10"),
                                                                                  ("80.00", "20")]
    assert 'title="乙街道：15.0人"' in markup


def test_only_drillable_charts_carry_region_ids():
    assert markup_hooks(_bars(drill=True)) == 6  # label and bar of three regions
    assert markup_hooks(_bars(drill=False)) == 0
    assert "<button" not in _bars(drill=False)


def markup_hooks(markup: str) -> int:
    return markup.count("data-drill=")


def test_every_text_is_escaped():
    bad = '<img src=x onerror="alert(1)">'
    markup = htmlcharts.hbars([Bar('"><script>', bad, 1.0, bad, "#000000")], ticks=TICKS, scale_max=2.0, drill=True)
    assert "<img" not in markup and "<script>" not in markup
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in markup
    line = htmlcharts.trend(["<b>"], [Line("<i>", [1.0], ["<u>"], "#000000")], ticks=TICKS, scale_max=2.0)
    assert "<b>" not in line and "<u>" not in line and "&lt;b&gt;" in line


def test_trend_points_sit_at_their_year_and_value():
    lines = [Line("甲", [5.0, 10.0, None, 20.0], ["5", "10", "—", "20"], "#111111"),
             Line("乙", [0.0, 2.0, 4.0, 8.0], ["0", "2", "4", "8"], "#222222")]
    markup = htmlcharts.trend(["2023年", "2024年", "2025年", "2026年"], lines, ticks=TICKS, scale_max=20.0,
                              target=Target(15.0, "目标 15", "#777777"))
    # Four evenly spaced years: x at 12.5%, 37.5%, 62.5%, 87.5%; y = value / 20, drawn from the top.
    polylines = re.findall(r'<polyline points="([^"]+)" stroke="(#\d+)"', markup)
    assert polylines[0] == ("12.50,75.00 37.50,50.00 87.50,0.00", "#111111")  # the missing year is skipped
    assert polylines[1] == ("12.50,100.00 37.50,90.00 62.50,80.00 87.50,60.00", "#222222")
    assert re.findall(r'class="point-value" style="left:([\d.]+)%;bottom:([\d.]+)%">([^<]*)<', markup)[:3] == [
        ("12.50", "25.00", "5"), ("37.50", "50.00", "10"), ("87.50", "100.00", "20")]
    assert 'class="target-line" style="bottom:75.00%' in markup
    assert 'title="乙 · 2025年：4"' in markup
    # Two lines get a legend; one line does not.
    assert markup.count('<div class="legend">') == 1
    single = htmlcharts.trend(["2023年", "2024年", "2025年", "2026年"], lines[:1], ticks=TICKS, scale_max=20.0)
    assert '<div class="legend">' not in single


def test_text_width_counts_chinese_characters_as_one_em():
    assert htmlcharts.text_em("18.5人") == 1.0 + 4 * 0.6
    assert htmlcharts.text_em("") == 0


def test_stacked_rows_split_each_bar_into_its_parts():
    rows = [htmlcharts.Stack("正职", [htmlcharts.Segment(12.0, "", "90后：12人", "#F58518"),
                                     htmlcharts.Segment(2.0, "", "其他：2人", "#B0ABA6")], "14人")]
    markup = htmlcharts.stacks(rows, ticks=[(0.0, "0"), (10.0, "10"), (20.0, "20")], scale_max=20.0,
                               key=[("90后", "#F58518"), ("其他", "#B0ABA6")])
    # 12 / 20 = 60%, 2 / 20 = 10%; the total sits after the bar's end at 14 / 20 = 70%.
    assert re.findall(r'class="seg" style="width:([\d.]+)%', markup) == ["60.00", "10.00"]
    assert '<span class="bar-value" style="left:70.00%"><b>14人</b></span>' in markup
    assert re.findall(r'<span><i style="background:(#\w+)"></i>([^<]*)</span>', markup) == [
        ("#F58518", "90后"), ("#B0ABA6", "其他")]


def test_columns_stand_side_by_side_or_stacked():
    series = [Line("获得", [40.0, 80.0], ["40", "80"], "#111111"), Line("兑换", [10.0, 20.0], ["10", "20"], "#222222")]
    side = htmlcharts.columns(["1月", "2月"], series, ticks=TICKS, scale_max=100.0)
    # Two slots of 50%, each with 15% of the slot free on either side.
    assert re.findall(r'class="col-group" style="left:([\d.]+)%;width:([\d.]+)%"', side) == [("7.50", "35.00"),
                                                                                             ("57.50", "35.00")]
    assert re.findall(r'class="col" style="height:([\d.]+)%', side) == ["40.00", "10.00", "80.00", "20.00"]
    stack = htmlcharts.columns(["1月", "2月"], series, ticks=TICKS, scale_max=100.0, stacked=True, totals=["50", "100"])
    # A stack is as tall as its total; its parts split it by share (40 of 50 = 80%).
    assert re.findall(r'class="col-stack" style="height:([\d.]+)%', stack) == ["50.00", "100.00"]
    assert re.findall(r'class="col" style="height:([\d.]+)%', stack) == ["80.00", "20.00", "80.00", "20.00"]
    assert re.findall(r'class="col-value">([^<]*)<', stack) == ["50", "100"]


def test_donut_turns_values_into_arcs_and_shares():
    parts = [htmlcharts.Part("本科", 300.0, "300人", "#111111"), htmlcharts.Part("大专", 100.0, "100人", "#222222")]
    markup = htmlcharts.donut(parts, centre="400人")
    assert "conic-gradient(#111111 0.00% 75.00%, #222222 75.00% 100.00%)" in markup
    assert re.findall(r'class="part-share">([^<]*)<', markup) == ["75%", "25%"]
    assert '<div class="hole">400人</div>' in markup
    assert 'aria-label="本科 300人（75%）；大专 100人（25%）"' in markup  # what a screen reader says


def test_pyramid_grows_both_ways_from_the_labels():
    markup = htmlcharts.pyramid(["50岁及以上", "30岁以下"], Line("男", [10.0, 40.0], ["10人", "40人"], "#1"),
                                Line("女", [20.0, 30.0], ["20人", "30人"], "#2"), ticks=TICKS, scale_max=50.0)
    assert re.findall(r'pyr-cell (left|right)"[^>]*><span class="bar" style="width:([\d.]+)%', markup) == [
        ("left", "20.00"), ("right", "40.00"), ("left", "80.00"), ("right", "60.00")]
    assert re.findall(r'class="pyr-label"[^>]*>([^<]*)<', markup) == ["50岁及以上", "30岁以下"]


def test_target_ticks_sit_on_their_bars():
    bars = [Bar("一等", "一等", 0.1, "10.0%", "#1", mark=0.1, mark_text="目标 10.0%"),
            Bar("三等", "三等", 0.6, "60.0%", "#2", mark=0.5, mark_text="目标 50.0%")]
    markup = htmlcharts.hbars(bars, ticks=[(0.0, "0%"), (0.5, "50%")], scale_max=0.8, key=[("1:3:6目标", "#777")])
    assert re.findall(r'class="bar-mark" style="left:([\d.]+)%', markup) == ["12.50", "62.50"]
    assert 'title="三等：60.0%（目标 50.0%）"' in markup
