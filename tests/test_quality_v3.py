"""Data-quality rules for schema version 3: `duplicate_active_id` (one person, two current records),
and the reference rules covering the community of workers and point accounts, which lost their
foreign keys. Each fires on a defect planted in the hand-made fixture and is silent on generated
data.
"""

from __future__ import annotations

import datetime as dt

import pytest

import database
from metrics import quality
from tests import fixture_db as fx

W01_ID, W02_ID = fx.worker_rows()[0][3], fx.worker_rows()[1][3]
W07 = next(r for r in fx.worker_rows() if r[0] == "W07")  # left before the as-of date
R1 = fx.reserve_rows()[0]


def _worker(wid: str, community: str, id_number: str, birth: dt.date, male: bool, exit_date=None) -> list:
    ended = exit_date is not None
    return [wid, "测试", "男" if male else "女", id_number, birth, "汉族", "群众", "本科", community, "一般社区工作者",
            "社区专职工作者", 1, "公开招聘", dt.date(2015, 1, 1), dt.date(2015, 1, 1), "退出" if ended else "在岗",
            exit_date, "个人辞职" if ended else None, None]


@pytest.fixture
def planted(tmp_path):
    def make(*statements):
        path = fx.build(tmp_path / "planted.duckdb")
        con = database.connect(path)
        with database.transaction(con) as cur:
            for sql, params in statements:
                cur.execute(sql, params)
        return con

    yield make
    database.close(tmp_path / "planted.duckdb")


INSERT_WORKER = "INSERT INTO workers VALUES (" + ", ".join("?" * 19) + ")"


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
