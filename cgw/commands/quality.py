"""`cli.py quality`: the data-quality findings, ID and phone numbers masked, as JSON or a table."""

from __future__ import annotations

import argparse
import json

from cgw.commands import add_db_argument, as_user, iso_date
from cgw.commands.kpis import width
from cgw.domain import access, privacy
from cgw.storage import database
from metrics import quality, regions

SEVERITY_ZH = {"error": "错误", "warning": "警告"}


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{text!r} 应为正整数")
    return n


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("quality", help="数据质量检查（身份证号已脱敏）")
    add_db_argument(p)
    p.add_argument("--region", help="区划代码或名称，默认检查全部数据")
    p.add_argument("--as-of", type=iso_date, help="统计日 YYYY-MM-DD（书记等次按此年度），默认为数据集的统计日")
    p.add_argument("--format", choices=("json", "table"), default="table")
    p.add_argument("--limit", type=_positive, default=20, help="每条规则最多列出的问题行数，默认 20")
    as_user.add_argument(p)
    p.set_defaults(run=run)


def finding_dicts(findings: list[quality.Finding]) -> list[dict]:
    out = []
    for f in findings:
        rows = privacy.mask_frame(f.rows).astype(object).where(f.rows.notna(), None)
        out.append(
            {
                "id": f.rule.id,
                "label_zh": f.rule.label_zh,
                "label_en": f.rule.label_en,
                "severity": f.rule.severity,
                "description_zh": f.rule.description_zh,
                "description_en": f.rule.description_en,
                "count": f.count,
                "rows": rows.to_dict("records"),
            }
        )
    return out


def run(args: argparse.Namespace) -> int:
    con = database.open_database(args.db, read_only=True)
    try:
        user = as_user.account(con, args.user, access.QUALITY)
        wanted = as_user.region(con, user, args.region)
        region = regions.view(con, wanted)[0] if wanted else None
        as_of = args.as_of or database.as_of_date(con)
        findings = quality.run(con, region.region_id if region else None, as_of, args.limit)
        findings = quality.visible_to(findings, user.region_id if user else None)
    finally:
        con.close()
    data = finding_dicts(findings)
    if args.format == "json":
        print(json.dumps(data, ensure_ascii=False, indent=1, default=str))
        return 0
    where = f"{region.name}（{region.region_id}）" if region else "全部数据"
    bad = [d for d in data if d["count"]]
    lines = [f"数据质量检查 · {where} · 统计日 {as_of} · {len(data)} 条规则，{len(bad)} 条发现问题"]
    label_w = max(width(d["label_zh"]) for d in data)
    for d in data:
        label = d["label_zh"] + " " * (label_w - width(d["label_zh"]))
        lines.append(f"  {SEVERITY_ZH[d['severity']]}  {label}  {d['count']:>7,}  {d['id']}")
    for d in bad:
        shown = len(d["rows"])
        more = f"（列出前 {shown} 条）" if shown < d["count"] else ""
        lines.append("")
        lines.append(f"[{SEVERITY_ZH[d['severity']]}] {d['label_zh']}：{d['count']:,} 条{more}")
        for r in d["rows"]:
            cells = [r["table"], str(r["key"]), r.get("community_id") or "—"]
            if r.get("id_number"):
                cells.append(str(r["id_number"]))
            lines.append("  " + "  ".join(cells) + "  " + r["detail"])
    print("\n".join(lines))
    return 0
