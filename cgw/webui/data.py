"""Cached access to the metric layer for pages.

One read-write connection per process (cache_resource); every call gets its own cursor inside
`metrics`. Results are cached per (database, data version, arguments): an import or a new
dataset changes the data version, so nobody sees stale numbers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import threading
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

import metrics
from cgw.domain import periods, privacy
from cgw.storage import database, datasets
from metrics import crosstab, parts, regions

_db_path: Path | str | None = None


def configure(path: str | Path) -> None:
    """The database this process serves: a DuckDB file or a PostgreSQL URL (server mode)."""
    global _db_path
    _db_path = database.as_target(database.location(path))


def default_db_path() -> Path | str:
    return _db_path or database.as_target(database.location(database.default_path()))


def db_path() -> Path | str:
    """The current session's dataset (cgw.storage.datasets), else the configured database."""
    name = st.session_state.get("dataset", datasets.DEFAULT_NAME)
    if name != datasets.DEFAULT_NAME and datasets.valid_name(name):
        path = datasets.path_for(name)
        if path.exists():
            return path.resolve()
    return default_db_path()


@st.cache_resource(show_spinner=False)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    return database.connect(path)


def connection() -> duckdb.DuckDBPyConnection:
    return _connection(str(db_path()))


def release() -> None:
    """Close the connection (before the file is replaced or deleted)."""
    _connection.clear()
    database.close(db_path())
    st.cache_data.clear()


def version() -> str:
    return database.data_version(connection())


def _key() -> tuple[str, str]:
    key = str(db_path()), version()
    _refresh_parts(key)
    return key


_parts_lock = threading.Lock()
_parts_seen: set[tuple[str, str]] = set()


def _refresh_parts(key: tuple[str, str]) -> None:
    """Server mode: the first time this process meets a data version (after an import, an undo or a
    generation by anyone), store the default view's KPI parts in the background (metrics/parts.py);
    pages compute from the rows until they are there."""
    if key in _parts_seen or not database.is_server(key[0]):
        return
    _parts_seen.add(key)
    con = connection()

    def run() -> None:
        with _parts_lock:
            try:
                parts.refresh(con)
            except Exception:  # noqa: BLE001 - the pages still compute from the rows
                pass

    threading.Thread(target=run, name="kpi-parts", daemon=True).start()


@st.cache_data(show_spinner=False, max_entries=2048)
def _evaluate(key: tuple[str, str], ids: tuple[str, ...], filters: metrics.Filters) -> dict:
    return metrics.evaluate(connection(), ids, filters)


@st.cache_data(show_spinner=False, max_entries=2048)
def _compare(key: tuple[str, str], ids: tuple[str, ...], filters: metrics.Filters) -> list:
    return metrics.compare(connection(), ids, filters)


@st.cache_data(show_spinner=False, max_entries=2048)
def _breakdown(key: tuple[str, str], metric_id: str, filters: metrics.Filters, dim: str) -> pd.DataFrame:
    return metrics.breakdown(connection(), metric_id, filters, dim)


@st.cache_data(show_spinner=False, max_entries=512)
def _trend(key: tuple[str, str], metric_id: str, filters: metrics.Filters, years: int) -> pd.DataFrame:
    return metrics.trend(connection(), metric_id, filters, years)


def evaluate(ids: list[str] | tuple[str, ...], filters: metrics.Filters) -> dict[str, float | None]:
    return _evaluate(_key(), tuple(ids), filters)


def compare(ids: list[str] | tuple[str, ...], filters: metrics.Filters) -> list[metrics.Comparison]:
    return _compare(_key(), tuple(ids), filters)


def breakdown(metric_id: str, filters: metrics.Filters, dim: str) -> pd.DataFrame:
    return _breakdown(_key(), metric_id, filters, dim).copy()


def trend(metric_id: str, filters: metrics.Filters, years: int = 5) -> pd.DataFrame:
    return _trend(_key(), metric_id, filters, years).copy()


@st.cache_data(show_spinner=False, max_entries=1024)
def _crosstab(key: tuple[str, str], metric_id: str, filters: metrics.Filters, dim_a: str, dim_b: str) -> pd.DataFrame:
    return crosstab.crosstab(connection(), metric_id, filters, dim_a, dim_b)


def crosstab_df(metric_id: str, filters: metrics.Filters, dim_a: str, dim_b: str) -> pd.DataFrame:
    """`metric_id` by two dimensions (columns a, b, value, numerator, denominator)."""
    return _crosstab(_key(), metric_id, filters, dim_a, dim_b).copy()


def history(ids: list[str] | tuple[str, ...], filters: metrics.Filters, years: int = 5) -> pd.DataFrame:
    """`ids` on the same day of each of the last `years` years (one cached evaluate per year),
    oldest first: columns as_of plus one per metric."""
    rows = []
    for back in range(years - 1, -1, -1):
        f = filters.at(periods.shift_years(filters.as_of, -back))
        rows.append({"as_of": f.as_of, **evaluate(ids, f)})
    return pd.DataFrame(rows)


# --- data quality ------------------------------------------------------------------------------


def quality_available() -> bool:
    return importlib.util.find_spec("metrics.quality") is not None


@st.cache_data(show_spinner=False, max_entries=64)
def _quality(key: tuple[str, str], region_id: str | None, as_of: dt.date | None, limit: int) -> list:
    from metrics import quality

    findings = quality.run(connection(), region_id=region_id, as_of=as_of, limit=limit)
    # ID and phone numbers never leave this function unmasked (cached values included).
    return [_masked(f) for f in findings]


def _masked(finding):
    rows = privacy.mask_frame(finding.rows)
    if dataclasses.is_dataclass(finding):
        return dataclasses.replace(finding, rows=rows)
    return finding._replace(rows=rows)  # a NamedTuple


def quality_findings(region_id: str | None, as_of: dt.date | None, limit: int = 200) -> list:
    """The data-quality findings for a region subtree, affected rows masked (privacy.mask_frame)."""
    return _quality(_key(), region_id, as_of, limit)


# --- regions ---------------------------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=64)
def _tree(key: tuple[str, str]) -> regions.RegionTree:
    return regions.tree(connection())


def tree() -> regions.RegionTree:
    """The region tree of the current dataset (read once per data version)."""
    return _tree(_key())


def region_exists(region_id: str) -> bool:
    return tree().exists(region_id)


def region_name(region_id: str) -> str:
    return tree().name(region_id)


def region_level(region_id: str) -> str | None:
    return regions.level_of(region_id)


def root_region() -> str | None:
    root = tree().root()
    return root.region_id if root else None


def children(region_id: str | None) -> list[regions.Region]:
    return tree().children(region_id)


def path(region_id: str | None) -> list[tuple[str, str]]:
    """(id, name) from the root down to `region_id` (empty without a region)."""
    return [(r.region_id, r.name) for r in tree().path(region_id)]


@st.cache_data(show_spinner=False, max_entries=64)
def _default_as_of(key: tuple[str, str]) -> dt.date:
    return database.as_of_date(connection())


def default_as_of() -> dt.date:
    return _default_as_of(_key())


def dataset_info() -> dict[str, str]:
    return database.dataset_info(connection())
