"""审计日志 Audit trail (auditors; administrators read-only): who did what, when, in which region,
with what outcome and from which address. Filter, check the hash chain, export. Nobody can
change or delete an entry here or anywhere else in the program."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from cgw.domain import access
from cgw.outputs import exports
from cgw.storage import accounts as account_store
from cgw.webui import actions, auth, data, state
from cgw.webui.exports import MIME
from cgw.webui.i18n import lang, tr
from pages import page

state.current()  # first: on a deep link right after a server start this reruns through app.py
auth.require(access.AUDIT)
st.title(page("audit").heading(lang()))
me = data.account()
HEADERS = {
    "seq": ("序号", "No."), "logged_at": ("时间", "Time"), "actor": ("用户", "User"), "role": ("角色", "Role"),
    "action": ("操作", "Action"), "target": ("对象", "Object"), "region_id": ("区划", "Region"),
    "outcome": ("结果", "Outcome"), "client": ("客户端地址", "Client address"), "detail": ("说明", "Detail"),
}  # fmt: skip

st.caption(tr(
    f"登录（成功与失败）、退出、导入、撤销、导出、简报、演示数据、查看个人信息和账号变更，每次一条记录。日志只能追加："
    f"管理员和审计员都只能查看和导出，不能修改或删除；保留 {access.retention_days()} 天（CGW_AUDIT_RETENTION_DAYS，"
    f"不少于 180 天）。" + ("" if me.region_id is None else f"您的账号只显示区划 {me.region_id} 范围内的记录。"),
    f"Sign-ins (successful and failed), sign-outs, imports, undos, exports, briefings, demo data, reveals of "
    f"personal data and account changes, one entry each. Append-only: administrators and auditors can read and "
    f"export, not change or delete; kept {access.retention_days()} days."))

check = actions.audit_check()
if check.ok:
    st.success(tr(f"完整性校验通过：{check.entries:,} 条记录的哈希链完好，没有记录被修改、删除或插入。",
                  f"Integrity verified: the hash chain of {check.entries:,} entries is intact."),
               icon=":material/verified_user:")
else:
    st.error(tr(f"完整性校验失败：第 {check.first_bad} 条 {check.problem}。请立即报告安全管理员。",
                f"Integrity check failed at entry {check.first_bad}: {check.problem}"), icon=":material/gpp_bad:")

today = dt.date.today()
c1, c2, c3, c4 = st.columns([2, 1.4, 2, 1.2])
period = c1.date_input(tr("日期范围", "Dates"), value=(today - dt.timedelta(days=30), today), key="audit_dates",
                       max_value=today + dt.timedelta(days=1), format="YYYY-MM-DD")
actors = account_store.audit_actors(data.live_connection())
actor = c2.selectbox(tr("用户", "User"), [""] + actors, key="audit_actor",
                     format_func=lambda a: a or tr("全部用户", "Everyone"))
picked = c3.multiselect(tr("操作", "Actions"), list(access.ACTIONS), key="audit_actions",
                        format_func=lambda a: access.action_label(a, lang()), placeholder=tr("全部操作", "All actions"))
outcome = c4.selectbox(tr("结果", "Outcome"), [""] + list(access.OUTCOMES), key="audit_outcome",
                       format_func=lambda o: tr(*access.OUTCOMES[o]) if o else tr("全部", "All"))
since, until = (period + (period[-1],))[:2] if isinstance(period, tuple) and period else (None, None)
entries = actions.audit_entries(since=since, until=until, actor=actor or None, actions=picked or None,
                                outcome=outcome or None)

with st.container(horizontal=True, gap="medium"):
    st.metric(tr("记录", "Entries"), f"{len(entries):,}", border=True)
    st.metric(tr("登录失败", "Failed sign-ins"),
              f"{int(((entries['action'] == 'login') & (entries['outcome'] == access.FAILURE)).sum()):,}", border=True)
    st.metric(tr("越权或拒绝", "Denied"), f"{int((entries['outcome'] == access.DENIED).sum()):,}", border=True)
    st.metric(tr("导出与简报", "Exports and briefings"),
              f"{int(entries['action'].isin(['export', 'briefing']).sum()):,}", border=True)

if not entries.empty:
    daily = entries.assign(day=entries["logged_at"].dt.strftime("%m-%d"),
                           outcome=entries["outcome"].map(lambda o: tr(*access.OUTCOMES.get(o, (o, o)))))
    chart = daily.pivot_table(index="day", columns="outcome", values="seq", aggfunc="count", fill_value=0)
    st.markdown(tr("**每日记录数**", "**Entries per day**"))
    st.bar_chart(chart, height=180, color=None)

shown = entries.copy()
shown["logged_at"] = shown["logged_at"].dt.strftime("%Y-%m-%d %H:%M:%S")
shown["role"] = shown["role"].map(lambda r: access.role_label(r, lang()) if isinstance(r, str) else "")
shown["action"] = shown["action"].map(lambda a: access.action_label(a, lang()))
shown["outcome"] = shown["outcome"].map(lambda o: tr(*access.OUTCOMES.get(o, (o, o))))
shown["region_id"] = shown["region_id"].map(
    lambda r: f"{data.tree().name(r)}（{r}）" if isinstance(r, str) and data.tree().exists(r) else (r or ""))
shown = shown.rename(columns={k: tr(*v) for k, v in HEADERS.items()})
if shown.empty:
    st.info(tr("没有符合条件的记录。", "No entries match."))
else:
    st.dataframe(shown, hide_index=True, width="stretch", height=min(38 + 35 * len(shown), 560))

stem = exports.file_stem(tr("审计日志", "audit-trail"), since.isoformat() if since else "", until.isoformat() if until else "")
d1, d2, _ = st.columns([1, 1, 3])
d1.download_button(tr("导出 CSV", "Export CSV"), key="audit_csv", file_name=f"{stem}.csv", mime=MIME["csv"],
                   data=actions.audited(lambda: exports.csv_bytes(shown), "export", f"{stem}.csv"),
                   on_click="ignore", icon=":material/download:", width="stretch")
d2.download_button(tr("导出 Excel", "Export Excel"), key="audit_xlsx", file_name=f"{stem}.xlsx", mime=MIME["xlsx"],
                   data=actions.audited(lambda: exports.xlsx_bytes(shown), "export", f"{stem}.xlsx"),
                   on_click="ignore", icon=":material/download:", width="stretch")
if len(entries) and pd.notna(entries["logged_at"].min()):
    st.caption(tr(f"本页记录从 {entries['logged_at'].min():%Y-%m-%d %H:%M} 到 {entries['logged_at'].max():%Y-%m-%d %H:%M}。",
                  f"Entries from {entries['logged_at'].min():%Y-%m-%d %H:%M} to {entries['logged_at'].max():%Y-%m-%d %H:%M}."))
