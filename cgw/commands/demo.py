"""`cli.py demo`: build a database of generated, calibrated demo data."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from cgw.commands import ProgressBar, iso_date
from cgw.ingest.generator import build, targets
from cgw.storage import accounts, database
from metrics import parts


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="生成演示数据库（奎文 / 洪洞 / 全省规模，或自定义目标）")
    p.add_argument("--preset", choices=sorted(targets.PRESETS), default="kuiwen", help="预设，默认 kuiwen")
    p.add_argument("--targets", help="自定义目标表 JSON 文件（覆盖预设中的对应指标）")
    p.add_argument("--seed", type=int, default=1, help="随机种子：相同种子生成完全相同的数据")
    p.add_argument("--as-of", type=iso_date, default=targets.DEFAULT_AS_OF, help="统计日 YYYY-MM-DD")
    default = os.environ.get(database.DB_ENV_VAR) or None
    p.add_argument("--db", required=default is None, default=default,
                   help="输出的 DuckDB 文件（已存在则整体替换），或 PostgreSQL 地址（其中数据整体替换，一个事务）")
    p.add_argument("--quiet", action="store_true", help="不显示进度")
    p.set_defaults(run=run)


def _refuse_accounts(path: Path) -> None:
    """Regenerating replaces the whole file: never one that holds accounts and an audit trail."""
    if not path.exists():
        return
    try:
        con = database.open_database(path)
    except database.DatabaseError:
        return  # held by the app, or not ours: build.generate says so
    try:
        kept = accounts.has_accounts(con) or accounts.audit_count(con) > 0
    finally:
        con.close()
    if kept:
        raise ValueError(f"{path} 中有账号和审计日志，整体重新生成会把它们一并删除：请另选 --db 路径"
                         f"（演示数据集可放在 data/datasets/ 下），或先备份并移走该文件")


def run(args: argparse.Namespace) -> int:
    _refuse_accounts(Path(args.db))
    t = targets.PRESETS[args.preset]
    if args.targets:
        t = targets.from_json(args.targets)
    progress = (lambda f, m: None) if args.quiet else ProgressBar()
    result = build.generate(t, args.db, seed=args.seed, as_of=args.as_of, progress=progress)
    if database.is_server(args.db):
        parts.refresh(database.connect(args.db))  # the stored KPI parts of the default view
    print(
        f"已生成 {database.describe(result.path)}：{result.total_rows:,} 行，用时 {result.seconds:.1f} 秒"
        f"（{result.rows_per_second:,.0f} 行/秒）",
        file=sys.stderr,
    )
    return 0
