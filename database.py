"""The embedded DuckDB database: opening, locking, schema creation and migration.

One read-write connection per database file per process (`connect`); every query or thread
takes its own `cursor()` from it, which is what DuckDB needs for concurrent use.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

import domain

SCHEMA_VERSION = 3
SCHEMA_FILE = Path(__file__).parent / "data" / "schema.sql"
DEFAULT_DB = Path(__file__).parent / "data" / "dashboard.duckdb"
DB_ENV_VAR = "CGW_DB"

# Offline-safe: never download or auto-load extensions.
CONNECTION_CONFIG = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}


class DatabaseError(Exception):
    """A problem opening the database, phrased for the user in one line."""


class DatabaseLocked(DatabaseError):
    pass


def default_path() -> Path:
    return Path(os.environ.get(DB_ENV_VAR) or DEFAULT_DB)


_connections: dict[str, duckdb.DuckDBPyConnection] = {}
_connections_lock = threading.Lock()


def connect(path: str | Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """The process-wide connection for `path`, opened (and migrated) on first use."""
    key = str(Path(path).resolve())
    with _connections_lock:
        con = _connections.get(key)
        if con is None:
            con = open_database(path, read_only=read_only)
            _connections[key] = con
        return con


def close(path: str | Path) -> None:
    key = str(Path(path).resolve())
    with _connections_lock:
        con = _connections.pop(key, None)
    if con is not None:
        con.close()


def close_all() -> None:
    with _connections_lock:
        cons = list(_connections.values())
        _connections.clear()
    for con in cons:
        con.close()


def open_database(path: str | Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A new connection; creates the schema in a new file and migrates an old one."""
    path = Path(path)
    if read_only and not path.exists():
        raise DatabaseError(f"数据库文件不存在：{path}")
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only, config=CONNECTION_CONFIG)
    except duckdb.IOException as e:
        raise _explain_open_error(path, e) from None
    except duckdb.Error as e:
        raise DatabaseError(f"无法打开数据库 {path}：{first_line(e)}") from None
    if not read_only:
        ensure_schema(con)
    else:
        version = schema_version(con)
        if version != SCHEMA_VERSION:
            con.close()
            raise DatabaseError(
                f"数据库 {path} 的结构版本为 {version}，本程序需要 {SCHEMA_VERSION}：请以读写方式打开一次以完成升级"
            )
    return con


def first_line(e: BaseException, limit: int | None = None) -> str:
    """An error's first line (at most `limit` characters), or its type when it has no text."""
    text = str(e).strip()
    return text.splitlines()[0][:limit] if text else type(e).__name__


def _explain_open_error(path: Path, e: duckdb.IOException) -> DatabaseError:
    text = str(e)
    if "lock" in text.lower():
        pid = re.search(r"PID (\d+)", text)
        who = f"（PID {pid.group(1)}）" if pid else ""
        return DatabaseLocked(
            f"数据库 {path} 正被另一个进程{who}以读写方式占用：请先关闭正在运行的看板或命令，再重试。"
        )
    return DatabaseError(f"无法打开数据库 {path}：{first_line(e)}")


# --- schema ------------------------------------------------------------------------------


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
        cur.execute(
            "INSERT INTO dataset_info VALUES ('schema_version', ?), ('created_at', ?)",
            [str(SCHEMA_VERSION), dt.datetime.now().isoformat(timespec="seconds")],
        )
        cur.execute("COMMIT")
    except BaseException:
        cur.execute("ROLLBACK")
        raise


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


def _migrate_to_3(cur: duckdb.DuckDBPyConnection) -> None:
    """Version 3 drops UNIQUE on the ID numbers and the foreign key on workers' and accounts'
    community (see data/schema.sql). DuckDB cannot drop a constraint, so every table is rebuilt
    from the new DDL, in the caller's transaction: rows are copied to TEMP tables, the tables
    dropped children first, recreated, and the rows put back parents first. A failure anywhere
    rolls back to the untouched version-2 database. It builds the current data/schema.sql: a later
    migration that changes the DDL must accept a database this step has built."""
    order = schema_tables()
    existing = {r[0] for r in cur.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND database_name = current_database()"
    ).fetchall()}
    extra = existing - set(order)
    if extra:
        raise DatabaseError(f"无法升级数据库：其中有本程序不认识的表（{'、'.join(sorted(extra))}），请先备份并移除")
    present = [t for t in order if t in existing]
    for t in present:
        cur.execute(f"CREATE TEMP TABLE v2_{t} AS SELECT * FROM main.{t}")
    for t in reversed(present):
        cur.execute(f"DROP TABLE main.{t}")
    cur.execute(SCHEMA_FILE.read_text(encoding="utf-8"))
    for t in present:
        if t == "regions":  # parents before children: a region refers to its parent
            lengths = [r[0] for r in cur.execute(
                "SELECT DISTINCT length(region_id) FROM v2_regions ORDER BY 1").fetchall()]
            for n in lengths:
                cur.execute("INSERT INTO main.regions BY NAME SELECT * FROM v2_regions WHERE length(region_id) = ?", [n])
        else:
            cur.execute(f"INSERT INTO main.{t} BY NAME SELECT * FROM v2_{t}")
        cur.execute(f"DROP TABLE v2_{t}")


