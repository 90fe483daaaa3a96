"""Writing an analysed file into its table, and undoing a batch, each in the caller's transaction.

Every change is recorded in import_undo before it is made: the keys of the inserted rows, and the
full previous row (as JSON) of each updated or deleted row. Undo replays that record backwards.
Inserted keys that form a run (W0000001 … W1000000, or 1 … 5000) are recorded as one row
`inserted_range` (JSON: prefix, width, lo, hi) instead of a row per key; `inserted_keys` expands
them again, so every reader of the record sees the same keys either way.

DuckDB refuses to update an indexed column (primary key, unique, foreign key) of a row that
another table references, even inside one transaction; validation rejects such rows up front, so
updates here touch non-indexed columns, and indexed ones only on unreferenced rows.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from cgw import domain
from cgw.ingest.importer.errors import ImportFailed
from cgw.ingest.importer.specs import TABLES, TableSpec
from cgw.ingest.importer.specs import spec as spec_of
from cgw.ingest.importer.validate import TABLE_ZH, indexed_columns, referenced_sql, referencing
from cgw.storage import database

STATUS_DONE = "已导入"
STATUS_UNDONE = "已撤销"
REGION_LEVELS = tuple(domain.REGION_CODE_LENGTH)  # top down
TABLES_BY_NAME = {s.name for s in TABLES}


def key_text(spec: TableSpec, alias: str, typed: bool = False) -> str:
    """The key of a row as one text value (the form stored in import_undo.row_key)."""
    parts = []
    for k in spec.key:
        expr = f"{alias}.{k}"
        if typed:
            expr = f"TRY_CAST({expr} AS {spec.column(k).sql_type})"
        parts.append(f"CAST({expr} AS VARCHAR)")
    return parts[0] if len(parts) == 1 else "concat_ws(chr(31), " + ", ".join(parts) + ")"


def _struct(spec: TableSpec, alias: str) -> str:
    return "to_json(struct_pack(" + ", ".join(f"{c.name} := {alias}.{c.name}" for c in spec.stored_columns) + "))"


def _json_shape(spec: TableSpec) -> str:
    """json_transform structure giving back each column's type (ENUMs travel as text)."""
    import json

    def t(c):
        return c.sql_type if c.sql_type in ("DATE", "INTEGER", "BIGINT", "TINYINT") or c.sql_type.startswith(
            "DECIMAL") else "VARCHAR"

    return json.dumps({c.name: t(c) for c in spec.stored_columns})


def _casted(spec: TableSpec, alias: str = "s") -> str:
    return ", ".join(f"CAST({alias}.{c.name} AS {c.sql_type}) AS {c.name}" for c in spec.stored_columns)


def next_batch_id(cur) -> int:
    return cur.execute("SELECT coalesce(max(batch_id), 0) + 1 FROM import_batches").fetchall()[0][0]


