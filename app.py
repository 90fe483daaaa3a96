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

# (file, Chinese title, English title, icon, url path). Titles follow the language toggle.
DASHBOARD_PAGES = [
    ("overview", "总览", "Overview", "📊"),
    ("workforce", "队伍结构", "Workforce", "👥"),
    ("secretaries", "头雁队伍", "Secretaries", "🦢"),
    ("training", "培育", "Training", "🎓"),
    ("assessment", "考核激励", "Assessment", "🏅"),
    ("partners", "幸福合伙人", "Partners", "🤝"),
    ("services", "民生服务", "Services", "🏠"),
]
DATA_PAGES = [
    ("quality", "数据质量", "Data quality", "🩺"),
    ("import_data", "数据导入", "Import", "📥"),
    ("studio", "演示数据", "Demo studio", "🎬"),
]


def _page(name: str, zh: str, en: str, icon: str, default: bool = False) -> st.Page:
    return st.Page(f"pages/{name}.py", title=tr(zh, en), icon=icon, url_path=name, default=default)


PAGES = {
    tr("看板", "Dashboard"): [_page(*p, default=(p[0] == "overview")) for p in DASHBOARD_PAGES],
    tr("数据", "Data"): [_page(*p) for p in DATA_PAGES],
}
navigation = st.navigation(PAGES)
layout.sidebar()
navigation.run()
state.sync_url()
