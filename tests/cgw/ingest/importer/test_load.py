"""importer with schema version 3: one person may have several records (only one in post, or in the
pool), workers and accounts can change community, and runs of inserted keys are undone from one
undo row. Every test ends by undoing its batches and checking the database is exactly as before.
"""

from __future__ import annotations

import shutil

import pytest

from cgw.ingest import importer
from cgw.ingest.importer import load
from cgw.storage import database
from tests.support.import_corpus import C1, C2, C3, C4, ID1, ID3, N1, N2, csv_bytes, pid, same_snapshot, snapshot

# The stored columns, 职务 as written (its category, 职务类别, follows from it).
WORKER_HEAD = [c.header_zh for c in importer.spec("workers").stored_columns if c.name != "post_title"]
RESERVE_HEAD = [c.header_zh for c in importer.spec("reserve_candidates").stored_columns]
R1_ID = pid("370705", "19960101", "013")  # 刘洋, R000001, in the pool


def worker(wid, name, sex, idn, birth, comm=C2, hire="2015-07-01", status="", exit_date="", reason="", level="5"):
    return [wid, name, sex, idn, birth, "汉族", "群众", "本科", comm, "一般社区工作者", "社区专职工作者", level,
            "公开招聘", hire, hire, status, exit_date, reason, ""]


# 王芳 as the base database has her (W0000003), then leaving on 2020-01-01.
WANG = ["W0000003", "王芳", "女", ID3, "1978-11-09", "回族", "群众", "大专", C3, "社区副职", "副主任", "8", "随缺随补",
        "2005-03-01", "2012-05-01", "", "", "", "13900000003"]
WANG_LEFT = WANG[:15] + ["调离", "2020-01-01", "工作调动", "13900000003"]


@pytest.fixture
def con(import_any):
    """The importer's base database on DuckDB, then on PostgreSQL (server mode: a mirror validates,
    the store takes the write): every round trip below holds on both."""
    return database.connect(import_any)


def _load(con, table, rows, head=WORKER_HEAD, mode="append", **kw):
    return importer.import_file(con, table, csv_bytes([head, *rows]), mode=mode, **kw)


def _reasons(result) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for r in result.problems.itertuples(index=False):
        out.setdefault(int(r.line), []).append(f"{r.column}: {r.reason}")
    return out


def _undo_all(con, *results):
    for r in sorted((r for r in results if r.written), key=lambda r: -r.batch_id):
        importer.undo(con, r.batch_id)


# --- one person, several records ----------------------------------------------------------------------


def test_a_rehired_worker_gets_a_new_record_once_the_old_one_has_ended(con):
    before = snapshot(con)
    # Still in post: a second record in post is refused, as before version 3.
    early = _load(con, "workers", [worker("W0000100", "王芳", "女", ID3, "1978-11-09", hire="2023-03-01")])
    assert (early.rows_new, early.rows_rejected, early.written) == (0, 1, False)
    assert _reasons(early) == {2: ["身份证号: 身份证号已属于数据库中的另一条记录：W0000003（王芳）"]}
    left = _load(con, "workers", [WANG_LEFT], mode="upsert")
    assert (left.rows_updated, left.rows_rejected) == (1, 0)
    again = _load(con, "workers", [worker("W0000100", "王芳", "女", ID3, "1978-11-09", hire="2023-03-01")])
    assert (again.rows_new, again.rows_rejected) == (1, 0)
    assert database.query_rows(con, "SELECT worker_id, status::VARCHAR FROM workers WHERE id_number = ? "
                                    "ORDER BY worker_id", [ID3]) == [("W0000003", "调离"), ("W0000100", "在岗")]
    # Now W0000100 is the record in post: a third one is refused, naming it.
    third = _load(con, "workers", [worker("W0000101", "王芳", "女", ID3, "1978-11-09", hire="2024-03-01")])
    assert _reasons(third) == {2: ["身份证号: 身份证号已属于数据库中的另一条记录：W0000100（王芳）"]}
    _undo_all(con, again, left)
    assert same_snapshot(before, snapshot(con))


