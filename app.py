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

state.mark_app_run()
# An emoji favicon is inlined as a data: URL; a :material/…: one is fetched from fonts.gstatic.com.
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
has_regions = data.root_region() is not None
if not has_regions:  # only the pages that fill the database make sense
    st.warning(tr("数据库中还没有区划数据：请先导入区划表或生成演示数据。",
                  "The database has no regions yet: import a region table or generate demo data."))

# (file, Chinese title, English title, icon, url path). Titles follow the language toggle.
DASHBOARD_PAGES = [
    ("overview", "总览", "Overview", ":material/dashboard:"),
    ("workforce", "队伍结构", "Workforce", ":material/groups:"),
    ("secretaries", "头雁队伍", "Secretaries", ":material/military_tech:"),
    ("training", "培育", "Training", ":material/school:"),
    ("assessment", "考核激励", "Assessment", ":material/emoji_events:"),
    ("partners", "幸福合伙人", "Partners", ":material/handshake:"),
    ("services", "民生服务", "Services", ":material/volunteer_activism:"),
]
DATA_PAGES = [
    ("quality", "数据质量", "Data quality", ":material/fact_check:"),
    ("import_data", "数据导入", "Import", ":material/upload_file:"),
    ("studio", "演示数据", "Demo studio", ":material/movie:"),
]


def _page(name: str, zh: str, en: str, icon: str, default: bool = False) -> st.Page:
    return st.Page(f"pages/{name}.py", title=tr(zh, en), icon=icon, url_path=name, default=default)


if has_regions:
    PAGES = {
        tr("看板", "Dashboard"): [_page(*p, default=(p[0] == "overview")) for p in DASHBOARD_PAGES],
        tr("数据", "Data"): [_page(*p) for p in DATA_PAGES],
    }
else:
    PAGES = {tr("数据", "Data"): [_page(*p, default=(p[0] == "studio")) for p in DATA_PAGES if p[0] != "quality"]}
navigation = st.navigation(PAGES)
st.session_state["_page_file"] = f"pages/{navigation.url_path or DASHBOARD_PAGES[0][0]}.py"
layout.set_rotation([f"pages/{p[0]}.py" for p in DASHBOARD_PAGES])
layout.style()
layout.sidebar()
try:
    navigation.run()
    state.sync_url()
finally:
    state.mark_app_run(False)
