"""Signing in: the first-administrator form on a new database, the sign-in form, the new-password
form for a temporary password, sessions that survive a reload and end after the idle timeout,
signing out, optional single sign-on (st.login, OIDC), and the account box in the sidebar.

app.py calls `gate()` before anything else is drawn: it returns the signed-in account or stops
the run at the form that is needed. A session is a random token: the browser keeps it in the
`cgw_session` cookie (SameSite=Strict), the database keeps its SHA-256 (cgw.storage.accounts), so a
reload or a copied link opens the same view without signing in again, while the session lasts.

`audit()` writes one entry of the audit trail for the signed-in account, with the client address.
"""

from __future__ import annotations

import threading
import time

import streamlit as st

from cgw.domain import access
from cgw.storage import accounts
from cgw.webui import data, layout
from cgw.webui.i18n import lang, tr

COOKIE = "cgw_session"
TOKEN_KEY = "_cgw_token"
_LAST_RUN = "_cgw_last_run"  # time.monotonic() of the session's last full run (the idle watch)
_NOTICE = "_cgw_notice"
_CLEAR_COOKIE = "_cgw_clear_cookie"
_ACCOUNT_REGION = object()  # audit(): the account's own region

# Sets or clears the session cookie in the page (JS of a v2 component runs in the main document).
_COOKIE_JS = """
export default function ({ data }) {
  if (!data || data.token === undefined || data.token === null) return;
  const secure = location.protocol === "https:" ? "; Secure" : "";
  document.cookie = data.token
    ? `cgw_session=${data.token}; Path=/; SameSite=Strict${secure}`
    : `cgw_session=; Path=/; Max-Age=0; SameSite=Strict${secure}`;
}
"""
_cookie_writer = st.components.v2.component("cgw_session_cookie", js=_COOKIE_JS)


def _con():
    return data.live_connection()


def client_address() -> str | None:
    """The browser's address as the server sees it, plus X-Forwarded-For behind a reverse proxy
    (None under AppTest). st.context.ip_address hides loopback connections (it returns None for
    them); the audit trail records them as 127.0.0.1."""
    try:
        address = st.context.ip_address
        forwarded = st.context.headers.get("X-Forwarded-For")
    except Exception:  # noqa: BLE001 - no request context: not a browser
        return None
    if not isinstance(address, str):
        try:
            from streamlit.runtime.context import _get_client_context  # the connection's own address

            remote = getattr(_get_client_context(), "remote_ip", None)
        except Exception:  # noqa: BLE001 - an internal API that may move: then unknown
            remote = None
        address = "127.0.0.1" if remote in ("127.0.0.1", "::1") else None
    if isinstance(forwarded, str) and forwarded.strip():
        return f"{address or '?'}（X-Forwarded-For: {forwarded.strip()[:80]}）"
    return address


def audit(action: str, outcome: str = access.SUCCESS, *, target: object = None, region_id=_ACCOUNT_REGION,
          detail: object = None) -> int:
    """One audit entry for the signed-in account (who, when, what, which region, outcome, from where)."""
    a = data.account()
    return accounts.append_audit(
        _con(), actor=a.name if a else "?", role=a.role if a else None, action=action, outcome=outcome,
        target=target, region_id=(a.region_id if a else None) if region_id is _ACCOUNT_REGION else region_id,
        client=client_address(), detail=detail,
    )


def _cookie_token() -> str | None:
    try:
        token = st.context.cookies.get(COOKIE)
    except Exception:  # noqa: BLE001 - no request context
        return None
    return token if isinstance(token, str) else None


def _write_cookie(token: str) -> None:
    """Hand the token to the browser ('' clears the cookie). Drawn only when the browser's cookie
    differs, in a zero-height container."""
    with st.container(height=1, border=False, key="cgw_cookie_box"):
        _cookie_writer(data={"token": token}, key=f"cgw_cookie_{'set' if token else 'clear'}", height="content")


def _forget() -> None:
    ss = st.session_state
    for key in (TOKEN_KEY, data.ACCOUNT_KEY, _LAST_RUN):
        ss.pop(key, None)


# --- the gate ------------------------------------------------------------------------------------


_retention_done: set[str] = set()  # databases whose expired audit entries this process removed
_retention_lock = threading.Lock()


