"""`--user NAME` on the commands that read or change data, on the hand-made fixture (示范区 with
东街道 370799001 and 新街道 370799002): the account's region is the default and the limit, its role
is checked, and briefings, exports, imports and undos leave one audit entry each under its name."""

from __future__ import annotations

import json

import pytest

import metrics
from cgw.domain import access
from cgw.storage import accounts, database
from tests.cgw.commands.test_kpis import run_cli
from tests.support import fixture_db as fx
from tests.support.import_corpus import csv_bytes

PASSWORD = "fixture-pass-1"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = fx.build(tmp_path_factory.mktemp("as_user") / "fixture.duckdb")
    con = database.connect(path)
    # One wrong ID check digit in each street, for the data-quality list.
    rows = {r[0]: r for r in fx.worker_rows()}
    for wid, source in (("W91", "W02"), ("W92", "W08")):
        row = list(rows[source])
        row[0], row[3] = wid, row[3][:17] + ("0" if row[3][17] != "0" else "1")
        con.execute(fx.WORKER_INSERT, row)
    for name, role, region in [("east_viewer", access.VIEWER, fx.S1), ("east_analyst", access.ANALYST, fx.S1),
                               ("new_analyst", access.ANALYST, fx.S2), ("auditor", access.AUDITOR, None),
                               ("presenter", access.PRESENTER, fx.S1), ("chief", access.ADMIN, None)]:
        accounts.create(con, name, role, region, PASSWORD)
    database.close(path)
    return path


def last_entry(db) -> tuple:
    con = database.connect(db)
    try:
        r = accounts.audit_frame(con, limit=1).astype(object).iloc[0]
        return r["actor"], r["action"], r["outcome"], r["region_id"], r["client"], r["target"]
    finally:
        database.close(db)


def test_kpis_for_a_street_account_are_its_streets_and_nothing_else(db, capsys):
    code, out, _ = run_cli(capsys, "kpis", "--db", str(db), "--user", "east_viewer", "--format", "json")
    shown = {r["id"]: r["value"] for r in json.loads(out)}
    con = database.connect(db, read_only=True)
    try:
        want = metrics.evaluate(con, ["active_workers", "workers_per_10k"], metrics.Filters(fx.S1, fx.AS_OF))
    finally:
        database.close(db)
    assert code == 0 and (shown["active_workers"], shown["workers_per_10k"]) == (want["active_workers"], want["workers_per_10k"])
    assert want["active_workers"] == 9  # 东园社区 W01 W02 W03 W09 W91 + 西园社区 W04 W05 W06 W11 (W07 left)
    for region in (fx.S2, fx.DISTRICT, "新街道"):
        code, out, err = run_cli(capsys, "kpis", "--db", str(db), "--user", "east_viewer", "--region", region)
        assert code == 1 and out == "" and "不在账号 east_viewer 的管辖范围" in err
    code, _, _ = run_cli(capsys, "kpis", "--db", str(db), "--user", "east_viewer", "--region", fx.C11)
    assert code == 0  # a community of her street


@pytest.mark.parametrize("argv, message", [
    (["kpis", "--user", "auditor"], "没有“查看看板”权限"),
    (["quality", "--user", "east_viewer"], "没有“数据质量”权限"),
    (["kpis", "--user", "nobody"], "账号 nobody 不存在"),
    (["export", "--user", "presenter", "--out", "x.zip"], "只管辖区划 370799001"),
])  # fmt: skip
def test_roles_are_checked(db, capsys, argv, message, tmp_path):
    argv = [a if a != "x.zip" else str(tmp_path / a) for a in argv]
    code, out, err = run_cli(capsys, *argv, "--db", str(db))
    assert code == 1 and message in err and not (tmp_path / "x.zip").exists()


def test_quality_lists_only_the_accounts_region(db, capsys):
    code, out, _ = run_cli(capsys, "quality", "--db", str(db), "--user", "east_analyst", "--format", "json")
    findings = json.loads(out)
    check = next(f for f in findings if f["id"] == "id_check_digit")
    assert code == 0 and [(r["key"], r["community_id"]) for r in check["rows"]] == [("W91", fx.C11)]  # not W92
    assert check["rows"][0]["id_number"].count("*") == 8  # masked
    communities = {r["community_id"] for f in findings for r in f["rows"] if r.get("community_id")}
    assert all(c.startswith(fx.S1) for c in communities)
    assert "grade_ratio_off" not in {f["id"] for f in findings}  # it judges the whole district


def test_a_briefing_is_recorded_under_the_account(db, capsys, tmp_path):
    out_file = tmp_path / "简报.html"
    code, _, err = run_cli(capsys, "report", "--db", str(db), "--user", "east_viewer", "--out", str(out_file))
    assert code == 0 and out_file.exists()
    assert "东街道" in out_file.read_text(encoding="utf-8") and "新街道" not in out_file.read_text(encoding="utf-8")
    assert last_entry(db) == ("east_viewer", "briefing", "success", fx.S1, "cli", "简报.html")


def test_an_import_rejects_rows_outside_and_an_undo_needs_the_batch_in_scope(db, capsys, tmp_path):
    pop = tmp_path / "人口.csv"
    pop.write_bytes(csv_bytes([["社区", "年度", "常住人口", "户数"], [fx.C11, "2026", "4100", "1500"],
                               [fx.C21, "2026", "10", "5"]]))
    code, _, err = run_cli(capsys, "import", str(pop), "--table", "region_population", "--db", str(db),
                           "--user", "east_analyst")
    assert code == 1 and "拒绝 1 行" not in err
    assert last_entry(db)[:4] == ("east_analyst", "import", "failure", fx.S1)
    code, out, err = run_cli(capsys, "import", str(pop), "--table", "region_population", "--db", str(db),
                             "--user", "east_analyst", "--accept-valid")
    assert code == 3 and "第 1 批" in err
    assert last_entry(db) == ("east_analyst", "import", "success", fx.S1, "cli", "region_population · 人口.csv · 第 1 批")
    code, out, _ = run_cli(capsys, "undo", "--list", "--db", str(db), "--user", "new_analyst")
    assert code == 0 and "第 1 批" not in out  # 新街道's analyst does not see 东街道's batch
    code, _, err = run_cli(capsys, "undo", "1", "--db", str(db), "--user", "new_analyst")
    assert code == 1 and "不在账号 new_analyst 的管辖范围内" in err
    assert last_entry(db)[:3] == ("new_analyst", "undo", "denied")
    code, out, _ = run_cli(capsys, "undo", "1", "--db", str(db), "--user", "east_analyst")
    assert code == 0 and last_entry(db)[:3] == ("east_analyst", "undo", "success")
