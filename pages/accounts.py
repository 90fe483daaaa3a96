"""账号管理 Accounts (administrators): every account of the administrator's region with its role,
scope and state; open an account with a temporary password; change a role, a region, disable
or enable, reset a password. Every change goes through webui.actions (checked on the server,
one audit entry each)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cgw.domain import access
from cgw.storage import accounts as account_store
from cgw.webui import actions, auth, data, state
from cgw.webui.i18n import lang, tr
from pages import page

ss = st.session_state
state.current()  # first: on a deep link right after a server start this reruns through app.py
auth.require(access.ACCOUNTS)
st.title(page("accounts").heading(lang()))
me = data.account()
LEVELS = {"province": ("省", "province"), "city": ("市", "city"), "district": ("区县", "district"),
          "street": ("街道", "street"), "community": ("社区", "community"), "grid": ("网格", "grid")}
ROLES = list(access.ROLES)


def region_options() -> list[str | None]:
    """The regions an account opened here may be bound to: the administrator's subtree."""
    regions = sorted(data.tree().by_id.values(), key=lambda r: r.region_id)
    return ([None] if me.region_id is None else []) + [r.region_id for r in regions]


def region_text(region_id: str | None) -> str:
    if region_id is None:
        return tr("全部区划", "All regions")
    r = data.tree().get(region_id)
    if r is None:
        return region_id
    level = LEVELS.get(r.level, (r.level, r.level))
    return f"{r.name}（{tr(level[0], level[1])} {r.region_id}）"


def role_text(role: str) -> str:
    return f"{access.role_label(role, lang())} · {access.ROLE_DESCRIPTIONS[role][0 if lang() == 'zh' else 1]}"


def pick(label: str, choices: dict[str, object], key: str, current: object = None):
    """A selectbox over readable labels (`choices`: label -> value); returns the value."""
    labels = list(choices)
    values = list(choices.values())
    index = values.index(current) if current in values else 0
    return choices[st.selectbox(label, labels, index=index, key=key)]


def state_text(a, now) -> str:
    if not a.active:
        return tr("已停用", "Disabled")
    if a.locked(now):
        return tr(f"锁定至 {a.locked_until:%H:%M}", f"Locked until {a.locked_until:%H:%M}")
    if a.must_change:
        return tr("待改临时密码", "Temporary password")
    return tr("正常", "Active")


st.caption(tr(
    f"您管理的范围：{region_text(me.region_id)}。新账号使用临时密码，本人首次登录时必须修改；连续 "
    f"{access.MAX_FAILED_LOGINS} 次密码错误锁定 {access.LOCK_MINUTES} 分钟，重置密码即解锁。所有操作记入审计日志。",
    f"You manage: {region_text(me.region_id)}. New accounts get a temporary password, changed at first sign-in; "
    f"{access.MAX_FAILED_LOGINS} wrong passwords lock an account for {access.LOCK_MINUTES} minutes (a reset unlocks "
    "it). Every change is recorded in the audit trail."))

flash = ss.pop("_accounts_flash", None)
if flash:
    kind, text, secret = flash
    getattr(st, kind)(text, icon=":material/check_circle:" if kind == "success" else None)
    if secret:
        st.code(secret, language=None)
        st.caption(tr("临时密码只显示这一次：请当面或电话告知本人。", "The temporary password is shown only once."))

now = pd.Timestamp.now().to_pydatetime()
listed = actions.manageable_accounts()
table = pd.DataFrame([{
    tr("用户名", "User"): a.name,
    tr("角色", "Role"): access.role_label(a.role, lang()),
    tr("管辖范围", "Scope"): region_text(a.region_id),
    tr("状态", "State"): state_text(a, now),
    tr("最近登录", "Last sign-in"): f"{a.last_login:%Y-%m-%d %H:%M}" if a.last_login else "—",
    tr("创建人", "Created by"): a.created_by or "—",
    tr("创建时间", "Created"): f"{a.created_at:%Y-%m-%d %H:%M}",
} for a in listed])
with st.container(horizontal=True, gap="medium"):
    st.metric(tr("账号", "Accounts"), f"{len(listed)}", border=True)
    st.metric(tr("启用", "Active"), f"{sum(a.active for a in listed)}", border=True)
    st.metric(tr("锁定", "Locked"), f"{sum(a.locked(now) for a in listed)}", border=True)
    st.metric(tr("待改临时密码", "Temporary passwords"), f"{sum(a.must_change and a.active for a in listed)}", border=True)
