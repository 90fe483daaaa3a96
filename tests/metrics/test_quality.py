"""Data-quality rules: each fires on a defect planted in the hand-made fixture, and only there.

The defects are ones the schema's constraints allow (foreign keys and CHECKs hold), which is
exactly what the rules exist for. The generated presets are checked clean in
tests/test_metrics_presets.py. One finding is the fixture's own (BASELINE): W11 is on secondment
on the as-of date (the workers_on_secondment KPI counts it too), which `worker_on_secondment`
reports on the clean fixture and alongside every planted defect.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest

from cgw.storage import database
from metrics import quality
from tests.support import fixture_db as fx


def worker(wid: str, community: str, birth: dt.date, hire: dt.date, serial: int, male: bool = True,
           id_number: str | None = None) -> list:
    return [wid, "测试", "男" if male else "女", id_number or fx.id_number(birth, male, serial), birth, "汉族", "群众",
            "本科", community, "一般社区工作者", "社区专职工作者", 1, "公开招聘", hire, hire, "在岗", None, None, None]


def insert_worker(cur, *args, **kwargs) -> None:
    cur.execute(fx.WORKER_INSERT, worker(*args, **kwargs))


def bad_check_digit(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


TODAY = dt.date.today()
# The columns of schema version 2..5 (version 6 adds regions.party_branch and a grid to issues and wishes).
REGIONS = "INSERT INTO regions (region_id, name, level, parent_id)"
ISSUES = ("INSERT INTO livelihood_issues (issue_id, community_id, category, source, raised_on, resolved_on, status, "
          "partner_id)")
WISHES = "INSERT INTO wishes (wish_id, community_id, wish_group, raised_on, claimed_on, fulfilled_on, partner_id, status)"
NEEDS = ("INSERT INTO resident_needs (need_id, community_id, grid_id, need_group, category, source, raised_on, "
         "matched_on, met_on, supply_id, status)")
# The clean fixture's own finding: W11 is on secondment to 区民政局 on the as-of date (secondment 1).
BASELINE = {"worker_on_secondment": {"W11/1"}}

# rule id: (statements to plant it, rules expected to fire, {rule: expected keys})
PLANTED = {
    "id_check_digit": (
        lambda cur: (
            insert_worker(cur, "W90", fx.C11, dt.date(1991, 1, 1), dt.date(2015, 1, 1), 90,
                          id_number=bad_check_digit(fx.id_number(dt.date(1991, 1, 1), True, 90))),
            cur.execute("UPDATE reserve_candidates SET id_number = ? WHERE candidate_id = 'R3'",
                        [bad_check_digit(fx.reserve_rows()[2][3])]),
        ),
        {"id_check_digit"}, {"id_check_digit": {"W90", "R3"}},
    ),
    "id_birth_mismatch": (
        lambda cur: cur.execute("UPDATE reserve_candidates SET birth_date = DATE '1995-01-02' WHERE candidate_id = 'R1'"),
        {"id_birth_mismatch"}, {"id_birth_mismatch": {"R1"}},
    ),
    "id_sex_mismatch": (
        lambda cur: cur.execute("UPDATE workers SET gender = '男' WHERE worker_id = 'W03'"),
        {"id_sex_mismatch"}, {"id_sex_mismatch": {"W03"}},
    ),
    "duplicate_active_id": (
        # W02 (in post) and a second record in post with the same ID number (schema version 3)
        lambda cur: insert_worker(cur, "W93", fx.C12, dt.date(1990, 1, 15), dt.date(2015, 1, 1), 93,
                                  id_number=fx.worker_rows()[1][3]),
        {"duplicate_active_id"}, {"duplicate_active_id": {"W02", "W93"}},
    ),
    "secretary_without_grade": (
        lambda cur: cur.execute("DELETE FROM secretary_grades WHERE worker_id = 'W04' AND year = 2025"),
        {"secretary_without_grade"}, {"secretary_without_grade": {"W04"}},
    ),
    "grade_ratio_off": (
        # W04 re-graded 一等 in May: 2 一等 / 0 二等 / 0 三等 against quotas 0.2 / 0.6 / 1.2
        lambda cur: cur.execute("INSERT INTO secretary_grades VALUES ('W04', 2025, '一等', DATE '2025-05-01')"),
        {"grade_ratio_off"}, {"grade_ratio_off": {"370799/一等", "370799/三等"}},
    ),
    "grade_not_secretary": (
        lambda cur: cur.execute("INSERT INTO secretary_grades VALUES ('W02', 2025, '三等', DATE '2025-01-01')"),
        {"grade_not_secretary"}, {"grade_not_secretary": {"W02/2025-01-01"}},
    ),
    "wrong_level_region": (
        lambda cur: (
            insert_worker(cur, "W91", fx.S1, dt.date(1991, 2, 2), dt.date(2015, 1, 1), 91),  # a street code
            cur.execute(f"{REGIONS} VALUES ('370799003001', '飞地社区', 'community', '370799')"),
            cur.execute("INSERT INTO region_population VALUES (?, 2025, 500, 200)", [fx.S2]),
        ),
        {"wrong_level_region"}, {"wrong_level_region": {"W91", "370799003001", f"{fx.S2}/2025"}},
    ),
    "missing_reference": (
        lambda cur: cur.execute("INSERT INTO points_ledger VALUES (9, 'A1', '370799001009', DATE '2025-06-01', 5, '志愿服务')"),
        {"missing_reference", "ledger_community_mismatch"}, {"missing_reference": {"9"}},
    ),
    "ledger_community_mismatch": (
        lambda cur: cur.execute("INSERT INTO points_ledger VALUES (9, 'A1', ?, DATE '2025-06-01', 5, '志愿服务')", [fx.C12]),
        {"ledger_community_mismatch"}, {"ledger_community_mismatch": {"9"}},
    ),
    "partner_not_in_service": (
        # P5 left on 2024-01-31 but is named on an issue raised in 2025
        lambda cur: cur.execute(f"{ISSUES} VALUES (8, ?, '其他', '网格走访', DATE '2025-03-01', "
                                "NULL, '待办理', 'P5')", [fx.C11]),
        {"partner_not_in_service"}, {"partner_not_in_service": {"8"}},
    ),
    "partner_outside_community": (
        # P2 serves 东园社区 only
        lambda cur: cur.execute(f"{WISHES} VALUES (7, ?, '一困', DATE '2025-05-01', DATE '2025-05-02', NULL, "
                                "'P2', '已认领')", [fx.C22]),
        {"partner_outside_community"}, {"partner_outside_community": {"7"}},
    ),
    "future_date": (
        lambda cur: cur.execute(f"{WISHES} VALUES (7, ?, '一老', ?, NULL, NULL, NULL, '待认领')",
                                [fx.C11, TODAY + dt.timedelta(days=30)]),
        {"future_date"}, {"future_date": {"7"}},
    ),
    "hired_under_18": (
        # born 2008-07-01, hired 2025-06-01: 16 周岁
        lambda cur: insert_worker(cur, "W92", fx.C12, dt.date(2008, 7, 1), dt.date(2025, 6, 1), 92, male=False),
        {"hired_under_18"}, {"hired_under_18": {"W92"}},
    ),
    "worker_on_secondment": (
        # W04 borrowed by a street from 2025-06-01 (and W05 from July: not yet on the as-of date)
        lambda cur: cur.executemany("INSERT INTO secondments VALUES (?, ?, ?, ?, ?, NULL)",
                                    [[4, "W04", "东街道办事处", "街道", dt.date(2025, 6, 1)],
                                     [5, "W05", "区委组织部", "区直部门", dt.date(2025, 7, 1)]]),
        {"worker_on_secondment"}, {"worker_on_secondment": {"W11/1", "W04/4"}},
    ),
    "grid_outside_community": (
        lambda cur: (
            # a 15-digit grid of 东园 that is not in regions (workers.grid_id has no foreign key)
            insert_worker(cur, "W90", fx.C11, dt.date(1991, 1, 1), dt.date(2015, 1, 1), 90),
            cur.execute("UPDATE workers SET grid_id = ? WHERE worker_id = 'W90'", [fx.C11 + "009"]),
            # the community itself in the grid column
            cur.execute(f"{ISSUES[:-1]}, grid_id) VALUES (8, ?, '其他', '网格走访', DATE '2025-03-01', NULL, "
                        "'待办理', NULL, ?)", [fx.C12, fx.C12]),
            # a grid hung under the street rather than under 东园 (also a region-level error)
            cur.execute(f"{REGIONS} VALUES (?, '飞网格', 'grid', ?)", [fx.C11 + "003", fx.S1]),
            cur.execute("INSERT INTO party_households (household_id, grid_id, community_id, holder_name, designated_on) "
                        "VALUES ('H9', ?, ?, '某户', DATE '2025-01-01')", [fx.C11 + "003", fx.C11]),
            cur.execute(f"{NEEDS} VALUES (9, ?, ?, '一老', '助餐服务', '网格走访', DATE '2025-05-01', NULL, NULL, "
                        "NULL, '待匹配')", [fx.C11, fx.C11 + "003"]),
        ),
        {"grid_outside_community", "wrong_level_region"},
        {"grid_outside_community": {"W90", "8", "H9", "9"}, "wrong_level_region": {fx.C11 + "003"}},
    ),
    "need_supply_mismatch": (
        lambda cur: cur.executemany(
            f"{NEEDS} VALUES (?, ?, NULL, '一老', ?, '居民来访', DATE '2025-05-01', DATE '2025-05-03', NULL, ?, '已匹配')",
            [[7, fx.C21, "助餐服务", "SP1"],  # SP1 serves 东园 and 西园, not 新区
             [8, fx.C11, "医疗健康", "SP1"],  # SP1 serves 东园, but meals
             [10, fx.C12, "助餐服务", "SP1"]]),  # fine
        {"need_supply_mismatch"}, {"need_supply_mismatch": {"7", "8"}},
    ),
    "training_outside_employment": (
        # W05 was hired on 2024-09-01
        lambda cur: cur.execute("INSERT INTO trainings VALUES (11, 'W05', '现场教学', DATE '2024-05-01', 4, '合格')"),
        {"training_outside_employment"}, {"training_outside_employment": {"11"}},
    ),
}


@pytest.fixture
def planted_db(new_database):
    """A private fixture database with `plant` applied, on DuckDB, then on PostgreSQL."""

    def make(plant) -> database.duckdb.DuckDBPyConnection:
        path = fx.build(new_database("planted"))
        con = database.connect(path)
        with database.transaction(con) as cur:
            plant(cur)
        return con

    return make


def test_every_rule_has_a_planted_defect():
    assert set(PLANTED) == {r.id for r in quality.RULES}


def test_the_rule_api():
    for r in quality.RULES:
        assert dataclasses.is_dataclass(r) and r.severity in ("error", "warning")
        assert r.label_zh and r.label_en and r.description_zh and r.description_en and r.sql
    assert quality.get("ledger_community_mismatch").severity == "error"


def test_all_rules_are_silent_on_the_clean_fixture(metrics_db):
    """…but for the fixture's one secondment in force (BASELINE): a real finding, which the
    workers_on_secondment KPI counts too."""
    findings = quality.run(database.connect(metrics_db), as_of=fx.AS_OF)
    assert [f.rule.id for f in findings] == [r.id for r in quality.RULES]
    assert all(f.count == 0 and f.rows.empty for f in findings if f.rule.id not in BASELINE)
    assert {f.rule.id: set(f.rows["key"]) for f in findings if f.count} == BASELINE
    assert all(isinstance(f.rows, pd.DataFrame) for f in findings)
    # A year earlier W02 was on secondment instead (secondment 2, until 2024-08-31).
    earlier = quality.check(database.connect(metrics_db), quality.get("worker_on_secondment"), None, fx.YEAR_EARLIER)
    assert set(earlier.rows["key"]) == {"W02/2"}


@pytest.mark.parametrize("rule_id", list(PLANTED))
def test_each_rule_fires_on_its_planted_defect(planted_db, rule_id):
    plant, firing, keys = PLANTED[rule_id]
    con = planted_db(plant)
    findings = {f.rule.id: f for f in quality.run(con, as_of=fx.AS_OF)}
    assert {rid for rid, f in findings.items() if f.count} == firing | set(BASELINE)
    for rid, expected in {**BASELINE, **keys}.items():
        f = findings[rid]
        assert f.count == len(expected) == len(f.rows)
        assert set(f.rows["key"]) == expected
        assert {"table", "key", "detail", "community_id"} <= set(f.rows.columns)
        assert f.rows["detail"].str.len().min() > 0


def test_id_rules_return_the_id_number_for_the_page_to_mask(planted_db):
    con = planted_db(PLANTED["id_sex_mismatch"][0])
    f = quality.check(con, quality.get("id_sex_mismatch"), None, fx.AS_OF)
    row = f.rows.iloc[0]
    assert row["table"] == "workers" and row["community_id"] == fx.C11
    assert row["id_number"] == fx.worker_rows()[2][3]
    assert "身份证号表示女性，登记为男性" == row["detail"]
    assert row["id_number"] not in row["detail"]


def test_findings_follow_the_region_filter(planted_db):
    con = planted_db(PLANTED["hired_under_18"][0])  # W92 in 西园社区, street 1
    rule = quality.get("hired_under_18")
    assert quality.check(con, rule, fx.S1, fx.AS_OF).count == 1
    assert quality.check(con, rule, fx.C12, fx.AS_OF).count == 1
    assert quality.check(con, rule, fx.S2, fx.AS_OF).count == 0
    assert quality.check(con, rule, fx.C11, fx.AS_OF).count == 0


def test_grade_ratio_is_judged_for_the_whole_district(planted_db):
    con = planted_db(PLANTED["grade_ratio_off"][0])
    # Viewed from 空白社区, which has no secretary, the district's grades are still off.
    f = quality.check(con, quality.get("grade_ratio_off"), fx.C22, fx.AS_OF)
    assert f.count == 2
    assert f.rows.set_index("key").loc["370799/一等", "detail"] == "示范区 一等 2 人，按 1:3:6 应约为 0.2 人（已评定 2 人）"


def test_secretary_grades_are_expected_for_the_as_of_year(metrics_fixture_db):
    con = database.connect(metrics_fixture_db)
    rule = quality.get("secretary_without_grade")
    # W08 was appointed on 2025-02-15: not in post on 1 January 2025, so no 2025 grade is due.
    assert quality.check(con, rule, None, fx.AS_OF).count == 0
    # In 2026 all three were in post on 1 January and none has a 2026 grade.
    assert set(quality.check(con, rule, None, dt.date(2026, 6, 30)).rows["key"]) == {"W01", "W04", "W08"}


def test_count_is_the_total_and_rows_are_limited(planted_db):
    def plant(cur):
        for i in range(3):
            cur.execute(f"{WISHES} VALUES (?, ?, '一老', ?, NULL, NULL, NULL, '待认领')",
                        [20 + i, fx.C11, TODAY + dt.timedelta(days=10 + i)])

    con = planted_db(plant)
    f = quality.check(con, quality.get("future_date"), None, fx.AS_OF, limit=2)
    assert f.count == 3 and len(f.rows) == 2


def test_worker_and_partner_records_follow_the_region_of_their_worker_or_partner(planted_db):
    def plant(cur):
        future = TODAY + dt.timedelta(days=40)
        cur.execute("INSERT INTO trainings VALUES (12, 'W02', '现场教学', ?, 4, '合格')", [future])  # W02: 东园社区
        cur.execute("INSERT INTO partner_evaluations VALUES ('P4', ?, ?, 80, 80, 80, 0.4, 0.35, 0.25, 80, NULL)",
                    [future.year + 1, 1])  # P4 serves 新区社区 (street 2)

    con = planted_db(plant)
    rule = quality.get("future_date")
    everything = quality.check(con, rule, None, fx.AS_OF)
    assert set(everything.rows["table"]) == {"trainings", "partner_evaluations"}
    street1 = quality.check(con, rule, fx.S1, fx.AS_OF)
    assert list(street1.rows["key"]) == ["12"] and list(street1.rows["community_id"]) == [fx.C11]
    street2 = quality.check(con, rule, fx.S2, fx.AS_OF)
    assert list(street2.rows["table"]) == ["partner_evaluations"]
    assert "training date" in street1.rows["detail_en"].iloc[0]


# --- schema version 3: one person with two current records; references without foreign keys ------

W01_ID, W02_ID = fx.worker_rows()[0][3], fx.worker_rows()[1][3]
W07 = next(r for r in fx.worker_rows() if r[0] == "W07")  # left before the as-of date
R1 = fx.reserve_rows()[0]


def _worker(wid: str, community: str, id_number: str, birth: dt.date, male: bool, exit_date=None) -> list:
    ended = exit_date is not None
    return [wid, "测试", "男" if male else "女", id_number, birth, "汉族", "群众", "本科", community, "一般社区工作者",
            "社区专职工作者", 1, "公开招聘", dt.date(2015, 1, 1), dt.date(2015, 1, 1), "退出" if ended else "在岗",
            exit_date, "个人辞职" if ended else None, None]


@pytest.fixture
def planted(new_database):
    def make(*statements):
        path = fx.build(new_database("planted"))
        con = database.connect(path)
        with database.transaction(con) as cur:
            for sql, params in statements:
                cur.execute(sql, params)
        return con

    return make


INSERT_WORKER = fx.WORKER_INSERT


def test_two_records_in_post_with_one_id_number_are_reported(planted):
    con = planted(
        # W01's number on a second record in post (another community) and on an ended one.
        (INSERT_WORKER, _worker("W93", fx.C21, W01_ID, dt.date(1985, 6, 30), False)),
        (INSERT_WORKER, _worker("W94", fx.C12, W01_ID, dt.date(1985, 6, 30), False, exit_date=dt.date(2016, 1, 1))),
        # W07 has left: a rehire in post is no duplicate.
        (INSERT_WORKER, _worker("W95", fx.C12, W07[3], W07[4], W07[2] == "男")),
        # A reserve candidate back in the pool while the old record is still in it.
        ("INSERT INTO reserve_candidates VALUES ('R9', ?, ?, ?, ?, ?, NULL, ?, DATE '2025-01-01', '在库', NULL)",
         [R1[1], R1[2], R1[3], R1[4], fx.C22, R1[7]]),
    )
    f = quality.check(con, quality.get("duplicate_active_id"), None, fx.AS_OF)
    rows = {(r["table"], r["key"]): r for r in f.rows.to_dict("records")}
    assert f.count == 4 and set(rows) == {("workers", "W01"), ("workers", "W93"), ("reserve_candidates", R1[0]),
                                          ("reserve_candidates", "R9")}
    assert rows[("workers", "W01")]["detail"] == "身份证号与 W93 相同，都是在岗记录"
    assert rows[("workers", "W93")]["detail"] == "身份证号与 W01 相同，都是在岗记录"
    assert rows[("reserve_candidates", "R9")]["detail"] == f"身份证号与 {R1[0]} 相同，都是在库记录"
    assert rows[("workers", "W93")]["detail_en"] == "same ID number as W01, all in post"
    assert rows[("workers", "W93")]["id_number"] == W01_ID  # for the page to mask; never in the detail
    assert all(W01_ID not in r["detail"] for r in rows.values())
    # The region filter shows each record in its own community.
    assert set(quality.check(con, quality.get("duplicate_active_id"), fx.C21, fx.AS_OF).rows["key"]) == {"W93"}
    assert set(quality.check(con, quality.get("duplicate_active_id"), fx.S1, fx.AS_OF).rows["key"]) == {"W01", R1[0]}
    # Nothing else fires for the rehire of W07 (W95).
    others = {x.rule.id for x in quality.run(con, as_of=fx.AS_OF) if x.count and "W95" in set(x.rows["key"])}
    assert others == set()


def test_a_missing_or_wrong_level_community_of_workers_and_accounts_is_reported(planted):
    con = planted(
        (INSERT_WORKER, _worker("W96", "370799001009", fx.id_number(dt.date(1991, 3, 3), True, 96),
                                dt.date(1991, 3, 3), True)),
        ("UPDATE point_accounts SET community_id = '370799002009' WHERE account_id = 'A2'", []),
        (INSERT_WORKER, _worker("W97", fx.S2, fx.id_number(dt.date(1992, 4, 4), True, 97), dt.date(1992, 4, 4), True)),
        ("UPDATE point_accounts SET community_id = ? WHERE account_id = 'A1'", [fx.S1]),
    )
    missing = quality.check(con, quality.get("missing_reference"), None, fx.AS_OF)
    assert {(r["table"], r["key"]) for r in missing.rows.to_dict("records")} == {("workers", "W96"),
                                                                                ("point_accounts", "A2")}
    level = quality.check(con, quality.get("wrong_level_region"), None, fx.AS_OF)
    assert {("workers", "W97"), ("point_accounts", "A1")} <= {(r["table"], r["key"]) for r in level.rows.to_dict("records")}


@pytest.mark.parametrize("preset", ["kuiwen_db", "hongtong_db"])
def test_generated_data_has_one_current_record_per_person(preset, request):
    con = database.connect(request.getfixturevalue(preset))
    f = quality.check(con, quality.get("duplicate_active_id"), None, database.as_of_date(con))
    assert f.count == 0 and f.rows.empty
    # …and the rule does look at the data: every worker has an ID number, most in post.
    assert database.query_rows(con, "SELECT count(*) > 100, count(*) = count(id_number) FROM workers "
                                    "WHERE exit_date IS NULL") == [(True, True)]


# --- schema version 6: secondments, grids, needs against supply ------------------------------------


def test_a_secondment_names_the_worker_for_the_page_to_mask_and_the_borrower(metrics_db):
    from cgw.domain import privacy

    con = database.connect(metrics_db)
    rule = quality.get("worker_on_secondment")
    assert rule.scope == "region" and quality.visible_to([quality.check(con, rule, fx.C12, fx.AS_OF)], fx.C12)
    f = quality.check(con, rule, None, fx.AS_OF)
    row = f.rows.iloc[0]
    w11 = next(r for r in fx.worker_rows() if r[0] == "W11")
    assert (row["table"], row["key"], row["community_id"], row["name"]) == ("secondments", "W11/1", fx.C12, w11[1])
    assert row["detail"] == "被区民政局（区直部门）借调，自 2025-03-01 起，未约定结束日期"
    assert row["id_number"] == w11[3] and w11[3] not in row["detail"]
    assert privacy.mask_frame(f.rows).iloc[0]["id_number"] != w11[3]
    # The worker's community decides where it shows; an ended secondment shows no more.
    assert quality.check(con, rule, fx.S1, fx.AS_OF).count == 1
    assert quality.check(con, rule, fx.C11, fx.AS_OF).count == 0
    assert quality.check(con, rule, None, dt.date(2024, 9, 30)).rows["key"].tolist() == ["W03/3"]
    assert quality.check(con, rule, None, dt.date(2024, 12, 31)).count == 0  # #3 ended that day
    earlier = quality.check(con, rule, None, fx.YEAR_EARLIER).rows.iloc[0]
    assert earlier["detail"] == "被东街道办事处（街道）借调，自 2024-02-01 起至 2024-08-31"


def test_a_grid_outside_its_community_is_explained(planted_db):
    con = planted_db(PLANTED["grid_outside_community"][0])
    f = quality.check(con, quality.get("grid_outside_community"), None, fx.AS_OF)
    rows = {(r["table"], r["key"]): r for r in f.rows.to_dict("records")}
    assert set(rows) == {("workers", "W90"), ("livelihood_issues", "8"), ("party_households", "H9"),
                         ("resident_needs", "9")}
    assert rows[("workers", "W90")]["detail"] == f"网格 {fx.C11}009 不存在"
    assert rows[("livelihood_issues", "8")]["detail"] == f"网格字段填写的是community级区划 西园社区（{fx.C12}），应为本社区的网格"
    assert rows[("party_households", "H9")]["detail"] == f"网格 飞网格（{fx.C11}003）属于 {fx.S1}，不是本社区 {fx.C11} 的网格"
    assert rows[("party_households", "H9")]["detail_en"] == f"grid {fx.C11}003 belongs to {fx.S1}, not to {fx.C11}"
    assert set(quality.check(con, quality.get("grid_outside_community"), fx.C12, fx.AS_OF).rows["key"]) == {"8"}


def test_a_need_matched_with_an_unfit_supply_is_explained(planted_db):
    con = planted_db(PLANTED["need_supply_mismatch"][0])
    f = quality.check(con, quality.get("need_supply_mismatch"), None, fx.AS_OF)
    detail = f.rows.set_index("key")["detail"].to_dict()
    assert detail == {"7": "匹配的服务 爱心助餐（SP1）不服务本社区", "8": "匹配的服务 爱心助餐（SP1）属于助餐服务，需求为医疗健康"}
    assert quality.check(con, quality.get("need_supply_mismatch"), fx.S1, fx.AS_OF).rows["key"].tolist() == ["8"]
