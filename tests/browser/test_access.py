"""Roles and region scope in headless Chromium against the running app: for each role at each
scope level (district 奎文区, street 广文街道, community 樱园社区) what the menu offers, which region the
dashboard opens on, that a page outside the role falls back to the account's own page, and that
the role's own tool is there (export, import, studio, accounts, audit). Then a first start
through the administrator form, the idle timeout locking an unattended screen, and the lockout
after 5 failed sign-ins as the audit page shows it (with the browser's address).

Screenshots: artifacts/screenshots/access_*.png.
"""

from __future__ import annotations

import shutil

import pytest

from cgw.storage import database
from tests import support
from tests.support import accounts as test_accounts

pytestmark = pytest.mark.browser

DASHBOARD_MENU = ["总览", "队伍结构", "头雁队伍", "培育", "考核激励", "幸福合伙人", "民生服务"]
MENUS = {
    "viewer": DASHBOARD_MENU,
    "analyst": DASHBOARD_MENU + ["数据质量", "数据导入"],
    "presenter": DASHBOARD_MENU + ["演示数据"],
    "admin": DASHBOARD_MENU + ["数据质量", "数据导入", "演示数据", "账号管理", "个人信息查询", "审计日志"],
    "auditor": ["审计日志"],  # its one page
}
ROLE_ZH = {"viewer": "浏览", "analyst": "分析", "presenter": "演示", "admin": "管理", "auditor": "审计"}
SCOPE_NAMES = {"district": "奎文区", "street": "广文街道", "community": "樱园社区"}
OTHER_STREETS = ["大虞街道", "梨园街道", "廿里堡街道", "潍州路街道", "北苑街道", "东关街道", "清池街道"]
# page -> (heading, a selector that is there only when the role may use the page)
TOOLS = {
    "import_data": ("数据导入", "[data-testid='stFileUploaderDropzone']"),
    "studio": ("演示数据工作室", "button:has-text('生成')"),
    "accounts": ("账号管理", "button:has-text('创建账号')"),
    "audit": ("审计日志", "button:has-text('导出 CSV')"),
}
ROLE_TOOLS = {"viewer": [], "analyst": ["import_data"], "presenter": ["studio"],
              "admin": ["import_data", "studio", "accounts", "audit"], "auditor": ["audit"]}


LOCKED_JS = "() => [...document.querySelectorAll('[data-testid=\"stAlertContentError\"]')].some(e => e.innerText.includes('账号已锁定'))"


def open_page(context, url: str, heading: str | None = None):
    page = context.new_page()
    page.goto(url)
    support.wait_for_app(page)
    if heading:
        page.wait_for_function("(h) => document.querySelector('h1') && document.querySelector('h1').innerText.trim() === h",
                               arg=heading, timeout=30_000)
    return page


MENU_LINKS = "[data-testid='stSidebar'] a[data-testid='stPageLink-NavLink'] span"


def menu(page) -> list[str]:
    page.wait_for_selector(MENU_LINKS, timeout=20_000)  # the app draws the menu (Streamlit's own is off)
    texts = page.locator(MENU_LINKS).all_inner_texts()
    return [t.strip() for t in texts if t.strip() and not t.strip().isascii()]  # not the icons' ligature names


def heading(page) -> str:
    return page.locator("h1").first.inner_text().strip()


def test_each_role_at_each_scope_opens_and_does_what_it_may(browser, app_url):
    matrix = []
    for role in ("viewer", "analyst", "presenter", "admin", "auditor"):
        for level in ("district", "street", "community"):
            user = f"{role}_{level}"
            context = support.new_context(browser, app_url, user, viewport={"width": 1440, "height": 1400})
            first = "审计日志" if role == "auditor" else "总览"
            page = open_page(context, app_url + "/", first)
            assert menu(page) == MENUS[role], user
            text = page.locator("[data-testid='stMain']").inner_text()
            sidebar = page.locator("[data-testid='stSidebar']").inner_text()
            assert f"{user} · {ROLE_ZH[role]}" in sidebar
            assert f"管辖范围：{SCOPE_NAMES[level]}" in sidebar
            if user == "auditor_district":
                support.screenshot(page, "access_audit")
            if role != "auditor":
                assert SCOPE_NAMES[level] in text  # the dashboard opens on the account's own region
                if level != "district":
                    assert not [s for s in OTHER_STREETS if s in text + sidebar], user
                page.get_by_role("button", name="导出").first.wait_for(timeout=30_000)  # a chart export (a community's first tab has one: its grids)
                if level == "street" and role == "viewer":
                    support.screenshot(page, "access_street_overview")
            can = []
            # A page outside the role (账号管理; 数据导入 for administrators' colleagues), and the role's
            # own tools once per role (at the street level; the district administrator for screenshots).
            tried = ["accounts"] if role != "admin" and level == "street" else []
            if (level == "street" and role != "admin") or user == "admin_district":
                tried += [t for t in ROLE_TOOLS[role] if role != "auditor"]
            for target in tried:
                title, tool = TOOLS[target]
                shown = open_page(context, f"{app_url}/{target}?region=370705001")
                allowed = heading(shown) == title
                if allowed:
                    shown.wait_for_selector(tool, timeout=15_000)
                assert allowed == (target in ROLE_TOOLS[role]), (user, target, heading(shown))
                if not allowed:
                    assert heading(shown) == first  # the account's own default page instead
                else:
                    can.append(target)
                    if target == "studio":  # presenters: named datasets only, never the live data
                        assert shown.get_by_role("radio", name="新建数据集").is_disabled()
                    if (user, target) == ("admin_district", "accounts"):
                        support.screenshot(shown, f"access_{target}")
                shown.close()
            matrix.append((user, len(menu(page)), can))
            context.close()
    print("\n[access] role × scope: " + "; ".join(f"{u}: {n} pages, tools {c or '—'}" for u, n, c in matrix))
    assert {u: c for u, _, c in matrix if c} == {"analyst_street": ["import_data"], "presenter_street": ["studio"],
                                                 "admin_district": ["import_data", "studio", "accounts", "audit"]}
    assert len(matrix) == 15


