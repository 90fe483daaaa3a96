"""Schema versions 3 to 6 and their migrations. Version 3: UNIQUE dropped on the ID numbers of
workers and reserve candidates, the foreign key dropped on the community of workers and point
accounts, runs of inserted keys in import_undo. Version 4: a worker's optional facts and a
certificate's date may be unknown (NULL), workers.post_title_text, import_undo.table_name,
import_profiles. Version 6: the grid level (a new ENUM value: DuckDB rebuilds every table,
PostgreSQL alters in place), grid columns, the needs, training-mechanism, competency, secondment
and outcome tables, the competency model seeded. Version-2, -3 and -5 databases (built from
tests/support/schema_v2.sql, schema_v3.sql and schema_v5.sql, the DDL as it was; v5 with its own
ENUM types) migrate with every row intact and the same DDL as a new database, on DuckDB and (5→6)
on PostgreSQL.
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
V5_DDL = Path(__file__).resolve().parents[2] / "support" / "schema_v5.sql"  # with its ENUM types


def tables_of(ddl: Path) -> list[str]:
    return re.findall(r"^CREATE TABLE (\w+)", ddl.read_text(encoding="utf-8"), flags=re.M)


def _enums_of(ddl: Path) -> list[str]:
    """The ENUM types to create before `ddl`: its own when it carries them (version 5), else today's."""
    return [] if re.search(r"^CREATE TYPE ", ddl.read_text(encoding="utf-8"), flags=re.M) else schema.enum_ddl()


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
    for stmt in _enums_of(ddl):
        con.execute(stmt)
    con.execute(ddl.read_text(encoding="utf-8"))
    return con


def make_old(path: Path, source: Path, ddl: Path = V2_DDL, version: int = 2) -> None:
    """A database at an older schema version (`ddl`) holding every row of `source` (a current file),
    plus an import log."""
    con = duckdb.connect(str(path), config=database.CONNECTION_CONFIG)
    try:
        cur = con.cursor()
        cur.execute("BEGIN")
        for stmt in _enums_of(ddl):
            cur.execute(stmt)
        cur.execute(ddl.read_text(encoding="utf-8"))
        cur.execute("ATTACH ? AS src (READ_ONLY)", [str(source)])
        for t in re.findall(r"^CREATE TABLE (\w+)", ddl.read_text(encoding="utf-8"), flags=re.M):
            cols = [r[0] for r in cur.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                                              "AND database_name = current_database() ORDER BY column_index",
                                              [t]).fetchall()]
            if t == "regions":  # parents first; no grids (a later level)
                for n in (2, 4, 6, 9, 12):
                    cur.execute(f"INSERT INTO main.regions SELECT {', '.join(cols)} FROM src.regions "
                                f"WHERE length(region_id) = ?", [n])
            elif t not in ("import_batches", "import_undo", "import_profiles"):
                cur.execute(f"INSERT INTO main.{t} SELECT {', '.join(cols)} FROM src.{t}")
        cur.execute("UPDATE main.dataset_info SET value = ? WHERE key = 'schema_version'", [str(version)])
        cur.execute("INSERT INTO main.import_batches VALUES (1, '花名册.csv', 'ab12', TIMESTAMP '2025-01-02 03:04:05', "
                    "'workers', 'upsert', 1, 1, 0, 0, '已导入', NULL, 0)")
        cur.execute("INSERT INTO main.import_undo (batch_id, action, row_key, row_data) VALUES "
                    "(1, 'inserted', 'W9999999', NULL), "
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
        assert schema.schema_version(migrated) == schema.SCHEMA_VERSION == 6
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
                    f"'2024-07-01', '在岗', NULL, NULL, NULL, NULL)")
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
        assert schema.schema_version(migrated) == schema.SCHEMA_VERSION == 6
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
            "source", "post_since", "exit_date", "exit_reason", "phone", "grid_id"}  # grid_id: version 6
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


# --- version 5 → 6: grids, needs and supply, training mechanisms, competency, secondments ----------


@pytest.fixture
def v5_path(tmp_path) -> Path:
    """A version-5 DuckDB file (its own ENUM types: no grid level) holding the hand-made fixture's rows
    that version 5 could hold (tests/support/fixture_db.py less its grids and version-6 rows)."""
    from tests.support import fixture_db as fx

    source = fx.build(tmp_path / "source.duckdb")
    path = tmp_path / "v5.duckdb"
    make_old(path, source, V5_DDL, 5)
    return path


