"""The schema (data/schema.sql plus ENUM types from the domain vocabulary), its version and the
migrations from older versions, each applied in one transaction."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import duckdb

from cgw import domain
from cgw.storage import DATA_DIR
from cgw.storage.errors import DatabaseError

SCHEMA_FILE = DATA_DIR / "schema.sql"


def enum_ddl() -> list[str]:
    """CREATE TYPE statements for every category in domain.CATEGORIES."""
    out = []
    for name, pairs in domain.CATEGORIES.items():
        members = ", ".join("'" + v.replace("'", "''") + "'" for v, _ in pairs)
        out.append(f"CREATE TYPE {name} AS ENUM ({members})")
    return out


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    cur = con.cursor()
    cur.execute("BEGIN")
    try:
        for stmt in enum_ddl():
            cur.execute(stmt)
        cur.execute(SCHEMA_FILE.read_text(encoding="utf-8"))
        cur.executemany(
            "INSERT INTO secretary_grade_subsidy VALUES (?, ?)",
            list(domain.SECRETARY_GRADE_SUBSIDY.items()),
        )
        cur.executemany(
            "INSERT INTO assessment_weights VALUES (?, ?, ?, ?)",
            [(k, *w) for k, w in domain.ASSESSMENT_WEIGHTS.items()],
        )
        _seed_competency_model(cur)
        cur.execute(
            "INSERT INTO dataset_info VALUES ('schema_version', ?), ('created_at', ?)",
            [str(SCHEMA_VERSION), dt.datetime.now().isoformat(timespec="seconds")],
        )
        cur.execute("COMMIT")
    except BaseException:
        cur.execute("ROLLBACK")
        raise
    finally:
        cur.close()


def _seed_competency_model(cur: duckdb.DuckDBPyConnection) -> None:
    """The default 胜任力 model (domain.COMPETENCY_DIMENSIONS), when the table is empty."""
    if cur.execute("SELECT count(*) FROM competency_dimensions").fetchall()[0][0]:
        return
    cur.executemany(
        "INSERT INTO competency_dimensions VALUES (?, ?, ?, ?, ?, ?)",
        [(d, zh, en, i + 1, threshold, programme)
         for i, (d, zh, en, threshold, programme) in enumerate(domain.COMPETENCY_DIMENSIONS)],
    )


def _migrate_to_2(cur: duckdb.DuckDBPyConnection) -> None:
    """Import undo records (importer/): the same definitions as data/schema.sql."""
    cur.execute("ALTER TABLE import_batches ADD COLUMN rows_deleted INTEGER NOT NULL DEFAULT 0")
    cur.execute(
        "CREATE TABLE import_undo (batch_id INTEGER NOT NULL, "
        "action VARCHAR NOT NULL CHECK (action IN ('inserted', 'updated', 'deleted')), "
        "row_key VARCHAR NOT NULL, row_data VARCHAR)"
    )


def schema_tables() -> list[str]:
    """Tables of data/schema.sql in creation order, which is foreign-key order."""
    return re.findall(r"^CREATE TABLE (\w+)", SCHEMA_FILE.read_text(encoding="utf-8"), flags=re.M)


def _rebuild(cur: duckdb.DuckDBPyConnection) -> None:
    """Every table rebuilt from the current data/schema.sql, rows kept (columns matched by name; a
    new column starts NULL). DuckDB can neither drop a constraint nor a NOT NULL of a table that
    others reference, so a migration that loosens the DDL rebuilds, in the caller's transaction:
    rows are copied to TEMP tables, the tables dropped children first, recreated, and the rows put
    back parents first. A failure anywhere rolls back to the untouched database. It builds the
    current data/schema.sql: a later migration that changes the DDL must accept a database this
    step has built.

    Version 3 dropped UNIQUE on the ID numbers and the foreign key on workers' and accounts'
    community; version 4 lets a worker's optional facts and a certificate's date be unknown (NULL),
    adds workers.post_title_text, import_undo.table_name and import_profiles (see data/schema.sql)."""
    order = schema_tables()
    existing = {r[0] for r in cur.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND database_name = current_database()"
    ).fetchall()}
    extra = existing - set(order)
    if extra:
        raise DatabaseError(f"无法升级数据库：其中有本程序不认识的表（{'、'.join(sorted(extra))}），请先备份并移除")
    present = [t for t in order if t in existing]
    for t in present:
        # ENUM columns are kept as text, so that the types can be dropped and made afresh below.
        columns = cur.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'main' "
            "AND database_name = current_database() AND table_name = ? ORDER BY column_index", [t]).fetchall()
        select = ", ".join(f"CAST({c} AS VARCHAR) AS {c}" if str(typ).startswith("ENUM(") else c for c, typ in columns)
        cur.execute(f"CREATE TEMP TABLE old_{t} AS SELECT {select} FROM main.{t}")
    for t in reversed(present):
        cur.execute(f"DROP TABLE main.{t}")
    _replace_enum_types(cur)
    cur.execute(SCHEMA_FILE.read_text(encoding="utf-8"))
    for t in present:
        if t == "regions":  # parents before children: a region refers to its parent
            lengths = [r[0] for r in cur.execute(
                "SELECT DISTINCT length(region_id) FROM old_regions ORDER BY 1").fetchall()]
            for n in lengths:
                cur.execute("INSERT INTO main.regions BY NAME SELECT * FROM old_regions WHERE length(region_id) = ?", [n])
        else:
            cur.execute(f"INSERT INTO main.{t} BY NAME SELECT * FROM old_{t}")
        cur.execute(f"DROP TABLE old_{t}")


def _replace_enum_types(cur: duckdb.DuckDBPyConnection) -> None:
    """Every ENUM type made afresh from domain.CATEGORIES (DuckDB cannot add a value to a type: a
    new value, such as the grid level of version 6, needs the type dropped and created again)."""
    names = {r[0] for r in cur.execute(
        "SELECT type_name FROM duckdb_types() WHERE schema_name = 'main' AND database_name = current_database() "
        "AND logical_type = 'ENUM'").fetchall()}
    for name in domain.CATEGORIES:
        if name in names:
            cur.execute(f"DROP TYPE {name}")
    for stmt in enum_ddl():
        cur.execute(stmt)


def _migrate_to_4(cur: duckdb.DuckDBPyConnection) -> None:
    """Version 4 (see data/schema.sql): the rebuild, then each worker's 职务 as written is the title
    the database holds (the importer used to store only the category it recognised)."""
    _rebuild(cur)
    cur.execute("UPDATE workers SET post_title_text = CAST(post_title AS VARCHAR) WHERE post_title_text IS NULL")


def create_statements() -> dict[str, str]:
    """Table name -> its CREATE TABLE statement in data/schema.sql."""
    text = SCHEMA_FILE.read_text(encoding="utf-8")
    return {m.group(1): m.group(0) for m in re.finditer(r"^CREATE TABLE (\w+) \(.*?^\);", text, flags=re.M | re.S)}


def _add_new_tables(cur: duckdb.DuckDBPyConnection) -> None:
    """Accounts, sessions, the audit trail and batch owners (data/schema.sql): the tables of the
    schema file that the database does not have yet, created as the file defines them. Nothing
    else changes, so it applies on top of any earlier version that built the other tables."""
    existing = {r[0] for r in cur.execute(_TABLE_NAMES).fetchall()}
    for table, ddl in create_statements().items():
        if table not in existing:
            cur.execute(ddl)


def _migrate_to_6(cur) -> None:
    """Version 6 (see data/schema.sql): grids, 党员中心户, needs against supply, the training
    mechanisms, 胜任力测评, secondments, assessment outcomes. DuckDB rebuilds every table (a new
    region level means a new ENUM type); PostgreSQL alters in place."""
    if hasattr(cur, "execute_native"):  # a PostgreSQL cursor (cgw.storage.backends.PgCursor)
        _migrate_to_6_postgres(cur)
    else:
        _rebuild(cur)
    _seed_competency_model(cur)


def _migrate_to_6_postgres(cur) -> None:
    existing = {r[0] for r in cur.execute_native("SELECT typname FROM pg_type WHERE typtype = 'e'").fetchall()}
    cur.execute_native("ALTER TYPE region_level ADD VALUE IF NOT EXISTS 'grid'")
    for name, stmt in zip(domain.CATEGORIES, enum_ddl()):
        if name not in existing:
            cur.execute_native(stmt)
    # The regions checks, as data/schema.sql words them now (PostgreSQL names unnamed checks itself).
    for (name,) in cur.execute_native(
            "SELECT conname FROM pg_constraint WHERE conrelid = 'regions'::regclass AND contype = 'c'").fetchall():
        cur.execute_native(f'ALTER TABLE regions DROP CONSTRAINT "{name}"')
    cur.execute_native(r"ALTER TABLE regions ADD CHECK (region_id ~ '^(?:[0-9]{2,15})$')")
    cur.execute_native("ALTER TABLE regions ADD CHECK (length(trim(name)) > 0)")
    cur.execute_native("ALTER TABLE regions ADD CHECK (parent_id IS NULL OR (starts_with(region_id, parent_id) "
                       "AND length(region_id) > length(parent_id)))")
    # The level compared as the ENUM, as a new store has it (the old values only: 'grid', added in
    # this transaction, could not be used before the commit).
    cur.execute_native("ALTER TABLE regions ADD CHECK (length(region_id) = CASE level WHEN 'province' THEN 2 "
                       "WHEN 'city' THEN 4 WHEN 'district' THEN 6 WHEN 'street' THEN 9 WHEN 'community' THEN 12 "
                       "ELSE 15 END)")
    # TEXT and the checks, as the dialect compiles data/schema.sql for a new store.
    for table, column in (("regions", "party_branch TEXT"),
                          ("workers", "grid_id TEXT CHECK (grid_id IS NULL OR (length(grid_id) = 15 "
                                      "AND starts_with(grid_id, community_id)))"),
                          ("livelihood_issues", "grid_id TEXT REFERENCES regions (region_id) "
                                                "CHECK (grid_id IS NULL OR starts_with(grid_id, community_id))"),
                          ("wishes", "grid_id TEXT REFERENCES regions (region_id) "
                                     "CHECK (grid_id IS NULL OR starts_with(grid_id, community_id))"),
                          ("partners", "recruitment_channel recruitment_channel")):
        cur.execute_native(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column}")
    _add_new_tables(cur)


# The catalog through information_schema, which DuckDB and PostgreSQL both have.
_TABLE_NAMES = ("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                "AND table_type = 'BASE TABLE'")
_TABLES = f"SELECT count(*) FROM ({_TABLE_NAMES}) AS t WHERE TRUE"


# Migrations from version N-1 to N, applied in order inside one transaction each.
MIGRATIONS: dict[int, Callable[[duckdb.DuckDBPyConnection], None]] = {
    2: _migrate_to_2,
    3: _rebuild,
    4: _migrate_to_4,  # optional worker facts, 职务 as written, import profiles
    5: _add_new_tables,  # accounts, sessions, the audit trail, batch owners
    6: _migrate_to_6,  # grids, needs and supply, training mechanisms, competency, secondments
}
SCHEMA_VERSION = max(MIGRATIONS)


def schema_version(con: duckdb.DuckDBPyConnection) -> int | None:
    cur = con.cursor()
    try:
        has_table = cur.execute(_TABLES + " AND table_name = 'dataset_info'").fetchall()[0][0]
        if not has_table:
            return None
        rows = cur.execute("SELECT value FROM dataset_info WHERE key = 'schema_version'").fetchall()
        return int(rows[0][0]) if rows else None
    finally:
        cur.close()


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the schema in an empty database, or migrate an older one to SCHEMA_VERSION. On
    PostgreSQL, processes starting together take turns (an advisory lock), and the server-side
    extras (cgw.storage.server_schema) follow every change."""
    if getattr(con, "dialect", "duckdb") != "postgres":
        _ensure_schema(con)
        return
    from cgw.storage import backends, server_schema

    cur = con.cursor()
    try:
        cur.execute("SELECT pg_advisory_lock(?)", [backends.SCHEMA_LOCK])
        _ensure_schema(con)
        server_schema.apply(con)
    finally:
        cur.execute("SELECT pg_advisory_unlock(?)", [backends.SCHEMA_LOCK])
        cur.close()


def _ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    version = schema_version(con)
    if version is None:
        cur = con.cursor()
        tables = cur.execute(_TABLES).fetchall()[0][0]
        cur.close()
        if tables:
            raise DatabaseError("这个数据库不是本看板的数据库（缺少 dataset_info 表）：请换一个文件路径或数据库")
        create_schema(con)
        return
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"数据库结构版本 {version} 比本程序支持的 {SCHEMA_VERSION} 新：请升级程序后再打开"
        )
    for target in range(version + 1, SCHEMA_VERSION + 1):
        step = MIGRATIONS.get(target)
        if step is None:
            raise DatabaseError(
                f"无法把数据库从结构版本 {version} 升级到 {SCHEMA_VERSION}：请用 `python cli.py demo` 重新生成，或重新导入数据"
            )
        cur = con.cursor()
        cur.execute("BEGIN")
        try:
            step(cur)
            cur.execute("UPDATE dataset_info SET value = ? WHERE key = 'schema_version'", [str(target)])
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        finally:
            cur.close()


