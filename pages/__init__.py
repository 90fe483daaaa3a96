"""The page index: every page of the app, in menu order, and the permission each needs (an
account's menu lists only the pages its role may open). Navigation (app.py), the 大屏 rotation,
the benchmark and the tests all read it; a page's KPI cards are declared in metrics.placement.

Each page is a script `pages/<id>.py` served at `/<id>`. The rules every dashboard page keeps
are stated here, and tests/pages checks them on every page.
"""

from __future__ import annotations

from typing import NamedTuple

from cgw.domain import access


class Page(NamedTuple):
    id: str  # file name and URL path
    title_zh: str  # in the menu
    title_en: str
    icon: str
    heading_zh: str = ""  # the page's own heading, when longer than its menu title
    heading_en: str = ""
    permission: str = access.DASHBOARDS  # what an account needs to open it (cgw.domain.access)

    def heading(self, lang: str = "zh") -> str:
        if lang == "en":
            return self.heading_en or self.title_en
        return self.heading_zh or self.title_zh


DASHBOARD_PAGES = [
    Page("overview", "总览", "Overview", ":material/dashboard:"),
    Page("workforce", "队伍结构", "Workforce", ":material/groups:"),
    Page("secretaries", "头雁队伍", "Secretaries", ":material/military_tech:", heading_en="Secretaries and reserves"),
    Page("training", "培育", "Training", ":material/school:"),
    Page("assessment", "考核激励", "Assessment", ":material/emoji_events:", heading_en="Assessment and incentives"),
    Page("partners", "幸福合伙人", "Partners", ":material/handshake:", heading_en="Happiness partners"),
    Page("services", "民生服务", "Services", ":material/volunteer_activism:"),
]
DATA_PAGES = [
    Page("quality", "数据质量", "Data quality", ":material/fact_check:", permission=access.QUALITY),
    Page("import_data", "数据导入", "Import", ":material/upload_file:", permission=access.IMPORT),
    Page("studio", "演示数据", "Demo studio", ":material/movie:", "演示数据工作室", "Demo-data studio",
         permission=access.STUDIO),
]
ADMIN_PAGES = [
    Page("accounts", "账号管理", "Accounts", ":material/manage_accounts:", permission=access.ACCOUNTS),
    Page("reveal", "个人信息查询", "Personal data", ":material/visibility:", "查看个人完整信息",
         "Reveal a person's record", permission=access.REVEAL),
    Page("audit", "审计日志", "Audit trail", ":material/policy:", permission=access.AUDIT),
]
ALL_PAGES = DASHBOARD_PAGES + DATA_PAGES + ADMIN_PAGES

# Rules every dashboard page keeps (tests/pages/test_pages.py checks each page against them).
MIN_CARDS = 4  # a dashboard page opens with at least this many KPI cards
MIN_CHARTS = 2  # and shows at least this many charts below them


def page_ids(dashboard_only: bool = False) -> list[str]:
    return [p.id for p in (DASHBOARD_PAGES if dashboard_only else ALL_PAGES)]


def page(page_id: str) -> Page:
    return next(p for p in ALL_PAGES if p.id == page_id)