def apply(cur, spec: TableSpec, a, file_name: str, sha256: str) -> int:
    """Write the rows whose action is new/update (and, in replace mode, delete the rest).
    `a`: the validated import (mode and row counts, as in pipeline.ImportResult)."""
    t = spec.name
    batch = next_batch_id(cur)
    cols = [c.name for c in spec.stored_columns]
    on = " AND ".join(f"t.{k} = u.{k}" for k in spec.key)
    # Every row new (the usual first load): no need to look up each row's action.
    all_new = a.rows_new == a.rows_total
    new_rows = "staged s" if all_new else "staged s JOIN act USING (line) WHERE act.action = 'new'"
    # The undo record first.
    if a.rows_new:
        _record_inserted(cur, spec, batch, new_rows)
    upd = (f"(SELECT {_casted(spec)}, c.index_changed FROM staged s JOIN act USING (line) "
           f"JOIN cmp c USING (line) WHERE act.action = 'update')")
    if a.rows_updated:
        cur.execute(
            f"INSERT INTO import_undo (batch_id, action, row_key, row_data) SELECT ?, 'updated', {key_text(spec, 't')}, {_struct(spec, 't')} "
            f"FROM {t} t JOIN {upd} u ON {on}",
            [batch],
        )
    if a.rows_deleted:
        cur.execute(
            f"INSERT INTO import_undo (batch_id, action, row_key, row_data) SELECT ?, 'deleted', {key_text(spec, 't')}, {_struct(spec, 't')} "
            f"FROM {t} t WHERE {key_text(spec, 't')} IN (SELECT key_text FROM doomed)",
            [batch],
        )
        _delete(cur, spec, "SELECT key_text FROM doomed")
    if a.rows_updated:
        indexed = set(indexed_columns(cur, t))
        kept = set(getattr(a, "kept", ()))  # columns the file lacks: the database keeps its values
        plain = [c for c in cols if c not in spec.key and c not in indexed and c not in kept]
        if plain:
            sets = ", ".join(f"{c} = u.{c}" for c in plain)
            cur.execute(f"UPDATE {t} AS t SET {sets} FROM {upd} u WHERE {on}")
        keyed = [c for c in cols if c in indexed and c not in spec.key and c not in kept]
        if keyed:
            sets = ", ".join(f"{c} = u.{c}" for c in keyed)
            cur.execute(f"UPDATE {t} AS t SET {sets} FROM {upd} u WHERE {on} AND u.index_changed")
    if a.rows_new:
        select = f"SELECT {_casted(spec)} FROM {new_rows}"
        if t == "regions":  # parents before children (self-reference)
            for level in REGION_LEVELS:
                cur.execute(f"INSERT INTO regions ({', '.join(cols)}) {select} {'WHERE' if all_new else 'AND'} "
                            f"s.level = ?", [level])
        else:
            cur.execute(f"INSERT INTO {t} ({', '.join(cols)}) {select}")
    if getattr(a, "related", {}).get("certificates"):
        _apply_certificates(cur, batch)
    cur.execute(
        "INSERT INTO import_batches (batch_id, file_name, sha256, imported_at, table_name, mode, rows_new, "
        "rows_updated, rows_unchanged, rows_rejected, status, rows_deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [batch, file_name, sha256, dt.datetime.now().replace(microsecond=0), t, a.mode, a.rows_new, a.rows_updated,
         a.rows_unchanged, a.rows_rejected, STATUS_DONE, a.rows_deleted],
    )
    database.bump_data_version(cur)
    return batch


def _apply_certificates(cur, batch: int) -> None:
    """The certificates a roster names (TEMP rel_certificates, validate.related_certificates): new
    ones inserted, a missing date filled in; recorded in import_undo under table_name 'certificates'."""
    spec = spec_of("certificates")
    key = key_text(spec, "c")
    cur.execute(f"INSERT INTO import_undo SELECT ?, 'inserted', {key}, NULL, 'certificates' FROM rel_certificates c "
                f"WHERE c.action = 'new'", [batch])
    cur.execute(f"INSERT INTO import_undo SELECT ?, 'updated', {key}, {_struct(spec, 'c')}, 'certificates' "
                f"FROM certificates c JOIN rel_certificates r USING (worker_id, level) WHERE r.action = 'update'", [batch])
    cur.execute("UPDATE certificates AS c SET obtained_on = r.obtained_on FROM rel_certificates r "
                "WHERE c.worker_id = r.worker_id AND c.level = r.level AND r.action = 'update'")
    cur.execute("INSERT INTO certificates (worker_id, level, obtained_on) SELECT worker_id, level, obtained_on "
                "FROM rel_certificates WHERE action = 'new'")


def related_tables(cur, batch_id: int) -> list[str]:
    """Tables other than its own that batch `batch_id` wrote to (a roster's certificates)."""
    return [r[0] for r in cur.execute("SELECT DISTINCT table_name FROM import_undo WHERE batch_id = ? "
                                      "AND table_name IS NOT NULL ORDER BY 1", [batch_id]).fetchall()]


