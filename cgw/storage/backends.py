"""Server mode: a PostgreSQL store behind the same small interface as the embedded DuckDB connection.

The layers above take "a connection" and use `con.cursor()`, `cur.execute(sql, params)`,
`fetchall()`, `fetchone()`, `df()`, `executemany()` and `close()`. `PgStore` offers exactly that
over a psycopg 3 connection pool, so metrics, quality rules, the briefing and the exports run
unchanged: every statement they write in DuckDB's dialect is compiled for PostgreSQL by
cgw.storage.dialect (cached), `BEGIN` starts a REPEATABLE READ transaction (one snapshot, as in
DuckDB), and `df()` gives the column types DuckDB's `df()` gives (ENUMs as categories, dates as
datetime64, DECIMAL as float).

Bulk data move in and out with COPY (`copy_in`, `copy_out`); the importer and the generator
prepare their rows in an in-process DuckDB and write them here in one transaction.
"""

from __future__ import annotations

import io
import os
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

import pandas as pd

from cgw import domain
from cgw.storage import dialect

SERVER_SCHEMES = ("postgresql://", "postgres://")
POOL_ENV_VAR = "CGW_PG_POOL"  # connections per process (default 8)
# pg_advisory_lock keys: one for schema changes, one for writes of data (import, undo, generation).
SCHEMA_LOCK = 0x6367_7701
WRITE_LOCK = 0x6367_7702

_BEGIN = re.compile(r"^\s*BEGIN(\s+TRANSACTION)?\s*;?\s*$", re.I)
_NO_OP = re.compile(r"^\s*(CHECKPOINT|SET\s+preserve_insertion_order\b.*)\s*;?\s*$", re.I)


def is_server_url(target: object) -> bool:
    return isinstance(target, str) and target.lower().startswith(SERVER_SCHEMES)


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", url)


class PgCursor:
    """One pooled connection, borrowed until close(); DuckDB's cursor interface."""

    def __init__(self, store: PgStore):
        self._store = store
        self._con = store._pool.getconn()
        self._cur = self._con.cursor()

    # --- running statements ---------------------------------------------------------------

    def execute(self, sql: str, params: Sequence | dict | None = None) -> PgCursor:
        if _NO_OP.match(sql):
            return self
        if _BEGIN.match(sql):
            self._cur.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
            return self
        for statement in dialect.compile_many(sql, dialect.POSTGRES):
            self._cur.execute(statement, _params(params))
        return self

    def execute_native(self, sql: str, params: Sequence | dict | None = None) -> PgCursor:
        """PostgreSQL's own SQL, not compiled (the storage layer's catalog work); psycopg placeholders."""
        self._cur.execute(sql, _params(params))
        return self

    def executemany(self, sql: str, rows: Iterable[Sequence]) -> PgCursor:
        (statement,) = dialect.compile_many(sql, dialect.POSTGRES)
        self._cur.executemany(statement, [tuple(r) for r in rows])
        return self

    def fetchall(self) -> list[tuple]:
        return self._cur.fetchall() if self._cur.description else []

    def fetchone(self) -> tuple | None:
        return self._cur.fetchone() if self._cur.description else None

    def fetchmany(self, size: int) -> list[tuple]:
        return self._cur.fetchmany(size) if self._cur.description else []

    @property
    def description(self):
        return self._cur.description

    def df(self) -> pd.DataFrame:
        """The result as DuckDB's df() would give it."""
        if not self._cur.description:
            return pd.DataFrame()
        names = [c.name for c in self._cur.description]
        oids = [c.type_code for c in self._cur.description]
        rows = self._cur.fetchall()
        columns = list(zip(*rows)) if rows else [() for _ in names]
        return pd.DataFrame({n: self._store.series(list(v), oid) for n, v, oid in zip(names, columns, oids)},
                            columns=names)

    def register(self, name: str, frame) -> None:
        raise NotImplementedError("PostgreSQL stores take frames through backends.copy_in, not register()")

    # --- COPY --------------------------------------------------------------------------------

    def copy_in(self, table: str, columns: Sequence[str], csv_bytes: Iterable[bytes]) -> None:
        """COPY rows (CSV with a header line, NULL as an empty unquoted field) into `table`."""
        cols = ", ".join(columns)
        with self._cur.copy(f"COPY {table} ({cols}) FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
            for chunk in csv_bytes:
                copy.write(chunk)

    def copy_out(self, select_sql: str, params: Sequence | dict | None = None) -> bytes:
        """The rows of a query (DuckDB dialect, compiled) as CSV with a header line."""
        (statement,) = dialect.compile_many(select_sql, dialect.POSTGRES)
        # COPY takes no bind parameters: let psycopg merge them into the text client-side.
        import psycopg
        from psycopg import sql as pgsql

        query = psycopg.ClientCursor(self._con).mogrify(statement, _params(params))
        out = io.BytesIO()
        with self._cur.copy(pgsql.SQL("COPY ({}) TO STDOUT WITH (FORMAT csv, HEADER true)").format(pgsql.SQL(query))) as copy:
            for chunk in copy:
                out.write(chunk)
        return out.getvalue()

    # --- ending -------------------------------------------------------------------------------

    def close(self) -> None:
        con, self._con = self._con, None
        if con is None:
            return
        from psycopg import pq

        try:
            if con.info.transaction_status != pq.TransactionStatus.IDLE:
                con.rollback()
        finally:
            self._store._pool.putconn(con)

    def __enter__(self) -> PgCursor:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self):  # a cursor dropped without close() still gives its connection back
        try:
            self.close()
        except Exception:  # noqa: BLE001 - interpreter shutdown
            pass