st.dataframe(table, hide_index=True, width="stretch", height=min(38 + 35 * len(table), 640))

left, right = st.columns(2, gap="large")

with left, st.container(border=True):
    st.subheader(tr("新建账号", "New account"))
    with st.form("accounts_new"):
        name = st.text_input(tr("用户名", "User name"), key="accounts_new_name",
                             help=tr("2–32 个字符：中文、字母、数字或 . _ - @", "2–32 characters"))
        role = pick(tr("角色", "Role"), {role_text(r): r for r in ROLES}, "accounts_new_role")
        region = pick(tr("管辖范围", "Scope"), {region_text(r): r for r in region_options()}, "accounts_new_region")
        own = st.text_input(tr("初始密码（留空则自动生成临时密码）", "Initial password (empty: generate one)"),
                            type="password", key="accounts_new_password")
        # Clicks act through callbacks: a flag set before the script runs survives any rerun.
        st.form_submit_button(tr("创建账号", "Create"), type="primary", icon=":material/person_add:",
                              on_click=lambda: ss.update(_accounts_create=True))
    if ss.pop("_accounts_create", False):
        password = own or access.temporary_password()
        try:
            actions.create_account(name.strip(), role, region, password, temporary=True)
        except (account_store.AccountError, access.AccessDenied) as e:
            st.error(str(e))
        else:
            ss["_accounts_flash"] = ("success", tr(f"已创建账号 {name.strip()}（{access.role_label(role)}，"
                                                   f"{region_text(region)}）。", f"Created {name.strip()}."),
                                     None if own else password)
            for key in ("accounts_new_name", "accounts_new_password"):  # an empty form for the next one
                ss.pop(key, None)
            st.rerun()

with right, st.container(border=True):
    st.subheader(tr("修改账号", "Change an account"))
    names = [a.name for a in listed]
    picked = st.selectbox(tr("账号", "Account"), names, key="accounts_pick") if names else None
    if picked:
        target = next(a for a in listed if a.name == picked)
        with st.form(f"accounts_edit_{picked}"):
            new_role = pick(tr("角色", "Role"), {role_text(r): r for r in ROLES}, f"accounts_role_{picked}",
                            target.role)
            options = region_options()
            if target.region_id not in options:
                options = [target.region_id, *options]
            new_region = pick(tr("管辖范围", "Scope"), {region_text(r): r for r in options}, f"accounts_region_{picked}",
                              target.region_id)
            active = st.toggle(tr("启用", "Active"), value=target.active, key=f"accounts_active_{picked}")
            st.form_submit_button(tr("保存修改", "Save"), type="primary", on_click=lambda: ss.update(_accounts_save=True))
        if ss.pop("_accounts_save", False):
            try:
                changed = actions.change_account(picked, role=new_role, region_id=new_region, active=active)
            except (account_store.AccountError, access.AccessDenied) as e:
                st.error(str(e))
            else:
                ss["_accounts_flash"] = ("success" if changed else "info",
                                         tr(f"已保存 {picked} 的修改。", f"Saved {picked}.") if changed
                                         else tr("没有修改。", "Nothing changed."), None)
                st.rerun()
        st.button(tr("重置密码（生成临时密码并解锁）", "Reset password (temporary, unlocks)"), key="accounts_reset",
                  icon=":material/lock_reset:", on_click=lambda: ss.update(_accounts_reset=True))
        if ss.pop("_accounts_reset", False):
            try:
                secret = actions.reset_password(picked)
            except (account_store.AccountError, access.AccessDenied) as e:
                st.error(str(e))
            else:
                ss["_accounts_flash"] = ("success", tr(f"已为 {picked} 设置临时密码，其登录会话已全部结束。",
                                                       f"{picked} has a temporary password; their sessions ended."),
                                         secret)
                st.rerun()

with st.expander(tr("角色说明", "Roles")):
    st.markdown("\n".join(f"- **{access.role_label(r, lang())}**：{access.ROLE_DESCRIPTIONS[r][0 if lang() == 'zh' else 1]}"
                          for r in ROLES))