def test_an_empty_worker_id_matches_the_record_in_post_or_opens_a_new_one(con):
    before = snapshot(con)
    left = _load(con, "workers", [WANG_LEFT], mode="upsert")
    # In post again, without a worker ID: her only record has ended, so a new one is numbered.
    back = _load(con, "workers", [[""] + worker("", "王芳", "女", ID3, "1978-11-09", hire="2023-03-01")[1:]])
    assert (back.rows_new, back.rows_updated, back.rows_rejected) == (1, 0, 0)
    assert "其中 1 行的身份证号在库中只有已结束的记录（已填写离岗日期），已另建新记录" in back.notices
    assert database.query_rows(con, "SELECT worker_id FROM workers WHERE id_number = ? AND exit_date IS NULL",
                               [ID3]) == [("W0000004",)]
    # The same row again now finds the record in post: nothing changes.
    same = importer.preview(con, "workers", csv_bytes([WORKER_HEAD, [""] + worker("", "王芳", "女", ID3, "1978-11-09",
                                                                                   hire="2023-03-01")[1:]]))
    assert (same.rows_new, same.rows_unchanged) == (0, 1)
    # A row that has ended, without a worker ID, updates the record in post (she leaves again).
    leaves = _load(con, "workers", [[""] + worker("", "王芳", "女", ID3, "1978-11-09", hire="2023-03-01", status="退出",
                                                 exit_date="2024-06-30", reason="个人辞职")[1:]], mode="upsert")
    assert (leaves.rows_new, leaves.rows_updated) == (0, 1)
    assert database.query_rows(con, "SELECT worker_id, exit_date::VARCHAR FROM workers WHERE id_number = ? "
                                    "ORDER BY worker_id", [ID3]) == [("W0000003", "2020-01-01"), ("W0000004", "2024-06-30")]
    # With every record ended, an ended row matches the latest of them.
    latest = importer.preview(con, "workers", csv_bytes([WORKER_HEAD, [""] + worker(
        "", "王芳", "女", ID3, "1978-11-09", hire="2023-03-01", status="退出", exit_date="2024-06-30",
        reason="个人辞职")[1:]]), mode="upsert")
    assert (latest.rows_new, latest.rows_unchanged) == (0, 1)
    _undo_all(con, left, back, leaves)
    assert same_snapshot(before, snapshot(con))


def test_one_file_may_end_the_old_record_and_open_the_new_one(con):
    before = snapshot(con)
    for rows in ([WANG_LEFT, worker("W0000100", "王芳", "女", ID3, "1978-11-09", hire="2023-03-01")],
                 [worker("W0000100", "王芳", "女", ID3, "1978-11-09", hire="2023-03-01"), WANG_LEFT]):
        r = _load(con, "workers", rows, mode="upsert")
        assert (r.rows_new, r.rows_updated, r.rows_rejected) == (1, 1, 0), r.problems.to_string()
        importer.undo(con, r.batch_id)
        assert same_snapshot(before, snapshot(con))


def test_within_a_file_only_records_in_post_must_not_share_an_id_number(con):
    before = snapshot(con)
    r = _load(con, "workers", [
        worker("W0000200", "赵强", "男", N1, "1988-03-05", hire="2010-07-01", status="退出", exit_date="2015-01-01",
               reason="个人辞职"),
        worker("W0000201", "赵强", "男", N1, "1988-03-05", hire="2018-07-01"),
        worker("W0000202", "钱丽", "女", N2, "1992-01-14"),
        worker("W0000203", "钱丽", "女", N2, "1992-01-14", hire="2016-07-01"),
    ])
    assert (r.rows_new, r.rows_rejected, r.written) == (2, 2, False)
    assert _reasons(r) == {4: ["身份证号: 与第 5 行重复（身份证号相同，且都在岗）"],
                           5: ["身份证号: 与第 4 行重复（身份证号相同，且都在岗）"]}
    assert "只能有一条在岗的记录" in r.problems["fix"].iloc[0]
    ok = _load(con, "workers", [
        worker("W0000200", "赵强", "男", N1, "1988-03-05", hire="2010-07-01", status="退出", exit_date="2015-01-01",
               reason="个人辞职"),
        worker("W0000201", "赵强", "男", N1, "1988-03-05", hire="2018-07-01"),
    ])
    assert (ok.rows_new, ok.rows_rejected) == (2, 0)
    _undo_all(con, ok)
    assert same_snapshot(before, snapshot(con))