def test_first_start_idle_timeout_and_lockout(browser, kuiwen_db, tmp_path):
    """A database without accounts asks for the first administrator; the screen locks itself after
    the idle timeout (shortened to 6 s here); 5 wrong passwords lock an account, and the audit page
    shows each attempt with the browser's address."""
    path = tmp_path / "first.duckdb"
    database.close(kuiwen_db)
    shutil.copy(kuiwen_db, path)
    con = database.connect(path)
    cur = con.cursor()
    cur.execute("DELETE FROM user_accounts")
    cur.close()
    test_accounts.empty_audit_trail(con)
    database.close(path)
    with support.running_app(path, extra_env={"CGW_SESSION_IDLE_MINUTES": "0.1"}, users=()) as url:
        context = support.new_context(browser, url, None)
        page = open_page(context, url + "/workforce?region=370705006", "创建管理员账号")
        support.screenshot(page, "access_first_admin")
        page.get_by_label("密码（至少 8 个字符，不能与用户名相同）").fill("first-admin-1")
        page.get_by_label("再次输入密码").fill("first-admin-1")
        page.get_by_role("button", name="创建并登录").click()
        page.wait_for_function("() => document.querySelector('h1') && document.querySelector('h1').innerText.trim() === '队伍结构'",
                               timeout=30_000)  # the deep link survives the form
        # The title comes first; the region's name follows with the rest of the page.
        page.wait_for_function("() => document.querySelector(\"[data-testid='stMain']\").innerText.includes('广文街道')",
                               timeout=30_000)
        # Untouched for 6 s: the idle watch (every 5 s) reruns and the gate ends the session.
        page.wait_for_function("() => document.querySelector('h1') && document.querySelector('h1').innerText.includes('数据看板')",
                               timeout=30_000)
        assert "分钟未操作，已自动退出" in page.locator("[data-testid='stMain']").inner_text()
        # A reload keeps nobody signed in: the cookie's session is over.
        page.reload()
        page.wait_for_function("() => document.querySelector('h1') && document.querySelector('h1').innerText.includes('数据看板')",
                               timeout=30_000)
        page.wait_for_timeout(500)
        assert "请登录" in page.locator("[data-testid='stMain']").inner_text()
        support.screenshot(page, "access_sign_in")

        # Each attempt in a fresh tab: its answer is the only message on the page.
        for password in ["wrong-password"] * 5 + ["first-admin-1"]:  # the right one last, too late
            page.close()
            page = open_page(context, url + "/", "社区工作者队伍数据看板")
            page.get_by_label("用户名").fill("admin")
            page.get_by_label("密码").fill(password)
            page.get_by_role("button", name="登录", exact=True).click()
            page.wait_for_selector("[data-testid='stAlertContentError']", timeout=30_000)
        page.wait_for_function(LOCKED_JS, timeout=30_000)
        support.screenshot(page, "access_locked")
        context.close()
    con = database.connect(path)
    rows = database.query_rows(con, "SELECT actor, action, outcome, client, detail FROM audit_log ORDER BY seq")
    database.close(path)
    assert [r[:3] for r in rows] == [("admin", "account_create", "success"), ("admin", "login", "success"),
                                     ("admin", "logout", "success")] + [("admin", "login", "failure")] * 6
    assert {r[3] for r in rows[1:]} == {"127.0.0.1"}
    assert rows[2][4] == "超过 0.1 分钟未操作，会话自动结束" and rows[-1][4] == "账号已锁定"
