"""importer: the corpus of awkward files, all-or-nothing loads, undo, round trips, templates, CLI.

Every corpus case asserts the rows new/updated/unchanged, exactly which rows are rejected and why,
that the preview and a refused load leave the database unchanged, that --accept-valid loads the
valid rows only, the values stored, and that undo restores every table exactly.
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import json
import re
import shutil

import pandas as pd
import pytest

import cli
from cgw import domain
from cgw.domain import idcard
from cgw.ingest import importer
from cgw.ingest.importer import headers, reading, specs, validate, vocab
from cgw.storage import database, schema
from tests.support import import_corpus as corpus
from tests.support import office_corpus


@pytest.fixture
def db_path(import_db):
    return import_db


@pytest.fixture
def con(import_db):
    return database.connect(import_db)


def _problems_by_line(result) -> dict[int, list[tuple[str, str]]]:
    out: dict[int, list[tuple[str, str]]] = {}
    for r in result.problems.itertuples(index=False):
        out.setdefault(int(r.line), []).append((r.column, r.reason))
    return out


def _check_outcome(result, case: corpus.Case) -> None:
    assert (result.rows_new, result.rows_updated, result.rows_unchanged, result.rows_rejected, result.rows_deleted) == (
        case.new, case.updated, case.unchanged, len(case.rejected), case.deleted), result.problems.to_string()
    got = _problems_by_line(result)
    assert set(got) == set(case.rejected), got
    for line, expected in case.rejected.items():
        for column, fragment in expected:
            assert any(c == column and fragment in reason for c, reason in got[line]), (line, column, fragment, got[line])
    if len(result.problems):
        assert (result.problems["file"] == case.file_name).all()
        assert result.problems["reason"].str.len().gt(0).all() and result.problems["fix"].str.len().gt(0).all()


@pytest.mark.parametrize("case", corpus.CASES, ids=lambda c: c.name)
def test_corpus_file(case: corpus.Case, con):
    before = corpus.snapshot(con)
    data = case.build()
    kw = dict(file_name=case.file_name, mode=case.mode, sheet=case.sheet)
    if case.fails:
        if case.unmapped:  # the page shows the columns so that the analyst can map the missing one
            p = importer.preview(con, case.table, data, **kw)
            assert case.fails in p.missing and p.blocked(True) == p.missing and p.columns
        else:
            with pytest.raises(importer.ImportFailed, match=re.escape(case.fails)):
                importer.preview(con, case.table, data, **kw)
        with pytest.raises(importer.ImportFailed, match=re.escape(case.fails)):
            importer.import_file(con, case.table, data, accept_valid=True, **kw)
        assert corpus.same_snapshot(before, corpus.snapshot(con))
        return

    preview = importer.preview(con, case.table, data, **kw)
    _check_outcome(preview, case)
    for fragment in case.notices:
        assert any(fragment in n for n in preview.notices), (fragment, preview.notices)
    if case.source:
        assert case.source in preview.source
    assert corpus.same_snapshot(before, corpus.snapshot(con)), "a preview must not write"

    result = importer.import_file(con, case.table, data, **kw)
    _check_outcome(result, case)
    changes = case.new + case.updated + case.deleted
    if case.rejected or not changes:
        assert not result.written and result.batch_id is None
        assert corpus.same_snapshot(before, corpus.snapshot(con)), "a refused load must not write"
        if not case.rejected or case.mode == "replace" or not (case.new + case.updated):
            return
        result = importer.import_file(con, case.table, data, accept_valid=True, **kw)
        _check_outcome(result, case)
    assert result.written and result.batch_id is not None
    for sql, rows in case.stored.items():
        assert database.query_rows(con, sql) == rows, sql
    batch = importer.batches(con).iloc[0]
    assert (batch["batch_id"], batch["table_name"], batch["mode"], batch["rows_new"], batch["rows_rejected"]) == (
        result.batch_id, case.table, case.mode, case.new, len(case.rejected))
    assert batch["sha256"] == reading.load_source(data).sha256

    undone = importer.undo(con, result.batch_id)
    assert (undone.deleted, undone.restored, undone.reinserted) == (case.new, case.updated, case.deleted)
    assert corpus.same_snapshot(before, corpus.snapshot(con)), "undo must restore the exact previous state"


def test_the_corpus_is_large_and_varied():
    assert len(corpus.CASES) >= 40
    assert {c.table for c in corpus.CASES} == set(importer.tables())


# --- undo ----------------------------------------------------------------------------------------


def _roster(rows: list[list[str]]) -> bytes:
    return corpus.csv_bytes([corpus.ROSTER_HEAD, *rows])


def test_undo_in_any_order_unless_a_later_batch_changed_the_same_rows(con):
    original = corpus.snapshot(con)
    a = importer.import_file(con, "workers", _roster([corpus.roster_row(1, "赵强", "男", corpus.N1, "1988-03-05")]))
    after_a = corpus.snapshot(con)
    b = importer.import_file(con, "workers", _roster([corpus.roster_row(1, "赵强", "男", corpus.N1, "1988-03-05",
                                                                        edu="大专")]), mode="upsert")
    c = importer.import_file(con, "workers", _roster([corpus.roster_row(1, "钱丽", "女", corpus.N2, "1992-01-14")]))
    assert (a.rows_new, b.rows_updated, c.rows_new) == (1, 1, 1)
    with pytest.raises(importer.ImportFailed, match=f"之后的第 {b.batch_id} 批.*又修改了其中 1 条记录"):
        importer.undo(con, a.batch_id)
    importer.undo(con, c.batch_id)  # independent rows: fine in any order
    importer.undo(con, b.batch_id)
    assert corpus.same_snapshot(after_a, corpus.snapshot(con))
    importer.undo(con, a.batch_id)
    assert corpus.same_snapshot(original, corpus.snapshot(con))
    with pytest.raises(importer.ImportFailed, match="撤销过"):
        importer.undo(con, a.batch_id)
    with pytest.raises(importer.ImportFailed, match="没有第 999 批"):
        importer.undo(con, 999)


def test_undo_refuses_while_other_tables_use_the_rows(con):
    original = corpus.snapshot(con)
    workers = importer.import_file(con, "workers", _roster([corpus.roster_row(1, "赵强", "男", corpus.N1, "1988-03-05")]))
    certs = importer.import_file(con, "certificates", corpus.csv_bytes([["身份证号", "证书等级", "取得日期"],
                                                                        [corpus.N1, "初级", "2020-01-01"]]))
    assert certs.rows_new == 1
    with pytest.raises(importer.ImportFailed, match=f"已被其他数据引用（职业资格证书 1 条）：请先撤销第 {certs.batch_id} 批"):
        importer.undo(con, workers.batch_id)
    importer.undo(con, certs.batch_id)
    importer.undo(con, workers.batch_id)
    assert corpus.same_snapshot(original, corpus.snapshot(con))


def test_replace_is_refused_when_it_would_delete_rows_in_use(con):
    before = corpus.snapshot(con)
    data = corpus.csv_bytes([["合伙人名称", "类型", "细分类型", "加入日期"], ["新商户", "市场主体", "企业", "2025-01-01"]])
    p = importer.preview(con, "partners", data, mode="replace")
    assert (p.rows_new, p.rows_deleted) == (1, 2)
    assert "仍被其他数据引用" in p.delete_refused and "合伙人服务社区 1 条" in p.delete_refused
    r = importer.import_file(con, "partners", data, mode="replace", accept_valid=True)
    assert not r.written and corpus.same_snapshot(before, corpus.snapshot(con))


def test_replace_with_rejected_rows_writes_nothing_even_with_accept_valid(con):
    before = corpus.snapshot(con)
    data = corpus.csv_bytes([["合伙人", "年度", "季度", "居民评价", "社区考核", "行业评议"],
                             ["P000002", "2025", "1", "80", "80", "80"], ["P000002", "2025", "9", "80", "80", "80"]])
    r = importer.import_file(con, "partner_evaluations", data, mode="replace", accept_valid=True)
    assert not r.written and "替换模式要求文件中每一行都有效" in r.summary()
    assert corpus.same_snapshot(before, corpus.snapshot(con))


def test_reimporting_the_same_file_is_flagged_and_changes_nothing(con):
    data = _roster([corpus.roster_row(1, "赵强", "男", corpus.N1, "1988-03-05")])
    first = importer.import_file(con, "workers", data, file_name="a.csv")
    again = importer.preview(con, "workers", data, file_name="a.csv")
    assert (again.rows_new, again.rows_unchanged, again.imported_before) == (0, 1, [first.batch_id])
    assert "已经导入过" in again.notices[0]


def test_the_data_version_changes_with_every_load_and_undo(con):
    v0 = database.data_version(con)
    r = importer.import_file(con, "workers", _roster([corpus.roster_row(1, "赵强", "男", corpus.N1, "1988-03-05")]))
    v1 = database.data_version(con)
    importer.undo(con, r.batch_id)
    v2 = database.data_version(con)
    assert len({v0, v1, v2}) == 3


# --- round trips: what the presenter exports re-imports unchanged ----------------------------------


# Tables a new database already fills (the default competency model, schema.py).
SEEDED = ("competency_dimensions",)


def _export_frames(con) -> dict[str, pd.DataFrame]:
    return {t: database.query_df(con, f"SELECT * FROM {t}") for t in importer.tables()}


def _as_text(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for c in out.columns:
        out[c] = out[c].map(lambda v: "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v))
    return out


def test_a_generated_dataset_exported_as_chinese_csvs_reimports_unchanged(kuiwen_db, tmp_path):
    src = database.connect(kuiwen_db)  # the session's shared connection (read only by convention)
    frames = _export_frames(src)
    expected = corpus.snapshot(src)
    target = database.connect(tmp_path / "empty.duckdb")
    try:
        for t in importer.tables():  # foreign-key order
            df = _as_text(frames[t]).rename(columns={c.name: c.header_zh for c in specs.spec(t).columns})
            data = ("\ufeff" + df.to_csv(index=False)).encode("utf-8")
            r = importer.import_file(target, t, data, file_name=f"{t}.csv")
            if t in SEEDED:  # a new database already holds the default competency model
                assert (r.rows_new + r.rows_updated + r.rows_unchanged, r.rows_rejected) == (len(frames[t]), 0)
                continue
            assert (r.written, r.rows_new, r.rows_rejected) == (True, len(frames[t]), 0), r.problems.head().to_string()
        assert corpus.same_snapshot(expected, corpus.snapshot(target))
    finally:
        database.close(tmp_path / "empty.duckdb")


def test_one_workbook_with_english_column_names_reimports_unchanged(con, tmp_path):
    frames = _export_frames(con)
    expected = corpus.snapshot(con)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as xw:
        for t, df in frames.items():
            _as_text(df).to_excel(xw, sheet_name=t, index=False)
    target = database.connect(tmp_path / "empty2.duckdb")
    try:
        for t in importer.tables():
            r = importer.import_file(target, t, buf.getvalue(), file_name="export.xlsx", sheet=t)
            seeded = r.rows_unchanged if t in SEEDED else 0
            assert (r.rows_new + seeded, r.rows_rejected) == (len(frames[t]), 0), r.problems.head().to_string()
        assert corpus.same_snapshot(expected, corpus.snapshot(target))
    finally:
        database.close(tmp_path / "empty2.duckdb")


# --- templates, specs and vocabulary ---------------------------------------------------------------


@pytest.mark.parametrize("table", importer.tables())
def test_templates_have_chinese_headers_and_a_notes_row_the_importer_skips(table, con):
    s = importer.spec(table)
    csv_bytes = importer.template_csv(table)
    assert csv_bytes.startswith(b"\xef\xbb\xbf")
    lines = csv_bytes.decode("utf-8-sig").splitlines()
    assert lines[0].split(",") == [c.header_zh for c in s.columns]
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_filelike(io.BytesIO(importer.template_xlsx(table))).get_sheet_by_index(0).to_python()
    assert rows[0] == [c.header_zh for c in s.columns]
    assert rows[1] == [c.note_zh() for c in s.columns]
    for data in (csv_bytes, importer.template_xlsx(table)):
        p = importer.preview(con, table, data, file_name="模板")
        assert p.rows_total == 0 and any("填写说明" in n for n in p.notices)


def test_a_filled_in_excel_template_loads(con):
    s = importer.spec("partners")
    data = corpus.xlsx_bytes({"幸福合伙人": [[c.header_zh for c in s.columns], [c.note_zh() for c in s.columns],
                                          ["", "社区书屋", "社会力量", "人才工作室", "2025-05-01", ""]]})
    r = importer.import_file(con, "partners", data, file_name="模板.xlsx")
    assert (r.rows_new, r.rows_rejected) == (1, 0)
    assert database.query_rows(con, "SELECT partner_id, subtype::VARCHAR FROM partners WHERE name = '社区书屋'") == [
        ("P000003", "人才工作室")]


def test_specs_match_the_database_schema(con):
    cols = database.query_df(con, "SELECT table_name, column_name, data_type FROM duckdb_columns() "
                                  "WHERE schema_name = 'main'")
    enum_types = {name: f"ENUM({', '.join(repr(v) for v in domain.values(name))})" for name in domain.CATEGORIES}
    for s in importer.TABLES:
        db = cols[cols["table_name"] == s.name].set_index("column_name")["data_type"].to_dict()
        assert [c.name for c in s.stored_columns] == list(db), s.name
        for c in s.stored_columns:
            want = enum_types.get(c.sql_type, c.sql_type).replace("DECIMAL(", "DECIMAL(").replace(",", ", ")
            assert db[c.name].replace(",", ", ").replace(",  ", ", ") == want.replace(",  ", ", "), (s.name, c.name)
    # Every data table, and the competency model (configuration, seeded by the schema) before its scores.
    assert [t for t in importer.tables() if t != "competency_dimensions"] == list(database.DATA_TABLES)
    assert importer.tables().index("competency_dimensions") == importer.tables().index("competency_scores") - 1


def test_every_synonym_maps_to_a_stored_value_and_headers_are_unambiguous():
    for category, table in vocab.SYNONYMS.items():
        assert set(table) <= set(domain.values(category)), category
    assert vocab.canonical("education", "大学 本科")[0] == "本科"
    assert vocab.canonical("political_status", "党员")[0] == "中共党员"
    assert vocab.canonical("political_status", "团员")[0] == "共青团员"
    assert vocab.canonical("role_category", "正职")[0] == "社区正职"
    assert vocab.canonical("ethnicity", "汉")[0] == "汉族"
    for s in importer.TABLES:
        idx = headers.index(s)
        for c in s.columns:
            assert idx[headers.norm(c.header_zh)][0] == c.name
            assert idx[headers.norm(c.name)][0] == c.name


def test_id_check_digit_in_sql_agrees_with_idcard(con):
    ids = [corpus.pid("110101", f"19{y:02d}0101", f"{s:03d}") for y in range(50, 99, 7) for s in range(100, 130)]
    bad = [i[:17] + ("0" if i[17] != "0" else "1") for i in ids]
    data = _roster([corpus.roster_row(n, "某", idcard.sex(i), i, "", comm="和平社区") for n, i in enumerate(ids + bad)])
    p = importer.preview(con, "workers", data)
    rejected = set(_problems_by_line(p))
    assert rejected == {2 + len(ids) + k for k in range(len(bad))}


# --- limits and hostile input ----------------------------------------------------------------------


def test_the_upload_size_limit_is_configurable(con, monkeypatch):
    monkeypatch.setenv("CGW_IMPORT_MAX_MB", "0.0001")
    with pytest.raises(importer.ImportFailed, match="超过上限"):
        importer.preview(con, "workers", b"x" * 5000, file_name="big.csv")


@pytest.mark.parametrize("data", [
    b"\xff\xfe" + "姓名\t身份证号\n".encode("utf-16-le") + b"\x00\xd8",  # UTF-16 with a lone surrogate
    "姓名,身份证号,政治面貌\n\"未闭合,1,2\n".encode("gbk"),
    b"\x00" * 100,
    ("姓名,身份证号\n" + "a," * 5000 + "\n").encode(),
    "身份证号,姓名\n'; DROP TABLE workers; --,x\n".encode(),
    b"PK\x03\x04\x14\x00\x00\x00",
    "\ufeff".encode() + b"\xe4\xb8",
])  # fmt: skip
def test_hostile_files_raise_only_import_failed_and_write_nothing(data, con):
    before = corpus.snapshot(con)
    try:
        r = importer.import_file(con, "workers", data, file_name="x.csv", accept_valid=True)
        assert not r.written
    except importer.ImportFailed as e:
        assert re.search(r"[\u4e00-\u9fff]", str(e))
    assert corpus.same_snapshot(before, corpus.snapshot(con))


def test_a_table_that_cannot_be_imported_is_named(con):
    with pytest.raises(importer.ImportFailed, match="不能导入表「dataset_info」"):
        importer.preview(con, "dataset_info", b"a,b\n1,2\n")
    with pytest.raises(importer.ImportFailed, match="导入方式「merge」无效"):
        importer.preview(con, "workers", b"a,b\n1,2\n", mode="merge")


def test_guessing_the_table_from_the_headers():
    assert importer.guess_tables(_roster([]))[0][0] == "workers"
    assert importer.guess_tables(importer.template_xlsx("wishes"))[0] == ("wishes", 1.0)


# --- schema migration ------------------------------------------------------------------------------


def test_a_version_1_database_is_migrated_to_the_same_schema_as_a_new_one(tmp_path):
    new = database.open_database(tmp_path / "new.duckdb")
    old_path = tmp_path / "old.duckdb"
    old = database.open_database(old_path)
    cur = old.cursor()
    cur.execute("DROP TABLE import_undo")
    cur.execute("ALTER TABLE import_batches DROP COLUMN rows_deleted")
    cur.execute("UPDATE dataset_info SET value = '1' WHERE key = 'schema_version'")
    old.close()
    migrated = database.open_database(old_path)
    try:
        sql = ("SELECT table_name, column_name, data_type, is_nullable, column_default FROM duckdb_columns() "
               "WHERE table_name IN ('import_batches', 'import_undo') ORDER BY table_name, column_index")
        assert database.query_rows(migrated, sql) == database.query_rows(new, sql)
        sql = "SELECT table_name, constraint_type, constraint_text FROM duckdb_constraints() WHERE table_name = 'import_undo'"
        assert sorted(database.query_rows(migrated, sql)) == sorted(database.query_rows(new, sql))
        assert schema.schema_version(migrated) == schema.SCHEMA_VERSION == 6
    finally:
        migrated.close()
        new.close()


# --- the command line --------------------------------------------------------------------------------


def test_cli_import_exit_codes_report_and_undo(db_path, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_bytes(_roster([corpus.roster_row(1, "赵强", "男", corpus.N1, "1988-03-05")]))
    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes(_roster([corpus.roster_row(1, "钱丽", "女", corpus.N2, "1992-01-14"),
                               corpus.roster_row(2, "孙军", "男", corpus.N3, "1979-13-30")]))
    report = tmp_path / "errors.csv"
    argv = ["import", "--table", "workers", "--db", str(db_path), "--quiet"]
    assert cli.main(argv + [str(mixed), "--report", str(report)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "未导入「社区工作者」" in err[0] and "2 行中有 1 行有问题" in err[0]
    rep = pd.read_csv(report, encoding="utf-8-sig", dtype=str)
    assert list(rep.columns) == ["文件", "行号", "列", "值", "原因", "建议"]
    assert rep[["行号", "列"]].values.tolist() == [["3", "出生年月"]]
    assert "月份 13 不存在" in rep["原因"][0]
    assert cli.main(argv + [str(mixed), "--accept-valid", "--report", str(tmp_path / "e.xlsx")]) == 3
    assert "拒绝 1 行" in capsys.readouterr().err
    assert (tmp_path / "e.xlsx").stat().st_size > 0
    assert cli.main(argv + [str(good)]) == 0
    out = capsys.readouterr().out
    assert "已导入「社区工作者」（第 2 批，good.csv）：新增 1 行" in out
    assert cli.main(argv + [str(good)]) == 0  # again: every row is already there, nothing is written
    assert "无需导入「社区工作者」（good.csv）：文件中的 1 行与库中完全一致" in capsys.readouterr().out
    assert cli.main(["import", "--table", "社区工作者", "--db", str(db_path), "--quiet", str(tmp_path / "nope.csv")]) == 1
    assert "文件不存在" in capsys.readouterr().err
    assert cli.main(["undo", "--list", "--db", str(db_path)]) == 0
    listing = capsys.readouterr().out
    assert "第 2 批" in listing and "第 1 批" in listing
    assert cli.main(["undo", "2", "--db", str(db_path)]) == 0
    assert "已撤销第 2 批" in capsys.readouterr().out
    assert cli.main(["undo", "2", "--db", str(db_path)]) == 1
    assert "撤销过" in capsys.readouterr().err
    con = database.connect(db_path)
    assert database.query_rows(con, "SELECT count(*) FROM workers") == [(4,)]  # 3 + 钱丽 from batch 1


def test_cli_templates(tmp_path, capsys):
    assert cli.main(["templates", "--out", str(tmp_path / "t"), "--table", "社区工作者"]) == 0
    assert sorted(p.name for p in (tmp_path / "t").iterdir()) == ["03_workers_社区工作者.csv", "03_workers_社区工作者.xlsx"]
    assert cli.main(["templates", "--out", str(tmp_path / "all")]) == 0
    assert len(list((tmp_path / "all").iterdir())) == 2 * len(importer.tables())


def test_cli_rejects_an_unknown_table(db_path, capsys):
    with pytest.raises(SystemExit) as e:
        cli.main(["import", "--table", "nonsense", "--db", str(db_path), "x.csv"])
    assert e.value.code == 2
    assert "没有可导入的表「nonsense」" in capsys.readouterr().err


def test_validate_module_lists_tables_in_chinese():
    assert set(validate.TABLE_ZH) == set(importer.tables())


# --- files as offices produce them: every row stored right ------------------------------------------


@pytest.fixture(scope="module")
def office_files(tmp_path_factory) -> dict[str, object]:
    """The office corpus (tests/support/office_corpus.py), built once: style → file path."""
    folder = tmp_path_factory.mktemp("office_corpus")
    files = office_corpus.build(folder)
    return {fn.__name__: path for fn, path in zip(office_corpus.ENTRIES, files)}


def _plain(v):
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return str(v)
    return v


def _stored(con, table: str, key: list[str], expected: list[dict]) -> list[dict]:
    cur = con.cursor()
    try:
        res = cur.execute(f"SELECT * FROM {table}")
        names = [d[0] for d in res.description]
        rows = [dict(zip(names, map(_plain, r))) for r in res.fetchall()]
    finally:
        cur.close()
    wanted = {tuple(e[k] for k in key) for e in expected}
    return sorted((r for r in rows if tuple(r[k] for k in key) in wanted), key=lambda r: tuple(str(r[k]) for k in key))


def _check_office_file(path, db) -> None:
    """The file imports whole into `db`, and every stored row equals the expected row written beside
    the file, column by column (unknown facts NULL, never guessed)."""
    exp = office_corpus.expected_of(path)
    con = database.connect(db)
    try:
        mapping = importer.Mapping.from_json(json.dumps(exp["mapping"])) if exp["mapping"] else None
        r = importer.import_file(con, exp["table"], path, sheet=exp["sheet"], mode=exp["mode"], mapping=mapping)
        assert (r.written, r.rows_rejected, r.rows_new + r.rows_updated) == (True, 0, len(exp["rows"])), (
            r.summary(), r.problems.head(8).to_string(), r.notices)
        key = exp["key"]
        want = sorted(exp["rows"], key=lambda e: tuple(str(e[k]) for k in key))
        assert _stored(con, exp["table"], key, want) == want
        for table, rows in exp["related"].items():
            rel_key = list(importer.spec(table).key)
            rel_want = sorted(rows, key=lambda e: tuple(str(e[k]) for k in rel_key))
            assert _stored(con, table, rel_key, rel_want) == rel_want
        for fragment in exp["notices"]:
            assert any(fragment in n for n in r.notices), (fragment, r.notices)
    finally:
        database.close(db)


@pytest.mark.parametrize("style", [fn.__name__ for fn in office_corpus.ENTRIES])
def test_every_office_file_stores_every_row_right(style, office_files, import_base, tmp_path):
    db = tmp_path / "office.duckdb"
    shutil.copy(import_base, db)
    _check_office_file(office_files[style], db)


def _server_styles() -> list[str]:
    """The office files that exercise what server mode replays differently: a roster that also writes
    certificates, a saved column mapping, and the first file of every other table."""
    chosen, tables = [], set()
    for e, fn in zip(office_corpus.entries(), office_corpus.ENTRIES):
        if e.table not in tables or fn.__name__ in office_corpus.SERVER_STYLES:
            chosen.append(fn.__name__)
            tables.add(e.table)
    return chosen


@pytest.mark.parametrize("style", _server_styles())
def test_office_files_store_the_same_rows_on_postgresql(style, office_files, import_base, pg_copy_of):
    _check_office_file(office_files[style], pg_copy_of(import_base, "office"))


def test_the_office_corpus_has_the_styles_the_issue_asks_for():
    entries = office_corpus.entries()
    by_table: dict[str, int] = {}
    for e in entries:
        by_table[e.table] = by_table.get(e.table, 0) + 1
    assert by_table["workers"] >= 25
    assert set(by_table) == set(importer.tables()) and min(by_table.values()) >= 3
    kinds = {e.file_name.rsplit(".", 1)[1] for e in entries}
    assert kinds == {"csv", "txt", "xlsx"}
    encodings = {("gbk" if b"\xb9\xab" in e.data else "") for e in entries}  # 公 in GBK
    assert "gbk" in encodings


# --- schema version 6: bad input is named by row, column and fix; nothing is written ------------------


@pytest.mark.parametrize("table, rows, line, column, reason, fix", [
    # a grid of another community: where it really is, and which grids the row's community has
    ("workers", [corpus.ROSTER_HEAD + ["网格"], corpus.roster_row(1, "赵强", "男", corpus.N1, "1988-03-05") + ["第二网格"]],
     2, "网格", "网格「第二网格」不在本行的社区「和平社区」，而在「大虞街道幸福社区」", "和平社区的网格有：第一网格"),
    ("livelihood_issues", [["社区", "网格", "问题类别", "来源", "提出日期", "办理状态"],
                           ["光明社区", corpus.G1, "环境卫生", "走访", "2025-03-01", "待处理"]],
     2, "网格", f"网格 {corpus.G1}（第一网格）不在本行的社区「光明社区」", "光明社区的网格有：光明苑网格"),
    # an unknown need category: the categories one may write
    ("resident_needs", [["社区", "需求群体", "需求类别", "需求来源", "提出日期"], ["和平社区", "一老", "剪指甲", "走访", "2025-03-01"]],
     2, "需求类别", "「剪指甲」不是可识别的取值", "可填：助餐服务、医疗健康"),
    # met before matched
    ("resident_needs", [["社区", "需求群体", "需求类别", "需求来源", "提出日期", "匹配日期", "满足日期"],
                        ["和平社区", "一老", "助餐", "走访", "2025-03-01", "2025-03-10", "2025-03-05"]],
     2, "满足日期", "满足日期早于匹配日期", "应不早于匹配日期"),
])  # fmt: skip
def test_v6_bad_input_is_named_and_nothing_is_written(table, rows, line, column, reason, fix, con):
    before = corpus.snapshot(con)
    r = importer.import_file(con, table, corpus.csv_bytes(rows), file_name="台账.csv")
    assert not r.written and r.rows_rejected == 1
    p = r.problems.iloc[0]
    assert (p["file"], p["line"], p["column"]) == ("台账.csv", line, column)
    assert reason in p["reason"] and fix in p["fix"], (p["reason"], p["fix"])
    if column == "网格" and rows[1][-1 if table == "workers" else 1].isdigit():  # a region code is shown, not masked
        assert p["value"] == rows[1][1]
    assert corpus.same_snapshot(before, corpus.snapshot(con))


def test_an_update_without_a_grid_column_keeps_the_grid_unless_the_worker_leaves_its_community(con):
    head = ["人员编号", "姓名", "身份证号", "所属社区", "入职日期"]
    placed = importer.import_file(con, "workers", corpus.csv_bytes([head + ["网格"], ["W0000001", "张伟", corpus.ID1, corpus.C1,
                                                                                    "2010-07-01", "第二网格"]]), mode="upsert")
    assert placed.rows_updated == 1
    kept = importer.import_file(con, "workers", corpus.csv_bytes([head, ["W0000001", "张伟", corpus.ID1, corpus.C1, "2010-07-01"]]),
                                mode="upsert")
    assert kept.identical or kept.rows_updated == 0
    assert database.query_rows(con, "SELECT grid_id FROM workers WHERE worker_id = 'W0000001'") == [(corpus.G2,)]
    moved = importer.preview(con, "workers", corpus.csv_bytes([head, ["W0000001", "张伟", corpus.ID1, corpus.C2, "2010-07-01"]]),
                             mode="upsert")
    assert moved.rows_rejected == 1 and "库中记录的网格" in moved.problems["reason"][0]
    assert "网格" in moved.problems["fix"][0]
