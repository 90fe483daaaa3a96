"""`cli.py undo`: undo an import batch (restores the exact state before it), or list the batches."""

from __future__ import annotations

import argparse
import sys

from cgw.commands import add_db_argument, as_user
from cgw.domain import access
from cgw.ingest import importer
from cgw.ingest.importer import load, validate
from cgw.storage import accounts, database
from metrics import parts, regions


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("undo", help="撤销一批导入（恢复导入前的数据），或用 --list 列出导入记录")
    p.add_argument("batch", nargs="?", type=int, help="批次号（见 --list）")
    add_db_argument(p)
    p.add_argument("--list", action="store_true", help="列出最近的导入批次")
    as_user.add_argument(p)
    p.set_defaults(run=run)


def in_scope(con, user, batch_ids) -> set[int]:
    """The batches `user` may undo: those imported within her region (all for administrators and
    without --user). A batch from before accounts counts as the whole database."""
    if user is None or user.can(access.ALL_BATCHES):
        return set(batch_ids)
    owners = accounts.batch_owners(con)
    root = regions.root(con)
    whole = root.region_id if root else None
    return {b for b in batch_ids if access.in_scope((owners.get(b) or (None, None))[1] or whole, user.region_id)}


def run(args: argparse.Namespace) -> int:
    if not args.list and args.batch is None:
        raise ValueError("请给出要撤销的批次号，或用 --list 查看导入记录")
    con = database.connect(args.db)
    try:
        user = as_user.account(con, args.user, access.IMPORT)
        if args.list:
            df = importer.batches(con, limit=50)
            df = df[df["batch_id"].isin(in_scope(con, user, [int(b) for b in df["batch_id"]]))]
            if df.empty:
                print("还没有导入记录")
                return 0
            for r in df.itertuples(index=False):
                undone = f"，已于 {r.undone_at:%Y-%m-%d %H:%M} 撤销" if r.status == load.STATUS_UNDONE else ""
                print(f"第 {r.batch_id} 批  {r.imported_at:%Y-%m-%d %H:%M}  {r.table_zh}  {r.file_name}  "
                      f"{validate.MODE_ZH.get(r.mode, r.mode)}：新增 {r.rows_new:,}，更新 {r.rows_updated:,}，"
                      f"删除 {r.rows_deleted:,}，拒绝 {r.rows_rejected:,}  {r.status}{undone}")
            return 0
        if not in_scope(con, user, [args.batch]):
            as_user.audit(con, user, "undo", target=f"第 {args.batch} 批", outcome=access.DENIED,
                          detail="不在该账号的管辖范围内")
            print(f"撤销失败：第 {args.batch} 批不在账号 {user.name} 的管辖范围内", file=sys.stderr)
            return 1
        try:
            result = importer.undo(con, args.batch)
        except importer.ImportFailed as e:
            as_user.audit(con, user, "undo", target=f"第 {args.batch} 批", outcome=access.FAILURE, detail=str(e))
            print(f"撤销失败：{e}", file=sys.stderr)
            return 1
        parts.refresh(con)  # server mode: the stored KPI parts of the default view, for the restored data
        as_user.audit(con, user, "undo", target=f"第 {args.batch} 批", detail=result.summary())
        print(result.summary())
        return 0
    finally:
        database.close(args.db)
