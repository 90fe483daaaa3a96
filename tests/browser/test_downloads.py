"""Downloads in the running app: a chart's image and data, and the briefing report."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from tests import support

pytestmark = pytest.mark.browser


def test_chart_downloads_carry_the_filters_and_render_on_click(browser, app_url):
    page = support.open_page(browser, app_url + "/?as_of=2026-06-30&grain=quarter", height=1600)
    # Charts drawn late move the menu's anchor on a busy machine: open it on a settled page.
    support.chromium_page_ready(page, "总览", timeout_ms=60_000)
    export = page.get_by_role("button", name="导出").first
    export.scroll_into_view_if_needed()
    export.click()
    image = page.locator("button:visible", has_text="图片 PNG").first
    image.wait_for(state="visible")
    with page.expect_download(timeout=60_000) as png:
        # The button's own click handler, wherever the popover sits in the viewport.
        image.dispatch_event("click")
    name = png.value.suggested_filename
    # Named after the chart's title in the UI's language (no code names), then the filters.
    assert re.fullmatch(r"每万常住人口社工数（按街道）_奎文区_2026-06-30_本季\.png", name), name
    assert png.value.path().read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with page.expect_download(timeout=30_000) as xlsx:
        page.locator("button:visible", has_text="数据 Excel").first.dispatch_event("click")
    assert xlsx.value.suggested_filename.endswith("_奎文区_2026-06-30_本季.xlsx")
    assert zipfile.is_zipfile(io.BytesIO(xlsx.value.path().read_bytes()))
    support.screenshot(page, "exports_popover")
    page.close()


def test_briefing_button_downloads_the_report_for_the_current_view(browser, app_url):
    page = support.open_page(browser, app_url + "/studio?region=370705001", height=1600)
    page.get_by_role("button", name="生成简报").click()
    with page.expect_download(timeout=60_000) as html:
        page.get_by_role("button", name=re.compile("^HTML")).click()
    assert html.value.suggested_filename == "简报_大虞街道_2026-09-30_本年.html"
    text = html.value.path().read_text(encoding="utf-8")
    assert "大虞街道社区工作者队伍建设情况简报" in text and "各社区对比与落后单位" in text
    page.close()
