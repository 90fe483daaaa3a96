"""ui kpi: benchmark wording, which benchmarks apply where, card deltas, and the summary sentences."""

from __future__ import annotations

import pandas as pd
import pytest

from cgw.webui import charts, kpi
from metrics import Coverage, catalogue

ROOT = "370705"
pytestmark = pytest.mark.usefixtures("chinese")


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


def test_a_card_resting_on_an_optional_fact_shows_its_coverage(chinese):
    assert kpi.coverage_text(Coverage("education", 912, 1020)) == "学历已知 912 / 1,020 人，未知的不计入"
    assert kpi.coverage_text(Coverage("education", 1020, 1020)) is None  # complete: nothing to say
    assert kpi.coverage_text(None) is None and kpi.coverage_text(Coverage("source", 0, 0)) is None


def test_coverage_in_english(english):
    assert kpi.coverage_text(Coverage("post_since", 2, 3)) == "Appointment date known for 2 of 3; unknowns left out"


def test_a_grid_shows_only_the_kpis_kept_per_grid():
    ids = ["active_workers", "workers_per_10k", "partners", "needs_registered", "supply_items", "party_households",
           "competency_score", "studios"]
    grid = "370705001001001"
    assert kpi.for_region(ids, grid) == ["active_workers", "needs_registered", "party_households", "competency_score"]
    assert all(catalogue.get(m).at_grid for m in kpi.for_region(catalogue.ids(), grid))
    for region in (ROOT, "370705001", "370705001001"):  # district, street, community: every card
        assert kpi.for_region(ids, region) == ids
