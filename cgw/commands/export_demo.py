"""`cli.py export`: a whole dataset as a ZIP of CSVs (UTF-8 with BOM) or one XLSX workbook.

Generated (synthetic) datasets keep their made-up ID and phone numbers so the files re-import
unchanged; a dataset holding imported rosters is always masked.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cgw.commands import add_db_argument, as_user
from cgw.domain import access
from cgw.outputs import dataset_export
from cgw.storage import database, datasets


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="导出整个数据集（ZIP 内每表一个 CSV，或一个 XLSX），可经数据导入原样导回")
    add_db_argument(p)
    p.add_argument("--out", required=True, help="输出文件：.zip 或 .xlsx")
    p.add_argument("--mask", action="store_true", help="合成数据也脱敏身份证号和手机号（脱敏后不能再导入）")
    as_user.add_argument(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.suffix.lower() not in (".zip", ".xlsx"):
        raise ValueError(f"输出文件 {out.name} 的扩展名应为 .zip 或 .xlsx")
    con = database.connect(args.db)  # read-write: the export is recorded in the audit trail
    try:
        user = as_user.account(con, args.user, access.STUDIO)
        if user is not None and user.region_id is not None:
            raise ValueError(f"账号 {user.name} 只管辖区划 {user.region_id}：整个数据集的导出仅限管辖全部区划的账号")
        name = args.db.rsplit("/", 1)[-1] if database.is_server(args.db) else Path(args.db).stem
        summary = datasets.summary(con, name, database.as_target(args.db))
        mask = args.mask or not summary.synthetic
        if out.suffix.lower() == ".zip":
            data = dataset_export.export_zip(con, mask=mask, readme=dataset_export.export_readme(not mask))
        else:
            data = dataset_export.export_xlsx(con, mask=mask)
        as_user.audit(con, user, "export", target=out.name, detail=f"整个数据集，{len(data):,} 字节"
                      + ("，已脱敏" if mask else "，合成数据未脱敏"))
    finally:
        database.close(args.db)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    note = "身份证号和手机号已脱敏" if mask else "合成数据，身份证号和手机号未脱敏，可原样导入"
    print(f"已导出 {out}（{summary.total_rows:,} 行，{len(data) / 1e6:.1f} MB；{note}）", file=sys.stderr)
    return 0
