"""Start-up: which database to open, and creating it with demo data on first start."""

from __future__ import annotations

import argparse
import threading
from pathlib import Path

import streamlit as st

from cgw.ingest.generator import build, targets
from cgw.storage import database
from cgw.webui.i18n import tr
from metrics import parts

_first_start_lock = threading.Lock()


def resolve_db_path(argv: list[str]) -> Path | str:
    """`streamlit run app.py -- --db PATH` (or a PostgreSQL URL), else $CGW_DB, else data/dashboard.duckdb."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--db")
    known, _ = parser.parse_known_args(argv)
    return database.as_target(known.db) if known.db else database.default_path()


def ensure_database(path: Path | str) -> None:
    """Create the database from the kuiwen preset when it does not exist yet (a PostgreSQL store:
    when it has never held data), with progress."""
    if database.has_data(path):
        return
    with _first_start_lock:  # one session builds; the others wait, then find the file
        if database.has_data(path):
            return
        box = st.empty()  # cleared when done, so the page never shows a stale "generating…"
        with box.container():
            st.info(tr("首次启动：正在生成奎文区演示数据库（合成数据，不含真实个人信息）……",
                       "First start: generating the Kuiwen demo database (synthetic data)…"))
            bar = st.progress(0.0)
        build.generate(targets.KUIWEN, path, seed=1, progress=lambda f, m: bar.progress(min(1.0, f), text=m))
        parts.refresh(database.connect(path))  # server mode: the default view's stored KPI parts
        box.empty()
        st.toast(tr("已生成奎文区演示数据库", "The Kuiwen demo database is ready"), icon=":material/check_circle:")