def undo_related(cur, batch_id: int) -> int:
    """Remove the rows a batch wrote to other tables and restore those it changed there, and drop
    their undo record. Run in a transaction of its own before the batch's own rows go: DuckDB checks
    a foreign key against the state before the transaction, so a worker cannot be deleted in the
    transaction that deletes its certificates. Returns the rows removed."""
    removed = 0
    for table in related_tables(cur, batch_id):
        spec = spec_of(table)
        keys = (f"SELECT row_key FROM import_undo WHERE batch_id = {int(batch_id)} AND table_name = '{table}' "
                f"AND action = 'inserted'")
        removed += cur.execute(f"SELECT count(*) FROM ({keys})").fetchall()[0][0]
        _delete(cur, spec, keys)
        before = (f"(SELECT unnest(json_transform(row_data, '{_json_shape(spec)}')) FROM import_undo "
                  f"WHERE batch_id = {int(batch_id)} AND table_name = '{table}' AND action = 'updated')")
        plain = [c.name for c in spec.stored_columns if c.name not in spec.key]
        on = " AND ".join(f"t.{k} = CAST(u.{k} AS {spec.column(k).sql_type})" for k in spec.key)
        if plain:
            cur.execute(f"UPDATE {table} AS t SET {', '.join(f'{c} = u.{c}' for c in plain)} FROM {before} u WHERE {on}")
        cur.execute("DELETE FROM import_undo WHERE batch_id = ? AND table_name = ?", [batch_id, table])
    return removed


def _record_inserted(cur, spec: TableSpec, batch: int, new_rows: str) -> None:
    """The keys of the new rows: one `inserted_range` row per run, one `inserted` row per other key.
    A key is a prefix and a number of `width` digits (`W` and 0000001; '' and 17); the keys sharing a
    prefix and width form a run when they are all the numbers from the least to the greatest (they
    are distinct: duplicate keys were rejected)."""
    keys = f"SELECT {key_text(spec, 's', typed=True)} AS k FROM {new_rows}"
    if len(spec.key) > 1:
        cur.execute(f"INSERT INTO import_undo (batch_id, action, row_key, row_data) SELECT ?, 'inserted', k, NULL FROM ({keys})", [batch])
        return
    run = _single_run(cur, keys)
    if run is not None:  # the usual case, found without looking at each key's digits
        runs = [run]
    else:
        parts = ("SELECT k, left(k, length(k) - length(d)) AS prefix, length(d) AS width, CAST(d AS BIGINT) AS n "
                 f"FROM (SELECT k, regexp_extract(k, '[0-9]{{1,18}}$') AS d FROM ({keys}))")
        runs = cur.execute(
            f"SELECT prefix, width, min(n), max(n), count(*) FROM ({parts}) WHERE width > 0 GROUP BY prefix, width "
            f"HAVING count(*) > 1 AND max(n) - min(n) + 1 = count(*)"
        ).fetchall()
    if not runs:
        cur.execute(f"INSERT INTO import_undo (batch_id, action, row_key, row_data) SELECT ?, 'inserted', k, NULL FROM ({keys})", [batch])
        return
    cur.executemany(
        "INSERT INTO import_undo (batch_id, action, row_key, row_data) VALUES (?, 'inserted_range', ?, json_object('prefix', ?, 'width', ?, 'lo', ?, 'hi', ?))",
        [[batch, prefix + str(lo).zfill(width), prefix, width, lo, hi] for prefix, width, lo, hi, _ in runs],
    )
    if run is None and sum(r[4] for r in runs) < cur.execute(f"SELECT count(*) FROM ({keys})").fetchall()[0][0]:
        cur.execute("CREATE OR REPLACE TEMP TABLE undo_runs (prefix VARCHAR, width INTEGER)")
        cur.executemany("INSERT INTO undo_runs VALUES (?, ?)", [[r[0], r[1]] for r in runs])
        cur.execute(f"INSERT INTO import_undo (batch_id, action, row_key, row_data) SELECT ?, 'inserted', k, NULL FROM ({parts}) p "
                    f"ANTI JOIN undo_runs USING (prefix, width)", [batch])