def _apply_retention(con) -> None:
    """Once per process and database: remove audit entries past the retention period (recorded)."""
    key = str(data.default_db_path())
    with _retention_lock:
        if key in _retention_done:
            return
        _retention_done.add(key)
    accounts.purge_audit(con, access.retention_days())


def gate():
    """The signed-in account; otherwise draws the form that is needed and stops the run."""
    ss = st.session_state
    con = _con()
    _apply_retention(con)
    token = ss.get(TOKEN_KEY) or _cookie_token()
    if token:
        check = accounts.check_session(con, token, access.idle_minutes())
        if check.account is not None:
            ss[TOKEN_KEY] = token
            ss[data.ACCOUNT_KEY] = check.account
            ss[_LAST_RUN] = time.monotonic()
            if _cookie_token() != token:
                _write_cookie(token)
            if check.account.must_change:
                _new_password_form(check.account)
                st.stop()
            _idle_watch()
            return check.account
        _forget()
        if check.reason == "expired":
            gone = accounts.get(con, check.user_name)
            accounts.append_audit(con, actor=check.user_name, role=gone.role if gone else None, action="logout",
                                  region_id=gone.region_id if gone else None, client=client_address(),
                                  detail=f"超过 {access.idle_minutes():g} 分钟未操作，会话自动结束")
            ss[_NOTICE] = tr(f"超过 {access.idle_minutes():g} 分钟未操作，已自动退出，请重新登录。",
                             f"Signed out after {access.idle_minutes():g} minutes without activity. Please sign in again.")
        elif check.reason == "disabled":
            ss[_NOTICE] = tr("账号已被停用或删除，请联系管理员。", "This account has been disabled. Contact an administrator.")
    if _cookie_token() or ss.pop(_CLEAR_COOKIE, False):
        _write_cookie("")
    _single_sign_on(con)
    if not accounts.has_accounts(con):
        _first_admin_form(con)
    else:
        _sign_in_form(con)
    st.stop()


def _start(con, account, detail: str | None = None) -> None:
    """A new session for a verified account, recorded as a sign-in."""
    token = accounts.start_session(con, account.name, client_address())
    st.session_state[TOKEN_KEY] = token
    accounts.append_audit(con, actor=account.name, role=account.role, action="login", region_id=account.region_id,
                          client=client_address(), detail=detail)


def _heading(title: str, subtitle: str) -> None:
    st.html("<style>[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'] { display: none; }"
            ".block-container { max-width: 30rem !important; padding-top: 4rem; }</style>")
    st.title(title)
    st.caption(subtitle)
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        st.info(notice, icon=":material/info:")


def _first_admin_form(con) -> None:
    _heading(tr("创建管理员账号", "Create the administrator"),
             tr("演示数据已就绪。请先创建第一个管理员账号：之后用它登录，并在“账号管理”中为其他人开通账号。",
                "The demo data are ready. Create the first administrator: sign in with it, then open accounts for "
                "others on the Accounts page."))
    with st.form("cgw_first_admin"):
        name = st.text_input(tr("用户名", "User name"), value="admin", key="cgw_setup_name")
        password = st.text_input(tr("密码（至少 8 个字符，不能与用户名相同）", "Password (8+ characters, not the user name)"),
                                 type="password", key="cgw_setup_password")
        again = st.text_input(tr("再次输入密码", "Repeat the password"), type="password", key="cgw_setup_again")
        submitted = st.form_submit_button(tr("创建并登录", "Create and sign in"), type="primary", width="stretch")
    if not submitted:
        return
    if password != again:
        st.error(tr("两次输入的密码不一致。", "The passwords differ."))
        return
    try:
        account = accounts.create(con, name, access.ADMIN, None, password, first_admin=True, created_by=name)
    except accounts.AccountError as e:
        st.error(str(e))
        return
    accounts.append_audit(con, actor=account.name, role=account.role, action="account_create", target=account.name,
                          client=client_address(), detail="首次启动：创建第一个管理员（全部区划）")
    _start(con, account, "首次启动")
    st.rerun()


