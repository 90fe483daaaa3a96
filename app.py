"""Entry point: `streamlit run app.py [-- --db PATH]`.

Opens (or on first start creates) the database, reads the view from the URL, draws the sidebar
and runs the selected page.
"""

from __future__ import annotations

import sys

import streamlit as st

import database
from ui import bootstrap, data, layout, state
from ui.i18n import tr

st.set_page_config(page_title="社区工作者队伍数据看板", page_icon="🏘️", layout="wide")

path = bootstrap.resolve_db_path(sys.argv[1:])
data.configure(path)
try:
    bootstrap.ensure_database(path)
    data.connection()
except database.DatabaseError as e:
    st.error(str(e))
    st.stop()

view = state.init()
if data.root_region() is None:
    st.warning(tr("数据库中还没有区划数据：请先导入区划表或生成演示数据。",
                  "The database has no regions yet: import a region table or generate demo data."))

PAGES = [
    st.Page("pages/overview.py", title=tr("总览", "Overview"), icon="📊", url_path="overview", default=True),
]
navigation = st.navigation(PAGES)
layout.sidebar()
navigation.run()
state.sync_url()