def _single_run(cur, keys: str) -> tuple | None:
    """(prefix, width, lo, hi, count) when all the keys form one run, else None. The least and the
    greatest key give the candidate; one pattern test over the keys confirms it."""
    lo_key, hi_key, count = cur.execute(f"SELECT min(k), max(k), count(*) FROM ({keys})").fetchall()[0]
    if count < 2 or lo_key is None or len(lo_key) != len(hi_key):
        return None
    m = re.search(r"[0-9]{1,18}$", lo_key)
    if m is None:
        return None
    prefix, width = lo_key[: m.start()], len(m.group())
    digits = hi_key[len(prefix):]
    if not hi_key.startswith(prefix) or len(digits) != width or not digits.isascii() or not digits.isdigit():
        return None
    lo, hi = int(m.group()), int(digits)
    if hi - lo + 1 != count:
        return None
    pattern = "".join(f"[{ch}]" if ch in "*?[]\\" else ch for ch in prefix) + "[0-9]" * width
    if cur.execute(f"SELECT count(*) FROM ({keys}) WHERE k GLOB ?", [pattern]).fetchall()[0][0] != count:
        return None
    return prefix, width, lo, hi, count


def _range_keys(where: str) -> str:
    """SQL (batch_id, row_key): the keys stored as runs (action 'inserted_range') in the import_undo
    rows matching `where`, expanded."""
    return (
        f"SELECT batch_id, prefix || lpad(CAST(n AS VARCHAR), width, '0') AS row_key FROM (SELECT batch_id, prefix, "
        f"width, unnest(range(lo, hi + 1)) AS n FROM (SELECT batch_id, json_extract_string(row_data, '$.prefix') AS prefix, "
        f"CAST(json_extract(row_data, '$.width') AS INTEGER) AS width, CAST(json_extract(row_data, '$.lo') AS BIGINT) AS lo, "
        f"CAST(json_extract(row_data, '$.hi') AS BIGINT) AS hi FROM import_undo WHERE {where} "
        f"AND action = 'inserted_range'))"
    )


def inserted_keys(batch_id: int) -> str:
    """SQL: the keys (as text) of the rows batch `batch_id` inserted, runs expanded."""
    b = int(batch_id)
    return (f"SELECT row_key FROM import_undo WHERE batch_id = {b} AND action = 'inserted' AND table_name IS NULL "
            f"UNION ALL SELECT row_key FROM ({_range_keys(f'batch_id = {b}')})")


def _changed_keys(batches_sql: str) -> str:
    """SQL (batch_id, tbl, row_key): every key the batches in `batches_sql` inserted, updated or
    deleted, with the table it is a key of (a roster batch also writes certificates)."""
    return (f"SELECT u.batch_id, coalesce(u.table_name, b.table_name) AS tbl, u.row_key FROM import_undo u "
            f"JOIN import_batches b USING (batch_id) WHERE u.batch_id IN ({batches_sql}) AND u.action <> 'inserted_range' "
            f"UNION ALL SELECT r.batch_id, b.table_name, r.row_key FROM ({_range_keys(f'batch_id IN ({batches_sql})')}) r "
            f"JOIN import_batches b USING (batch_id)")


def _delete(cur, spec: TableSpec, keys_sql: str, params: list | None = None) -> None:
    t = spec.name
    if t == "regions":  # children before parents
        for level in reversed(REGION_LEVELS):
            cur.execute(f"DELETE FROM regions t WHERE level = '{level}' AND {key_text(spec, 't')} IN ({keys_sql})",
                        params or [])
    else:
        cur.execute(f"DELETE FROM {t} t WHERE {key_text(spec, 't')} IN ({keys_sql})", params or [])


# --- undo ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Restore:
    cols: list[str]  # the stored columns
    indexed: set[str]  # columns with an index (DuckDB refuses some updates of them)
    keyed: list[str]  # indexed columns outside the key
    before: str  # SQL: the undo record's rows of one action (parameter), typed back
    on: str  # SQL: table row t matches undo row u


