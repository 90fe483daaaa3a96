"""`cli.py report`: the briefing (KPIs, charts, lagging sub-regions, narrative) as HTML or PDF."""

from __future__ import annotations

import argparse
import sys

from cgw.commands import add_db_argument, add_view_arguments, as_user
from cgw.domain import access
from cgw.outputs import report
from cgw.storage import database


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="生成简报（HTML 或 PDF）：核心指标、图表、落后单位和文字分析")
    add_db_argument(p)
    add_view_arguments(p)
    p.add_argument("--out", required=True, help="输出文件：.html（自包含，可离线打开）或 .pdf")
    as_user.add_argument(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from metrics import regions

    con = database.connect(args.db)  # read-write: the briefing is recorded in the audit trail
    try:
        user = as_user.account(con, args.user, access.DASHBOARDS)
        _, filters = regions.view(con, as_user.region(con, user, args.region), args.as_of, args.grain)
        out = report.write(con, args.out, filters.region_id, filters.as_of, filters.grain)
        as_user.audit(con, user, "briefing", target=out.name, region_id=filters.region_id,
                      detail=f"统计日 {filters.as_of}，{out.stat().st_size:,} 字节")
    finally:
        database.close(args.db)
    print(f"已生成简报 {out}（{out.stat().st_size / 1e6:.1f} MB）", file=sys.stderr)
    return 0
