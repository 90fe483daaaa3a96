"""Test helpers: run the app as a real server, drive it with Playwright, reset Streamlit state."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from cgw.outputs import browser as chromium_binary
from devtools import app_server

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = chromium_binary.PATH
CHROMIUM_ARGS = chromium_binary.OFFLINE_ARGS
free_port = app_server.free_port


_TOKENS: dict[str, dict[str, str]] = {}  # base URL of a running app -> user -> session token


@contextlib.contextmanager
def running_app(db_path: Path, extra_env: dict[str, str] | None = None,
                users: tuple[str, ...] = ("admin",)) -> Iterator[str]:
    """`streamlit run app.py` on a free loopback port; yields the base URL. `users` (standard
    accounts of tests/support/accounts.py) get a session first, for `new_context` and `open_page`."""
    from cgw.storage import database
    from tests.support import accounts

    tokens = {u: accounts.session_token(db_path, u) for u in users}
    database.close(db_path)  # the app must be able to open it
    with app_server.running_app(db_path, extra_env) as (url, _):
        _TOKENS[url] = tokens
        try:
            yield url
        finally:
            _TOKENS.pop(url, None)


def _base(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def new_context(browser, url: str, user: str | None = "admin", **kwargs):
    """A browser context signed in as `user` (None: signed out) on the app at `url`."""
    options = {"viewport": {"width": 1440, "height": 1000}, "locale": "zh-CN", **kwargs}
    context = browser.new_context(**options)
    if user is not None:
        from tests.support import accounts

        context.add_cookies([accounts.cookie(_TOKENS[_base(url)][user])])
    return context


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser, url: str, width: int = 1440, height: int = 2400, user: str | None = "admin"):
    """A new page at `url`, signed in as `user`, waited until Streamlit has finished running the script."""
    page = new_context(browser, url, user, viewport={"width": width, "height": height}).new_page()
    page.goto(url)
    wait_for_app(page)
    return page


def wait_for_app(page, timeout_ms: int = 30_000) -> None:
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout_ms)
    # The status widget shows while a script runs; wait until it is gone and content is there.
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelectorAll('[data-testid=\"stMainBlockContainer\"] *').length > 5",
        timeout=timeout_ms,
    )
    page.wait_for_timeout(300)


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def reset_streamlit() -> None:
    """Clear Streamlit caches and close database connections between AppTest runs."""
    import streamlit as st

    from cgw.storage import database

    st.cache_data.clear()
    st.cache_resource.clear()
    database.close_all()
    for name in [m for m in sys.modules if m == "app" or m.startswith("pages.")]:
        del sys.modules[name]


def app_test(db_path: Path, page: str | None = None, query: dict[str, str] | None = None, timeout: float = 60,
             user: str | None = "admin"):
    """An AppTest of app.py on `db_path`, optionally on a page (url path) and with query params,
    signed in as `user` (tests/support/accounts.py; None: not signed in)."""
    from streamlit.testing.v1 import AppTest

    os.environ["CGW_DB"] = str(db_path)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    if user is not None:
        from tests.support import accounts

        accounts.sign_in(at, db_path, user)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    if page:
        at.switch_page(f"pages/{page}.py")
    return at


_PAGE_STATE_JS = """(title) => {
  const h1 = document.querySelector('h1');
  if (!h1 || h1.innerText.trim() !== title) return -1;
  if (document.querySelector('[data-testid="stStatusWidget"]')) return -1;
  if (document.querySelectorAll('[data-testid="stSkeleton"]').length) return -1;
  // Every ECharts chart (st.echarts_chart, SVG renderer) has drawn its SVG.
  const charts = document.querySelectorAll('[data-testid="stEChartsChart"]');
  let drawn = 0;
  charts.forEach(c => { if (c.querySelector('svg path')) drawn++; });
  const cards = document.querySelectorAll('[data-testid="stMetric"], .tile').length;
  return drawn === charts.length ? charts.length + 1000 * cards : -1;
}"""


def echarts(at) -> list[dict]:
    """The option of every ECharts chart on an AppTest page."""
    return [json.loads(e.proto.spec) for e in at.get("echarts_chart")]


def chromium_page_ready(page, title: str, timeout_ms: int = 30_000) -> None:
    """Wait until the page titled `title` is fully drawn: script done, no placeholders, every
    plotly chart rendered, and the element count unchanged over two polls (elements stream in)."""
    deadline = time.time() + timeout_ms / 1000
    last = None
    while time.time() < deadline:
        state = page.evaluate(_PAGE_STATE_JS, title)
        if state >= 0 and state == last:
            return
        last = state
        page.wait_for_timeout(150)
    screenshot(page, "not_ready")
    raise TimeoutError(f"page {title!r} not ready in {timeout_ms} ms (see artifacts/screenshots/not_ready.png)")
