"""数据质量 Data quality: every rule of metrics.quality for the current region and as-of date, each
with the affected rows. ID and phone numbers are masked (webui.data masks before caching)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cgw.webui import actions, charts, data, layout, state
from cgw.webui.i18n import lang, tr
from pages import page

view = state.current()
layout.header(page("quality").heading(lang()))
LIMIT = 200

COLUMN_NAMES = {
    "table": ("数据表", "Table"), "key": ("记录编号", "Record"), "community": ("社区", "Community"),
    "detail": ("问题说明", "Problem"), "id_number": ("身份证号", "ID number"), "name": ("姓名", "Name"),
    "phone": ("联系电话", "Phone"),
}  # fmt: skip
TABLE_NAMES = {
    "workers": ("社区工作者", "Workers"), "reserve_candidates": ("后备人才", "Reserve candidates"),
    "regions": ("区划", "Regions"), "region_population": ("常住人口", "Population"),
    "certificates": ("职业资格", "Certificates"), "secretary_grades": ("书记等次", "Secretary grades"),
    "trainings": ("培训", "Trainings"), "assessments": ("考核", "Assessments"), "partners": ("幸福合伙人", "Partners"),
    "partner_communities": ("合伙人服务社区", "Partner communities"),
    "partner_evaluations": ("合伙人评价", "Partner evaluations"), "livelihood_issues": ("民生诉求", "Issues"),
    "wishes": ("微心愿", "Wishes"), "points_ledger": ("积分台账", "Points ledger"),
}  # fmt: skip


def readable(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows as a leader reads them: table and community names, text in the current language."""
    out = rows.copy()
    if "detail_en" in out:
        if lang() == "en":
            out["detail"] = out["detail_en"]
        out = out.drop(columns="detail_en")
    if "table" in out:
        out["table"] = out["table"].map(lambda t: tr(*TABLE_NAMES[t]) if t in TABLE_NAMES else t)
    if "community_id" in out:
        out.insert(list(out.columns).index("community_id"), "community",
                   out["community_id"].map(lambda c: data.region_name(c) if isinstance(c, str) else ""))
        out = out.drop(columns="community_id")
    return out.rename(columns={k: tr(*v) for k, v in COLUMN_NAMES.items()})


if not data.quality_available():
    charts.empty(tr("数据质量检查模块尚未安装（metrics/quality.py），暂无法检查。",
                    "The data-quality checks (metrics/quality.py) are not installed yet."))
    st.stop()

findings = data.quality_findings(view.region_id, view.as_of, LIMIT)
bad = [f for f in findings if f.count]
errors = [f for f in bad if f.rule.severity == "error"]
warnings = [f for f in bad if f.rule.severity != "error"]

with st.container(horizontal=True, gap="medium"):
    st.metric(tr("检查规则", "Rules checked"), f"{len(findings)}", border=True)
    st.metric(tr("发现错误的规则", "Rules with errors"), f"{len(errors)}", border=True)
    st.metric(tr("发现警告的规则", "Rules with warnings"), f"{len(warnings)}", border=True)
    st.metric(tr("涉及记录", "Rows affected"), f"{sum(f.count for f in bad):,}", border=True)

if not bad:
    st.success(tr(f"{layout.region_name()}的数据通过了全部{len(findings)}项检查。",
                  f"{layout.region_name()} passes all {len(findings)} checks."), icon=":material/verified:")
else:
    st.caption(tr(f"身份证号、手机号已脱敏显示。每项最多列出前{LIMIT}条，可下载所列记录；更多记录可用命令 "
                  f"python cli.py quality --limit N 导出。",
                  f"ID and phone numbers are masked. Up to {LIMIT} rows are listed per rule and can be downloaded; "
                  "for more, run python cli.py quality --limit N."))

for f in sorted(bad, key=lambda f: (f.rule.severity != "error", -f.count)):
    severity = tr("错误", "Error") if f.rule.severity == "error" else tr("警告", "Warning")
    icon = ":material/error:" if f.rule.severity == "error" else ":material/warning:"
    with st.expander(f"{severity} · {f.rule.label(lang())}（{f.count:,}{tr('条', '')}）", icon=icon,
                     expanded=len(bad) <= 3):
        st.markdown(f.rule.description(lang()))
        rows = readable(f.rows)
        if f.count > len(rows):
            st.caption(tr(f"共{f.count:,}条，下面列出前{len(rows)}条。", f"{f.count:,} rows; the first {len(rows)} are listed."))
        st.dataframe(rows, hide_index=True, width="stretch", height=min(38 + 35 * len(rows), 400))
        st.download_button(tr("下载所列记录 CSV", "Download these rows (CSV)"),
                           actions.audited(lambda rows=rows: rows.to_csv(index=False).encode("utf-8-sig"), "export",
                                           f"quality_{f.rule.id}.csv", view.region_id),
                           file_name=f"quality_{f.rule.id}.csv", mime="text/csv", key=f"quality_csv_{f.rule.id}",
                           icon=":material/download:", on_click="ignore")

passed = [f for f in findings if not f.count]
if passed:
    with st.expander(tr(f"已通过的检查（{len(passed)}项）", f"Checks passed ({len(passed)})"), icon=":material/check_circle:"):
        st.markdown("\n".join(f"- {f.rule.label(lang())}：{f.rule.description(lang())}" for f in passed))