def test_an_id_number_given_as_a_reference_means_the_record_in_post(con):
    before = snapshot(con)
    left = _load(con, "workers", [WANG_LEFT], mode="upsert")
    back = _load(con, "workers", [worker("W0000100", "王芳", "女", ID3, "1978-11-09", hire="2023-03-01")])
    certs = importer.import_file(con, "certificates", csv_bytes([["身份证号", "姓名", "证书等级", "取得日期"],
                                                                 [ID3, "王芳", "初级", "2024-05-01"]]))
    assert (certs.rows_new, certs.rows_rejected) == (1, 0)
    assert database.query_rows(con, "SELECT worker_id FROM certificates WHERE obtained_on = DATE '2024-05-01'") == [
        ("W0000100",)]
    _undo_all(con, left, back, certs)
    assert same_snapshot(before, snapshot(con))


def test_a_reserve_candidate_may_re_enter_the_pool(con):
    before = snapshot(con)
    out = _load(con, "reserve_candidates", [["R000001", "刘洋", "男", R1_ID, "1996-01-01", C2, "", "副职", "2024-04-10",
                                             "已出库", "2024-12-01"]], head=RESERVE_HEAD, mode="upsert")
    assert (out.rows_updated, out.rows_rejected) == (1, 0)
    back = _load(con, "reserve_candidates", [["R000002", "刘洋", "男", R1_ID, "1996-01-01", C4, "", "正职", "2025-03-01",
                                              "", ""]], head=RESERVE_HEAD)
    assert (back.rows_new, back.rows_rejected) == (1, 0)
    twice = _load(con, "reserve_candidates", [["R000003", "刘洋", "男", R1_ID, "1996-01-01", C4, "", "正职",
                                               "2025-04-01", "", ""]], head=RESERVE_HEAD)
    assert _reasons(twice) == {2: ["身份证号: 身份证号已属于数据库中的另一条记录：R000002（刘洋）"]}
    _undo_all(con, out, back)
    assert same_snapshot(before, snapshot(con))


# --- no foreign key on the community of workers and accounts ---------------------------------------------


def test_a_worker_with_certificates_and_trainings_moves_to_another_community(con):
    before = snapshot(con)
    moved = ["W0000001", "张伟", "男", ID1, "1985-03-17", "汉族", "中共党员", "本科", C4, "一般社区工作者", "社区专职工作者",
             "10", "公开招聘", "2010-07-01", "2010-07-01", "在岗", "", "", "13800000001"]
    r = _load(con, "workers", [moved], mode="upsert")
    assert (r.rows_updated, r.rows_rejected) == (1, 0)
    assert database.query_rows(con, "SELECT community_id FROM workers WHERE worker_id = 'W0000001'") == [(C4,)]
    importer.undo(con, r.batch_id)
    assert same_snapshot(before, snapshot(con))


def test_an_account_with_ledger_rows_moves_to_another_community(con):
    before = snapshot(con)
    r = _load(con, "point_accounts", [["A00000001", C2, "赵六", "13700000001", "2024-01-01"]],
              head=[c.header_zh for c in importer.spec("point_accounts").stored_columns], mode="upsert")
    assert (r.rows_updated, r.rows_rejected) == (1, 0)
    importer.undo(con, r.batch_id)
    assert same_snapshot(before, snapshot(con))


