"""The import log (import_batches) and undo, from the page or the command line."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from cgw.ingest.importer import load, validate
from cgw.ingest.importer.errors import ImportFailed
from cgw.storage import database


@dataclass
class UndoResult:
    batch_id: int
    table: str
    file_name: str
    deleted: int  # rows the batch had inserted
    restored: int  # rows the batch had updated, back to their previous values
    reinserted: int  # rows the batch had deleted (replace mode), back again
    related: int = 0  # rows the batch had written to other tables (a roster's certificates), removed

    def summary(self) -> str:
        title = validate.TABLE_ZH.get(self.table, self.table)
        parts = [f"删除本批新增的 {self.deleted:,} 行", f"恢复被更新的 {self.restored:,} 行"]
        if self.reinserted:
            parts.append(f"恢复被替换删除的 {self.reinserted:,} 行")
        if self.related:
            parts.append(f"删除随之写入的职业资格证书等 {self.related:,} 条")
        return f"已撤销第 {self.batch_id} 批（{title}，{self.file_name}）：{'，'.join(parts)}"


def undo(con: duckdb.DuckDBPyConnection, batch_id: int) -> UndoResult:
    """Restore the exact state before batch `batch_id`, in one transaction."""
    try:
        batch_id = int(batch_id)
    except (TypeError, ValueError):
        raise ImportFailed(f"批次号「{batch_id}」无效：应为整数") from None
    if database.is_server(con):  # undone on a DuckDB mirror, replayed on the store in one transaction
        from cgw.ingest.importer import server

        return server.run_undo(con, batch_id, undo)
    cur = con.cursor()
    related = 0
    try:
        table = cur.execute("SELECT table_name FROM import_batches WHERE batch_id = ?", [batch_id]).fetchall()
        if table and table[0][0] == "regions":
            # Refuse before the first level goes: the levels are deleted in transactions of their own.
            _in_transaction(cur, lambda: load.check_undo(cur, batch_id))
            levels = _in_transaction(cur, lambda: load.inserted_region_levels(cur, batch_id))
            for level in levels[:-1]:
                _in_transaction(cur, lambda lv=level: load.delete_inserted_regions(cur, batch_id, lv))
        if table and _in_transaction(cur, lambda: load.related_tables(cur, batch_id)):
            # Refuse first; then the rows it wrote to other tables go, in a transaction of their own.
            _in_transaction(cur, lambda: load.check_undo(cur, batch_id))
            related = _in_transaction(cur, lambda: load.undo_related(cur, batch_id))
        info = _in_transaction(cur, lambda: load.undo(cur, batch_id))
    except ImportFailed:
        raise
    except duckdb.TransactionException:
        raise ImportFailed("数据库正忙（另一个导入或撤销同时在修改数据），未撤销：请稍后重试") from None
    except duckdb.Error as e:
        first = database.first_line(e, 200)
        raise ImportFailed(f"撤销失败，数据库未改变：{first}") from None
    finally:
        cur.close()
    return UndoResult(batch_id, info["table"], info["file_name"], info["deleted"], info["restored"],
                      info["reinserted"], related)


def _in_transaction(cur, fn):
    cur.execute("BEGIN TRANSACTION")
    try:
        out = fn()
        cur.execute("COMMIT")
        return out
    except BaseException:
        try:
            cur.execute("ROLLBACK")
        except duckdb.Error:
            pass
        raise


def batches(con: duckdb.DuckDBPyConnection, limit: int = 500) -> pd.DataFrame:
    """The latest batches, newest first."""
    cur = con.cursor()
    try:
        df = cur.execute(
            "SELECT batch_id, imported_at, table_name, file_name, mode::VARCHAR AS mode, rows_new, rows_updated, "
            "rows_unchanged, rows_deleted, rows_rejected, status::VARCHAR AS status, undone_at, sha256 "
            "FROM import_batches ORDER BY batch_id DESC LIMIT ?",
            [limit],
        ).df()
    finally:
        cur.close()
    df.insert(3, "table_zh", df["table_name"].map(lambda t: validate.TABLE_ZH.get(t, t)))
    return df
