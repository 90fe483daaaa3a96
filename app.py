"""Entry point: `streamlit run app.py [-- --db PATH]`.

Opens (or on first start creates) the database, reads the view from the URL, draws the sidebar
and runs the selected page.
"""

from __future__ import annotations

import sys

import streamlit as st

import pages
from cgw.storage import database
from cgw.webui import bootstrap, data, layout, state, wall
from cgw.webui.i18n import tr
from pages import DASHBOARD_PAGES, DATA_PAGES, Page

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

view = state.init()
has_regions = data.root_region() is not None
if not has_regions:  # only the pages that fill the database make sense
    st.warning(tr("数据库中还没有区划数据：请先导入区划表或生成演示数据。",
                  "The database has no regions yet: import a region table or generate demo data."))

def _page(page: Page, default: bool = False, hidden: bool = False) -> st.Page:
    # The default page is served at "/"; its own path differs from its /<id> alias (layout.with_alias).
    return st.Page(f"pages/{page.id}.py", title=tr(page.title_zh, page.title_en), icon=page.icon,
                   url_path=layout.HOME if default else page.id, default=default,
                   visibility="hidden" if hidden else "visible")


home = DASHBOARD_PAGES[0] if has_regions else next(p for p in DATA_PAGES if p.id == "studio")
if has_regions:
    PAGES = {
        tr("看板", "Dashboard"): [_page(p, default=(p.id == home.id)) for p in DASHBOARD_PAGES],
        tr("数据", "Data"): [_page(p) for p in DATA_PAGES],
    }
else:
    PAGES = {tr("数据", "Data"): [_page(p, default=(p.id == home.id)) for p in DATA_PAGES if p.id != "quality"]}
navigation = st.navigation(layout.with_alias(PAGES, _page(home, hidden=True)), position="hidden")
st.session_state["_page_file"] = f"pages/{layout.page_id(navigation, home.id)}.py"
wall.set_rotation(list(zip(pages.page_ids(dashboard_only=True), PAGES[tr("看板", "Dashboard")])) if has_regions else [])
layout.style()
layout.sidebar(PAGES)
try:
    navigation.run()
    state.sync_url()
finally:
    state.mark_app_run(False)