def _sign_in_form(con) -> None:
    _heading(tr("社区工作者队伍数据看板", "Community workforce dashboard"), tr("请登录", "Please sign in"))
    with st.form("cgw_sign_in"):
        name = st.text_input(tr("用户名", "User name"), key="cgw_login_name")
        password = st.text_input(tr("密码", "Password"), type="password", key="cgw_login_password")
        submitted = st.form_submit_button(tr("登录", "Sign in"), type="primary", width="stretch")
    if _sso_provider() is not False:
        st.button(tr("单点登录（SSO）", "Single sign-on"), on_click=_sso_login, width="stretch",
                  icon=":material/login:", key="cgw_sso")
    st.caption(tr(f"连续 {access.MAX_FAILED_LOGINS} 次密码错误，账号锁定 {access.LOCK_MINUTES} 分钟；"
                  f"{access.idle_minutes():g} 分钟未操作自动退出。忘记密码请联系管理员重置。",
                  f"{access.MAX_FAILED_LOGINS} wrong passwords lock the account for {access.LOCK_MINUTES} minutes; "
                  f"sessions end after {access.idle_minutes():g} idle minutes. Forgot the password? Ask an administrator."))
    if submitted:
        _try_sign_in(con, name, password)


def _try_sign_in(con, name: str, password: str) -> None:
    name = (name or "").strip()
    result = accounts.authenticate(con, name, password)
    if result.account is not None:
        _start(con, result.account)
        st.rerun()
    known = accounts.get(con, name)
    reasons = {"unknown": "用户名不存在", "wrong": "密码错误", "disabled": "账号已停用",
               "locked": "账号已锁定"}
    detail = reasons.get(result.reason, result.reason)
    if result.reason == "locked" and result.attempts_left == 0:
        detail = f"密码错误，连续 {access.MAX_FAILED_LOGINS} 次，账号锁定至 {result.locked_until:%H:%M}"
    accounts.append_audit(con, actor=name or "（空）", role=known.role if known else None, action="login",
                          outcome=access.FAILURE, region_id=known.region_id if known else None,
                          client=client_address(), detail=detail)
    if result.reason == "locked":
        st.error(tr(f"连续 {access.MAX_FAILED_LOGINS} 次密码错误，账号已锁定，请于 {result.locked_until:%H:%M} 后再试，"
                    f"或请管理员重置密码。",
                    f"Too many wrong passwords: the account is locked until {result.locked_until:%H:%M}. "
                    f"Try again later or ask an administrator to reset it."), icon=":material/lock:")
    elif result.reason == "disabled":
        st.error(tr("账号已停用，请联系管理员。", "This account is disabled. Contact an administrator."))
    else:
        st.error(tr("用户名或密码错误。", "Wrong user name or password."), icon=":material/error:")


def _new_password_form(account) -> None:
    _heading(tr("请设置新密码", "Choose a new password"),
             tr(f"{account.name}，您正在使用管理员设置的临时密码，首次登录须改为只有您知道的新密码。",
                f"{account.name}, you signed in with a temporary password: choose your own to continue."))
    with st.form("cgw_new_password"):
        password = st.text_input(tr("新密码（至少 8 个字符，不能与用户名相同）", "New password (8+ characters)"),
                                 type="password", key="cgw_new_password")
        again = st.text_input(tr("再次输入新密码", "Repeat it"), type="password", key="cgw_new_again")
        submitted = st.form_submit_button(tr("保存并继续", "Save and continue"), type="primary", width="stretch")
    st.button(tr("退出登录", "Sign out"), on_click=sign_out, key="cgw_new_password_out", type="tertiary")
    if submitted:
        _change_password(account, None, password, again)


def _change_password(account, current: str | None, password: str, again: str) -> bool:
    """The user's own new password. `current` is asked for outside the first-login form."""
    con = _con()
    if current is not None and not accounts.password_matches(con, account.name, current):
        st.error(tr("当前密码不正确。", "The current password is wrong."))
        return False
    if password != again:
        st.error(tr("两次输入的新密码不一致。", "The new passwords differ."))
        return False
    if accounts.password_matches(con, account.name, password):
        st.error(tr("新密码不能与原密码相同。", "The new password must differ from the old one."))
        return False
    try:
        accounts.set_password(con, account.name, password, temporary=False)  # ends every session
    except accounts.AccountError as e:
        st.error(str(e))
        return False
    audit("password_change", target=account.name)
    st.session_state[TOKEN_KEY] = accounts.start_session(con, account.name, client_address())
    st.rerun()
    return True


