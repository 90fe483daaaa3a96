"""`cli.py kpis` and `cli.py quality` on the hand-made fixture: JSON fields, fractions, a readable
table, masked ID numbers, and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import duckdb
import pytest

import cli
from cgw.commands.kpis import width
from cgw.storage import database
from metrics import catalogue, formatting, quality
from tests.metrics.test_catalogue import EXPECTED
from tests.support import ROOT
from tests.support import fixture_db as fx


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """A private fixture database, never held open by this process (the CLI opens it read-only)."""
    return fx.build(tmp_path_factory.mktemp("cli") / "fixture.duckdb")


def run_cli(capsys, *argv) -> tuple[int, str, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as e:  # argparse errors
        code = e.code
    out = capsys.readouterr()
    return code, out.out, out.err


def test_kpis_json_has_every_kpi_with_hand_computed_values(db, capsys):
    code, out, err = run_cli(capsys, "kpis", "--db", str(db), "--format", "json")
    assert code == 0 and err == ""
    rows = json.loads(out)
    assert [r["id"] for r in rows] == list(catalogue.ids())
    for r in rows:
        assert {"id", "label_zh", "label_en", "value", "unit", "benchmark", "value_year_earlier", "change"} <= set(r)
        now, then = EXPECTED[r["id"]]
        assert r["value"] == pytest.approx(now) and r["value_year_earlier"] == pytest.approx(then), r["id"]
        assert r["change"] == pytest.approx(now - then), r["id"]
    by_id = {r["id"]: r for r in rows}
    # Shares are fractions, not percentages.
    assert by_id["under_40_share"]["value"] == pytest.approx(6 / 9) and by_id["under_40_share"]["unit"] == "%"
    assert by_id["certified_share"]["benchmark"] == 0.5
    assert by_id["workers_per_10k"]["benchmark"] == 18.0 and "18" in by_id["workers_per_10k"]["benchmark_source"]
    assert by_id["workers_per_10k"]["value"] == 7.5


def test_kpis_for_a_street_by_name_and_an_earlier_date(db, capsys):
    code, out, _ = run_cli(capsys, "kpis", "--db", str(db), "--region", "新街道", "--as-of", "2024-06-30",
                           "--format", "json")
    by_id = {r["id"]: r for r in json.loads(out)}
    assert code == 0
    assert by_id["active_workers"]["value"] == 1  # W08
    assert by_id["workers_per_10k"]["value"] == pytest.approx(1 / 1000 * 10_000)  # 2024: 0 + 1000 residents
    assert by_id["open_recruits_4y"]["benchmark"] is None  # a district's head-count is no street's target


def test_kpis_table_is_aligned_and_readable(db, capsys):
    code, out, _ = run_cli(capsys, "kpis", "--db", str(db))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("示范区（370799）· 统计日 2025-06-30")
    rows = {}
    for line in lines:
        for m in catalogue.CATALOGUE:
            if f"  {m.id} " in line or line.rstrip().endswith(f"  {m.id}"):
                rows[m.id] = line
    assert set(rows) == set(catalogue.ids())
    # The id column starts at the same terminal column on every row (CJK labels are two columns wide).
    starts = {width(line[: line.index("  " + mid + " ") + 2]) for mid, line in rows.items()}
    assert len(starts) == 1
    # Every value ends under the end of the 数值 heading (numbers are right-aligned).
    header = lines[1]
    value_end = width(header[: header.index("数值") + 2])
    for mid, line in rows.items():
        m = catalogue.get(mid)
        text = formatting.value(m, EXPECTED[mid][0])
        after_id = line.index("  " + mid + " ") + len(mid) + 2
        assert width(line[: line.index(text, after_id) + len(text)]) == value_end, mid
    assert "66.7%" in rows["under_40_share"] and "+16.7个百分点" in rows["under_40_share"]  # 6/9 vs 4/8
    assert "7.5人" in rows["workers_per_10k"] and "18.0人  国家标准" in rows["workers_per_10k"]
    assert "+50.0个百分点" in rows["grade_one_share"] and "10.0%  1:3:6" in rows["grade_one_share"]
    for topic_zh, _ in catalogue.TOPICS.values():
        assert sum(line == f"【{topic_zh}】" for line in lines) == 1


def test_kpis_table_in_english(db, capsys):
    code, out, _ = run_cli(capsys, "kpis", "--db", str(db), "--lang", "en")
    assert code == 0 and "Share aged under 40" in out and "【Workforce】" in out and "66.7%" in out


@pytest.mark.parametrize(
    "argv, code, message",
    [
        (["--as-of", "2025-13-01"], 2, "日期"),
        (["--format", "xml"], 2, "参数错误"),
        (["--region", "火星"], 1, "找不到区划"),
        (["--region", "'; DROP TABLE workers; --"], 1, "找不到区划"),
    ],
)
def test_kpis_bad_arguments_give_one_line(db, capsys, argv, code, message):
    got, out, err = run_cli(capsys, "kpis", "--db", str(db), *argv)
    assert got == code and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err and "Traceback" not in err


def test_a_missing_database_is_one_line(tmp_path, capsys):
    code, out, err = run_cli(capsys, "kpis", "--db", str(tmp_path / "nope.duckdb"))
    assert code == 1 and len(err.strip().splitlines()) == 1 and "不存在" in err


def test_the_real_entry_point_reports_a_locked_database_in_one_line(tmp_path):
    path = fx.build(tmp_path / "locked.duckdb")
    holder = duckdb.connect(str(path))  # another process can't open a file held read-write
    try:
        proc = subprocess.run([sys.executable, "cli.py", "kpis", "--db", str(path)], cwd=ROOT, capture_output=True,
                              text=True, timeout=60)
    finally:
        holder.close()
    assert proc.returncode == 1 and proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1 and "占用" in proc.stderr
    ok = subprocess.run([sys.executable, "cli.py", "quality", "--db", str(path), "--format", "json"], cwd=ROOT,
                        capture_output=True, text=True, timeout=60)
    # The fixture's one real finding: W11 on secondment on the as-of date (tests/metrics/test_quality.py).
    counts = {f["id"]: f["count"] for f in json.loads(ok.stdout)}
    assert ok.returncode == 0 and {k: v for k, v in counts.items() if v} == {"worker_on_secondment": 1}


# --- quality ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dirty_db(tmp_path_factory):
    """The fixture with W03's sex flipped (ID says 女) and a ledger row in the wrong community."""
    path = fx.build(tmp_path_factory.mktemp("cli_dirty") / "dirty.duckdb")
    con = database.open_database(path)
    try:
        con.execute("UPDATE workers SET gender = '男' WHERE worker_id = 'W03'")
        con.execute("INSERT INTO points_ledger VALUES (9, 'A1', ?, DATE '2025-06-01', 5, '志愿服务')", [fx.C12])
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path