def _params(params: Sequence | dict | None):
    """psycopg wants a tuple or a dict, and always one: compiled SQL has its % doubled."""
    if params is None:
        return ()
    if isinstance(params, dict):
        return {k: _value(v) for k, v in params.items()}
    return tuple(_value(v) for v in params)


def _value(v):
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    if hasattr(v, "item") and not isinstance(v, str | bytes):  # numpy scalars
        return v.item()
    return v


class PgStore:
    """A PostgreSQL database used the way the project uses a DuckDB connection."""

    dialect = dialect.POSTGRES

    def __init__(self, url: str, pool_size: int | None = None):
        from psycopg_pool import ConnectionPool

        self.url = url
        size = pool_size or int(os.environ.get(POOL_ENV_VAR) or 8)
        self._pool = ConnectionPool(url, min_size=1, max_size=size, open=False, configure=_configure,
                                    kwargs={"autocommit": True, "application_name": "cgw"}, timeout=60)
        self._enums: dict[int, list[str]] | None = None
        self._lock = threading.Lock()

    def open(self) -> PgStore:
        self._pool.open(wait=True, timeout=30)
        return self

    def cursor(self) -> PgCursor:
        return PgCursor(self)

    def execute(self, sql: str, params: Sequence | dict | None = None) -> PgCursor:
        """A cursor that ran `sql` (DuckDB's con.execute): fetch from it, then close it."""
        return self.cursor().execute(sql, params)

    def close(self) -> None:
        self._pool.close()

    @contextmanager
    def connection(self) -> Iterator:
        """A raw psycopg connection from the pool (autocommit), for storage code that needs one."""
        with self._pool.connection() as con:
            yield con

    # --- result types ------------------------------------------------------------------------

    def enum_labels(self) -> dict[int, list[str]]:
        """ENUM type OID → its labels in order (read once)."""
        with self._lock:
            if self._enums is None:
                with self.connection() as con:
                    rows = con.execute(
                        "SELECT t.oid, array_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_type t "
                        "JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.oid").fetchall()
                self._enums = {oid: list(labels) for oid, labels in rows}
            return self._enums

    def forget_types(self) -> None:
        with self._lock:
            self._enums = None

    def series(self, values: list, oid: int) -> pd.Series:
        """One result column with the dtype DuckDB's df() gives for the same SQL type."""
        enums = self.enum_labels()
        if oid in enums:
            return pd.Series(pd.Categorical(values, categories=enums[oid]))
        if oid in _INT_OIDS:
            if any(v is None for v in values):
                return pd.Series(values, dtype=_INT_OIDS[oid][1])
            return pd.Series(values, dtype=_INT_OIDS[oid][0])
        if oid in (_NUMERIC, _FLOAT4, _FLOAT8):
            return pd.Series([None if v is None else float(v) for v in values], dtype="float64")
        if oid in (_DATE, _TIMESTAMP):
            return pd.Series(pd.to_datetime(pd.Series(values, dtype=object)), dtype="datetime64[us]")
        if oid in (_TEXT, _VARCHAR, _NAME):
            return pd.Series(values, dtype="str")
        return pd.Series(values, dtype=object)


