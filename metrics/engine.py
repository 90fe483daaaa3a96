"""Turns catalogue entries into SQL and runs them.

- `evaluate` / `evaluate_at`: many metrics for one or more filter sets, in one statement.
- `breakdown`: one metric by one dimension (child regions included), in one query.
- `compare`: each metric now, a year earlier (同比) and one period earlier (环比).
All user-supplied values are bound parameters; dimensions and metrics come from the catalogue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb
import pandas as pd

from cgw import domain
from cgw.domain import periods
from cgw.storage import database
from metrics import regions
from metrics.catalogue import Metric, get
from metrics.filters import Filters
from metrics.models import DIMENSIONS, MODELS, REGION_DIM, TIME_DIMS, render

_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


def window_sql(window: str, column: str | None) -> str:
    if window == "snapshot" or column is None:
        return "TRUE"
    if window == "period":
        return f"{column} BETWEEN $period_start AND $as_of"
    if window == "cumulative":
        return f"{column} <= $as_of"
    if window == "since_prev_year":
        return f"{column} BETWEEN make_date(year($as_of) - 1, 1, 1) AND $as_of"
    if window == "last_quarter":
        return f"{column} = $last_quarter_end"
    if window == "last_year":
        return f"{column} = $last_year_end"
    if window.startswith("trailing_years:"):
        years = int(window.split(":")[1])
        return f"{column} > $as_of - INTERVAL {years} YEAR AND {column} <= $as_of"
    raise ValueError(f"unknown window {window!r}")


def _condition(m: Metric) -> str:
    parts = [f"({m.where})" if m.where else "TRUE", window_sql(m.window, m.time)]
    if m.known:  # an unknown fact is left out, not counted as something
        parts.append(f"{m.known} IS NOT NULL")
    return " AND ".join(parts)


def _aggregates(m: Metric, alias: str, cond: str | None = None) -> list[str]:
    """SELECT items computing base metric `m`; shares yield _num and _den.

    `cond` defaults to the metric's own row condition, applied as a FILTER; pass "TRUE" when
    the caller has already applied it in WHERE.
    """
    cond = _condition(m) if cond is None else cond
    if m.type == "count":
        target = m.expr or "*"
        return [f"count({target}) FILTER (WHERE {cond}) AS {alias}"]
    if m.type == "sum":
        return [f"coalesce(sum({m.expr}) FILTER (WHERE {cond}), 0) AS {alias}"]
    if m.type == "average":
        return [f"avg({m.expr}) FILTER (WHERE {cond}) AS {alias}"]
    if m.type == "median":
        return [f"median({m.expr}) FILTER (WHERE {cond}) AS {alias}"]
    if m.type == "share":
        return [
            f"count(*) FILTER (WHERE {cond} AND ({m.numerator})) AS {alias}_num",
            f"count(*) FILTER (WHERE {cond}) AS {alias}_den",
        ]
    raise ValueError(f"{m.id} is not a base metric")


def _bind(sql: str, params: dict[str, object]) -> dict[str, object]:
    """Only the parameters the statement uses (DuckDB rejects extras)."""
    used = set(_PARAM.findall(sql))
    return {k: v for k, v in params.items() if k in used}


def _run(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object]) -> pd.DataFrame:
    cur = con.cursor()
    try:
        return cur.execute(sql, _bind(sql, params)).df()
    finally:
        cur.close()


def base_metrics(metric_ids: list[str] | tuple[str, ...]) -> list[Metric]:
    """The non-ratio metrics needed to compute `metric_ids`, without duplicates."""
    out: dict[str, Metric] = {}

    def add(mid: str) -> None:
        m = get(mid)
        if m.type == "ratio":
            for part in m.ratio_of:
                add(part)
        else:
            out.setdefault(mid, m)

    for mid in metric_ids:
        add(mid)
    return list(out.values())


def _value(m: Metric, row: dict[str, object], cache: dict[str, float | None]) -> float | None:
    if m.id in cache:
        return cache[m.id]
    if m.type == "ratio":
        num = _value(get(m.ratio_of[0]), row, cache)
        den = _value(get(m.ratio_of[1]), row, cache)
        value = None if num is None or not den else num / den * m.scale
    elif m.type == "share":
        den = row.get(f"{m.id}_den")
        value = None if not den else float(row[f"{m.id}_num"]) / float(den)
    else:
        raw = row.get(m.id)
        value = None if raw is None or pd.isna(raw) else float(raw)
    cache[m.id] = value
    return value


def _model_query(model_name: str, metrics: list[Metric], prefix: str) -> str:
    """One row of aggregates for `metrics` over a model. Rows no metric needs are filtered out in
    WHERE (the OR of the metrics' conditions), so DuckDB can push the filter into the scan."""
    items = [item for m in metrics for item in _aggregates(m, f"{prefix}{m.id}")]
    conditions = sorted({_condition(m) for m in metrics})
    where = "TRUE" if "TRUE AND TRUE" in conditions else " OR ".join(f"({c})" for c in conditions)
    select = f"SELECT {', '.join(items)}"
    return f"{select} FROM ({render(MODELS[model_name], select + where)}) AS m WHERE {where}"


def evaluate_at(con: duckdb.DuckDBPyConnection, metric_ids: list[str] | tuple[str, ...],
                filter_sets: list[Filters]) -> list[dict[str, float | None]]:
    """Values of `metric_ids` for each of `filter_sets`, in ONE statement: a single snapshot of
    the database (a concurrent import is seen entirely or not at all) and one round trip. On
    PostgreSQL, additive metrics come from stored per-community parts (metrics/parts.py)."""
    if database.dialect_of(con) == "postgres":
        from metrics import parts

        return parts.evaluate_at(con, metric_ids, filter_sets)
    by_model: dict[str, list[Metric]] = {}
    for m in base_metrics(metric_ids):
        by_model.setdefault(m.model, []).append(m)
    distinct = list(dict.fromkeys(filter_sets))
    parts, params = [], {}
    for i, f in enumerate(distinct):
        for k, v in f.params().items():
            params[f"{k}_{i}"] = v
        for model_name, metrics in by_model.items():
            sql = _PARAM.sub(lambda mt, i=i: f"${mt.group(1)}_{i}", _model_query(model_name, metrics, f"f{i}__"))
            parts.append(f"({sql}) AS q{len(parts)}")
    row = _run(con, "SELECT * FROM " + " CROSS JOIN ".join(parts), params).iloc[0].to_dict()
    results = {}
    for i, f in enumerate(distinct):
        mine = {k[len(f"f{i}__"):]: v for k, v in row.items() if k.startswith(f"f{i}__")}
        cache: dict[str, float | None] = {}
        results[f] = {mid: _value(get(mid), mine, cache) for mid in metric_ids}
    return [results[f] for f in filter_sets]


def evaluate(con: duckdb.DuckDBPyConnection, metric_ids: list[str] | tuple[str, ...], filters: Filters) -> dict[str, float | None]:
    """Values of `metric_ids` for `filters` (one statement)."""
    return evaluate_at(con, metric_ids, [filters])[0]


# --- coverage of optional facts ------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    """Of the `total` rows a KPI looks at (its model within its window), `known` have the optional
    fact it rests on (`field`, a catalogue.KNOWN_FIELDS key)."""

    field: str
    known: int
    total: int

    @property
    def complete(self) -> bool:
        return self.known == self.total


def coverage(con: duckdb.DuckDBPyConnection, metric_ids: list[str] | tuple[str, ...],
             filters: Filters) -> dict[str, Coverage]:
    """Coverage of every metric in `metric_ids` that declares `known`, in one statement (plain
    counts with FILTER: standard SQL)."""
    wanted = [get(mid) for mid in dict.fromkeys(metric_ids) if get(mid).known]
    if not wanted:
        return {}
    by_model: dict[str, list[Metric]] = {}
    for m in wanted:
        by_model.setdefault(m.model, []).append(m)
    parts = []
    for i, (model_name, ms) in enumerate(by_model.items()):
        items = []
        for m in ms:
            window = window_sql(m.window, m.time)
            items += [f"count(*) FILTER (WHERE {window} AND {m.known} IS NOT NULL) AS {m.id}__known",
                      f"count(*) FILTER (WHERE {window}) AS {m.id}__total"]
        select = f"SELECT {', '.join(items)}"
        parts.append(f"({select} FROM ({render(MODELS[model_name], select)}) AS m) AS c{i}")
    row = _run(con, "SELECT * FROM " + " CROSS JOIN ".join(parts), filters.params()).iloc[0].to_dict()
    return {m.id: Coverage(m.known, int(row[f"{m.id}__known"]), int(row[f"{m.id}__total"])) for m in wanted}


# --- breakdowns ---------------------------------------------------------------------------


GRID_CODE_LENGTH = domain.REGION_CODE_LENGTH["grid"]


def _dim_sql(m: Metric, dim: str, child_len: int | None) -> str:
    if dim == REGION_DIM:
        if child_len == GRID_CODE_LENGTH:  # grids are named by the facts, not by the community code
            return "grid_id"
        return f"left(community_id, {int(child_len)})"
    if dim in TIME_DIMS:
        col = m.time
        return {"year": f"strftime({col}, '%Y')", "month": f"strftime({col}, '%Y-%m')",
                "quarter": f"strftime({col}, '%Y') || '-Q' || quarter({col})"}[dim]
    return MODELS[m.model].dims[dim]


def _grouped_sql(m: Metric, dim: str, child_len: int | None, alias: str) -> str:
    select = f"SELECT {_dim_sql(m, dim, child_len)} AS key, {', '.join(_aggregates(m, alias, 'TRUE'))}"
    return f"{select} FROM ({render(MODELS[m.model], select + _condition(m))}) AS m WHERE {_condition(m)} GROUP BY ALL"


def _region_keys(filters: Filters, level: str | None) -> tuple[str, int] | None:
    """(SQL of the key regions, their code length) for a region breakdown, or None when the
    region has no level below it. `level` picks a deeper level than the children (a district's
    communities); the default is the child level."""
    own = regions.level_of(filters.region_id)
    child = domain.CHILD_LEVEL.get(own)
    if child is None:
        return None
    if level is None or level == child:
        return "SELECT region_id AS key, name AS label FROM regions WHERE parent_id = $region", \
            domain.REGION_CODE_LENGTH[child]
    if level not in domain.REGION_CODE_LENGTH or domain.REGION_CODE_LENGTH[level] <= domain.REGION_CODE_LENGTH[own]:
        raise ValueError(f"level must be a level below {own}, not {level!r}")
    length = domain.REGION_CODE_LENGTH[level]
    # The level is checked against the domain above; its code length is a trusted integer.
    return (f"SELECT region_id AS key, name AS label FROM regions "
            f"WHERE starts_with(region_id, $region) AND length(region_id) = {int(length)}"), length


def breakdown(con: duckdb.DuckDBPyConnection, metric_id: str, filters: Filters, dim: str,
              level: str | None = None) -> pd.DataFrame:
    """`metric_id` by `dim`, as columns key, label, value (+ numerator, denominator for shares and
    ratios). For the region dimension every child region appears, with zero where it has no rows
    (counts and sums) or None (rates of nothing, per-10k of zero residents); `level` asks for a
    deeper level instead of the children. Runs as a single query.

    A ratio broken down by a dimension only its numerator has (turnover by exit reason) divides
    each part by the whole denominator."""
    m = get(metric_id)
    if dim not in m.dims:
        raise ValueError(f"{metric_id} cannot be broken down by {dim}")
    if level is not None and dim != REGION_DIM:
        raise ValueError("level applies to the region dimension only")
    child_len = None
    region_keys = None
    if dim == REGION_DIM:
        found = _region_keys(filters, level)
        if found is None:
            return pd.DataFrame(columns=["key", "label", "value", "numerator", "denominator"])
        region_keys, child_len = found
        if child_len == GRID_CODE_LENGTH and not m.at_grid:  # facts kept per community only
            return pd.DataFrame(columns=["key", "label", "value", "numerator", "denominator"])
    parts = [get(p) for p in m.ratio_of] if m.type == "ratio" else [m]
    grouped = [dim in p.dims for p in parts]
    ctes = []
    for i, (p, by_dim) in enumerate(zip(parts, grouped)):
        if by_dim:
            ctes.append(f"p{i} AS ({_grouped_sql(p, dim, child_len, f'v{i}')})")
        else:  # the whole denominator, one row
            items = ", ".join(_aggregates(p, f"v{i}"))
            ctes.append(f"p{i} AS (SELECT {items} FROM ({render(MODELS[p.model], items)}) AS m)")
    cols = []
    for i, p in enumerate(parts):
        cols += [f"p{i}.v{i}_num", f"p{i}.v{i}_den"] if p.type == "share" else [f"p{i}.v{i}"]
    labels_sql = None if dim == REGION_DIM else DIMENSIONS[dim].labels_sql
    if dim == REGION_DIM:
        ctes.append(f"keys AS ({region_keys})")
        label = "keys.label"
    else:
        union = " UNION ".join(f"SELECT key FROM p{i}" for i, by_dim in enumerate(grouped) if by_dim)
        ctes.append(f"keys AS ({union})")
        if labels_sql:
            ctes.append(f"labels AS ({labels_sql})")
            label = "coalesce(labels.label, keys.key)"
        else:
            label = "keys.key"
    joins = " ".join(f"LEFT JOIN p{i} USING (key)" if by_dim else f"CROSS JOIN p{i}"
                     for i, by_dim in enumerate(grouped))
    if labels_sql:
        joins += " LEFT JOIN labels USING (key)"
    sql = f"WITH {', '.join(ctes)} SELECT keys.key, {label} AS label, {', '.join(cols)} FROM keys {joins}"
    raw = _run(con, sql, filters.params())

    def row_value(r: dict) -> tuple[float | None, float | None, float | None]:
        values = []
        for i, p in enumerate(parts):
            if p.type == "share":
                num, den = r[f"v{i}_num"], r[f"v{i}_den"]
                num = 0 if pd.isna(num) else num
                den = 0 if pd.isna(den) else den
                values.append((float(num) / den if den else None, float(num), float(den)))
            else:
                v = r[f"v{i}"]
                if pd.isna(v):
                    v = 0.0 if p.type in ("count", "sum") else None
                values.append((None if v is None else float(v), None, None))
        if m.type == "ratio":
            num, den = values[0][0], values[1][0]
            return (None if num is None or not den else num / den * m.scale, num, den)
        return values[0]

    out = [dict(zip(("value", "numerator", "denominator"), row_value(r)), key=r["key"], label=r["label"])
           for r in raw.to_dict("records")]
    df = pd.DataFrame(out, columns=["key", "label", "value", "numerator", "denominator"])
    df = df[df["key"].notna()]
    return _order(df, dim).reset_index(drop=True)


def top_bottom(con: duckdb.DuckDBPyConnection, metric_id: str, filters: Filters, dim: str = REGION_DIM,
               n: int = 5, level: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the `n` best rows, best first; the `n` worst rows, worst first) of a breakdown, by the
    metric's direction (higher is better unless the catalogue says otherwise); rows without a
    value are left out. One query."""
    m = get(metric_id)
    df = breakdown(con, metric_id, filters, dim, level=level).dropna(subset=["value"])
    best_high = m.higher_is_better is not False
    ranked = df.sort_values(["value", "key"], ascending=[not best_high, True], kind="stable")
    return ranked.head(n).reset_index(drop=True), ranked.tail(n).iloc[::-1].reset_index(drop=True)


def _order(df: pd.DataFrame, dim: str) -> pd.DataFrame:
    """Regions and periods by key, categories in their domain order, the rest by value."""
    if dim == REGION_DIM or dim in TIME_DIMS:
        return df.sort_values("key")
    if DIMENSIONS[dim].order is None:  # ties by key: the same order whatever order the rows came in
        return df.sort_values(["value", "key"], ascending=[False, True], kind="stable")
    return df.assign(_r=rank(df["key"], dim)).sort_values(["_r", "key"]).drop(columns="_r")


def rank(keys: pd.Series, dim: str) -> pd.Series:
    """Position in the dimension's display order (categories; unknown values last), else 0."""
    order = DIMENSIONS[dim].order if dim in DIMENSIONS else None
    if not order:
        return pd.Series(0, index=keys.index)
    positions = {k: i for i, k in enumerate(order)}
    return keys.map(lambda k: positions.get(k, len(positions)))


# --- comparisons ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    metric: Metric
    value: float | None
    year_earlier: float | None
    previous_period: float | None

    @staticmethod
    def _change(now: float | None, then: float | None) -> float | None:
        return None if now is None or then is None else now - then

    @property
    def yoy_change(self) -> float | None:
        return self._change(self.value, self.year_earlier)

    @property
    def pop_change(self) -> float | None:
        return self._change(self.value, self.previous_period)

    @staticmethod
    def _relative(now: float | None, then: float | None) -> float | None:
        return None if now is None or not then else (now - then) / abs(then)

    @property
    def yoy_relative(self) -> float | None:
        """同比增长率: the change as a fraction of the value a year earlier (None from zero)."""
        return self._relative(self.value, self.year_earlier)



def compare(con: duckdb.DuckDBPyConnection, metric_ids: list[str] | tuple[str, ...], filters: Filters) -> list[Comparison]:
    """Each metric for `filters`, for the same period a year earlier (同比: the as-of date one year
    back, so year-to-date compares with last year's same span) and for the previous period of the
    grain (环比: one month / quarter / year back; with the year grain it equals 同比). Changes are
    differences: percentage points for shares."""
    now, year, prev = evaluate_at(con, metric_ids, [filters, filters.year_earlier(), filters.previous_period()])
    return [Comparison(get(mid), now[mid], year[mid], prev[mid]) for mid in metric_ids]


def trend(con: duckdb.DuckDBPyConnection, metric_id: str, filters: Filters, years: int = 5) -> pd.DataFrame:
    """The metric on the same day of each of the last `years` years, oldest first (one statement)."""
    dates = [periods.shift_years(filters.as_of, -back) for back in range(years - 1, -1, -1)]
    values = evaluate_at(con, [metric_id], [filters.at(d) for d in dates])
    return pd.DataFrame({"as_of": dates, "value": [v[metric_id] for v in values]})
