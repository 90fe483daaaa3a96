"""Entry point: `streamlit run app.py [-- --db PATH]`.

Opens (or on first start creates) the database, signs the user in (on a new database: the
first administrator), reads the view from the URL, draws the sidebar and runs the selected page
among those the account's role may open.
"""

from __future__ import annotations

import sys

import streamlit as st

from cgw.domain import access
from cgw.storage import database
from cgw.webui import auth, bootstrap, data, layout, state, wall
from cgw.webui.i18n import tr
from pages import ADMIN_PAGES, DASHBOARD_PAGES, DATA_PAGES, Page

state.mark_app_run()
# An emoji favicon is inlined as a data: URL; a :material/…: one is fetched from fonts.gstatic.com.
st.set_page_config(page_title="社区工作者队伍数据看板", page_icon="🏘️", layout="wide")

path = bootstrap.resolve_db_path(sys.argv[1:])
data.configure(path)
data.new_run()
try:
    bootstrap.ensure_database(path)
    data.connection()
except database.DatabaseError as e:
    st.error(str(e))
    st.stop()

account = auth.gate()  # the sign-in forms stop the run here
view = state.init()
has_regions = data.root_region() is not None
if not has_regions and account.can(access.DASHBOARDS):  # only the pages that fill the database make sense
    st.warning(tr("数据库中还没有区划数据：请先导入区划表或生成演示数据。",
                  "The database has no regions yet: import a region table or generate demo data."))

def _page(page: Page, default: bool = False, hidden: bool = False) -> st.Page:
    # The default page is served at "/"; its own path differs from its /<id> alias (layout.with_alias).
    return st.Page(f"pages/{page.id}.py", title=tr(page.title_zh, page.title_en), icon=page.icon,
                   url_path=layout.HOME if default else page.id, default=default,
                   visibility="hidden" if hidden else "visible")


# The menu holds only the pages this account's role may open (pages.Page.permission).
groups = {
    tr("看板", "Dashboard"): DASHBOARD_PAGES if has_regions else [],
    tr("数据", "Data"): [p for p in DATA_PAGES if has_regions or p.id != "quality"],
    tr("管理", "Administration"): ADMIN_PAGES,
}
allowed = {group: [p for p in group_pages if account.can(p.permission)] for group, group_pages in groups.items()}
first = [p for group_pages in allowed.values() for p in group_pages]
if not first:
    st.info(tr("当前账号没有可以打开的页面（所属区划可能不在数据库中），请联系管理员。",
               "This account has no page to open (its region may not be in the database). Contact an administrator."))
    auth.sidebar()
    st.stop()
home = next((p for p in first if p.id == "overview"), None) or next(
    (p for p in first if p.id == "studio" and not has_regions), first[0])
PAGES = {group: [_page(p, default=(p.id == home.id)) for p in group_pages] for group, group_pages in allowed.items()
         if group_pages}
navigation = st.navigation(layout.with_alias(PAGES, _page(home, hidden=True)), position="hidden")
st.session_state["_page_file"] = f"pages/{layout.page_id(navigation, home.id)}.py"
dashboards = allowed[tr("看板", "Dashboard")]
wall.set_rotation([(p.id, sp) for p, sp in zip(dashboards, PAGES.get(tr("看板", "Dashboard"), []))])
layout.style()
layout.sidebar(PAGES, view_filters=account.can(access.DASHBOARDS))
auth.sidebar()
try:
    navigation.run()
    state.sync_url()
except access.AccessDenied as e:  # a read or an action outside the account's role or region
    auth.audit("access", access.DENIED, detail=str(e))
    st.error(str(e), icon=":material/block:")
finally:
    state.mark_app_run(False)