def _v6_checks(con) -> None:
    """What version 6 adds works: the competency model is seeded, a grid and rows naming it go in."""
    from cgw import domain
    from tests.support import fixture_db as fx

    assert database.query_rows(con, "SELECT dimension_id, CAST(threshold AS DOUBLE), CAST(programme AS VARCHAR) "
                                    "FROM competency_dimensions ORDER BY display_order") == [
        (d, t, p) for d, _, _, t, p in domain.COMPETENCY_DIMENSIONS]
    with database.transaction(con) as cur:
        cur.execute("INSERT INTO regions (region_id, name, level, parent_id, party_branch) "
                    "VALUES (?, '新网格', 'grid', ?, '新网格党支部')", [fx.G111, fx.C11])
        cur.execute("UPDATE workers SET grid_id = ? WHERE worker_id = 'W03'", [fx.G111])
        cur.execute("INSERT INTO party_households (household_id, grid_id, community_id, holder_name, designated_on) "
                    "VALUES ('H1', ?, ?, '某户', DATE '2025-01-01')", [fx.G111, fx.C11])
        cur.execute("INSERT INTO resident_needs VALUES (1, ?, ?, '一老', '助餐服务', '网格走访', DATE '2025-05-01', "
                    "NULL, NULL, NULL, '待匹配')", [fx.C11, fx.G111])
        cur.execute("UPDATE partners SET recruitment_channel = '线上招募' WHERE partner_id = 'P1'")
    assert database.query_rows(con, "SELECT CAST(level AS VARCHAR), party_branch FROM regions WHERE region_id = ?",
                               [fx.G111]) == [("grid", "新网格党支部")]
    assert database.query_rows(con, "SELECT worker_id FROM workers WHERE grid_id IS NOT NULL") == [("W03",)]
    # The region checks take the new level as data/schema.sql words them.
    for bad in ((fx.C11 + "01", "grid"), (fx.C11 + "009", "community")):
        with pytest.raises(Exception, match="(?i)constraint|check"):
            with database.transaction(con) as cur:
                cur.execute("INSERT INTO regions (region_id, name, level, parent_id) VALUES (?, '坏网格', ?, ?)",
                            [bad[0], bad[1], fx.C11])


def test_a_version_5_database_migrates_to_6_with_every_row(v5_path, tmp_path):
    tables = tables_of(V5_DDL)
    old = duckdb.connect(str(v5_path), read_only=True)
    try:
        assert schema.schema_version(old) == 5
        assert old.execute("SELECT enum_range(NULL::region_level)").fetchall() == [
            (["province", "city", "district", "street", "community"],)]
        before = _rows(old, tables)
    finally:
        old.close()
    assert len(before["workers"]) == 12 and len(before["regions"]) == 7 and len(before["import_undo"]) == 2
    migrated = database.open_database(v5_path)
    fresh = database.open_database(tmp_path / "fresh6.duckdb")
    like = empty_old(V5_DDL)
    try:
        assert schema.schema_version(migrated) == schema.SCHEMA_VERSION == 6
        after = _rows(migrated, tables, like=like)
        after["dataset_info"] = [r if r[0] != "schema_version" else ("schema_version", "5") for r in after["dataset_info"]]
        assert after == before
        assert _ddl(migrated) == _ddl(fresh)
        assert migrated.execute("SELECT enum_range(NULL::region_level)").fetchall() == \
            fresh.execute("SELECT enum_range(NULL::region_level)").fetchall()
        # The new columns start empty.
        assert database.query_rows(migrated, "SELECT count(*) FROM workers WHERE grid_id IS NOT NULL") == [(0,)]
        _v6_checks(migrated)
    finally:
        migrated.close()
        fresh.close()
        like.close()


def _pg_ddl(con) -> tuple[list, list]:
    """Columns (without their order: PostgreSQL adds a column at the end) and constraints (without
    their names) of every table, and the ENUM types with their values."""
    cur = con.cursor()
    try:
        columns = sorted(cur.execute_native(
            "SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default "
            "FROM information_schema.columns WHERE table_schema = current_schema()").fetchall())
        constraints = sorted(cur.execute_native(
            "SELECT c.conrelid::regclass::text, c.contype, pg_get_constraintdef(c.oid) FROM pg_constraint c "
            "JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = current_schema() "
            "AND c.conrelid <> 0").fetchall())
        enums = sorted(cur.execute_native(
            "SELECT t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FROM pg_type t "
            "JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname").fetchall())
        return columns, constraints, enums
    finally:
        cur.close()


def test_a_version_5_postgresql_database_migrates_to_6(v5_path, pg_server):
    """The same on PostgreSQL (schema._migrate_to_6_postgres): a version-5 store made from the same
    DDL and ENUM types, with the same rows, migrates in place to what a new store has."""
    from cgw.storage import backends, dialect, server_schema

    url = pg_server.create_database("v5_migration")
    fresh_url = pg_server.create_database("v6_fresh")
    store = backends.PgStore(url).open()
    src = duckdb.connect(str(v5_path), read_only=True)
    tables = tables_of(V5_DDL)
    try:
        cur = store.cursor()
        cur.execute("BEGIN")
        for ddl in dialect.SUPPORT_DDL:
            cur.execute(ddl)
        cur.execute(V5_DDL.read_text(encoding="utf-8"))
        for ddl in server_schema.SUMMARY_DDL:
            cur.execute_native(ddl)
        for t in tables:
            backends.copy_table(src.cursor(), cur, t)
        cur.execute("COMMIT")
        cur.close()
        before = {t: sorted(store.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
        assert schema.schema_version(store) == 5 and len(before["workers"]) == 12
    finally:
        src.close()
        store.close()
    try:
        migrated = database.connect(url)  # migrates
        fresh = database.connect(fresh_url)
        assert schema.schema_version(migrated) == 6
        cur = migrated.cursor()
        try:
            for t in tables:
                cols = ", ".join(backends.table_columns(empty_old(V5_DDL), t))
                rows = sorted(cur.execute(f"SELECT {cols} FROM {t}").fetchall(), key=repr)
                if t == "dataset_info":
                    rows = [r if r[0] != "schema_version" else ("schema_version", "5") for r in rows]
                assert rows == before[t], t
        finally:
            cur.close()
        assert _pg_ddl(migrated) == _pg_ddl(fresh)
        _v6_checks(migrated)
    finally:
        database.close(url)
        database.close(fresh_url)