def _restore(cur, spec: TableSpec, batch_id: int) -> _Restore:
    """What both the undo check and the undo need to put a batch's rows back."""
    cols = [c.name for c in spec.stored_columns]
    indexed = set(indexed_columns(cur, spec.name))
    before = (f"(SELECT unnest(json_transform(row_data, '{_json_shape(spec)}')) FROM import_undo "
              f"WHERE batch_id = {int(batch_id)} AND action = ? AND table_name IS NULL)")
    on = " AND ".join(f"t.{k} = CAST(u.{k} AS {spec.column(k).sql_type})" for k in spec.key)
    return _Restore(cols, indexed, [c for c in cols if c in indexed and c not in spec.key], before, on)


def check_undo(cur, batch_id: int) -> tuple[TableSpec, str]:
    """Raise ImportFailed when batch `batch_id` cannot be undone now; else (its table, its file)."""
    rows = cur.execute(
        "SELECT table_name, status::VARCHAR, undone_at, file_name FROM import_batches WHERE batch_id = ?", [batch_id]
    ).fetchall()
    if not rows:
        raise ImportFailed(f"没有第 {batch_id} 批导入记录")
    table, status, undone_at, file_name = rows[0]
    if status == STATUS_UNDONE:
        raise ImportFailed(f"第 {batch_id} 批（{file_name}）已于 {undone_at:%Y-%m-%d %H:%M} 撤销过")
    spec = spec_of(table)
    t = spec.name
    # A later batch that changed the same rows must be undone first.
    later_batches = "SELECT batch_id FROM import_batches WHERE batch_id > $b AND status = $done"
    later = cur.execute(
        f"SELECT b.batch_id, b.file_name, count(*) FROM ({_changed_keys(later_batches)}) u "
        f"JOIN (SELECT DISTINCT tbl, row_key FROM ({_changed_keys('$b')})) m ON m.tbl = u.tbl AND m.row_key = u.row_key "
        f"JOIN import_batches b ON b.batch_id = u.batch_id GROUP BY ALL ORDER BY 1 DESC",
        {"b": batch_id, "done": STATUS_DONE},
    ).fetchall()
    if later:
        b, name, n = later[0]
        raise ImportFailed(
            f"无法撤销第 {batch_id} 批：之后的第 {b} 批（{name}）又修改了其中 {n:,} 条记录，请先撤销第 {b} 批"
        )
    mine = inserted_keys(batch_id)
    # Rows this batch inserted may since be referenced by other tables.
    blockers = []
    for child, ccols, pcols in referencing(cur, t):
        on = " AND ".join(f"x.{cc} = t.{pc}" for cc, pc in zip(ccols, pcols))
        own = ""  # rows the batch wrote to the child table itself go with it
        if child in TABLES_BY_NAME and child != t:
            own = (f" AND {key_text(spec_of(child), 'x')} NOT IN (SELECT row_key FROM import_undo WHERE "
                   f"batch_id = {int(batch_id)} AND table_name = '{child}' AND action = 'inserted')")
        n = cur.execute(
            f"SELECT count(*) FROM {child} x JOIN {t} t ON {on} WHERE {key_text(spec, 't')} IN ({mine})"
            + (f" AND {key_text(spec, 'x')} NOT IN ({mine})" if child == t else "") + own
        ).fetchall()[0][0]
        if n:
            blockers.append((child, n))
    if blockers:
        later_batches = cur.execute(
            "SELECT list(batch_id ORDER BY batch_id DESC) FROM import_batches WHERE status = ? AND batch_id > ? "
            "AND table_name IN (SELECT unnest(?))",
            [STATUS_DONE, batch_id, [c for c, _ in blockers]],
        ).fetchall()[0][0] or []
        hint = f"请先撤销第 {'、'.join(map(str, later_batches))} 批" if later_batches else "请先删除这些引用"
        used = "、".join(f"{TABLE_ZH.get(c, c)} {n:,} 条" for c, n in blockers)
        raise ImportFailed(f"无法撤销第 {batch_id} 批：本批导入的记录已被其他数据引用（{used}）：{hint}")
    r = _restore(cur, spec, batch_id)
    before, keyed, on = r.before, r.keyed, r.on
    if keyed:
        # Restoring an indexed column of a referenced row is refused by DuckDB: say so first.
        differs = " OR ".join(f"t.{c} IS DISTINCT FROM CAST(u.{c} AS {spec.column(c).sql_type})" for c in keyed)
        exists = referenced_sql(cur, t, "t")
        if exists:
            n = cur.execute(f"SELECT count(*) FROM {t} t JOIN {before} u ON {on} WHERE ({differs}) AND ({exists})",
                            ["updated"]).fetchall()[0][0]
            if n:
                raise ImportFailed(
                    f"无法撤销第 {batch_id} 批：其中 {n:,} 条记录的"
                    f"{'、'.join(spec.column(c).header_zh for c in keyed)}被修改过，且现在已被其他数据引用"
                )
    return spec, file_name


