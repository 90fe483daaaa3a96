"""Cached access to the metric layer for pages.

One read-write connection per process (cache_resource); every call gets its own cursor inside
`metrics`. Results are cached per (database, data version, arguments): an import or a new
dataset changes the data version, so nobody sees stale numbers.

Access is checked here, where the data are read, not only by hiding pages: every figure needs
the signed-in account's permission (cgw.domain.access) and a region inside its scope; the region
tree a session sees is its account's subtree, so breadcrumbs, selectors and drill-downs cannot
leave it; named datasets are for presenters and administrators.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

import metrics
from cgw.domain import access, periods, privacy
from cgw.storage import database, datasets
from metrics import crosstab, regions

_db_path: Path | None = None


def configure(path: str | Path) -> None:
    global _db_path
    _db_path = Path(path).resolve()


def default_db_path() -> Path:
    return _db_path or database.default_path().resolve()


# --- the signed-in account (cgw.webui.auth signs in and refreshes it on every run) ---------------

ACCOUNT_KEY = "_cgw_account"


def account():
    """The session's account (cgw.storage.accounts.Account), or None before sign-in."""
    return st.session_state.get(ACCOUNT_KEY)


def can(permission: str) -> bool:
    a = account()
    return a is not None and a.can(permission)


def require(permission: str) -> None:
    """Raise access.AccessDenied unless the signed-in account has `permission`."""
    if not can(permission):
        raise access.AccessDenied(f"当前账号没有“{access.permission_label(permission)}”权限")


def scope_region() -> str | None:
    """The region subtree the account reads and writes in the current dataset (None: all of it)."""
    a = account()
    if a is None or a.region_id is None:
        return None
    root = tree().root()
    if root is not None and root.region_id != a.region_id:
        return None  # a purely generated demo dataset of another district, seen whole
    return a.region_id


def _check_view(filters: metrics.Filters, permission: str = access.DASHBOARDS) -> None:
    """Figures need the permission and a region inside the account's subtree."""
    require(permission)
    if not tree().exists(filters.region_id):
        raise access.AccessDenied(f"区划 {filters.region_id} 不在当前账号的管辖范围内")


def db_path() -> Path:
    """The current session's dataset (cgw.storage.datasets), else the configured database. Named
    datasets are open to accounts that may use the demo studio; everybody else sees the live one."""
    name = st.session_state.get("dataset", datasets.DEFAULT_NAME)
    if name != datasets.DEFAULT_NAME and datasets.valid_name(name) and can(access.STUDIO):
        path = datasets.path_for(name)
        if path.exists():
            return path.resolve()
    return default_db_path()


@st.cache_resource(show_spinner=False)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    return database.connect(path)


def connection() -> duckdb.DuckDBPyConnection:
    return _connection(str(db_path()))


def live_connection() -> duckdb.DuckDBPyConnection:
    """The live (default) database, whatever dataset the session shows: accounts, sessions and
    the audit trail live there."""
    return _connection(str(default_db_path()))


def forget_connections() -> None:
    """Drop the cached connections and results without closing any (a named dataset's file is
    about to be deleted: it closes its own connection; other sessions keep theirs)."""
    _connection.clear()
    st.cache_data.clear()


def release() -> None:
    """Close the connection (before the file is replaced or deleted)."""
    _connection.clear()
    database.close(db_path())
    st.cache_data.clear()


def version() -> str:
    return database.data_version(connection())


def _key() -> tuple[str, str]:
    return str(db_path()), version()


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
    _check_view(filters)
    return _evaluate(_key(), tuple(ids), filters)


def compare(ids: list[str] | tuple[str, ...], filters: metrics.Filters) -> list[metrics.Comparison]:
    _check_view(filters)
    return _compare(_key(), tuple(ids), filters)


def breakdown(metric_id: str, filters: metrics.Filters, dim: str) -> pd.DataFrame:
    _check_view(filters)
    return _breakdown(_key(), metric_id, filters, dim).copy()


def trend(metric_id: str, filters: metrics.Filters, years: int = 5) -> pd.DataFrame:
    _check_view(filters)
    return _trend(_key(), metric_id, filters, years).copy()


@st.cache_data(show_spinner=False, max_entries=1024)
def _crosstab(key: tuple[str, str], metric_id: str, filters: metrics.Filters, dim_a: str, dim_b: str) -> pd.DataFrame:
    return crosstab.crosstab(connection(), metric_id, filters, dim_a, dim_b)


def crosstab_df(metric_id: str, filters: metrics.Filters, dim_a: str, dim_b: str) -> pd.DataFrame:
    """`metric_id` by two dimensions (columns a, b, value, numerator, denominator)."""
    _check_view(filters)
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


def quality_findings(region_id: str, as_of: dt.date | None, limit: int = 200) -> list:
    """The data-quality findings for a region subtree, affected rows masked (privacy.mask_frame);
    rules that judge a whole district only for accounts that see the district."""
    from metrics import quality

    _check_view(metrics.Filters(region_id, as_of or default_as_of()), access.QUALITY)
    return quality.visible_to(_quality(_key(), region_id, as_of, limit), tree().root().region_id)


# --- regions ---------------------------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=256)
def _tree(key: tuple[str, str], scope: str | None, whole_if_missing: bool) -> regions.RegionTree:
    full = regions.tree(connection())
    if scope is None:
        return full
    if full.exists(scope):
        return full.subtree(scope)
    return full if whole_if_missing else regions.RegionTree([])


@st.cache_data(show_spinner=False, max_entries=64)
def _synthetic(key: tuple[str, str]) -> bool:
    return datasets.is_synthetic(connection())


def tree() -> regions.RegionTree:
    """The region tree the signed-in account sees: its region's subtree, with its region as the
    root (read once per data version). Nobody signed in sees no region. A purely generated demo
    dataset that lacks the account's region (another district) is seen whole: it holds no real
    person."""
    a = account()
    if a is None:
        return regions.RegionTree([])
    demo = db_path() != default_db_path() and _synthetic(_key())
    return _tree(_key(), a.region_id, demo)


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
