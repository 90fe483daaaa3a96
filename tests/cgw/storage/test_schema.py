"""Schema versions 3 and 4 and their migrations. Version 3: UNIQUE dropped on the ID numbers of
workers and reserve candidates, the foreign key dropped on the community of workers and point
accounts, runs of inserted keys in import_undo. Version 4: a worker's optional facts and a
certificate's date may be unknown (NULL), workers.post_title_text, import_undo.table_name,
import_profiles. Version-2 and version-3 databases (built from tests/support/schema_v2.sql and
schema_v3.sql, the DDL as it was) migrate with every row intact and the same DDL as a new database.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from cgw.ingest import importer
from cgw.storage import database, schema
from tests.support import import_corpus as corpus

V2_DDL = Path(__file__).resolve().parents[2] / "support" / "schema_v2.sql"
V3_DDL = Path(__file__).resolve().parents[2] / "support" / "schema_v3.sql"


def old_tables() -> list[str]:
    """The tables a version-2 database had (later versions add import profiles, accounts and the
    audit trail)."""
    return re.findall(r"^CREATE TABLE (\w+)", V2_DDL.read_text(encoding="utf-8"), flags=re.M)


def _rows(con: duckdb.DuckDBPyConnection, tables, like: duckdb.DuckDBPyConnection | None = None) -> dict[str, list[tuple]]:
    """Every row of `tables`; with `like`, only the columns that database's tables have (an older one)."""
    cur = con.cursor()
    out = {}
    for t in tables:
        cols = "*"
        if like is not None:
            names = [r[0] for r in like.cursor().execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index", [t]).fetchall()]
            cols = ", ".join(names)
        out[t] = sorted(cur.execute(f"SELECT {cols} FROM {t}").fetchall(), key=repr)
    return out


def _ddl(con) -> tuple[list, list]:
    cur = con.cursor()
    tables = cur.execute("SELECT table_name, sql FROM duckdb_tables() WHERE schema_name = 'main' "
                         "ORDER BY table_name").fetchall()
    constraints = cur.execute(
        "SELECT table_name, constraint_type, constraint_text, constraint_column_names, referenced_table "
        "FROM duckdb_constraints() WHERE schema_name = 'main'").fetchall()
    return tables, sorted(constraints, key=repr)


def _constraints(con, table: str, kind: str) -> list[list[str]]:
    return sorted(list(r[0]) for r in database.query_rows(
        con, "SELECT constraint_column_names FROM duckdb_constraints() WHERE table_name = ? AND constraint_type = ?",
        [table, kind]))


def empty_old(ddl: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory database with an older DDL: which columns its tables had."""
    con = duckdb.connect(":memory:")
    con.execute(";".join(schema.enum_ddl()))
    con.execute(ddl.read_text(encoding="utf-8"))
    return con


def make_old(path: Path, source: Path, ddl: Path = V2_DDL, version: int = 2) -> None:
    """A database at an older schema version (`ddl`) holding every row of `source` (a current file),
    plus an import log."""
    con = duckdb.connect(str(path), config=database.CONNECTION_CONFIG)
    try:
        cur = con.cursor()
        cur.execute("BEGIN")
        for stmt in schema.enum_ddl():
            cur.execute(stmt)
        cur.execute(ddl.read_text(encoding="utf-8"))
        cur.execute("ATTACH ? AS src (READ_ONLY)", [str(source)])
        for t in re.findall(r"^CREATE TABLE (\w+)", ddl.read_text(encoding="utf-8"), flags=re.M):
            if t == "regions":
                for n in (2, 4, 6, 9, 12):
                    cur.execute("INSERT INTO main.regions BY NAME SELECT * FROM src.regions WHERE length(region_id) = ?",
                                [n])
            elif t not in ("import_batches", "import_undo", "import_profiles"):
                cols = [r[0] for r in cur.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                                                  "AND database_name = current_database() ORDER BY column_index",
                                                  [t]).fetchall()]
                cur.execute(f"INSERT INTO main.{t} SELECT {', '.join(cols)} FROM src.{t}")
        cur.execute("UPDATE main.dataset_info SET value = ? WHERE key = 'schema_version'", [str(version)])
        cur.execute("INSERT INTO main.import_batches VALUES (1, '花名册.csv', 'ab12', TIMESTAMP '2025-01-02 03:04:05', "
                    "'workers', 'upsert', 1, 1, 0, 0, '已导入', NULL, 0)")
        cur.execute("INSERT INTO main.import_undo VALUES (1, 'inserted', 'W9999999', NULL), "
                    "(1, 'updated', 'W0000001', '{\"worker_id\": \"W0000001\", \"name\": \"旧名\"}')")
        cur.execute("COMMIT")
        cur.execute("DETACH src")
    finally:
        con.close()


@pytest.fixture
def v2_path(kuiwen_copy, tmp_path) -> Path:
    path = tmp_path / "v2.duckdb"
    make_old(path, kuiwen_copy)
    return path


def test_a_version_2_database_migrates_with_identical_rows_and_the_new_ddl(v2_path, tmp_path):
    old = duckdb.connect(str(v2_path), read_only=True)
    try:
        assert schema.schema_version(old) == 2
        assert _constraints(old, "workers", "UNIQUE") == [["id_number"]]
        tables = old_tables()
        before = _rows(old, tables)
    finally:
        old.close()
    assert len(before["workers"]) > 500 and len(before["points_ledger"]) > 1000 and len(before["import_undo"]) == 2

    migrated = database.open_database(v2_path)
    fresh = database.open_database(tmp_path / "fresh.duckdb")
    old = empty_old(V2_DDL)
    try:
        assert schema.schema_version(migrated) == schema.SCHEMA_VERSION == 5
        after = _rows(migrated, tables, like=old)
        after["dataset_info"] = [r if r[0] != "schema_version" else ("schema_version", "2") for r in after["dataset_info"]]
        assert after == before
        assert _ddl(migrated) == _ddl(fresh)
        for con in (migrated, fresh):
            assert _constraints(con, "workers", "UNIQUE") == []
            assert _constraints(con, "reserve_candidates", "UNIQUE") == []
            assert _constraints(con, "workers", "FOREIGN KEY") == []
            assert _constraints(con, "point_accounts", "FOREIGN KEY") == []
            assert _constraints(con, "reserve_candidates", "FOREIGN KEY") == [["community_id"], ["worker_id"]]
            assert _constraints(con, "certificates", "FOREIGN KEY") == [["worker_id"]]
            assert _constraints(con, "workers", "PRIMARY KEY") == [["worker_id"]]
    finally:
        migrated.close()
        fresh.close()


def test_the_new_schema_allows_a_second_record_and_any_community(tmp_path):
    con = database.open_database(tmp_path / "v3.duckdb")
    try:
        cur = con.cursor()
        for sql in corpus.BASE_SQL:
            cur.execute(sql)
        # 张伟 rehired: same ID number, a new record. An unknown community is the importer's and
        # the data-quality rules' to catch, no longer the schema's.
        cur.execute(f"INSERT INTO workers VALUES ('W0000009', '张伟', '男', '{corpus.ID1}', '1985-03-17', '汉族', "
                    f"'中共党员', '本科', '370705001999', '一般社区工作者', '社区专职工作者', NULL, 10, '公开招聘', '2024-07-01', "
                    f"'2024-07-01', '在岗', NULL, NULL, NULL)")
        cur.execute("UPDATE point_accounts SET community_id = '370705009999'")
        assert database.query_rows(con, "SELECT count(*) FROM workers WHERE id_number = ?", [corpus.ID1]) == [(2,)]
        # Other keys still hold.
        with pytest.raises(duckdb.ConstraintException):
            cur.execute("INSERT INTO certificates VALUES ('W7777777', '助理社会工作师', DATE '2020-01-01')")
        with pytest.raises(duckdb.ConstraintException):
            cur.execute("INSERT INTO reserve_candidates VALUES ('R9', '某', '男', ?, '1996-01-01', '370705001999', "
                        "NULL, '副职', '2024-04-10', '在库', NULL)", [corpus.pid("370705", "19960101", "033")])
    finally:
        con.close()


def test_a_failed_migration_leaves_the_version_2_database_untouched(v2_path, tmp_path, monkeypatch):
    old = duckdb.connect(str(v2_path), read_only=True)
    before = _rows(old, old_tables())
    old.close()
    broken = tmp_path / "broken.sql"
    broken.write_text(schema.SCHEMA_FILE.read_text(encoding="utf-8")
                      + "\nCREATE TABLE broken (x INTEGER REFERENCES nowhere (y));\n", encoding="utf-8")
    monkeypatch.setattr(schema, "SCHEMA_FILE", broken)
    with pytest.raises(duckdb.Error):
        database.open_database(v2_path)
    monkeypatch.undo()
    old = duckdb.connect(str(v2_path), read_only=True)
    try:
        assert schema.schema_version(old) == 2
        assert _constraints(old, "workers", "UNIQUE") == [["id_number"]]
        assert _rows(old, old_tables()) == before
    finally:
        old.close()


def test_a_migrated_database_moves_a_worker_with_certificates_and_undoes_it(v2_path):
    con = database.connect(v2_path)  # migrates
    try:
        cur = con.cursor()
        wid, old_comm = cur.execute("SELECT w.worker_id, w.community_id FROM workers w WHERE EXISTS "
                                    "(SELECT 1 FROM certificates c WHERE c.worker_id = w.worker_id) "
                                    "ORDER BY w.worker_id LIMIT 1").fetchall()[0]
        new_comm = cur.execute("SELECT min(region_id) FROM regions WHERE level = 'community' AND region_id <> ?",
                               [old_comm]).fetchall()[0][0]
        spec = importer.spec("workers")
        df = database.query_df(con, "SELECT * FROM workers WHERE worker_id = ?", [wid])
        row = ["" if v is None or (not isinstance(v, str) and v != v) else str(v) for v in df.iloc[0]]
        row[[c.name for c in spec.stored_columns].index("community_id")] = new_comm
        before = corpus.snapshot(con)
        head = [c.header_zh for c in spec.stored_columns]
        r = importer.import_file(con, "workers", corpus.csv_bytes([head, row]), mode="upsert")
        assert (r.rows_updated, r.rows_rejected, r.written) == (1, 0, True), r.problems.to_string()
        assert database.query_rows(con, "SELECT community_id FROM workers WHERE worker_id = ?", [wid]) == [(new_comm,)]
        importer.undo(con, r.batch_id)
        assert corpus.same_snapshot(before, corpus.snapshot(con))
    finally:
        database.close(v2_path)


def test_a_version_3_database_migrates_with_every_row_and_the_titles_as_written(kuiwen_copy, tmp_path):
    """Version 4 loosens NOT NULL on a worker's optional facts and a certificate's date, adds
    workers.post_title_text (filled from the stored 职务), import_undo.table_name and import_profiles;
    version 5 then adds the account tables."""
    v3 = tmp_path / "v3.duckdb"
    make_old(v3, kuiwen_copy, V3_DDL, 3)
    old = duckdb.connect(str(v3), read_only=True)
    try:
        assert schema.schema_version(old) == 3
        before = _rows(old, old_tables())
        nullable_before = dict(old.execute("SELECT column_name, is_nullable FROM duckdb_columns() "
                                           "WHERE table_name = 'workers'").fetchall())
    finally:
        old.close()
    assert nullable_before["education"] is False
    migrated = database.open_database(v3)
    fresh = database.open_database(tmp_path / "fresh4.duckdb")
    like = empty_old(V3_DDL)
    try:
        assert schema.schema_version(migrated) == schema.SCHEMA_VERSION == 5
        after = _rows(migrated, old_tables(), like=like)
        after["dataset_info"] = [r if r[0] != "schema_version" else ("schema_version", "3") for r in after["dataset_info"]]
        assert after == before
        assert _ddl(migrated) == _ddl(fresh)
        assert database.query_rows(migrated, "SELECT count(*) FROM workers WHERE post_title_text IS DISTINCT FROM "
                                             "CAST(post_title AS VARCHAR)") == [(0,)]
        nullable = dict(database.query_rows(migrated, "SELECT column_name, is_nullable FROM duckdb_columns() "
                                                      "WHERE table_name = 'workers'"))
        assert {c for c, n in nullable.items() if n} == {
            "ethnicity", "political_status", "education", "role_category", "post_title", "post_title_text", "post_level",
            "source", "post_since", "exit_date", "exit_reason", "phone"}
        # What a roster does not say is stored as unknown, and the importer's profiles and related rows fit.
        cur = migrated.cursor()
        cur.execute(f"INSERT INTO workers (worker_id, name, gender, id_number, birth_date, community_id, hire_date) "
                    f"VALUES ('W9999999', '某', '男', '{corpus.N1}', '1988-03-05', '370705001001', '2020-01-01')")
        cur.execute("INSERT INTO certificates VALUES ('W9999999', '社会工作师', NULL)")
        cur.execute("INSERT INTO import_undo VALUES (1, 'inserted', 'x', NULL, 'certificates')")
        cur.execute("INSERT INTO import_profiles VALUES ('p', 'workers', '{}', now()::TIMESTAMP, now()::TIMESTAMP)")
        assert database.query_rows(migrated, "SELECT ethnicity, education, status::VARCHAR FROM workers "
                                             "WHERE worker_id = 'W9999999'") == [(None, None, "在岗")]
    finally:
        migrated.close()
        fresh.close()
