"""`cli.py templates`: write the import templates (CSV with BOM and XLSX, Chinese headers and a
row of notes) for every importable table, or for the tables named."""

from __future__ import annotations

import argparse
from pathlib import Path

from cgw.commands.import_cmd import table_name
from cgw.ingest import importer
from cgw.ingest.importer import specs


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("templates", help="生成导入模板（CSV 和 Excel，中文表头和填写说明）")
    p.add_argument("--out", required=True, help="输出目录")
    p.add_argument("--table", action="append", type=table_name, help="只生成这张表的模板（可重复）")
    p.add_argument("--format", choices=("csv", "xlsx", "both"), default="both")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    names = args.table or specs.tables()
    written = []
    for i, name in enumerate(specs.tables(), start=1):
        if name not in names:
            continue
        stem = f"{i:02d}_{name}_{specs.spec(name).title_zh}"
        if args.format in ("csv", "both"):
            (out / f"{stem}.csv").write_bytes(importer.template_csv(name))
            written.append(f"{stem}.csv")
        if args.format in ("xlsx", "both"):
            (out / f"{stem}.xlsx").write_bytes(importer.template_xlsx(name))
            written.append(f"{stem}.xlsx")
    print(f"已生成 {len(written)} 个模板到 {out}（按导入顺序编号）")
    return 0
