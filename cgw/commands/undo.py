"""`cli.py undo`: undo an import batch (restores the exact state before it), or list the batches."""

from __future__ import annotations

import argparse
import sys

from cgw.commands import add_db_argument
from cgw.ingest import importer
from cgw.ingest.importer import load, validate
from cgw.storage import database
from metrics import parts


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("undo", help="撤销一批导入（恢复导入前的数据），或用 --list 列出导入记录")
    p.add_argument("batch", nargs="?", type=int, help="批次号（见 --list）")
    add_db_argument(p)
    p.add_argument("--list", action="store_true", help="列出最近的导入批次")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not args.list and args.batch is None:
        raise ValueError("请给出要撤销的批次号，或用 --list 查看导入记录")
    con = database.connect(args.db)
    try:
        if args.list:
            df = importer.batches(con, limit=50)
            if df.empty:
                print("还没有导入记录")
                return 0
            for r in df.itertuples(index=False):
                undone = f"，已于 {r.undone_at:%Y-%m-%d %H:%M} 撤销" if r.status == load.STATUS_UNDONE else ""
                print(f"第 {r.batch_id} 批  {r.imported_at:%Y-%m-%d %H:%M}  {r.table_zh}  {r.file_name}  "
                      f"{validate.MODE_ZH.get(r.mode, r.mode)}：新增 {r.rows_new:,}，更新 {r.rows_updated:,}，"
                      f"删除 {r.rows_deleted:,}，拒绝 {r.rows_rejected:,}  {r.status}{undone}")
            return 0
        try:
            result = importer.undo(con, args.batch)
        except importer.ImportFailed as e:
            print(f"撤销失败：{e}", file=sys.stderr)
            return 1
        parts.refresh(con)  # server mode: the stored KPI parts of the default view, for the restored data
        print(result.summary())
        return 0
    finally:
        database.close(args.db)
