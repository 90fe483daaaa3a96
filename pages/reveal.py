"""查看个人完整信息 Reveal (administrators): ID and phone numbers stay masked everywhere; here an
administrator may see one person's full record, inside her region, after stating why. Each
reveal is one entry of the audit trail, reason included (webui.actions.reveal)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cgw.domain import access
from cgw.storage import people
from cgw.webui import actions, auth, data, state
from cgw.webui.i18n import lang, tr
from pages import page

ss = st.session_state
state.current()  # first: on a deep link right after a server start this reruns through app.py
auth.require(access.REVEAL)
st.title(page("reveal").heading(lang()))
st.caption(tr(
    "身份证号和手机号在所有页面和导出中都已脱敏。确因工作需要核对某一人员时，可在此查看其完整记录："
    "须说明理由，每次查看（含理由）都记入审计日志，审计员可见。",
    "ID and phone numbers are masked in every view and export. When work requires it, an administrator may see "
    "one person's full record here, after stating the reason; every reveal, with its reason, goes into the audit trail."))

text = st.text_input(tr("姓名或人员编号", "Name or record number"), key="reveal_search",
                     placeholder=tr("如：张伟 或 W0000123", "e.g. W0000123"))
found = actions.find_people(text) if text.strip() else pd.DataFrame()
if text.strip() and found.empty:
    st.info(tr("在您的管辖范围内没有找到匹配的人员。", "Nobody in your scope matches."))
if not found.empty:
    shown = found.assign(table=found["table"].map(lambda t: people.TABLES[t][1]),
                         community_id=found["community_id"].map(lambda c: data.tree().name(c)))
    st.dataframe(shown.rename(columns={"table": tr("类别", "Kind"), "key": tr("编号", "No."), "name": tr("姓名", "Name"),
                                       "community_id": tr("社区", "Community"), "id_number": tr("身份证号", "ID number"),
                                       "phone": tr("手机号", "Phone")}), hide_index=True, width="stretch")
    options = [f"{r.table}/{r.key}" for r in found.itertuples()]
    labels = {f"{r.table}/{r.key}": f"{r.name}（{r.key}）" for r in found.itertuples()}
    with st.form("reveal_form"):
        picked = st.selectbox(tr("查看谁的完整信息", "Whose record"), options, format_func=labels.get, key="reveal_pick")
        reason = st.text_input(tr("查看理由（必填，记入审计日志）", "Reason (required, recorded)"), key="reveal_reason",
                               placeholder=tr("如：核对社保缴纳信息", "e.g. checking social-insurance records"))
        st.form_submit_button(tr("查看完整信息", "Reveal"), type="primary", icon=":material/visibility:",
                              on_click=lambda: ss.update(_reveal_go=True))
    if ss.pop("_reveal_go", False):
        table, key = picked.split("/", 1)
        try:
            ss["_revealed"] = actions.reveal(table, key, reason)
        except (ValueError, access.AccessDenied) as e:
            ss.pop("_revealed", None)
            st.error(str(e))

record = ss.get("_revealed")
if record:
    with st.container(border=True):
        st.warning(tr("以下为未脱敏的个人信息，仅供本次核对，请勿截图、外传。",
                      "Unmasked personal data, for this check only: do not copy or share."), icon=":material/shield:")
        st.dataframe(pd.DataFrame({tr("项目", "Field"): list(record), tr("内容", "Value"): [
            "" if v is None else str(v) for v in record.values()]}), hide_index=True, width="stretch")
        st.button(tr("关闭", "Close"), on_click=lambda: ss.pop("_revealed", None), key="reveal_close")
