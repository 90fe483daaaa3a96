"""The demo-data generator: calibration to the seed reports and custom targets, determinism,
and internal consistency of everything it writes."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

import metrics
from cgw.domain import idcard
from cgw.ingest.generator import build, calibrate, targets
from cgw.storage import database
from tests.support import ROOT

AS_OF = targets.DEFAULT_AS_OF

CUSTOM_A = {
    "population": 300_000, "streets": 5, "communities": 40, "workers_per_10k": 18.0, "under_40_share": 0.455,
    "college_share": 0.873, "certified_share": 0.52, "secretary_avg_age": 39.6, "partners": 80,
    "issues_resolved": 95, "wishes_fulfilled": 640,
}  # fmt: skip
CUSTOM_B = {
    "population": 1_200_000, "streets": 20, "communities": 160, "workers_per_10k": 15.2, "under_40_share": 0.333,
    "college_share": 0.95, "certified_share": 0.705, "secretary_avg_age": 46.3, "partners": 410,
    "issues_resolved": 600, "wishes_fulfilled": 5000,
}  # fmt: skip


def kpis(path, ids, region=None):
    con = database.connect(path)
    root = region or database.query_rows(con, "SELECT region_id FROM regions WHERE parent_id IS NULL")[0][0]
    return metrics.evaluate(con, ids, metrics.Filters(root, AS_OF))


@pytest.fixture(scope="module", params=[CUSTOM_A, CUSTOM_B], ids=["custom_a", "custom_b"])
def custom_db(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("custom") / "custom.duckdb"
    build.generate(targets.from_mapping(request.param), path, seed=7)
    return path, request.param


def test_kuiwen_reproduces_every_published_figure(kuiwen_any):
    kuiwen_db = kuiwen_any
    v = kpis(kuiwen_db, metrics.catalogue.ids())
    assert v["workers_per_10k"] == pytest.approx(18.5, abs=0.05)  # 18.5 to one decimal
    assert v["under_40_share"] == pytest.approx(0.401, abs=0.0005)  # 40.1%
    assert 0.911 < v["college_share"] < 0.9115  # "超过91.1%": above, and 91.1% when rounded
    assert v["certified_share"] == pytest.approx(0.642, abs=0.0005)  # 64.2%
    assert v["secretary_avg_age"] == pytest.approx(41.1, abs=0.05)  # 41.1岁
    assert v["new_secretaries_3y"] == 25
    assert v["open_recruits_4y"] == 348
    assert (v["reserve_90s_head"], v["reserve_90s_deputy"], v["reserve_90s_committee"]) == (12, 49, 76)
    assert (v["grade_one_share"], v["grade_two_share"], v["grade_three_share"]) == (0.1, 0.3, 0.6)
    con = database.connect(kuiwen_db)
    counts = dict(database.query_rows(con, """
        SELECT level::VARCHAR, count(*) FROM regions GROUP BY ALL"""))
    grids = counts.pop("grid")
    assert counts == {"district": 1, "street": 8, "community": 65}
    assert 2 * 65 <= grids <= 4 * 65  # two to four grids (网格) per community
    assert 470_000 <= v["resident_population"] <= 480_000
    # Subsidy: 6 × 800 + 18 × 500 + 36 × 300 for the 60 graded of 65 secretaries.
    assert v["graded_secretaries"] == 60 and v["secretaries"] == 65
    assert v["monthly_subsidy"] == 6 * 800 + 18 * 500 + 36 * 300


def test_hongtong_reproduces_partners_issues_and_wishes(hongtong_any):
    hongtong_db = hongtong_any
    v = kpis(hongtong_db, ["partners", "issues_resolved", "wishes_fulfilled", "partner_score", "points_earned"])
    assert 130 <= v["partners"] < 140  # 130余家
    assert 180 <= v["issues_resolved"] < 190  # 180余件 through joint meetings since 2025
    assert 1200 <= v["wishes_fulfilled"] < 1300  # 1200余个
    assert v["partner_score"] is not None and v["points_earned"] > 0
    con = database.connect(hongtong_db)
    types = dict(database.query_rows(con, "SELECT type::VARCHAR, count(*) FROM partners GROUP BY ALL"))
    assert set(types) == {"机关单位", "市场主体", "社会力量"}
    assert database.query_rows(con, "SELECT count(DISTINCT (year, quarter)) >= 4 FROM partner_evaluations")[0][0]


def test_custom_targets_are_hit_as_exactly_as_the_presets(custom_db):
    path, t = custom_db
    v = kpis(path, ["workers_per_10k", "under_40_share", "college_share", "certified_share", "secretary_avg_age",
                    "partners", "issues_resolved", "wishes_fulfilled", "communities", "resident_population"])
    assert v["workers_per_10k"] == pytest.approx(t["workers_per_10k"], abs=0.05)
    for key in ("under_40_share", "college_share", "certified_share"):
        assert v[key] == pytest.approx(t[key], abs=0.0005), key
    assert v["secretary_avg_age"] == pytest.approx(t["secretary_avg_age"], abs=0.05)
    for key in ("partners", "issues_resolved", "wishes_fulfilled", "communities"):
        assert v[key] == t[key], key
    assert abs(v["resident_population"] - t["population"]) <= calibrate.POPULATION_SLACK * t["population"]
    con = database.connect(path)
    assert database.query_rows(con, "SELECT count(*) FROM regions WHERE level = 'street'")[0][0] == t["streets"]


@pytest.mark.parametrize(
    "raw, message",
    [
        ({"under_40_share": 1.4}, "比例"),
        ({"communities": 3, "streets": 5}, "不能少于街道数"),
        ({"population": 10_000, "communities": 65}, "每个社区至少 500 人"),
        ({"workers_per_10k": 2.5, "population": 100_000, "communities": 40, "streets": 4}, "不足"),
        ({"secretary_avg_age": 30.0, "under_40_share": 0.01}, "40岁以下占比"),
        ({"secretary_avg_age": 57.0, "under_40_share": 0.99}, "40岁以下占比"),
        ({"secretary_avg_age": 80}, "书记平均年龄"),
        ({"partners": "many"}, "应为数字"),
        ({"streets": 2.5}, "应为整数"),
        ({"colour": 1}, "未知字段"),
    ],
)
def test_impossible_targets_are_rejected_with_a_reason(raw, message):
    with pytest.raises(targets.TargetError, match=message):
        targets.from_mapping(raw)


def _table_fingerprints(path) -> dict[str, tuple]:
    con = database.connect(path)
    return {t: tuple(database.query_rows(con, f"SELECT count(*), bit_xor(hash(x)) FROM {t} x")[0])
            for t in database.DATA_TABLES}


def test_the_same_seed_gives_identical_tables(kuiwen_db, tmp_path):
    again = tmp_path / "again.duckdb"
    other = tmp_path / "other.duckdb"
    build.generate(targets.KUIWEN, again, seed=1)
    build.generate(targets.KUIWEN, other, seed=2)
    first = _table_fingerprints(kuiwen_db)
    assert _table_fingerprints(again) == first
    different = _table_fingerprints(other)
    assert all(different[t] != first[t] for t in ("workers", "wishes", "points_ledger", "partners"))


@pytest.fixture(scope="module", params=["kuiwen_db", "hongtong_db"])
def any_db(request):
    return database.connect(request.getfixturevalue(request.param))


def test_id_numbers_are_valid_and_agree_with_birth_date_and_sex(any_db):
    for table in ("workers", "reserve_candidates"):
        rows = database.query_rows(any_db, f"SELECT id_number, birth_date, gender::VARCHAR FROM {table}")
        assert rows
        for id_number, birth, sex in rows:
            assert idcard.problems(id_number) == [], id_number
            assert idcard.birth_date(id_number) == birth
            assert idcard.sex(id_number) == sex
    dupes = database.query_rows(any_db, "SELECT count(*) - count(DISTINCT id_number) FROM workers")[0][0]
    assert dupes == 0


def test_dates_are_in_a_plausible_order(any_db):
    q = lambda sql: database.query_rows(any_db, sql)[0][0]  # noqa: E731
    assert q("SELECT count(*) FROM workers WHERE hire_date < birth_date + INTERVAL 18 YEAR") == 0
    assert q("SELECT count(*) FROM workers WHERE exit_date < hire_date") == 0
    assert q("SELECT count(*) FROM workers WHERE exit_date > DATE '2026-09-30'") == 0
    assert q("SELECT count(*) FROM wishes WHERE claimed_on < raised_on OR fulfilled_on < claimed_on") == 0
    assert q("SELECT count(*) FROM wishes WHERE fulfilled_on IS NOT NULL AND claimed_on IS NULL") == 0
    assert q("SELECT count(*) FROM certificates c JOIN workers w USING (worker_id) "
             "WHERE c.obtained_on < w.birth_date + INTERVAL 18 YEAR") == 0
    # A partner handles an issue or claims a wish only while in service.
    assert q("""SELECT count(*) FROM livelihood_issues i JOIN partners p USING (partner_id)
                WHERE i.raised_on < p.joined_on OR i.raised_on > coalesce(p.exited_on, DATE '9999-01-01')""") == 0
    assert q("""SELECT count(*) FROM wishes w JOIN partners p USING (partner_id)
                WHERE w.claimed_on < p.joined_on OR w.claimed_on > coalesce(p.exited_on, DATE '9999-01-01')""") == 0


def test_distributions_are_plausible(any_db):
    q = lambda sql: database.query_rows(any_db, sql)[0]  # noqa: E731
    lo, hi = q("""SELECT min(age), max(age) FROM (SELECT year(DATE '2026-09-30') - year(birth_date)
                  - (strftime(DATE '2026-09-30', '%m%d') < strftime(birth_date, '%m%d'))::INT AS age
                  FROM workers WHERE status = '在岗')""")
    assert 22 <= lo and hi <= 60
    women, men = q("SELECT count(*) FILTER (gender = '女'), count(*) FILTER (gender = '男') FROM workers WHERE status = '在岗'")
    assert women > men
    one_secretary_each = q("""SELECT count(*) = count(DISTINCT community_id) FROM workers
                              WHERE status = '在岗' AND post_title IN ('书记', '书记兼主任')""")[0]
    assert one_secretary_each


def test_evaluations_are_quarterly_and_within_service(any_db):
    rows = database.query_rows(any_db, """
        SELECT count(*) FILTER (quarter NOT BETWEEN 1 AND 4),
               count(*) - count(DISTINCT (partner_id, year, quarter)),
               count(*) FILTER (last_day(make_date(year, quarter * 3, 1)) > DATE '2026-09-30')
        FROM partner_evaluations""")
    assert rows == [(0, 0, 0)]


def test_points_balances_never_go_negative(any_db):
    negative = database.query_rows(any_db, """
        SELECT count(*) FROM (SELECT sum(points) OVER (PARTITION BY account_id ORDER BY entry_date, entry_id) AS b
                              FROM points_ledger) WHERE b < 0""")[0][0]
    assert negative == 0
    mismatched = database.query_rows(any_db, """
        SELECT count(*) FROM points_ledger l JOIN point_accounts a USING (account_id)
        WHERE l.community_id <> a.community_id""")[0][0]
    assert mismatched == 0


def test_plan_is_exact_integer_arithmetic():
    plan = calibrate.plan_workforce(targets.KUIWEN)
    assert round(plan.workers / plan.population * 10_000, 1) == 18.5
    assert plan.secretaries == 65 and plan.secretaries_this_year == 5


def test_an_interrupted_generation_leaves_no_file(tmp_path, monkeypatch):
    path = tmp_path / "never.duckdb"

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(database, "insert_frame", boom)
    with pytest.raises(RuntimeError):
        build.generate(targets.KUIWEN, path, seed=1)
    assert list(tmp_path.iterdir()) == []


def test_cli_demo_builds_a_database_and_kpis_lists_the_required_ids(tmp_path):
    path = tmp_path / "cli.duckdb"
    t = tmp_path / "targets.json"
    t.write_text(json.dumps(CUSTOM_A), encoding="utf-8")
    done = subprocess.run([sys.executable, "cli.py", "demo", "--targets", str(t), "--seed", "3", "--db", str(path),
                           "--as-of", "2026-09-30"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    out = subprocess.run([sys.executable, "cli.py", "kpis", "--db", str(path), "--format", "json"],
                         cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    rows = {r["id"]: r for r in json.loads(out.stdout)}
    for key in ("workers_per_10k", "under_40_share", "college_share", "certified_share", "secretary_avg_age",
                "partners", "issues_resolved", "wishes_fulfilled"):
        assert {"id", "label_zh", "value", "unit"} <= set(rows[key])
    assert rows["under_40_share"]["value"] == pytest.approx(CUSTOM_A["under_40_share"], abs=0.0005)
    assert rows["partners"]["value"] == CUSTOM_A["partners"]


@pytest.mark.parametrize(
    "args",
    [
        ["demo", "--preset", "nowhere", "--db", "x.duckdb"],
        ["demo", "--db", "x.duckdb", "--as-of", "2026-13-01"],
        ["demo", "--db", "x.duckdb", "--seed", "abc"],
        ["kpis"],
        ["kpis", "--db", "/nonexistent/dir/x.duckdb"],
        ["demo", "--targets", "/nonexistent.json", "--db", "x.duckdb"],
        ["frobnicate"],
    ],
)
def test_bad_arguments_get_one_line_and_a_nonzero_exit(args, tmp_path):
    r = subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode != 0
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "x.duckdb").exists()


def test_as_of_is_recorded_and_used(tmp_path):
    path = tmp_path / "early.duckdb"
    build.generate(targets.HONGTONG, path, seed=1, as_of=dt.date(2026, 3, 31))
    con = database.connect(path)
    assert database.as_of_date(con) == dt.date(2026, 3, 31)
    v = metrics.evaluate(con, ["issues_resolved", "wishes_fulfilled"], metrics.Filters("141024", dt.date(2026, 3, 31)))
    assert 180 <= v["issues_resolved"] < 190 and 1200 <= v["wishes_fulfilled"] < 1300
