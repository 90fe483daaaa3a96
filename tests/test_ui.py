"""The UI helpers on their own: colours, labels, benchmark wording, KPI deltas, chart number
formats, and the two-way breakdown checked against counts made by hand from the raw rows."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

import database
import domain
from metrics import catalogue, crosstab
from metrics.filters import Filters
from metrics.models import DIMENSIONS
from ui import charts, i18n, kpi, palette

ROOT = "370705"


@pytest.fixture
def english(monkeypatch):
    monkeypatch.setattr(i18n, "lang", lambda: "en")
    monkeypatch.setattr(charts, "lang", lambda: "en")
    monkeypatch.setattr(kpi, "lang", lambda: "en")


@pytest.fixture(autouse=True)
def chinese_by_default(monkeypatch):
    """Outside a Streamlit session the language is Chinese (no session state to read)."""
    monkeypatch.setattr(i18n, "lang", lambda: "zh")
    monkeypatch.setattr(charts, "lang", lambda: "zh")
    monkeypatch.setattr(kpi, "lang", lambda: "zh")


# --- colours ------------------------------------------------------------------------------------


def test_every_dimension_value_has_its_own_colour_within_the_dimension():
    for name, dim in DIMENSIONS.items():
        if dim.order:
            colours = [palette.colour(v) for v in dim.order]
            assert len(set(colours)) == len(colours), name


def test_a_value_has_one_colour_everywhere_and_meaningful_ones_are_fixed():
    # 优秀 is both a training result and an assessment grade: same colour.
    assert palette.colour("优秀") == palette.colour("优秀") == "#2E9E5B"
    assert palette.colour("不称职") == palette.colour("不合格") == "#D62728"
    assert palette.colour("其他") == palette.colour("未持证") == palette.GREY
    assert palette.colour("一个没有的值") == palette.GREY


# --- labels -------------------------------------------------------------------------------------


def test_dimension_values_in_english(english):
    assert i18n.value_label("education", "大专") == "Associate (college)"
    assert i18n.value_label("age_band", "50岁及以上") == "50 and over"
    assert i18n.value_label("certificate_level", "未持证") == "Not certified"
    assert i18n.value_label("month", "2026-03") == "Mar 2026"
    assert i18n.value_label("quarter", "2026-Q3") == "2026 Q3"
    assert i18n.dim_label("wish_group") == "Group"


def test_dimension_values_in_chinese():
    assert i18n.value_label("education", "大专") == "大专"
    assert i18n.value_label("year", "2026") == "2026年"
    assert i18n.value_label("month", "2026-03") == "2026年3月"
    assert i18n.value_label("quarter", "2026-Q3") == "2026年三季度"
    assert i18n.value_label("month", "garbage") == "garbage"


# --- benchmarks and deltas --------------------------------------------------------------------------


def test_benchmark_sentences_use_the_catalogue_wording():
    per_10k = catalogue.get("workers_per_10k")
    assert kpi.benchmark_sentence(per_10k, 18.46, per_10k.benchmark, "奎文区") == \
        "奎文区每万常住人口社工数18.5人，高于国家标准（18人）。"
    assert kpi.benchmark_sentence(per_10k, 17.96, per_10k.benchmark, "东关街道") == \
        "东关街道每万常住人口社工数18.0人，达到国家标准（18人）。"
    certified = catalogue.get("certified_share")
    assert kpi.benchmark_sentence(certified, 0.4949, certified.benchmark, "X社区") == \
        "X社区持证比例49.5%，低于国家目标（50.0%）。"
    age = catalogue.get("secretary_avg_age")  # lower is better
    assert kpi.versus(age, 40.0, age.benchmark) == ("低于", True)
    assert kpi.versus(age, 43.0, age.benchmark) == ("高于", False)
    assert charts.bench_label(age.benchmark) == "奎文区报道值"
    college = catalogue.get("college_share")
    assert charts.bench_label(college.benchmark) == "奎文区报道值"  # "奎文区（超过）" without the figure


def test_benchmark_sentence_in_english(english):
    per_10k = catalogue.get("workers_per_10k")
    assert kpi.benchmark_sentence(per_10k, 16.0, per_10k.benchmark, "Kuiwen") == \
        "Kuiwen: workers per 10,000 residents 16.0 people, below the National target (18 people)."


def test_count_benchmarks_apply_to_a_whole_district_only():
    partners = catalogue.get("partners")  # 洪洞县 130余家: a county's total
    assert kpi.benchmark_for(partners, "370705") is partners.benchmark
    assert kpi.benchmark_for(partners, "370705001") is None
    assert kpi.benchmark_for(partners, "370705001001") is None
    per_10k = catalogue.get("workers_per_10k")  # a rate: every level
    assert kpi.benchmark_for(per_10k, "370705001001") is per_10k.benchmark


def test_delta_arrow_and_colour_follow_sign_and_direction():
    workers = catalogue.get("active_workers")  # higher is better
    assert kpi.delta_style(workers, 74) == ("green", "up")
    assert kpi.delta_style(workers, -3) == ("red", "down")
    age = catalogue.get("secretary_avg_age")  # lower is better
    assert kpi.delta_style(age, -0.3) == ("green", "down")
    assert kpi.delta_style(age, 1.0) == ("red", "up")
    exits = catalogue.get("negative_list_exits")  # neither
    assert kpi.delta_style(exits, 2) == ("gray", "up")
    score = catalogue.get("partner_score")  # −0.03 displays as 0.0: no arrow, no colour
    assert kpi.delta_style(score, -0.03) == ("gray", "off")
    assert kpi.delta_text(score, -0.03) == "±0.0分"
    assert kpi.delta_text(catalogue.get("college_share"), -0.006) == "−0.6个百分点"
    assert kpi.delta_style(catalogue.get("college_share"), -0.006) == ("red", "down")


def test_change_sentence_orders_by_relative_move():
    from metrics import Comparison

    comps = [
        Comparison(catalogue.get("active_workers"), 878, 804, None),  # +9.2%
        Comparison(catalogue.get("certified_share"), 0.642, 0.568, None),  # +13%
        Comparison(catalogue.get("partners"), 136, 136, None),  # no change: left out
    ]
    assert kpi.change_sentence(comps) == "与去年同期相比：持证比例提高7.4个百分点，在岗社区工作者增加74人。"


def test_lagging_sentence_names_the_weakest_region_and_counts_the_short():
    per_10k = catalogue.get("workers_per_10k")
    df = pd.DataFrame({"key": ["1", "2", "3"], "label": ["甲街道", "乙街道", "丙街道"], "value": [19.2, 15.49, 17.96]})
    assert kpi.lagging_sentence(per_10k, df, per_10k.benchmark, "街道", "street") == \
        "每万常住人口社工数最低的街道是乙街道（15.5人）；共有1个街道低于国家标准（18人）。"


# --- chart number formats -------------------------------------------------------------------------


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


# --- the two-way breakdown, against hand counts ---------------------------------------------------


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def test_crosstab_age_band_by_sex_matches_a_hand_count(kuiwen_db):
    con = database.connect(kuiwen_db)
    day = database.as_of_date(con)
    workers = database.query_df(con, "SELECT gender::VARCHAR AS gender, birth_date, hire_date, exit_date FROM workers")
    active = workers[(workers["hire_date"].dt.date <= day)
                     & (workers["exit_date"].isna() | (workers["exit_date"].dt.date > day))]
    ages = active["birth_date"].dt.date.map(lambda b: _age(b, day))
    band = pd.cut(ages, [0, 30, 40, 50, 200], right=False, labels=["30岁以下", "30-39岁", "40-49岁", "50岁及以上"])
    expected = active.groupby([band.astype(str), active["gender"]]).size()

    got = crosstab.crosstab(con, "active_workers", Filters(ROOT, day), "age_band", "gender")
    assert {(a, b): int(v) for a, b, v in zip(got["a"], got["b"], got["value"])} == \
        {k: int(v) for k, v in expected.items() if v}
    assert list(dict.fromkeys(got["a"])) == [b for b in ("30岁以下", "30-39岁", "40-49岁", "50岁及以上")
                                              if b in set(got["a"])]


def test_crosstab_assessment_grades_by_role_matches_a_hand_count(kuiwen_db):
    con = database.connect(kuiwen_db)
    day = database.as_of_date(con)
    year = Filters(ROOT, day).params()["last_year_end"].year
    rows = database.query_df(con, "SELECT role_category::VARCHAR AS r, grade::VARCHAR AS g FROM assessments "
                                  "WHERE year = ?", [year])
    expected = rows.groupby(["r", "g"]).size()
    got = crosstab.crosstab(con, "assessed_workers", Filters(ROOT, day), "role_category", "assessment_grade")
    assert {(a, b): int(v) for a, b, v in zip(got["a"], got["b"], got["value"])} == {k: int(v) for k, v in expected.items()}
    roles = [r for r in domain.values("role_category") if r in set(got["a"])]
    assert list(dict.fromkeys(got["a"])) == roles


def test_crosstab_of_a_share_carries_numerator_and_denominator(kuiwen_db):
    con = database.connect(kuiwen_db)
    day = database.as_of_date(con)
    got = crosstab.crosstab(con, "reserve_90s_share", Filters(ROOT, day), "target_post", "generation")
    born_90s = got[got["b"] == "90后"].set_index("a")["numerator"].to_dict()
    # The calibrated kuiwen preset: 12 / 49 / 76 candidates born in the 1990s by target post.
    assert born_90s == {"正职": 12, "副职": 49, "两委成员": 76}
    with pytest.raises(ValueError):
        crosstab.crosstab(con, "workers_per_10k", Filters(ROOT, day), "region", "gender")
