"""The database: opening, locking, queries and transactions (the schema and its migrations are in
cgw.storage.schema).

A database is an embedded DuckDB file (the default) or, in server mode, a PostgreSQL URL
(`postgresql://user@host:port/db`, cgw.storage.backends). One connection per database per
process (`connect`); every query or thread takes its own `cursor()` from it, which is what DuckDB
needs for concurrent use and what hands out pooled connections on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from cgw import domain
from cgw.storage import DATA_DIR, backends, dialect, errors, schema

DEFAULT_DB = DATA_DIR / "dashboard.duckdb"
DB_ENV_VAR = "CGW_DB"

# Offline-safe: never download or auto-load extensions.
CONNECTION_CONFIG = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}


DatabaseError = errors.DatabaseError  # re-exported: callers catch database.DatabaseError
DatabaseLocked = errors.DatabaseLocked


def default_path() -> Path | str:
    """$CGW_DB (a file or a PostgreSQL URL), else data/dashboard.duckdb."""
    value = os.environ.get(DB_ENV_VAR)
    return as_target(value) if value else DEFAULT_DB


def as_target(value: str | Path) -> Path | str:
    """A database named on the command line or in the environment: a URL stays text, else a path."""
    return str(value) if is_server(value) else Path(value)


def is_server(target: object) -> bool:
    """Whether `target` (a path, a URL or an open connection) is a PostgreSQL store."""
    return backends.is_server_url(target) or isinstance(target, backends.PgStore)


def dialect_of(con) -> str:
    return getattr(con, "dialect", dialect.DUCKDB)


def location(target: str | Path) -> str:
    """The key a database is known by: a file's resolved path, or the URL."""
    return str(target) if is_server(target) else str(Path(target).resolve())


def describe(target: str | Path) -> str:
    """A database's name for messages (a URL without its password)."""
    return backends.redact(str(target)) if is_server(target) else str(target)


def has_data(target: str | Path) -> bool:
    """A file that exists, or a PostgreSQL store that holds data or ever did (a generation or an import)."""
    if not is_server(target):
        return Path(target).exists()
    con = connect(target)
    return bool(query_rows(con, "SELECT (SELECT count(*) FROM regions) + (SELECT count(*) FROM import_batches) "
                                "+ (SELECT count(*) FROM dataset_info WHERE key = 'generated_at')")[0][0])


def size_bytes(target: str | Path) -> int:
    """A database file's size, or a PostgreSQL database's (0 when there is none yet)."""
    if is_server(target):
        return int(query_rows(connect(target), "SELECT pg_database_size(current_database())")[0][0])
    path = Path(target)
    return path.stat().st_size if path.exists() else 0


_connections: dict[str, duckdb.DuckDBPyConnection] = {}
_connections_lock = threading.Lock()


def connect(path: str | Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """The process-wide connection for `path`, opened (and migrated) on first use."""
    key = location(path)
    with _connections_lock:
        con = _connections.get(key)
        if con is None:
            con = open_database(path, read_only=read_only)
            _connections[key] = con
        return con


def close(path: str | Path) -> None:
    key = location(path)
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
    if is_server(path):
        return _open_server(str(path), read_only)
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
        schema.ensure_schema(con)
    else:
        version = schema.schema_version(con)
        if version != schema.SCHEMA_VERSION:
            con.close()
            raise DatabaseError(
                f"数据库 {path} 的结构版本为 {version}，本程序需要 {schema.SCHEMA_VERSION}：请以读写方式打开一次以完成升级"
            )
    return con


def _open_server(url: str, read_only: bool) -> backends.PgStore:
    """A PostgreSQL store; its schema is created or migrated unless `read_only`."""
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=10).close()  # fails at once where the pool would retry
        store = backends.PgStore(url).open()
    except Exception as e:  # noqa: BLE001 - pool and driver errors both mean "cannot connect"
        raise DatabaseError(f"无法连接 PostgreSQL 数据库 {backends.redact(url)}：{first_line(e, 300)}") from None
    try:
        if read_only:
            version = schema.schema_version(store)
            if version != schema.SCHEMA_VERSION:
                raise DatabaseError(f"PostgreSQL 数据库 {backends.redact(url)} 的结构版本为 {version}，本程序需要 "
                                    f"{schema.SCHEMA_VERSION}：请以读写方式打开一次（如运行看板）以完成创建或升级")
        else:
            schema.ensure_schema(store)
    except psycopg.Error as e:
        store.close()
        raise DatabaseError(f"无法使用 PostgreSQL 数据库 {backends.redact(url)}：{first_line(e, 300)}") from None
    except BaseException:
        store.close()
        raise
    return store


def open_memory() -> duckdb.DuckDBPyConnection:
    """A new in-memory DuckDB database with the schema (a scratch copy, e.g. for server-mode imports)."""
    con = duckdb.connect(":memory:", config=CONNECTION_CONFIG)
    schema.ensure_schema(con)
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
    # version 6, in foreign-key order
    "party_households",
    "service_supplies",
    "supply_communities",
    "resident_needs",
    "studios",
    "shadow_placements",
    "salons",
    "rotations",
    "training_resources",
    "competency_scores",
    "secondments",
    "assessment_outcomes",
)


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    sql = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM {t}" for t in DATA_TABLES)
    return dict(query_rows(con, sql))
