"""The seed reports' published figures come out of the catalogue exactly, on both presets.

"Exactly" means as published: the catalogue's value, shown with the catalogue's display format,
is the figure printed in the report (18.5人, 40.1%, …), and equals the seed benchmark the
catalogue carries for it.
"""

from __future__ import annotations

import pytest

import metrics
from cgw.ingest.generator import targets
from cgw.storage import database
from metrics import catalogue, formatting, quality

KUIWEN_PUBLISHED = {  # metric: (text in the report, as the catalogue displays it)
    "workers_per_10k": "18.5人",
    "under_40_share": "40.1%",
    "college_share": "91.1%",  # "超过91.1%": also strictly above, tested below
    "certified_share": "64.2%",
    "secretary_avg_age": "41.1岁",
    "new_secretaries_3y": "25人",
    "open_recruits_4y": "348人",
    "reserve_90s_head": "12人",
    "reserve_90s_deputy": "49人",
    "reserve_90s_committee": "76人",
    "grade_one_share": "10.0%",
    "grade_two_share": "30.0%",
    "grade_three_share": "60.0%",
}


def _values(path, ids):
    con = database.connect(path)
    root = metrics.regions.root(con).region_id
    return metrics.evaluate(con, ids, metrics.Filters(root, targets.DEFAULT_AS_OF))


def _seed_benchmark(mid: str, source: str) -> float:
    found = [b.value for b in catalogue.get(mid).benchmarks if b.source == source]
    assert len(found) == 1, mid
    return found[0]


def test_kuiwen_figures_come_out_of_the_catalogue(kuiwen_db):
    v = _values(kuiwen_db, catalogue.ids())
    for mid, text in KUIWEN_PUBLISHED.items():
        m = catalogue.get(mid)
        assert formatting.value(m, v[mid]) == text, mid
        assert formatting.value(m, _seed_benchmark(mid, catalogue.KUIWEN)) == text, mid
    assert 0.911 < v["college_share"]  # 超过91.1%
    assert v["new_secretaries_3y"] == 25 and v["open_recruits_4y"] == 348
    assert (v["reserve_90s_head"], v["reserve_90s_deputy"], v["reserve_90s_committee"]) == (12, 49, 76)
    assert v["reserve_90s"] == 12 + 49 + 76
    # 1:3:6 among the 60 graded secretaries: 6, 18, 36, and the subsidy bill that follows.
    assert (v["grade_one_share"], v["grade_two_share"], v["grade_three_share"]) == (0.1, 0.3, 0.6)
    assert v["graded_secretaries"] == 60
    assert v["monthly_subsidy"] == 6 * 800 + 18 * 500 + 36 * 300
    con = database.connect(kuiwen_db)
    grades = metrics.breakdown(con, "secretaries", metrics.Filters("370705", targets.DEFAULT_AS_OF), "secretary_grade")
    assert grades.set_index("key")["value"].to_dict() == {"一等": 6, "二等": 18, "三等": 36, "未评定": 5}
    # The national benchmarks: 18 per 10k and 50% certified are met.
    assert v["workers_per_10k"] >= 18 and v["certified_share"] >= 0.5


def test_hongtong_figures_come_out_of_the_catalogue(hongtong_db):
    v = _values(hongtong_db, ["partners", "issues_resolved", "wishes_fulfilled"])
    assert 130 <= v["partners"] <= 139  # 130余家
    assert 180 <= v["issues_resolved"] <= 189  # 去年以来…180余件
    assert 1200 <= v["wishes_fulfilled"] <= 1299  # 1200余个
    assert _seed_benchmark("partners", catalogue.HONGTONG) == 130
    assert _seed_benchmark("issues_resolved", catalogue.HONGTONG) == 180
    assert _seed_benchmark("wishes_fulfilled", catalogue.HONGTONG) == 1200


@pytest.mark.parametrize("db", ["kuiwen_db", "hongtong_db"])
def test_breakdowns_by_street_add_up_on_the_presets(db, request):
    con = database.connect(request.getfixturevalue(db))
    f = metrics.Filters(metrics.regions.root(con).region_id, targets.DEFAULT_AS_OF)
    totals = metrics.evaluate(con, catalogue.ids(), f)
    for m in catalogue.CATALOGUE:
        if "region" not in m.dims:
            continue
        b = metrics.breakdown(con, m.id, f, "region")
        assert len(b) == (8 if db == "kuiwen_db" else 6), m.id
        if m.additive:
            assert b["value"].sum() == pytest.approx(totals[m.id]), m.id
        elif m.type == "share" and totals[m.id] is not None:
            assert b["numerator"].sum() / b["denominator"].sum() == pytest.approx(totals[m.id]), m.id


@pytest.mark.parametrize("db", ["kuiwen_db", "hongtong_db"])
def test_generated_presets_are_clean(db, request):
    con = database.connect(request.getfixturevalue(db))
    findings = quality.run(con)
    assert [(f.rule.id, f.count) for f in findings if f.count] == []
    assert len(findings) == len(quality.RULES)
