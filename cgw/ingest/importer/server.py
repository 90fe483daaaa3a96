"""Import and undo on a PostgreSQL store (server mode).

Reading, mapping and validation stay exactly as in embedded mode, in an in-process DuckDB: a
*mirror* holding the schema and the rows the importer reads (the target table, the tables it refers
to, the import log; in update and replace modes also the tables that refer to it, whose references
can block a change). The unchanged pipeline runs against the mirror and records its changes in
import_undo, as always. Then `write_batch` replays that record against the store in ONE
transaction: rows deleted, rows inserted or updated (the mirror's new rows), the batch's undo rows,
the batch log and the data version. Undo works the same way round.

Imports, undos and generations on one store take turns (an advisory lock held from the mirror's
copy to the commit), so the mirror never goes stale while it is used. Readers never wait: they see
the store before the commit or after it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import duckdb

from cgw.ingest.importer import load
from cgw.ingest.importer.errors import ImportFailed
from cgw.ingest.importer.specs import spec as spec_of
from cgw.storage import backends, database, schema

# Tables an import of the key table may write besides its own: a roster's 证书 columns become
# certificates rows (validate.related_certificates), which the mirror must hold to compare.
WRITES_ALSO = {"workers": ("certificates",)}

LOCK_WAIT = "120s"  # how long an import waits for another one to finish


@contextlib.contextmanager
def write_turn(store: backends.PgStore) -> Iterator[backends.PgCursor]:
    """A cursor holding the store's write lock (waiting up to LOCK_WAIT for another writer)."""
    cur = store.cursor()
    try:
        cur.execute(f"SET lock_timeout = '{LOCK_WAIT}'")
        try:
            cur.execute("SELECT pg_advisory_lock(?)", [backends.WRITE_LOCK])
        except Exception as e:  # noqa: BLE001 - psycopg's LockNotAvailable and friends
            raise ImportFailed(f"数据库正忙（另一个导入、撤销或生成正在进行），等待 {LOCK_WAIT} 后仍未轮到：请稍后重试"
                               f"（{database.first_line(e, 200)}）") from None
        try:
            yield cur
        finally:
            cur.execute("SELECT pg_advisory_unlock(?)", [backends.WRITE_LOCK])
            cur.execute("RESET lock_timeout")
    finally:
        cur.close()


def _related(mirror: duckdb.DuckDBPyConnection, table: str, with_children: bool) -> list[str]:
    """The tables the importer reads for `table`, in creation (foreign-key) order."""
    cur = mirror.cursor()
    parents: dict[str, set[str]] = {}
    for child, parent in cur.execute(
            "SELECT table_name, referenced_table FROM duckdb_constraints() WHERE constraint_type = 'FOREIGN KEY' "
            "AND schema_name = 'main'").fetchall():
        parents.setdefault(child, set()).add(parent)
    cur.close()
    need = {table, "regions", "partners", "import_batches", *WRITES_ALSO.get(table, ())}
    if with_children:
        need |= {child for child, ps in parents.items() if table in ps}
    # Every table a needed one refers to, so that the mirror's foreign keys hold.
    todo = list(need)
    while todo:
        for parent in parents.get(todo.pop(), ()):
            if parent not in need:
                need.add(parent)
                todo.append(parent)
    return [t for t in schema.schema_tables() if t in need]


