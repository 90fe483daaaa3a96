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
import threading
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

import metrics
from cgw.domain import access, periods, privacy
from cgw.storage import database, datasets
from metrics import competency, crosstab, engine, parts, regions

_db_path: Path | str | None = None


def configure(path: str | Path) -> None:
    """The database this process serves: a DuckDB file or a PostgreSQL URL (server mode)."""
    global _db_path
    _db_path = database.as_target(database.location(path))


def default_db_path() -> Path | str:
    return _db_path or database.as_target(database.location(database.default_path()))


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


def db_path() -> Path | str:
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
    new_run()
    for cached in (_evaluate_at, _breakdown, _trend, _crosstab, _tree):
        cached.clear()
    _connection.clear()
    database.close(db_path())
    st.cache_data.clear()


# Metric results are cached as shared objects (cache_resource: no pickling on every read, which
# cost more than the query for small results); readers get copies.
_RUN_VERSION = "_cgw_data_version"


def version() -> str:
    """The data version, part of every cache key: read once per script run (a page asks for it
    with every cached call; an import bumps it and the next run sees the new one)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    path = str(db_path())
    memo = getattr(ctx, _RUN_VERSION, None)
    if memo is not None and memo[0] == path:
        return memo[1]
    value = database.data_version(connection())
    if ctx is not None:
        setattr(ctx, _RUN_VERSION, (path, value))
    return value


def new_run() -> None:
    """A script run starts (app.py): the data version is read afresh."""
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is not None:
        setattr(ctx, _RUN_VERSION, None)


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


@st.cache_resource(show_spinner=False, max_entries=2048)
def _evaluate_at(key: tuple[str, str], ids: tuple[str, ...], filter_sets: tuple[metrics.Filters, ...]) -> list[dict]:
    return engine.evaluate_at(connection(), ids, list(filter_sets))


@st.cache_resource(show_spinner=False, max_entries=2048)
def _breakdown(key: tuple[str, str], metric_id: str, filters: metrics.Filters, dim: str) -> pd.DataFrame:
    return metrics.breakdown(connection(), metric_id, filters, dim)


@st.cache_resource(show_spinner=False, max_entries=512)
def _trend(key: tuple[str, str], metric_id: str, filters: metrics.Filters, years: int) -> pd.DataFrame:
    return metrics.trend(connection(), metric_id, filters, years)


def _uses_grain(metric_id: str) -> bool:
    """Whether a metric counts over the current period (本年/本季/本月); others ignore the grain."""
    m = metrics.catalogue.get(metric_id)
    if m.type == "ratio":
        return any(_uses_grain(part) for part in m.ratio_of)
    return m.window == "period"


def _for(metric_ids, filters: metrics.Filters, dim: str | None = None) -> metrics.Filters:
    """The filters a result depends on: a metric that ignores the grain is cached once for all
    three (switching 本年/本季/本月 recomputes only what changes)."""
    if filters.grain == "year" or dim in ("year", "quarter", "month") or any(_uses_grain(m) for m in metric_ids):
        return filters
    return dataclasses.replace(filters, grain="year")


def evaluate_at(ids: list[str] | tuple[str, ...], filter_sets: list[metrics.Filters]) -> list[dict[str, float | None]]:
    """`ids` for each of `filter_sets`, in one statement per kind: metrics that ignore the grain
    once for all three grains, the period ones for the grain asked."""
    for f in filter_sets:
        _check_view(f)
    flows = tuple(m for m in ids if _uses_grain(m))
    stocks = tuple(m for m in ids if not _uses_grain(m))
    out: list[dict] = [{} for _ in filter_sets]
    if stocks:
        for row, found in zip(out, _evaluate_at(_key(), stocks, tuple(_for(stocks, f) for f in filter_sets))):
            row.update(found)
    if flows:
        for row, found in zip(out, _evaluate_at(_key(), flows, tuple(filter_sets))):
            row.update(found)
    return [{m: row[m] for m in ids} for row in out]


@st.cache_data(show_spinner=False, max_entries=1024)
def _coverage(key: tuple[str, str], ids: tuple[str, ...], filters: metrics.Filters) -> dict:
    return metrics.coverage(connection(), ids, filters)


def coverage(ids: list[str] | tuple[str, ...], filters: metrics.Filters) -> dict[str, metrics.Coverage]:
    """How many rows know the optional fact each KPI rests on (only KPIs that declare one)."""
    return _coverage(_key(), tuple(ids), filters)


def evaluate(ids: list[str] | tuple[str, ...], filters: metrics.Filters) -> dict[str, float | None]:
    return evaluate_at(ids, [filters])[0]


def compare(ids: list[str] | tuple[str, ...], filters: metrics.Filters) -> list[metrics.Comparison]:
    """Each metric now and a year earlier (同比, what the cards show); the previous period (环比)
    is not computed here (None)."""
    now, before = evaluate_at(ids, [filters, filters.year_earlier()])
    return [metrics.Comparison(metrics.get(m), now[m], before[m], None) for m in ids]


def breakdown(metric_id: str, filters: metrics.Filters, dim: str) -> pd.DataFrame:
    _check_view(filters)
    return _breakdown(_key(), metric_id, _for([metric_id], filters, dim), dim).copy()


def trend(metric_id: str, filters: metrics.Filters, years: int = 5) -> pd.DataFrame:
    _check_view(filters)
    return _trend(_key(), metric_id, filters, years).copy()


@st.cache_resource(show_spinner=False, max_entries=1024)
def _crosstab(key: tuple[str, str], metric_id: str, filters: metrics.Filters, dim_a: str, dim_b: str) -> pd.DataFrame:
    return crosstab.crosstab(connection(), metric_id, filters, dim_a, dim_b)


def crosstab_df(metric_id: str, filters: metrics.Filters, dim_a: str, dim_b: str) -> pd.DataFrame:
    """`metric_id` by two dimensions (columns a, b, value, numerator, denominator)."""
    _check_view(filters)
    time = dim_a if dim_a in ("year", "quarter", "month") else dim_b
    return _crosstab(_key(), metric_id, _for([metric_id], filters, time), dim_a, dim_b).copy()


def history(ids: list[str] | tuple[str, ...], filters: metrics.Filters, years: int = 5) -> pd.DataFrame:
    """`ids` on the same day of each of the last `years` years (one statement), oldest first:
    columns as_of plus one per metric."""
    dates = [periods.shift_years(filters.as_of, -back) for back in range(years - 1, -1, -1)]
    values = evaluate_at(ids, [filters.at(d) for d in dates])
    return pd.DataFrame([{"as_of": d, **v} for d, v in zip(dates, values)])


@st.cache_data(show_spinner=False, max_entries=64)
def _competency_dimensions(key: tuple[str, str]) -> list[competency.Dimension]:
    return competency.dimensions(connection())


def competency_dimensions() -> list[competency.Dimension]:
    """The competency model's dimensions in display order (metrics.competency.Dimension): name,
    threshold and the training programme that addresses a weakness in it."""
    require(access.DASHBOARDS)
    return _competency_dimensions(_key())


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


@st.cache_resource(show_spinner=False, max_entries=256)  # read-only and read often: shared, not copied
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


def full_name(region_id: str) -> str:
    """A region's name for a sentence: a grid's (第三网格) follows its community's (幸福社区第三网格)."""
    region = tree().get(region_id)
    if region is None:
        return region_id
    name = region.name
    if region.level == "grid":
        community = tree().get(region.parent_id)
        if community is not None and not name.startswith(community.name):
            return community.name + name
    return name


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
