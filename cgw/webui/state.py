"""The view state (region, as-of date, period grain, language, big-screen) lives in the URL.

Every value read from the query string is validated; anything malformed or hostile falls back to
the default view, so a copied link reopens exactly the same view and a bad one opens a clean one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from cgw.domain import access, periods
from cgw.storage import datasets
from cgw.webui import data, i18n
from metrics import Filters

KEYS = ("dataset", "region", "as_of", "grain", "lang", "big")
MIN_DATE = dt.date(2000, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)


@dataclass(frozen=True)
class View:
    region_id: str
    as_of: dt.date
    grain: str
    lang: str
    big: bool

    @property
    def filters(self) -> Filters:
        return Filters(self.region_id, self.as_of, self.grain)


def _param(name: str) -> str | None:
    try:
        values = st.query_params.get_all(name)
    except Exception:  # noqa: BLE001 - a malformed query string is a default view
        return None
    if len(values) != 1:  # absent, or repeated (ambiguous): the default
        return None
    value = values[0]
    if not isinstance(value, str) or len(value) > 64:
        return None
    return value


def _parse_date(text: str | None) -> dt.date | None:
    # Only the form url_params writes (fromisoformat alone also takes "20260930" and "2026-W40").
    if not text or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return None
    try:
        d = dt.date.fromisoformat(text)
    except ValueError:
        return None
    return d if d and MIN_DATE <= d <= MAX_DATE else None


_APP_RUN = "_cgw_app_run"


def mark_app_run(running: bool = True) -> None:
    """app.py calls this (True) first and (False) when its run ends: a page script running while
    the mark is off is a bare page run of Streamlit's legacy pages/ mode."""
    ctx = get_script_run_ctx()
    if ctx is not None:
        setattr(ctx, _APP_RUN, running)


def _legacy_pages_guard() -> None:
    """The first script run after a server start (and AppTest runs after switch_page) goes
    through Streamlit's legacy `pages/` folder mode, which runs a page *without* app.py: no view,
    no sidebar. Switch that mode off and rerun; the rerun executes app.py, whose st.navigation
    opens the same page. Fragment reruns (big-screen rotation) never run app.py and are fine."""
    ctx = get_script_run_ctx()
    if ctx is None or getattr(ctx, _APP_RUN, False) or ctx.fragment_ids_this_run:
        return
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # pragma: no cover - a Streamlit without the legacy mode
        return
    PagesManager.uses_pages_directory = False
    st.rerun()


def init() -> View:
    """Read the URL into session state (first run of a session) and return the current view."""
    _legacy_pages_guard()
    ss = st.session_state
    if not ss.get("_view_initialised"):
        name = _param("dataset")
        known = {d.name for d in datasets.list_datasets(data.default_db_path())} if data.can(access.STUDIO) else set()
        ss["dataset"] = name if name in known else datasets.DEFAULT_NAME
        region = _param("region")
        ss["region"] = region if region and region.isdigit() and data.region_exists(region) else None
        ss["as_of"] = _parse_date(_param("as_of"))
        grain = _param("grain")
        ss["grain"] = grain if grain in periods.GRAINS else "year"
        ss["lang"] = _param("lang") if _param("lang") in i18n.LANGS else "zh"
        ss["big"] = _param("big") == "1"
        ss["_view_initialised"] = True
    root = data.root_region()
    if not ss.get("region") or not data.region_exists(ss["region"]):
        ss["region"] = root
    if not isinstance(ss.get("as_of"), dt.date):
        ss["as_of"] = data.default_as_of()
    return current()


def current() -> View:
    _legacy_pages_guard()
    ss = st.session_state
    return View(ss["region"], ss["as_of"], ss["grain"], ss["lang"], bool(ss.get("big")))


def url_params() -> dict[str, str]:
    """The view as query parameters (only values that differ from the defaults)."""
    view = current()
    wanted = {
        "dataset": st.session_state.get("dataset") if st.session_state.get("dataset") != datasets.DEFAULT_NAME else None,
        "region": view.region_id if view.region_id != data.root_region() else None,
        "as_of": view.as_of.isoformat() if view.as_of != data.default_as_of() else None,
        "grain": view.grain if view.grain != "year" else None,
        "lang": view.lang if view.lang != "zh" else None,
        "big": "1" if view.big else None,
    }
    return {k: v for k, v in wanted.items() if v is not None}


def sync_url() -> None:
    """Write the view back to the URL, so a copied link reopens the same view."""
    wanted = url_params()
    for key in KEYS:
        value = wanted.get(key)
        if value is None:
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get_all(key) != [value]:  # a repeated parameter is rewritten once
            st.query_params[key] = value


def drill_to(region_id: str) -> None:
    """Make `region_id` the current region (used by breadcrumbs and chart clicks)."""
    if data.region_exists(region_id):
        st.session_state["region"] = region_id