def test_quality_json_masks_id_numbers(dirty_db, capsys):
    code, out, err = run_cli(capsys, "quality", "--db", str(dirty_db), "--format", "json")
    assert code == 0 and err == ""
    findings = {f["id"]: f for f in json.loads(out)}
    # The two planted defects, and the fixture's own secondment (W11, tests/metrics/test_quality.py).
    assert {k for k, f in findings.items() if f["count"]} == {"id_sex_mismatch", "ledger_community_mismatch",
                                                              "worker_on_secondment"}
    row = findings["id_sex_mismatch"]["rows"][0]
    raw = fx.worker_rows()[2][3]
    assert row["key"] == "W03" and row["id_number"] != raw
    assert row["id_number"] == raw[:6] + "*" * 8 + raw[-4:]
    assert raw not in out
    assert findings["ledger_community_mismatch"]["severity"] == "error"


def test_quality_table_lists_rules_and_masked_rows(dirty_db, capsys):
    code, out, _ = run_cli(capsys, "quality", "--db", str(dirty_db))
    assert code == 0
    raw = fx.worker_rows()[2][3]
    assert raw not in out and raw[:6] + "*" * 8 + raw[-4:] in out
    # The two planted defects, and the fixture's own secondment (W11, tests/metrics/test_quality.py).
    assert f"{len(quality.RULES)} 条规则，3 条发现问题" in out.splitlines()[0]
    assert "[错误] 身份证号与性别不符：1 条" in out


def test_quality_region_filter_and_bad_limit(dirty_db, capsys):
    code, out, _ = run_cli(capsys, "quality", "--db", str(dirty_db), "--region", fx.S2, "--format", "json")
    assert code == 0 and all(f["count"] == 0 for f in json.loads(out))  # both defects are in street 1
    code, out, err = run_cli(capsys, "quality", "--db", str(dirty_db), "--limit", "0")
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_kpis_at_a_grid_leave_the_figures_kept_per_community_empty(db, capsys):
    code, out, _ = run_cli(capsys, "kpis", "--db", str(db), "--region", fx.G111, "--format", "json")
    by_id = {r["id"]: r for r in json.loads(out)}
    assert code == 0 and list(by_id) == list(catalogue.ids())
    assert by_id["active_workers"]["value"] == 2  # W01 W09 are assigned to 东园一网格
    # Population and partners are kept per community: no figure, not a 0, for a grid.
    for mid in ("resident_population", "workers_per_10k", "partners", "supply_items"):
        assert by_id[mid]["value"] is None and by_id[mid]["value_year_earlier"] is None, mid