# PostgreSQL type OIDs (pg_type) of the result columns df() converts.
_INT_OIDS = {21: ("int16", "Int16"), 23: ("int32", "Int32"), 20: ("int64", "Int64")}
_NUMERIC, _FLOAT4, _FLOAT8 = 1700, 700, 701
_DATE, _TIMESTAMP = 1082, 1114
_TEXT, _VARCHAR, _NAME = 25, 1043, 19


def _configure(con) -> None:
    con.execute("SET DateStyle = 'ISO, YMD'")
    con.execute("SET IntervalStyle = 'iso_8601'")
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET jit = off")  # compiling a plan costs more than our short queries save


# --- CSV, the form rows travel in between DuckDB and PostgreSQL ------------------------------------


def duckdb_csv(cur, select_sql: str, params: Sequence | dict | None = None) -> bytes:
    """Rows of a DuckDB query as CSV (header; NULL an empty field, '' a quoted empty field)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="cgw-copy-") as tmp:
        path = os.path.join(tmp, "rows.csv")
        cur.execute(f"COPY ({select_sql}) TO '{path}' (FORMAT csv, HEADER true, DATEFORMAT '%Y-%m-%d', "
                    f"TIMESTAMPFORMAT '%Y-%m-%d %H:%M:%S')", params or [])
        with open(path, "rb") as f:
            return f.read()


def header(data: bytes) -> list[str]:
    """The column names of CSV data's header line."""
    return data.split(b"\n", 1)[0].decode().strip().split(",")


def csv_chunks(data: bytes, size: int = 1 << 20) -> Iterator[bytes]:
    for i in range(0, len(data), size):
        yield data[i:i + size]


def load_csv_into_duckdb(cur, table: str, data: bytes) -> None:
    """Rows from copy_out into a DuckDB table of the same columns (types from the table)."""
    import tempfile

    if not data.strip().count(b"\n"):
        return  # only the header: no rows
    with tempfile.TemporaryDirectory(prefix="cgw-copy-") as tmp:
        path = os.path.join(tmp, "rows.csv")
        with open(path, "wb") as f:
            f.write(data)
        names = header(data)
        cols = ", ".join(f"'{c}': 'VARCHAR'" for c in names)
        select = (f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(names)} FROM read_csv('{path}', "
                  f"header = true, columns = {{{cols}}}, allow_quoted_nulls = false, auto_detect = false)")
        if table != "regions":
            cur.execute(select)
            return
        # DuckDB checks a foreign key against the rows before the statement: parents go first.
        for length in sorted(domain.REGION_CODE_LENGTH.values()):
            cur.execute(f"{select} WHERE length(region_id) = {int(length)}")



# --- whole tables from a DuckDB database into the store ---------------------------------------------


def table_columns(cur, table: str) -> list[str]:
    """A table's columns in order (information_schema: the same query on both engines)."""
    return [r[0] for r in cur.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND table_schema = current_schema() "
        "ORDER BY ordinal_position", [table]).fetchall()]


def copy_table(source_cur, target: PgCursor, table: str, where: str = "TRUE", params=None) -> int:
    """COPY the rows of a DuckDB table (those matching `where`) into the same table of the store."""
    cols = table_columns(source_cur, table)
    data = duckdb_csv(source_cur, f"SELECT {', '.join(cols)} FROM {table} WHERE {where}", params)
    rows = data.count(b"\n") - 1  # a close estimate (quoted newlines count too); for progress only
    if rows > 0:
        target.copy_in(table, cols, csv_chunks(data))
    return rows