def test_a_referenced_regions_parent_still_cannot_be_changed_by_an_import(con):
    # regions.parent_id keeps its foreign key (an indexed column) and 幸福社区 is referenced.
    before = snapshot(con)
    r = importer.preview(con, "regions", csv_bytes([importer.spec("regions").headers_zh(),
                                                    [C1, "幸福社区", "社区", "370705"]]), mode="upsert")
    assert r.rows_rejected == 1
    assert _reasons(r) == {2: ["区划代码: 区划代码 370705001001 已被其他数据引用（如证书、培训、考核记录），"
                               "数据库不允许在导入中修改它的上级区划"]}
    assert same_snapshot(before, snapshot(con))


# --- undo records of inserted rows ---------------------------------------------------------------------


def _undo_rows(con, batch_id):
    return database.query_rows(con, "SELECT action, row_key, row_data FROM import_undo WHERE batch_id = ? "
                                    "ORDER BY action, row_key", [batch_id])


def test_a_run_of_new_keys_is_one_undo_row_and_undoes_exactly(con):
    before = snapshot(con)
    ids = [pid("370702", f"1990010{d}", f"{10 + d}1") for d in range(1, 6)]
    r = _load(con, "workers", [worker(f"W00000{10 + d}", "某", "男", ids[d - 1], f"1990-01-0{d}") for d in range(1, 6)])
    assert r.rows_new == 5
    assert _undo_rows(con, r.batch_id) == [
        ("inserted_range", "W0000011", '{"prefix":"W","width":7,"lo":11,"hi":15}')]
    assert database.query_rows(con, f"SELECT count(*) FROM ({load.inserted_keys(r.batch_id)})") == [(5,)]
    undone = importer.undo(con, r.batch_id)
    assert undone.deleted == 5
    assert same_snapshot(before, snapshot(con))


def test_keys_outside_a_run_are_recorded_one_by_one(con):
    before = snapshot(con)
    keys = ["W0000020", "W0000021", "W0000022", "AB", "Z9", "W18", "W1A", "W20"]
    rows = [worker(k, "某", "男", pid("370702", f"199002{i + 10:02d}", f"{i + 10}3"), f"1990-02-{i + 10:02d}")
            for i, k in enumerate(keys)]
    r = _load(con, "workers", rows)
    assert (r.rows_new, r.rows_rejected) == (8, 0), r.problems.to_string()
    # W0000020–22 form a run; W18, W20 share prefix and width but are not consecutive; W1A, AB and Z9 stand alone.
    assert _undo_rows(con, r.batch_id) == [
        ("inserted", "AB", None), ("inserted", "W18", None), ("inserted", "W1A", None), ("inserted", "W20", None),
        ("inserted", "Z9", None), ("inserted_range", "W0000020", '{"prefix":"W","width":7,"lo":20,"hi":22}')]
    assert importer.undo(con, r.batch_id).deleted == 8
    assert same_snapshot(before, snapshot(con))


def test_one_candidate_run_is_checked_key_by_key(import_db):
    # Least W18 and greatest W20 with three keys look like a run, but W1A is not a number.
    # (The importer's own SQL runs in DuckDB on either backend: in server mode on a mirror.)
    cur = database.connect(import_db).cursor()
    cur.execute("CREATE TEMP TABLE k (k VARCHAR)")
    cur.execute("INSERT INTO k VALUES ('W18'), ('W1A'), ('W20')")
    assert load._single_run(cur, "SELECT k FROM k") is None
    cur.execute("DELETE FROM k")
    cur.execute("INSERT INTO k VALUES ('a*[\\9'), ('a*[\\7'), ('a*[\\8')")  # pattern characters in the prefix
    assert load._single_run(cur, "SELECT k FROM k") == ("a*[\\", 1, 7, 9, 3)
    cur.execute("INSERT INTO k VALUES ('a*[x8')")
    assert load._single_run(cur, "SELECT k FROM k") is None


def test_automatic_serial_keys_are_a_run(con):
    before = snapshot(con)
    r = importer.import_file(con, "trainings", csv_bytes([["人员编号", "培训项目", "培训日期", "学时", "培训结果"]] + [
        ["W0000002", "适岗初任", f"2024-0{m}-01", "8", "合格"] for m in range(1, 4)]))
    assert r.rows_new == 3
    assert _undo_rows(con, r.batch_id) == [("inserted_range", "2", '{"prefix":"","width":1,"lo":2,"hi":4}')]
    assert importer.undo(con, r.batch_id).deleted == 3
    assert same_snapshot(before, snapshot(con))


