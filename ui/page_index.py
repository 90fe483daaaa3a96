"""The app's pages, in menu order: (file and URL path, Chinese title, English title, icon).
app.py builds the navigation from these; the benchmark opens each page by its path and title."""

from __future__ import annotations

# Titles follow the language toggle.
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