def mirror(store: backends.PgStore, cur: backends.PgCursor, table: str, with_children: bool,
           undo_of: int | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the schema and the store's rows of the tables the importer reads."""
    con = database.open_memory()
    tables = _related(con, table, with_children)
    dst = con.cursor()
    try:
        dst.execute("BEGIN")
        cur.execute("BEGIN")  # one snapshot of the store for every table copied
        for t in tables:
            dst.execute(f"DELETE FROM {t}")  # what a new database seeds (the competency model) is the store's
            backends.load_csv_into_duckdb(dst, t, cur.copy_out(f"SELECT * FROM {t}"))
        if undo_of is not None:  # the undo records of this table's batches from `undo_of` on
            # (of every mirrored table: a later batch of certificates may have changed this roster's)
            backends.load_csv_into_duckdb(dst, "import_undo", cur.copy_out(
                "SELECT u.* FROM import_undo u JOIN import_batches b USING (batch_id) "
                f"WHERE b.table_name IN ({', '.join('?' * len(tables))}) AND u.batch_id >= ?", [*tables, undo_of]))
        cur.execute("ROLLBACK")
        dst.execute("COMMIT")
    except BaseException:
        con.close()
        raise
    finally:
        dst.close()
    return con


def write_batch(store_cur: backends.PgCursor, mirror_con: duckdb.DuckDBPyConnection, table: str, batch_id: int,
                *, undo: bool = False) -> None:
    """Replay on the store, in one transaction, what batch `batch_id` did in the mirror (or, with
    `undo`, what undoing it did): the write the importer made, made again on the server. A roster
    batch also wrote certificates (import_undo rows naming their table): replayed after the
    workers on import, before them on undo (the foreign key)."""
    b = int(batch_id)
    src = mirror_con.cursor()
    try:
        source = "undo_keys" if undo else "import_undo"
        where_batch = "" if undo else f"batch_id = {b} AND "
        related = [r[0] for r in src.execute(
            f"SELECT DISTINCT table_name FROM {source} WHERE {where_batch}table_name IS NOT NULL ORDER BY 1").fetchall()]
        changes = []
        for name in [table, *related]:
            own = "table_name IS NULL" if name == table else f"table_name = '{name}'"
            key = load.key_text(spec_of(name), "t")
            if undo:
                # Undo deleted the rows the batch inserted and put back those it updated or deleted;
                # the caller read the batch's keys before the undo ran (table undo_keys).
                gone = f"SELECT row_key FROM undo_keys WHERE action = 'inserted' AND {own}"
                back = f"SELECT row_key FROM undo_keys WHERE action <> 'inserted' AND {own}"
            else:
                gone = f"SELECT row_key FROM import_undo WHERE batch_id = {b} AND action = 'deleted' AND {own}"
                back = f"SELECT row_key FROM import_undo WHERE batch_id = {b} AND action = 'updated' AND {own}"
                back += f" UNION ALL {load.inserted_keys(b)}" if name == table else (
                    f" UNION ALL SELECT row_key FROM import_undo WHERE batch_id = {b} AND action = 'inserted' AND {own}")
            rows = backends.duckdb_csv(src, f"SELECT t.* FROM {name} t WHERE {key} IN ({back})")
            changes.append((name, key, [r[0] for r in src.execute(gone).fetchall()], rows))
        log = backends.duckdb_csv(src, f"SELECT * FROM import_batches WHERE batch_id = {b}")
        undo_rows = None if undo else backends.duckdb_csv(src, f"SELECT * FROM import_undo WHERE batch_id = {b}")
    finally:
        src.close()
    if undo:
        changes.reverse()  # children first: their rows go before the rows they refer to
    backends.write_tables(store_cur, changes, after=lambda cur: _log(cur, batch_id, log, undo_rows))


def _log(cur: backends.PgCursor, batch_id: int, log: bytes, undo_rows: bytes | None) -> None:
    """The batch log row (new, or its undone status) and the batch's undo record."""
    cur.execute("DELETE FROM import_batches WHERE batch_id = ?", [batch_id])
    cur.copy_in("import_batches", backends.header(log), backends.csv_chunks(log))
    if undo_rows is None:
        cur.execute("DELETE FROM import_undo WHERE batch_id = ?", [batch_id])
    else:
        cur.copy_in("import_undo", backends.header(undo_rows), backends.csv_chunks(undo_rows))
    cur.execute(
        "INSERT OR REPLACE INTO dataset_info VALUES ('data_version', "
        "(SELECT CAST(coalesce(max(CAST(value AS BIGINT)), 0) + 1 AS VARCHAR) FROM dataset_info "
        "WHERE key = 'data_version'))")


def run_import(store: backends.PgStore, table: str, mode: str, write: bool, analyse):
    """`analyse(mirror_connection)` runs the unchanged pipeline on a mirror; when `write`, what it
    wrote there is replayed on the store (a preview holds no lock and writes nothing). In update and
    replace modes the mirror also holds the tables referring to `table`."""
    spec = spec_of(table if isinstance(table, str) else str(table))
    turn = write_turn(store) if write else contextlib.closing(store.cursor())
    with _server_errors(), turn as cur:
        con = mirror(store, cur, spec.name, with_children=mode in ("upsert", "replace"))
        try:
            result = analyse(con)
            if write and result.written and result.batch_id is not None:
                write_batch(cur, con, spec.name, result.batch_id)
            return result
        finally:
            con.close()


@contextlib.contextmanager
def _server_errors() -> Iterator[None]:
    """The store's errors as one clear line; nothing was written (the transaction rolled back)."""
    import psycopg

    try:
        yield
    except psycopg.errors.IntegrityError as e:
        raise ImportFailed(f"数据库拒绝写入，已全部撤回，数据库未改变：{database.first_line(e, 300)}") from None
    except (psycopg.errors.SerializationFailure, psycopg.errors.DeadlockDetected, psycopg.errors.LockNotAvailable):
        raise ImportFailed("数据库正忙（另一个导入或撤销同时在修改数据），本次未写入：请稍后重试") from None
    except psycopg.Error as e:
        raise ImportFailed(f"PostgreSQL 出错，数据库未改变：{database.first_line(e, 300)}") from None


def run_undo(store: backends.PgStore, batch_id: int, undo_in_mirror):
    """Undo batch `batch_id` on the store: `undo_in_mirror(mirror, batch_id)` (batches.undo on
    DuckDB) does it on a mirror, and the change is replayed on the store in one transaction."""
    with _server_errors(), write_turn(store) as cur:
        found = cur.execute("SELECT table_name FROM import_batches WHERE batch_id = ?", [batch_id]).fetchall()
        if not found:
            raise ImportFailed(f"没有第 {batch_id} 批导入记录")
        table = found[0][0]
        con = mirror(store, cur, table, with_children=True, undo_of=batch_id)
        try:
            keys = con.cursor()
            keys.execute(  # a plain table: TEMP tables are private to one DuckDB cursor
                f"CREATE TABLE undo_keys AS SELECT 'inserted' AS action, row_key, CAST(NULL AS VARCHAR) AS table_name "
                f"FROM ({load.inserted_keys(batch_id)}) UNION ALL SELECT action, row_key, table_name FROM import_undo "
                f"WHERE batch_id = {int(batch_id)} AND (action IN ('updated', 'deleted') OR table_name IS NOT NULL)")
            keys.close()
            result = undo_in_mirror(con, batch_id)
            write_batch(cur, con, table, batch_id, undo=True)
            return result
        finally:
            con.close()