def test_a_later_batch_that_changed_a_row_of_a_run_blocks_the_undo(con):
    before = snapshot(con)
    ids = [pid("370702", f"1991010{d}", f"{20 + d}1") for d in range(1, 4)]
    rows = [worker(f"W00000{30 + d}", "某", "男", ids[d - 1], f"1991-01-0{d}") for d in range(1, 4)]
    a = _load(con, "workers", rows)
    changed = rows[1][:11] + ["6"] + rows[1][12:]
    b = _load(con, "workers", [changed], mode="upsert")
    assert (a.rows_new, b.rows_updated) == (3, 1)
    with pytest.raises(importer.ImportFailed, match=f"之后的第 {b.batch_id} 批.*又修改了其中 1 条记录"):
        importer.undo(con, a.batch_id)
    _undo_all(con, a, b)
    assert same_snapshot(before, snapshot(con))


def test_undo_of_a_run_refuses_while_other_tables_use_its_rows(con):
    before = snapshot(con)
    ids = [pid("370702", f"1992010{d}", f"{40 + d}1") for d in range(1, 4)]
    a = _load(con, "workers", [worker(f"W00000{40 + d}", "某", "男", ids[d - 1], f"1992-01-0{d}") for d in range(1, 4)])
    c = importer.import_file(con, "certificates", csv_bytes([["人员编号", "证书等级", "取得日期"],
                                                             ["W0000042", "初级", "2024-01-01"]]))
    with pytest.raises(importer.ImportFailed, match=f"已被其他数据引用（职业资格证书 1 条）：请先撤销第 {c.batch_id} 批"):
        importer.undo(con, a.batch_id)
    _undo_all(con, a, c)
    assert same_snapshot(before, snapshot(con))


def test_a_file_with_too_many_columns_is_refused_clearly(con):
    from cgw.ingest.importer import settings

    before = snapshot(con)
    wide = WORKER_HEAD + [f"备注{i}" for i in range(settings.MAX_COLUMNS)]
    with pytest.raises(importer.ImportFailed, match=f"文件有 {len(wide):,} 列，超过 {settings.MAX_COLUMNS} 列的上限"):
        importer.import_file(con, "workers", csv_bytes([wide, worker("W0000300", "赵强", "男", N1, "1988-03-05")]),
                             file_name="wide.csv")
    assert same_snapshot(before, snapshot(con))


def test_columns_already_in_stored_form_load_exactly_as_converted_ones(import_base, tmp_path):
    """A column whose every value is already its stored form is cast without the conversion join;
    the same rows in a file where each column also has a value needing conversion (so every
    column goes through the join) are stored identically."""
    clean = [worker(f"W000005{i}", n, s, idn, b, comm=C2, hire="2015-07-01")
             for i, (n, s, idn, b) in enumerate([("赵强", "男", N1, "1988-03-05"), ("钱丽", "女", N2, "1992-01-14")])]
    odd = ["W0000599", "孙军", "男性", pid("370702", "19790830", "053"), "1979/08/30", "汉", "党员", "大学本科", "和平社区",
           "一般", "社区工作者", "5级", "招聘", "2015.7.1", "2015年7月1日", "在职", "", "", ""]
    stored = []
    for i, rows in enumerate((clean, clean + [odd])):
        path = tmp_path / f"db{i}.duckdb"
        shutil.copy(import_base, path)
        con = database.connect(path)
        r = _load(con, "workers", rows)
        assert (r.rows_new, r.rows_rejected) == (len(rows), 0), r.problems.to_string()
        stored.append(database.query_rows(con, "SELECT * FROM workers WHERE worker_id IN ('W0000050', 'W0000051') "
                                               "ORDER BY worker_id"))
        database.close(path)
    assert stored[0] == stored[1] and len(stored[0]) == 2