def sign_out() -> None:
    """End the session (a button callback): the next run shows the sign-in form."""
    token = st.session_state.get(TOKEN_KEY)
    if data.account() is not None:
        audit("logout")
    accounts.end_session(_con(), token)
    _forget()
    st.session_state[_CLEAR_COOKIE] = True
    st.session_state["_cgw_sso_logout"] = True


# --- the idle watch -------------------------------------------------------------------------------


def _watch_seconds() -> float:
    return max(5.0, min(60.0, access.idle_minutes() * 60 / 4))


@st.fragment(run_every=_watch_seconds())
def _idle_watch() -> None:
    """Reruns the app once the session has been idle for the timeout, so an unattended screen
    locks itself (the gate then ends the session). Its own timed runs do not count as use."""
    last = st.session_state.get(_LAST_RUN)
    if last is not None and time.monotonic() - last > access.idle_minutes() * 60:
        st.rerun(scope="app")


# --- single sign-on (optional) ---------------------------------------------------------------------


def _sso_provider() -> str | None | bool:
    """False without an [auth] section in secrets.toml; else the provider to pass to st.login
    (None: the section itself holds the provider's settings)."""
    try:
        section = st.secrets.get("auth")
    except Exception:  # noqa: BLE001 - no secrets file
        return False
    if not section:
        return False
    named = [k for k, v in section.items() if hasattr(v, "items")]
    return named[0] if named else None


def _sso_login() -> None:
    provider = _sso_provider()
    st.login(provider) if provider else st.login()


def _single_sign_on(con) -> None:
    """A browser signed in at the identity provider (st.user) signs in as the account of the same
    name: the claim `preferred_username`, else `email`. Roles and regions stay the accounts'."""
    if _sso_provider() is False:
        return
    try:
        if not st.user.is_logged_in:
            return
        if st.session_state.pop("_cgw_sso_logout", False):
            st.logout()
            return
        name = st.user.get("preferred_username") or st.user.get("email")
    except Exception:  # noqa: BLE001 - auth configured but unusable: fall back to passwords
        return
    account = accounts.get(con, str(name)) if name else None
    if account is None or not account.active:
        accounts.append_audit(con, actor=str(name or "?"), action="login", outcome=access.FAILURE,
                              client=client_address(), detail="单点登录：本系统没有该账号或已停用")
        st.session_state[_NOTICE] = tr(f"单点登录身份 {name} 在本系统没有启用的账号，请联系管理员开通。",
                                       f"The single sign-on identity {name} has no active account here.")
        return
    _start(con, account, "单点登录")
    st.rerun()


# --- the account box --------------------------------------------------------------------------------


def scope_name(region_id: str | None) -> str:
    if region_id is None:
        return tr("全部区划", "All regions")
    root = data.tree().root()
    return root.name if root is not None and root.region_id == region_id else region_id


def sidebar() -> None:
    """Who is signed in, with their role and region; change password; sign out. The wall (大屏) has
    no sidebar: leaving it (its exit button) brings the box back."""
    a = data.account()
    if a is None or layout.big():
        return
    with st.sidebar:
        st.divider()
        st.markdown(f"**{a.name}** · {access.role_label(a.role, lang())}  \n"
                    f"{tr('管辖范围', 'Scope')}：{scope_name(a.region_id)}")
        with st.popover(tr("修改密码", "Change password"), icon=":material/key:", width="stretch"):
            current = st.text_input(tr("当前密码", "Current password"), type="password", key="cgw_own_current")
            new = st.text_input(tr("新密码", "New password"), type="password", key="cgw_own_new")
            again = st.text_input(tr("再次输入新密码", "Repeat it"), type="password", key="cgw_own_again")
            st.button(tr("保存", "Save"), key="cgw_own_save", type="primary",
                      on_click=lambda: st.session_state.update(_cgw_own_save=True))
            if st.session_state.pop("_cgw_own_save", False):
                _change_password(a, current, new, again)
        st.button(tr("退出登录", "Sign out"), on_click=sign_out, icon=":material/logout:", key="cgw_sign_out",
                  width="stretch")


def require(permission: str) -> None:
    """For a page: stop with a message unless the account may use it (app.py lists only the pages
    an account may open; this holds even if a page is reached some other way)."""
    if not data.can(permission):
        audit("access", access.DENIED, target=permission)
        st.error(tr("当前账号无权使用此页面。", "This account may not use this page."), icon=":material/block:")
        st.stop()
