"""The running app in headless Chromium: the overview's KPIs as a leader sees them."""

from __future__ import annotations

import pytest

from tests.support import chromium_page_ready, open_page, screenshot

pytestmark = pytest.mark.browser


def test_overview_shows_the_calibrated_kpis(browser, app_url):
    page = open_page(browser, app_url)
    chromium_page_ready(page, "总览")  # every card and chart drawn, not just the first
    labels = page.locator("[data-testid='stMetricLabel']").all_inner_texts()
    values = page.locator("[data-testid='stMetricValue']").all_inner_texts()
    shown = dict(zip([x.strip() for x in labels], [v.strip() for v in values]))
    assert shown["每万常住人口社工数"] == "18.5人"
    assert shown["40周岁以下占比"] == "40.1%"
    assert shown["持证比例"] == "64.2%"
    assert shown["书记平均年龄"] == "41.1岁"
    screenshot(page, "foundation_overview")
    page.close()
