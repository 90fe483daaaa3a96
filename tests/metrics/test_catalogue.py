"""Every KPI of the catalogue against values computed by hand on tests/support/fixture_db.py.

Ages are 周岁 on the as-of date 2025-06-30 (a year earlier: 2024-06-30):
    W01 40 (born 1985-06-30: turns 40 that day)  W02 35  W03 54  W04 44 (birthday 1 July)
    W05 27  W06 29  W08 36  W09 25 (born 29 Feb)  W11 32
    a year earlier: W01 39  W02 34  W03 53  W04 43  W07 59  W08 35  W10 49  W11 31
Active on 2025-06-30: W01 W02 W03 W04 W05 W06 W08 W09 W11 = 9
    (W07 left 2025-03-31, W10 2024-11-30, W12 2024-03-01)
Active on 2024-06-30: W01 W02 W03 W04 W07 W08 W10 W11 = 8
    (W05 hired 2024-09-01, W06 2025-02-01, W09 2024-07-15; W12 left 2024-03-01)
The current period (grain year) is 2025-01-01..2025-06-30; a year earlier 2024-01-01..2024-06-30.
The 12 months to the date (trailing_years:1) are (2024-06-30, 2025-06-30] and (2023-06-30, 2024-06-30];
the last completed year (last_year) is 2024, a year earlier 2023. Schema version 6's rows (grids,
needs and supply, training mechanisms, competency, secondments, outcomes) and their edge cases are
listed in tests/support/fixture_db.py; the grid level has its own tests in test_grids.py.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import metrics
from cgw.storage import database
from metrics import catalogue, engine, formatting, models
from tests.support import fixture_db as fx

F = metrics.Filters(fx.DISTRICT, fx.AS_OF)

# metric id: (value on 2025-06-30, value on 2024-06-30)
EXPECTED: dict[str, tuple[float | None, float | None]] = {
    # --- workforce
    "active_workers": (9, 8),
    "resident_population": (4000 + 6000 + 0 + 2000, 3800 + 6200 + 0 + 1000),  # 12000, 11000
    "workers_per_10k": (9 / 12000 * 10_000, 8 / 11000 * 10_000),  # 7.5, 7.27
    # under 40: W02 W05 W06 W08 W09 W11 (W01 is exactly 40) / a year earlier W01 W02 W08 W11
    "under_40_share": (6 / 9, 4 / 8),
    "average_age": ((40 + 35 + 54 + 44 + 27 + 29 + 36 + 25 + 32) / 9,  # 322 / 9
                    (39 + 34 + 53 + 43 + 59 + 35 + 49 + 31) / 8),  # 343 / 8
    # 中专·高中: W03; 初中及以下: W07 (a year earlier)
    "college_share": (8 / 9, 6 / 8),
    # 本科 or 研究生: W01 W04 W05 W06(研究生) W09 / a year earlier W01 W04
    "bachelor_share": (5 / 9, 2 / 8),
    # certified by the date: W01 W02(2024-10) W04 W06(2025-05) / W01 W04
    "certified_share": (4 / 9, 2 / 8),
    # 中共党员 or 预备: W01 W03 W04 W06 W08 / W01 W03 W04 W08 W10
    "party_member_share": (5 / 9, 5 / 8),
    "female_share": (6 / 9, 4 / 8),  # W01 W03 W04 W06 W09 W11 / W01 W03 W04 W11
    "male_share": (3 / 9, 4 / 8),
    # 公开招聘 hired in (2021-06-30, 2025-06-30]: W02 W05 W06 W09 W11 W12 (W12 left, still counts)
    # in (2020-06-30, 2024-06-30]: W02 W11 W12
    "open_recruits_4y": (6, 3),
    "open_recruits_period": (1, 0),  # W06 (2025-02-01) / none in 2024 H1
    "hires_period": (1, 0),  # W06 / none
    "exits_period": (1, 1),  # W07 (2025-03-31) / W12 (2024-03-01)
    "exits_12m": (2, 1),  # W07, W10 (2024-11-30) / W12
    "turnover_rate": (2 / 9, 1 / 8),
    "negative_list_exits": (1, 0),  # W10 违反廉洁纪律 / W12 resigned (not negative)
    # --- leadership: secretaries W01 (since 2020), W04 (since 2023-05-01), W08 (since 2025-02-15)
    "secretaries": (3, 2),  # W01 W04 W08 / W01 W04
    "secretary_avg_age": ((40 + 44 + 36) / 3, (39 + 43) / 2),  # 40.0, 41.0
    "new_secretaries_3y": (2, 1),  # W04, W08 after 2022-06-30 / W04 after 2021-06-30
    "graded_secretaries": (2, 2),  # W01, W04 (W08 appointed this year) / W01, W04 for 2024
    # 2025: W01 二等 then 一等 from April; W04 三等 (its 二等 from September is not yet in force)
    # 2024: W01 三等, W04 二等
    "grade_one_share": (1 / 2, 0 / 2),
    "grade_two_share": (0 / 2, 1 / 2),
    "grade_three_share": (1 / 2, 1 / 2),
    "monthly_subsidy": (800 + 300, 300 + 500),
    # reserve in the pool: R1 R2 R3 R4 R6 / R1 R3 R5; 1990s-born: R1 R2 R4 / R1 R5
    "reserve_pool": (5, 3),
    "reserve_90s": (3, 2),
    "reserve_90s_head": (1, 1),  # R1 / R1
    "reserve_90s_deputy": (1, 0),  # R2 (entered 2024-09-01) / none
    "reserve_90s_committee": (1, 1),  # R4 / R5 (left the pool 2025-03-01)
    "reserve_90s_share": (3 / 5, 2 / 3),
    # --- training in 2025 H1: T2 T3 T4 T5 T6 T7 T10 (T10 on the as-of date); 2024 H1: T8 T9
    "training_person_times": (7, 2),
    "training_hours": (32 + 32 + 16 + 40 + 4 + 4 + 24, 32 + 4),  # 152, 36
    "trained_workers": (5, 2),  # W01 W04 W02 W06 W05 (W07 of T6 has left) / W01 W10
    "training_coverage": (5 / 9, 2 / 8),
    "hours_per_worker": (152 / 9, 36 / 8),
    "training_pass_rate": (6 / 7, 1 / 2),  # all but T5 / T8 not T9
    "training_excellent_rate": (3 / 7, 0 / 2),  # T2 T7 T10
    # --- assessment of 2024 (as of 2025-06-30) and 2023 (a year earlier); weights by role:
    # 正职/副职 0.3 0.4 0.3, 一般 0.4 0.3 0.3
    # 2024: W01 27+38+27.6=92.6  W02 32+21+27=80  W03 18+20+16.5=54.5  W10 25.5+32+22.5=80
    # 2023: W01 80  W03 70  W11 40+27+24=91
    "assessed_workers": (4, 3),
    "assessment_excellent_share": (1 / 4, 1 / 3),
    "assessment_failed": (1, 0),  # W03 不称职
    "composite_score": ((92.6 + 80 + 54.5 + 80) / 4, (80 + 70 + 91) / 3),
    # --- partners in service: P1 P2 P4 / P1 P2 (P3 left 2025-05-31, P5 2024-01-31)
    "partners": (3, 2),
    "communities": (4, 4),
    "partners_per_community": (3 / 4, 2 / 4),
    # Q2 2025: P1 36+28+17.5=81.5, P2 32+31.5+25=88.5, P3 60 / Q2 2024: P1 70, P2 90
    "partner_score": ((81.5 + 88.5 + 60) / 3, (70 + 90) / 2),
    "partner_honours": (2, 1),
    # --- services
    "issues_raised": (4, 1),  # I2 I3 I4 I5 / I1
    # 联席会议 resolved 2024-01-01..2025-06-30: I1 I2 I6 / 2023-01-01..2024-06-30: I1 I6 (I7 in 2022)
    "issues_resolved": (3, 2),
    "issue_resolution_rate": (2 / 4, 1 / 1),  # I2 I3 of I2..I5 (I5 resolved in July) / I1
    "issue_median_days": ((20 + 5) / 2, (10 + 46) / 2),  # I2 20, I3 5 / I1 10, I6 46
    "wishes_raised": (6, 1),
    "wishes_claimed": (4, 1),  # X1 X2 X3 X5 (X6 claimed in July, X4 never) / X1
    "wishes_fulfilled": (3, 1),  # X1 X2 X5 / X1
    "wish_fulfilment_rate": (3 / 6, 1 / 1),
    "points_earned": (10 + 15 + 5, 20 + 50),  # L2 L4 L6 / L1 L7
    "points_redeemed": (20 + 5, 20),  # L3 L5 / L8
    "points_redemption_rate": (25 / 30, 20 / 70),
    # --- five-level structure (regions hold no dates: the same a year earlier)
    "streets": (2, 2),  # 东街道 新街道
    "grids": (3, 3),  # G111 G112 G121
    "grid_party_branches": (2, 2),  # G111 G121 (G112 has none)
    "grid_branch_coverage": (2 / 3, 2 / 3),
    # 党员中心户 in post: H1 H2 H4 (H3 ended 2025-01-31) / H1 H3 H4 (H4 designated that very day; H2 in 2025)
    "party_households": (3, 3),
    "households_per_party_household": ((10 + 20 + 6) / 3, (10 + 30 + 6) / 3),  # 12.0, 15.33
    # active workers with a grid: W01 W02 W04 W09 of 9 / W01 W02 W04 W07 of 8 (W09 not yet hired)
    "grid_assigned_share": (4 / 9, 4 / 8),
    # --- needs against supply. 2025 H1 raised: N1 N2 N3 N4 N6; 2024 H1: N5
    "needs_registered": (5, 1),
    "needs_matched": (2, 1),  # N1 (02-05) N2 (03-20), N3 matched in July / N5 (2024-05-11)
    "needs_met": (1, 1),  # N1 (03-01) / N5 (2024-06-01)
    "need_matching_rate": (2 / 5, 1 / 1),  # N1 N2 of the five / N5
    "need_days_to_match": ((4 + 10) / 2, 10),  # N1 4 days, N2 10 / N5 10
    "needs_open": (3, 0),  # N3 (matched after the date) N4 N6 / N5 was matched
    # N3 (助餐, 西园: SP1 serves it) and N6 (助餐, 东园: SP1) are in reach; N4 (医疗健康, 新区): nothing
    "needs_unserved": (1, 0),
    # in service: SP1 SP2 SP3 (SP4 ended 2025-05-31) / SP1 SP2 SP4 (SP3 starts 2025-01-01)
    "supply_items": (3, 3),
    "supply_capacity": (1000 + 200 + 50, 1000 + 200 + 300),  # 1250, 1500
    # needs raised in the 12 months (2024-06-30, 2025-06-30]: 助餐 东园 N1 → SP1 demanded; 法律 东园 N2 → SP2;
    # no 托育照护 in 新区 → SP3 idle. (2023-06-30, 2024-06-30]: only N5 (家政 西园) → SP4; SP1 SP2 idle
    "supply_idle": (1, 2),
    # --- training mechanisms
    "studios": (2, 2),  # ST1 ST2 / ST1 ST3 (ST2 founded 2024-09-01, ST3 closed 2024-12-31)
    "shadow_trainees": (3, 1),  # R1 (twice) R2 W05, placement 5 starts in August / R1
    "salons_held": (3, 1),  # salons 1 2 3 (4 in August) / 1
    "salon_attendance": (60 + 40 + 30, 60),
    "rotating_deputies": (2, 1),  # W03 (twice) W10; W02 is no deputy / W03
    "teaching_sites": (1, 2),  # TR1 (TR2 closed 2025-03-31) / TR1 TR2
    "partner_colleges": (1, 1),  # TR3
    "teacher_pools": (2, 1),  # TR4 TR5 / TR5 (TR4 from 2024-09-01)
    "pool_teachers": (25 + 12, 12),
    "featured_courses": (1, 0),  # TR6 from 2025-02-01
    "special_topics": (1, 1),  # TR7 from 2024-05-01
    # --- 胜任力: the 12 months to the date hold the 2025-06-15 round / the 2024-06-15 round; threshold 60
    "competency_assessed": (3, 2),  # W01 W02 W04 / W01 W03
    "competency_score": ((90 + 50 + 65 + 59.5 + 60) / 5, (85 + 70 + 55 + 58) / 4),  # 64.9, 67.0
    "competency_weak_share": (2 / 5, 2 / 4),  # 50 59.5 (60.0 is on the line) / 55 58
    # --- secondments: #1 W11 from 2025-03-01; #2 W02 2024-02-01..2024-08-31; #3 W03 2024-09-01..2024-12-31
    "workers_on_secondment": (1, 1),  # W11 / W02
    "secondments_12m": (2, 1),  # #1 #3 / #2
    # --- assessment outcomes of 2024 / of 2023
    "outcomes_renewed": (2, 3),  # W01 W02 / W01 W03 W11
    "outcomes_dismissed": (1, 0),  # W10
    "outcomes_accountability": (2, 1),  # W03 诫勉谈话 + 降职使用 / W11 诫勉谈话
    # --- partners by kind, in service: P1 P2 P4 / P1 P2
    "partner_departments": (1, 1),  # P2 机关单位
    "partner_associations": (0, 0),  # P5 (行业协会) left 2024-01-31
    "partner_talent_studios": (0, 0),
    "partners_recruited_online": (1, 0),  # P4 (P3 online too, but left 2025-05-31 and joined 2024-08-01)
}


def approx(v):
    return None if v is None else pytest.approx(v, rel=1e-9, abs=1e-9)


@pytest.fixture(scope="module")
def con(metrics_db):
    """The fixture on DuckDB, then on PostgreSQL: every value below holds on both."""
    return database.connect(metrics_db)


def test_every_metric_in_the_catalogue_has_a_hand_computed_value():
    assert set(EXPECTED) == set(catalogue.ids())


def test_every_kpi_matches_the_hand_computed_value(con):
    got = metrics.evaluate(con, catalogue.ids(), F)
    for mid, (now, _) in EXPECTED.items():
        assert got[mid] == approx(now), mid


def test_year_on_year_on_the_two_year_fixture(con):
    for c in metrics.compare(con, catalogue.ids(), F):
        now, then = EXPECTED[c.metric.id]
        assert c.year_earlier == approx(then), c.metric.id
        assert c.yoy_change == approx(now - then), c.metric.id
        # With the year grain the previous period is the year before: 环比 equals 同比.
        assert c.previous_period == approx(then), c.metric.id
    by_id = {c.metric.id: c for c in metrics.compare(con, ["active_workers", "grade_one_share"], F)}
    assert by_id["active_workers"].yoy_relative == pytest.approx((9 - 8) / 8)
    assert by_id["grade_one_share"].yoy_relative is None  # from zero


def test_quarter_grain_compares_with_the_previous_quarter(con):
    f = metrics.Filters(fx.DISTRICT, fx.AS_OF, "quarter")  # Q2 2025; previous: Q1 up to 31 March
    got = {c.metric.id: c for c in metrics.compare(con, ["issues_raised", "partner_score", "exits_period"], f)}
    assert (got["issues_raised"].value, got["issues_raised"].previous_period) == (1, 3)  # I5 / I2 I3 I4
    assert got["partner_score"].previous_period == pytest.approx(80.0)  # Q1 2025: P1 80, P2 80
    # W07 left on 31 March: the previous quarter ends on the 31st, not the 30th.
    assert (got["exits_period"].value, got["exits_period"].previous_period) == (0, 1)
    assert got["exits_period"].pop_change == -1
    assert got["issues_raised"].year_earlier == 0  # Q2 2024: nothing raised


def test_month_end_as_of_dates_stay_month_ends():
    f = metrics.Filters("37", dt.date(2025, 2, 28), "month")
    assert f.year_earlier().as_of == dt.date(2024, 2, 29)
    assert f.previous_period().as_of == dt.date(2025, 1, 31)
    assert metrics.Filters("37", dt.date(2025, 6, 30), "quarter").previous_period().as_of == dt.date(2025, 3, 31)
    assert metrics.Filters("37", dt.date(2025, 5, 15), "month").previous_period().as_of == dt.date(2025, 4, 15)
    assert metrics.Filters("37", dt.date(2024, 2, 29)).year_earlier().as_of == dt.date(2023, 2, 28)


def test_the_fortieth_birthday_and_the_leap_day_birthday(con):
    day_before = metrics.evaluate(con, ["under_40_share", "average_age"], F.at(dt.date(2025, 6, 29)))
    assert day_before["under_40_share"] == pytest.approx(7 / 9)  # W01 is still 39
    assert day_before["average_age"] == pytest.approx((322 - 1) / 9)
    bands = metrics.breakdown(con, "active_workers", F, "age_band").set_index("key")["value"].to_dict()
    # 30岁以下 W05 W06 W09; 30-39 W02 W08 W11; 40-49 W01 W04; 50+ W03
    assert bands == {"30岁以下": 3, "30-39岁": 3, "40-49岁": 2, "50岁及以上": 1}
    # W09, born 29 Feb 2000, is 24 on 28 Feb 2025 and 25 on 1 March (周岁 counts the birthday as passed then).
    for day, age in ((dt.date(2025, 2, 28), 24), (dt.date(2025, 3, 1), 25)):
        got = database.query_rows(con, f"SELECT {models.AGE} FROM workers WHERE worker_id = 'W09'", {"as_of": day})
        assert got[0][0] == age


def test_a_secretary_regraded_mid_year_counts_at_the_grade_in_force(con):
    march = metrics.evaluate(con, ["grade_one_share", "grade_two_share", "monthly_subsidy"], F.at(dt.date(2025, 3, 31)))
    assert march == {"grade_one_share": 0.0, "grade_two_share": 0.5, "monthly_subsidy": 500 + 300}  # W01 still 二等
    grades = metrics.breakdown(con, "secretaries", F, "secretary_grade").set_index("key")["value"].to_dict()
    assert grades == {"一等": 1, "三等": 1, "未评定": 1}  # W01, W04, W08


def test_any_region_subtree(con):
    street2 = metrics.evaluate(con, ["active_workers", "workers_per_10k", "resident_population", "partners",
                                     "wishes_fulfilled", "partner_score"], F.in_region(fx.S2))
    # W08 over 0 + 2000 residents; P4 serves 新区社区; X5 fulfilled there; P4 has no evaluation
    assert street2 == {"active_workers": 1, "workers_per_10k": 5.0, "resident_population": 2000, "partners": 1,
                       "wishes_fulfilled": 1, "partner_score": None}
    zero = metrics.evaluate(con, ["active_workers", "workers_per_10k", "under_40_share"], F.in_region(fx.C21))
    assert zero == {"active_workers": 1, "workers_per_10k": None, "under_40_share": 1.0}
    empty = metrics.evaluate(con, ["active_workers", "workers_per_10k", "average_age", "under_40_share"],
                             F.in_region(fx.C22))
    assert empty == {"active_workers": 0, "workers_per_10k": 0.0, "average_age": None, "under_40_share": None}


# --- breakdowns -------------------------------------------------------------------------------


def test_breakdown_by_street_including_a_zero_population_community(con):
    b = metrics.breakdown(con, "workers_per_10k", F, "region")
    assert list(b["key"]) == [fx.S1, fx.S2] and list(b["label"]) == ["东街道", "新街道"]
    assert list(b["value"]) == [pytest.approx(8 / 10000 * 10_000), pytest.approx(1 / 2000 * 10_000)]
    assert list(b["numerator"]) == [8, 1] and list(b["denominator"]) == [10000, 2000]
    c = metrics.breakdown(con, "workers_per_10k", F.in_region(fx.S2), "region")
    assert list(c["key"]) == [fx.C21, fx.C22]
    assert c["value"].iloc[0] is None or pd.isna(c["value"].iloc[0])  # 1 worker over 0 residents
    assert c["value"].iloc[1] == 0.0  # no workers over 2000 residents
    counts = metrics.breakdown(con, "active_workers", F.in_region(fx.S2), "region")
    assert counts.set_index("key")["value"].to_dict() == {fx.C21: 1, fx.C22: 0}
    ages = metrics.breakdown(con, "average_age", F.in_region(fx.S2), "region").set_index("key")["value"]
    assert ages[fx.C21] == 36 and pd.isna(ages[fx.C22])


def test_breakdown_to_a_deeper_level_and_ranking(con):
    b = metrics.breakdown(con, "active_workers", F, "region", level="community")
    assert b.set_index("key")["value"].to_dict() == {fx.C11: 4, fx.C12: 4, fx.C21: 1, fx.C22: 0}
    top, bottom = engine.top_bottom(con, "workers_per_10k", F, "region", n=2, level="community")
    # 东园 4/4000 → 10.0, 西园 4/6000 → 6.67, 空白 0.0, 新区 None (left out)
    assert list(top["key"]) == [fx.C11, fx.C12] and list(bottom["key"]) == [fx.C22, fx.C12]
    with pytest.raises(ValueError):
        metrics.breakdown(con, "active_workers", F.in_region(fx.S1), "region", level="street")
    # Below a community come its grids (schema version 6; tests/metrics/test_grids.py): one without
    # grids, and a grid itself, have no level below.
    assert metrics.breakdown(con, "active_workers", F.in_region(fx.C22), "region").empty
    assert metrics.breakdown(con, "active_workers", F.in_region(fx.G111), "region").empty


def test_top_and_bottom_partners_by_score(con):
    b = metrics.breakdown(con, "partner_score", F, "partner")
    assert list(b["key"]) == ["P2", "P1", "P3"]
    assert list(b["label"]) == ["区人社局", "东园爱心超市", "银龄志愿服务队"]
    assert list(b["value"]) == [pytest.approx(88.5), pytest.approx(81.5), pytest.approx(60.0)]
    top, bottom = engine.top_bottom(con, "partner_score", F, "partner", n=1)
    assert (top["label"].iloc[0], bottom["label"].iloc[0]) == ("区人社局", "银龄志愿服务队")
    # Wishes fulfilled by partner: X1 P1, X2 P2, X5 P4.
    w = metrics.breakdown(con, "wishes_fulfilled", F, "partner").set_index("label")["value"].to_dict()
    assert w == {"东园爱心超市": 1, "区人社局": 1, "新区物业公司": 1}


def test_turnover_by_reason_divides_by_all_active_workers(con):
    b = metrics.breakdown(con, "turnover_rate", F, "exit_reason").set_index("key")
    assert b["value"].to_dict() == {"退休": pytest.approx(1 / 9), "违反廉洁纪律": pytest.approx(1 / 9)}
    assert b["value"].sum() == pytest.approx(EXPECTED["turnover_rate"][0])
    assert set(b["denominator"]) == {9}


def test_category_breakdowns_by_hand(con):
    def values(mid, dim, f=F):
        return metrics.breakdown(con, mid, f, dim).set_index("key")["value"].to_dict()

    assert values("active_workers", "gender") == {"男": 3, "女": 6}
    assert values("wishes_fulfilled", "wish_group") == {"一老": 1, "一小": 1, "其他": 1}
    assert values("wishes_raised", "wish_group") == {"一老": 3, "一小": 1, "一困": 1, "其他": 1}
    assert values("training_pass_rate", "programme") == {  # 头雁 T2 T3, 专题 T4, 适岗 T5, 现场 T6 T7, 青雁 T10
        "适岗初任": 0.0, "青雁成长": 1.0, "头雁领航": 1.0, "社会工作者专题班": 1.0, "现场教学": 1.0}
    assert values("partners", "partner_type") == {"机关单位": 1, "市场主体": 2}
    assert values("open_recruits_4y", "year") == {"2021": 1, "2022": 1, "2023": 1, "2024": 2, "2025": 1}
    assert values("assessed_workers", "assessment_grade") == {"优秀": 1, "称职": 2, "不称职": 1}
    assert values("certified_share", "role_category") == {  # 正职 W01 W04 W08, 副职 W03, 一般 W02 W05 W09 W11, 楼宇 W06
        "社区正职": pytest.approx(2 / 3), "社区副职": 0.0, "一般社区工作者": 0.25, "楼宇专职工作者": 1.0}
    assert values("partners", "region") == {fx.S1: 2, fx.S2: 1}  # P1 P2 / P4
    # A partner serving two communities counts once in the street and once in each community.
    assert values("partners", "region", F.in_region(fx.S1)) == {fx.C11: 2, fx.C12: 1}


def test_version_6_breakdowns_by_hand(con):
    def values(mid, dim, f=F):
        return metrics.breakdown(con, mid, f, dim).set_index("key")["value"].to_dict()

    assert values("streets", "region") == {fx.S1: 1, fx.S2: 1}
    assert values("streets", "region", F.in_region(fx.S1)) == {fx.C11: 0, fx.C12: 0}  # a community holds no street
    assert values("grids", "region") == {fx.S1: 3, fx.S2: 0}
    assert values("supply_items", "supply_list") == {"服务供给清单": 2, "社区服务清单": 1}  # SP1 SP3 / SP2
    assert values("supply_idle", "need_category") == {"托育照护": 1}  # SP3
    assert values("needs_registered", "need_category") == {"助餐服务": 3, "法律咨询": 1, "医疗健康": 1}
    assert values("needs_registered", "region") == {fx.S1: 4, fx.S2: 1}  # N1 N2 N3 N6 / N4
    assert values("competency_score", "competency_dimension") == {  # the 2025-06-15 round
        "political": 90, "digital": 50, "mass_work": 65, "rule_of_law": 59.5, "coordination": 60}
    labels = metrics.breakdown(con, "competency_score", F, "competency_dimension").set_index("key")["label"]
    assert labels["digital"] == "数字化应用"
    assert values("outcomes_accountability", "assessment_outcome") == {"诫勉谈话": 1, "降职使用": 1}
    assert values("workers_on_secondment", "borrower_kind") == {"区直部门": 1}
    assert values("rotating_deputies", "rotation_kind") == {"跨社区": 2, "跨岗位": 1}  # W03 W10 / W03
    assert values("partners", "recruitment_channel") == {"线下挖掘": 1, "线上招募": 1}  # P1 / P4; P2 unknown
    assert values("salons_held", "year") == {"2024": 2, "2025": 1}


def _total_and_parts(con, m, dim):
    b = metrics.breakdown(con, m.id, F, dim)
    return metrics.evaluate(con, [m.id], F)[m.id], b


@pytest.mark.parametrize("mid", catalogue.ids())
def test_breakdowns_add_up_to_the_total(con, mid):
    """Every metric by every dimension runs; parts add up where they should."""
    m = catalogue.get(mid)
    for dim in m.dims:
        total, b = _total_and_parts(con, m, dim)
        assert list(b.columns) == ["key", "label", "value", "numerator", "denominator"], (mid, dim)
        assert b["key"].is_unique, (mid, dim)
        if dim == "partner":  # rows without a partner have no key
            continue
        if m.additive:
            assert b["value"].sum() == pytest.approx(total), (mid, dim)
        elif m.type == "share" and total is not None:
            assert b["numerator"].sum() / b["denominator"].sum() == pytest.approx(total), (mid, dim)
        elif m.type == "ratio" and dim not in catalogue.get(m.ratio_of[1]).dims:
            assert set(b["denominator"]) <= {metrics.evaluate(con, [m.ratio_of[1]], F)[m.ratio_of[1]]}, (mid, dim)
            if catalogue.get(m.ratio_of[0]).additive:  # parts over the whole add up
                assert b["value"].sum() == pytest.approx(total), (mid, dim)
        elif m.type == "ratio" and catalogue.get(m.ratio_of[0]).additive and dim == "region":
            num, den = (metrics.evaluate(con, [p], F)[p] for p in m.ratio_of)
            assert b["numerator"].sum() == pytest.approx(num), (mid, dim)
            if catalogue.get(m.ratio_of[1]).additive:
                assert b["denominator"].sum() == pytest.approx(den), (mid, dim)


def test_every_dimension_is_declared_and_every_issue_dimension_is_offered():
    used = {d for m in catalogue.CATALOGUE for d in m.dims}
    assert used <= set(models.DIMENSIONS)
    # The issue's list: region level, role category, education, age band, gender, political status,
    # certificate level, programme, partner type, group, source, month/quarter/year.
    wanted = {"region", "role_category", "education", "age_band", "gender", "political_status",
              "certificate_level", "programme", "partner_type", "wish_group", "source", "month", "quarter", "year",
              "partner", "exit_reason", "secretary_grade", "target_post", "generation", "assessment_grade"}
    assert wanted <= used


# --- the catalogue itself -------------------------------------------------------------------------


def test_catalogue_entries_are_complete():
    for m in catalogue.CATALOGUE:
        assert m.label_zh and m.label_en and m.description_zh and m.description_en, m.id
        assert m.description_zh.endswith("。") and m.description_en.endswith("."), m.id
        assert m.description_zh.count("。") == 1, m.id  # one sentence
        assert m.type in catalogue.TYPES and m.unit in catalogue.UNIT_DECIMALS, m.id
        assert m.dims, m.id
        for b in m.benchmarks:
            assert b.source and b.label_zh and b.label_en, m.id
        assert format(0.5 if m.unit == "%" else 1234.5, m.fmt)
    sources = {b.source: b.value for m in catalogue.CATALOGUE for b in m.benchmarks}
    assert 18.0 in {b.value for b in catalogue.get("workers_per_10k").benchmarks}
    assert 0.5 in {b.value for b in catalogue.get("certified_share").benchmarks}
    assert any("18" in s for s in sources)
    assert [b.value for m in ("grade_one_share", "grade_two_share", "grade_three_share")
            for b in catalogue.get(m).benchmarks] == [0.1, 0.3, 0.6]


def test_count_benchmarks_apply_to_a_district_only():
    m = catalogue.get("open_recruits_4y")
    assert m.benchmarks_at("district") == m.benchmarks and m.benchmarks_at("street") == ()
    assert catalogue.get("under_40_share").benchmarks_at("community")  # a rate applies anywhere


def test_display_formats():
    assert formatting.value(catalogue.get("under_40_share"), 0.401) == "40.1%"
    assert formatting.value(catalogue.get("workers_per_10k"), 18.5) == "18.5人"
    assert formatting.change(catalogue.get("under_40_share"), 0.015) == "+1.5个百分点"
    assert format(0.4012, catalogue.get("under_40_share").fmt) == "40.1%"
    assert format(41.1, catalogue.get("secretary_avg_age").fmt) == "41.1"


# --- user text never reaches SQL ---------------------------------------------------------------------

HOSTILE = "'; DROP TABLE workers; --"


class RecordingConnection:
    """Wraps a connection and records every statement and its parameters."""

    def __init__(self, con):
        self.con = con
        self.statements: list[tuple[str, object]] = []

    def cursor(self):
        outer = self

        class Cursor:
            def __init__(self):
                self.cur = outer.con.cursor()

            def execute(self, sql, params=None):
                outer.statements.append((sql, params))
                return self.cur.execute(sql, params or [])

            def close(self):
                self.cur.close()

        return Cursor()


def test_a_hostile_region_is_bound_never_pasted(con):
    from metrics import quality

    rec = RecordingConnection(con)
    f = metrics.Filters(HOSTILE, fx.AS_OF)
    values = metrics.evaluate(rec, catalogue.ids(), f)
    for mid, v in values.items():
        m = catalogue.get(mid)
        assert v == (0 if m.type in ("count", "sum") else None), mid
    metrics.compare(rec, ["active_workers", "workers_per_10k"], f)
    for mid in ("active_workers", "partner_score", "turnover_rate"):
        for dim in catalogue.get(mid).dims:
            assert metrics.breakdown(rec, mid, f, dim)["value"].dropna().sum() == 0
    metrics.trend(rec, "under_40_share", f, years=2)
    assert all(finding.count == 0 for finding in quality.run(rec, region_id=HOSTILE, as_of=fx.AS_OF))
    assert rec.statements
    assert not [sql for sql, _ in rec.statements if HOSTILE in sql or "DROP" in sql.upper()]
    assert any(HOSTILE in str(params) for _, params in rec.statements)
    assert database.query_rows(con, "SELECT count(*) FROM workers")[0][0] == len(fx.worker_rows())


@pytest.mark.parametrize("grain", ["month", "quarter", "year"])
def test_communities_add_up_to_the_district_for_every_grain(con, grain):
    """Each community evaluated on its own (not through a breakdown) sums to the district."""
    f = metrics.Filters(fx.DISTRICT, fx.AS_OF, grain)
    district = metrics.evaluate(con, catalogue.ids(), f)
    parts = [metrics.evaluate(con, catalogue.ids(), f.in_region(c)) for c in (fx.C11, fx.C12, fx.C21, fx.C22)]
    for m in catalogue.CATALOGUE:
        # Partner evaluations have no region dimension: a partner serving two communities is in both.
        if m.additive and "region" in m.dims:
            assert sum(p[m.id] for p in parts) == pytest.approx(district[m.id]), (grain, m.id)
    # Issues raised this month (June 2025): none; this quarter: I5; this year: I2..I5.
    assert district["issues_raised"] == {"month": 0, "quarter": 1, "year": 4}[grain]
    # Points earned in June: L6 (5); in Q2: L4 L6 (20); in 2025: 30.
    assert district["points_earned"] == {"month": 5, "quarter": 20, "year": 30}[grain]


def test_trend_is_the_metric_on_the_same_day_each_year(con):
    t = metrics.trend(con, "active_workers", F, years=3)
    # 2023-06-30: W01 W02 W03 W04 W07 W08 W10 W11 W12 (W12 until 2024-03-01) = 9
    assert list(t["as_of"]) == [dt.date(2023, 6, 30), dt.date(2024, 6, 30), dt.date(2025, 6, 30)]
    assert list(t["value"]) == [9, 8, 9]


def test_unknown_optional_facts_are_left_out_and_their_coverage_counted(tmp_path):
    """Schema version 4 stores what a roster does not say as NULL. On a private fixture: W02's 学历,
    W05's 政治面貌, W09's 来源 and W08's 任现职时间 unknown, and a certificate of W03 without a date.
    Shares count only the known (学历 known for 8 of 9: college W01 W04 W05 W06 W08 W09 W11 = 7/8);
    counts leave the unknown out; each KPI reports its coverage; W08 is still a secretary (appointed
    at the latest when hired) and W03's undated certificate counts as held."""
    path = fx.build(tmp_path / "unknowns.duckdb")
    con = database.connect(path)
    try:
        cur = con.cursor()
        cur.execute("UPDATE workers SET education = NULL WHERE worker_id = 'W02'")
        cur.execute("UPDATE workers SET political_status = NULL WHERE worker_id = 'W05'")
        cur.execute("UPDATE workers SET source = NULL WHERE worker_id = 'W09'")
        cur.execute("UPDATE workers SET post_since = NULL WHERE worker_id = 'W08'")
        cur.execute("INSERT INTO certificates VALUES ('W03', '助理社会工作师', NULL)")
        ids = ["college_share", "bachelor_share", "party_member_share", "open_recruits_4y", "new_secretaries_3y",
               "secretaries", "certified_share", "active_workers"]
        got = metrics.evaluate(con, ids, F)
        assert got == pytest.approx({"college_share": 7 / 8, "bachelor_share": 5 / 8, "party_member_share": 5 / 8,
                                     "open_recruits_4y": 5, "new_secretaries_3y": 1, "secretaries": 3,
                                     "certified_share": 5 / 9, "active_workers": 9})
        cov = metrics.coverage(con, ids, F)
        assert {k: (c.field, c.known, c.total) for k, c in cov.items()} == {
            "college_share": ("education", 8, 9), "bachelor_share": ("education", 8, 9),
            "party_member_share": ("political_status", 8, 9), "open_recruits_4y": ("source", 5, 6),
            "new_secretaries_3y": ("post_since", 2, 3)}
    finally:
        database.close(path)


def test_coverage_is_complete_on_the_fixture(con):
    cov = metrics.coverage(con, [m.id for m in catalogue.CATALOGUE], F)
    assert cov and all(c.complete for c in cov.values())
    assert {m.id for m in catalogue.CATALOGUE if m.known} == set(cov)
