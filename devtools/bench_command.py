"""`cli.py bench`: performance ratios side by side (see devtools/benchmark.py)."""

from __future__ import annotations

import argparse
import json

from cgw.commands import ProgressBar
from devtools import benchmark


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("bench", help="性能基准：与手写 SQL、pandas 基线和逐行 Faker 循环并排比较")
    p.add_argument("--quick", action="store_true", help="小数据集，只验证正确性（CI 用）")
    p.add_argument("--db", help="基准数据库路径（默认 data/bench/<preset>-seed<seed>.duckdb，可复用）")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--no-browser", action="store_true", help="不启动看板和浏览器（跳过首屏、各页面、切换和内存各项）")
    p.add_argument("--pages", action="store_true", help="只测奎文区规模的各页面首屏、切换区划和内存（约 5 分钟）")
    p.add_argument("--against", metavar="DIR", help="与另一份代码（如改动前的提交）并排、轮流测各页面首屏和切换区划")
    p.add_argument("--engine", choices=("duckdb", "postgresql"), default="duckdb",
                   help="postgresql：DuckDB 与 PostgreSQL 并排比较（奎文和全省规模：总览指标、区划分解、10 万行导入、8 个并发会话的页面加载）")
    p.add_argument("--growth", metavar="FACTORS",
                   help="与 --engine postgresql 同用：全省规模的若干倍（如 1,4,16）下总览指标的用时，DuckDB 与 PostgreSQL 并排")
    p.add_argument("--pg-url", help="用已有的 PostgreSQL 服务器（需能建库），默认在 data/bench/pg/ 启动一个私有服务器")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.engine == "postgresql":
        from devtools import server_bench

        if args.growth:
            table = server_bench.growth(tuple(int(x) for x in args.growth.split(",")), seed=args.seed,
                                        pg_url=args.pg_url, progress=ProgressBar())
            server_bench.print_growth(table)
            print(json.dumps(table, ensure_ascii=False, default=str))
            return 0
        figures = server_bench.run(seed=args.seed, pg_url=args.pg_url, progress=ProgressBar(), quick=args.quick,
                                   browser=not args.no_browser)
        benchmark.print_table(figures)
        print(benchmark.summary_json(figures))
        return 0
    if args.against:
        print(json.dumps(benchmark.pages_side_by_side(args.against, seed=args.seed), ensure_ascii=False, indent=1))
        return 0
    if args.pages:
        figures, table = benchmark.pages_only(seed=args.seed), []
    else:
        figures, table = benchmark.run(quick=args.quick, db=args.db, seed=args.seed, progress=ProgressBar(),
                                       browser=not args.no_browser)
    benchmark.print_table(figures)
    benchmark.print_scaling(table)
    print(benchmark.summary_json(figures, table))
    return 0
