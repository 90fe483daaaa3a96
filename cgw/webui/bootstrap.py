"""Start-up: which database to open, and creating it with demo data on first start."""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

import streamlit as st

from cgw.ingest.generator import build, targets
from cgw.storage import database
from cgw.webui.i18n import lang, tr
from metrics import parts

_first_start_lock = threading.Lock()


def resolve_db_path(argv: list[str]) -> Path | str:
    """`streamlit run app.py -- --db PATH` (or a PostgreSQL URL), else $CGW_DB, else data/dashboard.duckdb."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--db")
    known, _ = parser.parse_known_args(argv)
    return database.as_target(known.db) if known.db else database.default_path()


def app_url() -> str:
    """Where the running app opens (the address and port Streamlit serves on)."""
    from streamlit import config

    host = config.get_option("browser.serverAddress") or config.get_option("server.address") or "localhost"
    return f"http://{'localhost' if host in ('0.0.0.0', '::') else host}:{config.get_option('server.port')}"


def _say(text: str) -> None:
    """A line on the terminal that runs the app (an operator watches it on a first start)."""
    print(f"[看板] {text}", file=sys.stderr, flush=True)


def ensure_database(path: Path | str) -> None:
    """Create the database from the kuiwen preset when it does not exist yet (a PostgreSQL store:
    when it has never held data), with progress in the page and on the terminal."""
    if database.has_data(path):
        return
    with _first_start_lock:  # one session builds; the others wait, then find the file
        if database.has_data(path):
            return
        _say(f"首次启动：正在生成奎文区演示数据库（合成数据，不含真实个人信息）：{database.describe(path)}")
        box = st.empty()  # cleared when done, so the page never shows a stale "generating…"
        with box.container():
            st.info(tr("首次启动：正在生成奎文区演示数据库（合成数据，不含真实个人信息）……",
                       "First start: generating the Kuiwen demo database (synthetic data)…"))
            bar = st.progress(0.0)
        said: list[str] = []

        def progress(fraction: float, message: str) -> None:
            bar.progress(min(1.0, fraction), text=message if lang() == "zh" else f"{fraction:.0%}")
            if message != (said[-1] if said else None):
                said.append(message)
                _say(f"{fraction:4.0%}  {message}")

        result = build.generate(targets.KUIWEN, path, seed=1, progress=progress)
        parts.refresh(database.connect(path))  # server mode: the default view's stored KPI parts
        box.empty()
        _say(f"演示数据库已就绪：{sum(result.rows.values()):,} 行，用时 {result.seconds:.0f} 秒。"
             f"用浏览器打开 {app_url()} 查看看板。")
        st.toast(tr("已生成奎文区演示数据库", "The Kuiwen demo database is ready"), icon=":material/check_circle:")
