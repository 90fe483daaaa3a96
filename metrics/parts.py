"""Server mode: KPIs from per-community partial aggregates, exact and shared by every app process.

A base metric is *additive over communities* when its value for a region is the sum of its values
for the region's communities: counts, sums, the two counts of a share, the sum and count behind an
average; a count of distinct values only when each value lives in one community (a worker's
trainings: Model.community_keys). For each model, ONE query groups the model's rows by community and
computes every additive metric of the catalogue at once — the engine's own aggregates, grouped —
and the store keeps the result (cgw.storage.backends.store_parts) keyed by the data version, the
as-of date and the grain. Any region at any level then sums a few thousand stored rows instead of
scanning millions. An import or a generation changes the data version, so stale parts are never
read; `refresh` stores the dataset's default view right after one (other dates and grains are
computed from the rows, as on DuckDB).

Medians and distinct counts across communities (partners serving several) are computed from the
rows, as in embedded mode. DuckDB scans fast enough not to need any of this: only PostgreSQL uses it.
"""

from __future__ import annotations

import pandas as pd

from cgw import domain
from cgw.storage import backends, database
from metrics import engine
from metrics.catalogue import CATALOGUE, Metric, get
from metrics.filters import Filters
from metrics.models import MODELS, render


def additive(m: Metric) -> bool:
    if m.type == "ratio" or m.model is None:
        return False
    model = MODELS[m.model]
    if model.region_column != "community_id":
        return False
    if m.type == "count" and (m.expr or "").startswith("DISTINCT"):
        return m.expr.split()[1] in model.community_keys
    return m.type in ("count", "sum", "share", "average")


def _parts_of(m: Metric) -> list[str]:
    if m.type == "share":
        return [f"{m.id}_num", f"{m.id}_den"]
    if m.type == "average":
        return [f"{m.id}_sum", f"{m.id}_n"]
    return [m.id]


def _items(m: Metric) -> list[str]:
    if m.type == "average":
        cond = engine._condition(m)
        return [f"sum({m.expr}) FILTER (WHERE {cond}) AS {m.id}_sum",
                f"count({m.expr}) FILTER (WHERE {cond}) AS {m.id}_n"]
    return engine._aggregates(m, m.id)


def grouped_sql(model_name: str, metrics: list[Metric]) -> str:
    """Every metric's parts for every community of the dataset, in one query over the model."""
    items = [item for m in metrics for item in _items(m)]
    conditions = sorted({engine._condition(m) for m in metrics})
    where = "TRUE" if "TRUE AND TRUE" in conditions else " OR ".join(f"({c})" for c in conditions)
    select = f"SELECT community_id AS c, {', '.join(items)}"
    return f"{select} FROM ({render(MODELS[model_name], select + where)}) AS m WHERE {where} GROUP BY community_id"


def _by_model() -> dict[str, list[Metric]]:
    out: dict[str, list[Metric]] = {}
    for m in CATALOGUE:
        if additive(m):
            out.setdefault(m.model, []).append(m)
    return out


def ensure(cur, version: str, f: Filters, models: set[str]) -> None:
    """Compute and store the parts of `models` for (version, f.as_of, f.grain) unless stored."""
    missing = models - backends.parts_done(cur, version, f.as_of, f.grain)
    everything = f.in_region("").params()  # parts cover the whole dataset: every region code starts with ''
    for name in sorted(missing):
        metrics = _by_model()[name]
        sql = grouped_sql(name, metrics)
        backends.store_parts(cur, version, f.as_of, f.grain, name, sql, [p for m in metrics for p in _parts_of(m)],
                             engine._bind(sql, everything))


def evaluate_at(con, metric_ids, filter_sets: list[Filters]) -> list[dict[str, float | None]]:
    """engine.evaluate_at on PostgreSQL: additive metrics from the stored parts when `refresh` stored
    them for every filter set asked, the rest from the rows; all in one REPEATABLE READ
    transaction (one snapshot, as the single statement gives on DuckDB). Other dates and grains are
    computed from the rows, as on DuckDB."""
    bases = engine.base_metrics(metric_ids)
    cur = con.cursor()
    try:
        cur.execute("BEGIN")
        version = database.data_version(_Snapshot(cur))
        models = {m.model for m in bases if additive(m)}
        # A grid's figures come from the rows: the parts stop at the community.
        stored = all(len(f.region_id) <= domain.COMMUNITY_CODE_LENGTH
                     and models <= backends.parts_done(cur, version, f.as_of, f.grain) for f in filter_sets)
        from_parts = [m for m in bases if additive(m)] if stored else []
        direct = [m.id for m in bases if m not in from_parts]
        known = [dict() for _ in filter_sets]  # final values of the metrics computed from the rows
        if direct:  # the rows, as on DuckDB (a _Snapshot has no dialect: the engine's own path)
            known = engine.evaluate_at(_Snapshot(cur), direct, filter_sets)
        rows = [dict() for _ in filter_sets]
        if from_parts:
            names = [p for m in from_parts for p in _parts_of(m)]
            for row, f in zip(rows, filter_sets):
                sums = backends.sum_parts(cur, version, f.as_of, f.grain, f.region_id, names)
                for m in from_parts:
                    row.update(_base_values(m, sums))
        cur.execute("COMMIT")
    finally:
        cur.close()
    out = []
    for row, values in zip(rows, known):
        cache = dict(values)
        out.append({mid: engine._value(get(mid), row, cache) for mid in metric_ids})
    return out


def _base_values(m: Metric, sums: dict) -> dict[str, object]:
    """The row engine._value reads for base metric `m` (missing parts: no rows, so 0)."""
    def total(part: str):
        v = sums.get(part)
        return 0 if v is None or pd.isna(v) else v

    if m.type == "share":
        return {f"{m.id}_num": total(f"{m.id}_num"), f"{m.id}_den": total(f"{m.id}_den")}
    if m.type == "average":
        n = total(f"{m.id}_n")
        return {m.id: None if not n else float(total(f"{m.id}_sum")) / float(n)}
    return {m.id: total(m.id)}


def refresh(con) -> None:
    """After an import, an undo or a generation: the parts of the dataset's default view (its as-of
    date, a year earlier and the previous period), and no stale ones kept. One REPEATABLE READ
    transaction, so the parts are those of the data version they are stored under. A no-op on DuckDB."""
    if database.dialect_of(con) != "postgres":
        return
    import psycopg

    cur = con.cursor()
    try:
        cur.execute("BEGIN")
        version = database.data_version(_Snapshot(cur))
        backends.drop_stale_parts(cur, version)
        f = Filters("", database.as_of_date(_Snapshot(cur)), "year")  # the view a leader opens first
        for g in (f, f.year_earlier(), f.previous_period()):
            ensure(cur, version, g, set(_by_model()))
        cur.execute("COMMIT")
    except psycopg.errors.SerializationFailure:
        pass  # another process refreshed the same version at the same time
    finally:
        cur.close()


class _Snapshot:
    """One open cursor seen as a connection, so every read shares its transaction. It names no
    dialect: the engine treats it as any connection and builds the statement from the rows."""

    def __init__(self, cur):
        self._cur = cur

    def cursor(self):
        return _Borrowed(self._cur)


class _Borrowed:
    def __init__(self, cur):
        self._cur = cur

    def execute(self, sql, params=None):
        self._cur.execute(sql, params)
        return self

    def fetchall(self):
        return self._cur.fetchall()

    def df(self):
        return self._cur.df()

    def close(self):  # the owner closes the cursor
        pass
