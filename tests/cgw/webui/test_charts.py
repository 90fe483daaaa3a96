"""ui charts: value axes in Chinese number forms, lagging bars, and the light forms against their plotly twins."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from cgw.webui import charts, palette
from metrics import catalogue

ROOT = "370705"
pytestmark = pytest.mark.usefixtures("chinese")


def test_value_axis_uses_chinese_forms():
    axis: dict = {}
    charts._cn_ticks(axis, catalogue.get("points_earned"), 56_000)
    assert axis["ticktext"][:4] == ["0", "2万", "4万", "6万"]
    assert axis["tickvals"][:4] == [0, 20_000, 40_000, 60_000]
    share: dict = {}
    charts._cn_ticks(share, catalogue.get("certified_share"), 0.7)
    assert share["tickformat"] == ".0%"


def test_region_bars_mark_the_regions_short_of_the_benchmark():
    per_10k = catalogue.get("workers_per_10k")
    df = pd.DataFrame({"key": ["1", "2", "3"], "label": ["甲", "乙", "丙"], "value": [19.2, 15.49, 17.96],
                       "numerator": [1, 1, 1], "denominator": [1, 1, 1]})
    fig, export = charts.region_bars(per_10k, df, per_10k.benchmark)
    bars = fig.data[0]
    assert list(bars.y) == ["乙", "丙", "甲"]  # ascending: the highest on top
    assert list(bars.customdata) == ["2", "3", "1"]
    assert list(bars.marker.color) == [palette.LAGGING, palette.PRIMARY, palette.PRIMARY]  # 17.96 shows as 18.0
    assert list(bars.text) == ["15.5人", "18.0人", "19.2人"]
    assert list(export.columns) == ["区划代码", "下级区划", "每万常住人口社工数", "分子", "分母"]


def test_light_region_bars_match_the_plotly_ones():
    per_10k = catalogue.get("workers_per_10k")
    df = pd.DataFrame({"key": ["1", "2", "3"], "label": ["甲", "乙", "丙"], "value": [19.2, 15.49, 17.96],
                       "numerator": [1, 1, 1], "denominator": [1, 1, 1]})
    markup = charts.region_bars_markup(per_10k, df, per_10k.benchmark)
    # Largest on top, the region id on every bar, red where short of 18 (17.96 shows as 18.0).
    assert re.findall(r'data-drill="(\d)">([^<]*)</button>', markup) == [("1", "甲"), ("3", "丙"), ("2", "乙")]
    assert re.findall(r'background:(#\w+)"', markup) == [palette.PRIMARY, palette.PRIMARY, palette.LAGGING]
    assert re.findall(r'class="bar-value"[^>]*>([^<]*)<', markup) == ["19.2人", "18.0人", "15.5人"]
    # The axis runs to max(19.2, 18) = 19.2 (ticks 0, 5, 10, 15): the target line at 18 / 19.2.
    assert f'class="target-line" style="left:{18 / 19.2 * 100:.2f}%' in markup
    assert "国家标准 18人" in markup


def test_value_axis_ticks_are_round_and_in_chinese_forms():
    def texts(mid: str, vmax: float) -> list[str]:
        return [t for _, t in charts.axis_ticks(catalogue.get(mid), vmax)]

    assert texts("workers_per_10k", 20.35) == ["0", "10", "20"]
    assert texts("certified_share", 0.711) == ["0%", "20%", "40%", "60%"]
    assert texts("points_earned", 125_000) == ["0", "5万", "10万"]
    assert texts("active_workers", 878) == ["0", "250", "500", "750"]
    assert texts("workers_per_10k", 0.9) == ["0.00", "0.25", "0.50", "0.75"]
    assert texts("training_coverage", 0.0) == ["0%", "25%", "50%", "75%", "100%"]  # nothing yet: a 0–100% axis


def test_every_chart_kind_has_a_light_form_taking_the_same_arguments():
    import inspect

    for kind, (build, light) in charts.FORMS.items():
        assert list(inspect.signature(build).parameters) == list(inspect.signature(light).parameters), kind


def test_light_stacked_percent_bars_show_each_rows_composition():
    count = catalogue.get("active_workers")
    df = pd.DataFrame({"a": ["正职", "正职", "副职", "副职"], "b": ["90后", "其他", "90后", "其他"],
                       "value": [3.0, 1.0, 0.0, 5.0]})
    markup = charts.stacked_markup(count, df, "reserve_post", "born_1990s")
    # 正职: 3 of 4 = 75%, 1 of 4 = 25%; 副职: 0%, 100% — shares, not counts, set the widths.
    assert re.findall(r'class="seg" style="width:([\d.]+)%', markup) == ["75.00", "25.00", "0.00", "100.00"]
    assert re.findall(r'class="seg"[^>]*>([^<]*)<', markup) == ["75%", "25%", "", "100%"]
    assert "90后 · 正职：3人（75.0%）" in markup


def test_light_funnel_gives_each_stage_its_share_of_the_first():
    wishes = catalogue.get("wishes_raised")
    markup = charts.funnel_markup([("征集", wishes, 200.0, "#1"), ("认领", wishes, 150.0, "#2"),
                                   ("完成", wishes, 120.0, "#3")])
    assert re.findall(r'class="bar-value"[^>]*>([^<]*)<', markup) == ["200个", "150个（75%）", "120个（60%）"]
