"""`cli.py import`: validate a CSV/TSV/Excel file and load it into one table, all or nothing.

Exit status: 0 when every row was loaded (or the database already holds every row); 1 when
nothing was written (rejected rows, or the file cannot be read); 3 when --accept-valid loaded the
valid rows and rejected others. The report (--report, .csv or .xlsx) lists every problem: file,
row, column, value, reason and fix. --profile applies an import profile saved on the page (column
and value mapping), the same way the page does.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cgw.commands import ProgressBar, add_db_argument, as_user
from cgw.domain import access
from cgw.ingest import importer
from cgw.ingest.importer import profiles, specs, validate
from cgw.storage import accounts, database
from metrics import parts

EXIT_REJECTED = 1
EXIT_PARTIAL = 3


def table_name(text: str) -> str:
    found = specs.find(text)
    if found is None:
        raise argparse.ArgumentTypeError(f"没有可导入的表「{text}」：可选 {'、'.join(specs.tables())}")
    return found.name


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="导入 CSV / TSV / Excel 文件到一张表（先校验，整批写入，可撤销）")
    p.add_argument("file", help="要导入的文件（.csv .tsv .txt .xlsx .xls）")
    p.add_argument("--table", required=True, type=table_name,
                   help="目标表（英文名或中文名）：" + "、".join(f"{t.name}（{t.title_zh}）" for t in specs.TABLES))
    add_db_argument(p)
    p.add_argument("--mode", choices=validate.MODES, default="append",
                   help="append 追加（默认，已有记录不改）；upsert 更新已有、追加新的；replace 用文件替换整张表")
    p.add_argument("--accept-valid", action="store_true", help="有问题的行不导入，其余行照常导入（退出码 3）")
    p.add_argument("--report", help="把全部问题写入报告文件（.csv 或 .xlsx）")
    p.add_argument("--sheet", help="Excel 工作表名称，默认第一个有表头的工作表")
    p.add_argument("--profile", help="使用在“数据导入”页面保存的导入方案（列和取值的对应关系）")
    p.add_argument("--preview", action="store_true", help="只校验并报告，不写入数据库")
    p.add_argument("--verbose", action="store_true", help="另外列出提示和前几处问题")
    p.add_argument("--quiet", action="store_true", help="不显示进度条")
    as_user.add_argument(p)
    p.set_defaults(run=run)  # fmt: skip


def run(args: argparse.Namespace) -> int:
    if args.report and Path(args.report).suffix.lower() not in (".csv", ".xlsx"):
        raise ValueError(f"报告文件 {args.report} 应以 .csv 或 .xlsx 结尾")
    con = database.connect(args.db)
    progress = (lambda f, m: None) if args.quiet else ProgressBar()
    try:
        mapping = profiles.load(con, args.profile, args.table) if args.profile else None
        user = as_user.account(con, args.user, access.IMPORT)
        scope = user.region_id if user else None  # rows outside the account's region are rejected
        target = f"{args.table} · {Path(args.file).name}"
        if args.preview:
            result = importer.preview(con, args.table, args.file, mode=args.mode, sheet=args.sheet, progress=progress,
                                      scope=scope, mapping=mapping)
        else:
            try:
                result = importer.import_file(con, args.table, args.file, mode=args.mode, scope=scope,
                                              accept_valid=args.accept_valid, sheet=args.sheet, progress=progress, mapping=mapping)
            except importer.ImportFailed as e:
                as_user.audit(con, user, "import", target=target, region_id=scope, outcome=access.FAILURE, detail=str(e))
                raise
            if result.written:
                accounts.record_batch_owner(con, result.batch_id, user.name if user else "cli", scope)
            done = result.written or (result.blocked(args.accept_valid) is None and not result.changes)
            as_user.audit(con, user, "import", outcome=access.SUCCESS if done else access.FAILURE,
                          target=target + (f" · 第 {result.batch_id} 批" if result.written else ""), region_id=scope,
                          detail=result.summary())
            if result.written:
                parts.refresh(con)  # server mode: the stored KPI parts of the default view, for the new data
    except importer.ImportFailed as e:
        print(f"导入失败：{e}", file=sys.stderr)
        return EXIT_REJECTED
    finally:
        database.close(args.db)
    if args.report:
        Path(args.report).write_bytes(importer.report_bytes(result, Path(args.report).suffix.lower().lstrip(".")))
    if args.verbose:
        for note in result.notices:
            print(f"提示：{note}", file=sys.stderr)
        for row in result.first_problems(10).itertuples(index=False):
            print(f"  第 {row.line} 行「{row.column}」{row.value!s:.30}：{row.reason}（{row.fix}）", file=sys.stderr)
    if args.preview:
        line = (f"预览「{result.title_zh}」（{result.file_name}）：共 {result.rows_total:,} 行，新增 {result.rows_new:,}，"
                f"更新 {result.rows_updated:,}，未变 {result.rows_unchanged:,}，有问题 {result.rows_rejected:,} 行"
                + (f"，删除 {result.rows_deleted:,}" if result.rows_deleted else ""))
        blocked = result.blocked(args.accept_valid)
        print(line + (f"；{blocked}" if blocked and not result.rows_rejected else ""),
              file=sys.stdout if result.ok else sys.stderr)
        return 0 if result.ok else EXIT_REJECTED
    report = f"；问题清单见 {args.report}" if args.report and result.rows_rejected else ""
    if not result.written:
        if result.identical:
            print(result.summary())  # every row is already in the database
            return 0
        print(result.summary() + report, file=sys.stderr)
        return EXIT_REJECTED
    if result.rows_rejected:
        print(result.summary() + report, file=sys.stderr)
        return EXIT_PARTIAL
    print(result.summary())
    return 0