# Migrations from version N-1 to N, applied in order inside one transaction each.
MIGRATIONS: dict[int, Callable[[duckdb.DuckDBPyConnection], None]] = {2: _migrate_to_2, 3: _migrate_to_3}


def schema_version(con: duckdb.DuckDBPyConnection) -> int | None:
    cur = con.cursor()
    has_table = cur.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'dataset_info' AND schema_name = 'main'"
    ).fetchall()[0][0]
    if not has_table:
        return None
    rows = cur.execute("SELECT value FROM dataset_info WHERE key = 'schema_version'").fetchall()
    return int(rows[0][0]) if rows else None


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the schema in an empty database, or migrate an older one to SCHEMA_VERSION."""
    version = schema_version(con)
    if version is None:
        tables = con.cursor().execute("SELECT count(*) FROM duckdb_tables()").fetchall()[0][0]
        if tables:
            raise DatabaseError("这个 DuckDB 文件不是本看板的数据库（缺少 dataset_info 表）：请换一个文件路径")
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


# --- helpers used by the data and metrics layers ----------------------------------------


def query_df(con: duckdb.DuckDBPyConnection, sql: str, params: list | dict | None = None) -> pd.DataFrame:
    """Run `sql` on a fresh cursor and return a (small) DataFrame."""
    cur = con.cursor()
    try:
        return cur.execute(sql, params or []).df()
    finally:
        cur.close()


def query_rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | dict | None = None) -> list[tuple]:
    cur = con.cursor()
    try:
        return cur.execute(sql, params or []).fetchall()
    finally:
        cur.close()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor inside BEGIN … COMMIT; any exception rolls everything back."""
    cur = con.cursor()
    cur.execute("BEGIN TRANSACTION")
    try:
        yield cur
        cur.execute("COMMIT")
    except BaseException:
        cur.execute("ROLLBACK")
        raise
    finally:
        cur.close()


def dataset_info(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(query_rows(con, "SELECT key, value FROM dataset_info"))


def as_of_date(con: duckdb.DuckDBPyConnection) -> dt.date:
    """The dataset's reference date: the generator's as-of, else today."""
    value = dataset_info(con).get("as_of")
    return dt.date.fromisoformat(value) if value else dt.date.today()


def data_version(con: duckdb.DuckDBPyConnection) -> str:
    """Changes whenever data change (generation, import, undo): part of every cache key."""
    info = dataset_info(con)
    return f"{info.get('generated_at', '')}#{info.get('data_version', '0')}"


def bump_data_version(cur: duckdb.DuckDBPyConnection) -> None:
    """Call inside the transaction that changes data."""
    cur.execute(
        "INSERT OR REPLACE INTO dataset_info VALUES ('data_version', "
        "(SELECT CAST(coalesce(max(CAST(value AS BIGINT)), 0) + 1 AS VARCHAR) FROM dataset_info "
        "WHERE key = 'data_version'))"
    )


def insert_frame(cur: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame) -> None:
    """Append a DataFrame to `table` by column name. Regions go level by level: a parent must
    exist before its children are inserted (the self-referencing key)."""
    parts = [df]
    if table == "regions":
        levels = df["level"].astype(str)
        parts = [df[levels == level] for level in domain.REGION_CODE_LENGTH]
    for part in parts:
        if len(part):
            cur.register("_frame", part)
            try:
                cur.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _frame")
            finally:
                cur.unregister("_frame")


DATA_TABLES = (
    "regions",
    "region_population",
    "workers",
    "certificates",
    "secretary_grades",
    "reserve_candidates",
    "trainings",
    "assessments",
    "partners",
    "partner_communities",
    "partner_evaluations",
    "livelihood_issues",
    "wishes",
    "point_accounts",
    "points_ledger",
)


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    sql = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM {t}" for t in DATA_TABLES)
    return dict(query_rows(con, sql))