def replace_all(store: PgStore, source, tables: Sequence[str], progress=None) -> None:
    """Replace every row of `tables` (foreign-key order), the import log and the dataset description
    with those of the DuckDB connection `source`, in one transaction, then bump the data version.
    Readers see the old data until the commit, the new data after it."""
    src = source.cursor()
    cur = store.cursor()
    try:
        cur.execute("BEGIN")
        cur.execute("SELECT pg_advisory_xact_lock(?)", [WRITE_LOCK])
        logs = ("import_undo", "import_batches")
        cur.execute(f"TRUNCATE {', '.join((*logs, *reversed(tables)))}")
        # Foreign keys checked row by row make a bulk load crawl: they are dropped for the load and
        # added back after it, which checks every row once, with a join (same transaction).
        keys = cur.execute_native(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
            "JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname = current_schema() "
            "AND c.conrelid::regclass::text = ANY(%s)", [list(tables)]).fetchall()
        for table, name, _ in keys:
            cur.execute_native(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for i, table in enumerate(tables):
            if progress:
                progress(i / len(tables), table)
            copy_table(src, cur, table)
        for table, name, definition in keys:
            cur.execute_native(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for table in reversed(logs):
            copy_table(src, cur, table)
        info = src.execute("SELECT key, value FROM dataset_info WHERE key NOT IN ('schema_version', 'created_at', "
                           "'data_version')").fetchall()
        cur.execute("DELETE FROM dataset_info WHERE key NOT IN ('schema_version', 'created_at', 'data_version')")
        cur.executemany("INSERT INTO dataset_info VALUES (?, ?)", info)
        cur.execute(
            "INSERT OR REPLACE INTO dataset_info VALUES ('data_version', "
            "(SELECT CAST(coalesce(max(CAST(value AS BIGINT)), 0) + 1 AS VARCHAR) FROM dataset_info "
            "WHERE key = 'data_version'))")
        cur.execute("COMMIT")
        for table in (*tables, *logs):  # fresh statistics for the planner
            cur.execute(f"ANALYZE {table}")
    finally:
        cur.close()
        src.close()


def write_changes(cur: PgCursor, table: str, key_sql: str, delete_keys: Sequence[str], rows_csv: bytes,
                  after=None) -> None:
    """In one transaction: delete the rows of `table` whose key (`key_sql` over alias t, as text) is
    in `delete_keys`, insert or update the rows in `rows_csv` (CSV with a header, by primary key),
    run `after(cur)` (the import log), commit. Any failure rolls everything back."""
    write_tables(cur, [(table, key_sql, delete_keys, rows_csv)], after)


def write_tables(cur: PgCursor, changes: Sequence[tuple[str, str, Sequence[str], bytes]], after=None) -> None:
    """write_changes for several tables, in the order given (parents first when inserting), in ONE
    transaction: a roster batch also writes certificates."""
    cur.execute("BEGIN")
    try:
        for table, key_sql, delete_keys, rows_csv in changes:
            if delete_keys:
                cur.execute("CREATE TEMP TABLE cgw_keys (k VARCHAR)")
                cur.copy_in("cgw_keys", ["k"], csv_chunks(_csv_column("k", delete_keys)))
                cur.execute(f"DELETE FROM {table} t WHERE {key_sql} IN (SELECT k FROM cgw_keys)")
                cur.execute("DROP TABLE cgw_keys")
            if rows_csv.strip().count(b"\n"):
                cur.execute(f"CREATE TEMP TABLE cgw_rows AS SELECT * FROM {table} WHERE FALSE")
                cur.copy_in("cgw_rows", header(rows_csv), csv_chunks(rows_csv))
                cur.execute(f"INSERT OR REPLACE INTO {table} SELECT * FROM cgw_rows")
                cur.execute("DROP TABLE cgw_rows")
        if after is not None:
            after(cur)
        cur.execute("COMMIT")
    except BaseException:
        cur.execute("ROLLBACK")
        raise


def _csv_column(name: str, values: Sequence[str]) -> bytes:
    import csv

    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow([name])
    w.writerows([v] for v in values)
    return out.getvalue().encode()


# --- summary tables of partial aggregates (metrics/parts.py) --------------------------------------------


# The levels above the community, whose sums are stored (a community's parts are its own rows).
ROLLUP_LENGTHS = tuple(n for n in sorted(domain.REGION_CODE_LENGTH.values()) if n < domain.COMMUNITY_CODE_LENGTH)


def parts_done(cur: PgCursor, version: str, as_of, grain: str) -> set[str]:
    """The models whose parts are stored for (version, as_of, grain)."""
    return {r[0] for r in cur.execute_native(
        "SELECT model FROM kpi_parts_done WHERE version = %s AND as_of = %s AND grain = %s",
        [version, as_of, grain]).fetchall()}


def store_parts(cur: PgCursor, version: str, as_of, grain: str, model: str, grouped_sql: str, parts: Sequence[str],
                params: dict) -> None:
    """Store the parts of one model: `grouped_sql` (DuckDB dialect, compiled here) gives one row per
    community, column `c` and a column per part; each part is also summed for every code prefix of
    a level above (street, district, city, province). Concurrent writers store the same values: the
    second one's rows are skipped."""
    (grouped,) = dialect.compile_many(grouped_sql, dialect.POSTGRES)
    unpivot = " UNION ALL ".join(f"SELECT '{p}' AS part, c, CAST(\"{p}\" AS NUMERIC) AS v FROM g" for p in parts)
    rollups = " UNION ALL ".join(f"SELECT part, left(c, {n}), false, sum(v) FROM u WHERE length(c) > {n} GROUP BY 1, 2"
                                 for n in ROLLUP_LENGTHS)
    key = {"cgw_version": version, "cgw_as_of": as_of, "cgw_grain": grain, "cgw_model": model}
    cur.execute_native(
        f"INSERT INTO kpi_parts WITH g AS ({grouped}), u AS (SELECT * FROM ({unpivot}) x WHERE c IS NOT NULL) "
        f"SELECT %(cgw_version)s, %(cgw_as_of)s, %(cgw_grain)s, part, r, leaf, v FROM "
        f"(SELECT part, c AS r, true AS leaf, v FROM u UNION ALL {rollups}) y ON CONFLICT DO NOTHING",
        {**_params(params), **key})
    cur.execute_native("INSERT INTO kpi_parts_done (version, as_of, grain, model) VALUES (%(cgw_version)s, "
                       "%(cgw_as_of)s, %(cgw_grain)s, %(cgw_model)s) ON CONFLICT DO NOTHING", key)


def sum_parts(cur: PgCursor, version: str, as_of, grain: str, region: str, parts: Sequence[str]) -> dict[str, object]:
    """`parts` summed over the communities of the `region` subtree: the stored sum of a level's code,
    else the communities' own rows whose code starts with `region`."""
    if len(region) in ROLLUP_LENGTHS:
        where = "region_id = %(r)s"
    else:
        where = "leaf AND region_id >= %(r)s AND region_id < %(r)s || chr(1114111) AND starts_with(region_id, %(r)s)"
    return dict(cur.execute_native(
        f"SELECT part, sum(value) FROM kpi_parts WHERE version = %(v)s AND as_of = %(d)s AND grain = %(g)s "
        f"AND part = ANY(%(p)s) AND {where} GROUP BY part",
        {"v": version, "d": as_of, "g": grain, "p": list(parts), "r": region}).fetchall())


def drop_stale_parts(cur: PgCursor, version: str) -> None:
    """Parts of older data versions (they can never be read again)."""
    cur.execute_native("DELETE FROM kpi_parts WHERE version <> %s", [version])
    cur.execute_native("DELETE FROM kpi_parts_done WHERE version <> %s", [version])