def inserted_region_levels(cur, batch_id: int) -> list[str]:
    """Levels of the regions a batch inserted, deepest first."""
    mine = inserted_keys(batch_id)
    found = {r[0] for r in cur.execute(f"SELECT DISTINCT level::VARCHAR FROM regions WHERE region_id IN ({mine})").fetchall()}
    return [lv for lv in reversed(REGION_LEVELS) if lv in found]


def delete_inserted_regions(cur, batch_id: int, level: str) -> None:
    """One level of a regions batch's inserted rows. DuckDB cannot delete a region and its children
    in one transaction (foreign keys are checked against the state before the transaction), so an
    undo of regions deletes level by level, deepest first, then finishes in one last transaction."""
    mine = inserted_keys(batch_id)
    cur.execute(f"DELETE FROM regions WHERE level = ? AND region_id IN ({mine})", [level])


def undo(cur, batch_id: int) -> dict:
    """Restore the state before batch `batch_id` (inside the caller's transaction)."""
    spec, file_name = check_undo(cur, batch_id)
    t = spec.name
    mine = inserted_keys(batch_id)
    r = _restore(cur, spec, batch_id)
    before, keyed, on = r.before, r.keyed, r.on
    counts = dict(cur.execute("SELECT action, count(*) FROM import_undo WHERE batch_id = ? AND action <> 'inserted_range' "
                              "AND table_name IS NULL GROUP BY action", [batch_id]).fetchall())
    counts["inserted"] = cur.execute(f"SELECT count(*) FROM ({mine})").fetchall()[0][0]
    if counts.get("inserted"):
        _delete(cur, spec, mine)
    if counts.get("updated"):
        plain = [c for c in r.cols if c not in spec.key and c not in r.indexed]
        if plain:
            cur.execute(f"UPDATE {t} AS t SET {', '.join(f'{c} = u.{c}' for c in plain)} FROM {before} u WHERE {on}",
                        ["updated"])
        if keyed:
            differs = " OR ".join(f"t.{c} IS DISTINCT FROM CAST(u.{c} AS {spec.column(c).sql_type})" for c in keyed)
            cur.execute(
                f"UPDATE {t} AS t SET {', '.join(f'{c} = u.{c}' for c in keyed)} FROM {before} u WHERE {on} AND ({differs})",
                ["updated"],
            )
    if counts.get("deleted"):
        if t == "regions":
            for level in REGION_LEVELS:
                cur.execute(f"INSERT INTO regions BY NAME SELECT * FROM {before} WHERE level = ?", ["deleted", level])
        else:
            cur.execute(f"INSERT INTO {t} BY NAME SELECT * FROM {before}", ["deleted"])
    cur.execute("UPDATE import_batches SET status = ?, undone_at = ? WHERE batch_id = ?",
                [STATUS_UNDONE, dt.datetime.now().replace(microsecond=0), batch_id])
    cur.execute("DELETE FROM import_undo WHERE batch_id = ?", [batch_id])
    database.bump_data_version(cur)
    return {"table": t, "file_name": file_name, "deleted": counts.get("inserted", 0),
            "restored": counts.get("updated", 0), "reinserted": counts.get("deleted", 0)}
