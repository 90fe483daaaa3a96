"""A base metric by two dimensions at once (age band × sex, role category × grade, …).

`engine.breakdown` covers one dimension; pages need a few two-way tables (the age pyramid, grade
distribution per role category, reserve pipeline by post and generation). Same catalogue entries,
same row conditions and dimension SQL as the engine, one query.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from cgw import domain
from metrics import regions
from metrics.catalogue import get
from metrics.engine import _aggregates, _condition, _dim_sql, _run, rank
from metrics.filters import Filters
from metrics.models import DIMENSIONS, MODELS, REGION_DIM, render

COLUMNS = ["a", "b", "value", "numerator", "denominator", "a_label", "b_label"]


def crosstab(con: duckdb.DuckDBPyConnection, metric_id: str, filters: Filters, dim_a: str, dim_b: str) -> pd.DataFrame:
    """`metric_id` by (`dim_a`, `dim_b`): columns a, b, value (+ numerator, denominator for shares),
    a_label, b_label (names for region and id-keyed dimensions, else the key itself).

    Only combinations that have rows appear; region keys are child-region codes. Rows are in the
    dimensions' display order (a first, then b)."""
    m = get(metric_id)
    if m.type == "ratio":
        raise ValueError(f"{metric_id} is a ratio; cross-tabulate its parts instead")
    for dim in (dim_a, dim_b):
        if dim not in m.dims:
            raise ValueError(f"{metric_id} cannot be broken down by {dim}")
    child_len = None
    if REGION_DIM in (dim_a, dim_b):
        child = domain.CHILD_LEVEL.get(regions.level_of(filters.region_id))
        if child is None:
            return pd.DataFrame(columns=COLUMNS)
        child_len = domain.REGION_CODE_LENGTH[child]
    items = ", ".join(_aggregates(m, "v", "TRUE"))
    select = f"SELECT {_dim_sql(m, dim_a, child_len)} AS a, {_dim_sql(m, dim_b, child_len)} AS b, {items}"
    # Only the model's optional columns this query reads are built (as engine._grouped_sql does).
    sql = f"{select} FROM ({render(MODELS[m.model], select + _condition(m))}) AS m WHERE {_condition(m)} GROUP BY ALL"
    raw = _run(con, sql, filters.params())
    if m.type == "share":
        num = raw["v_num"].astype(float)
        den = raw["v_den"].astype(float)
        out = pd.DataFrame({"a": raw["a"], "b": raw["b"], "value": (num / den).where(den > 0), "numerator": num,
                            "denominator": den})
    else:
        out = pd.DataFrame({"a": raw["a"], "b": raw["b"], "value": raw["v"].astype(float), "numerator": None,
                            "denominator": None})
    out = out[out["a"].notna() & out["b"].notna()]
    for col, dim in (("a", dim_a), ("b", dim_b)):
        names = _labels(con, dim, filters)
        out[f"{col}_label"] = out[col].map(lambda k, names=names: names.get(k, k))
    out = out.assign(_ra=rank(out["a"], dim_a), _rb=rank(out["b"], dim_b))
    return out.sort_values(["_ra", "a", "_rb", "b"])[COLUMNS].reset_index(drop=True)


def _labels(con: duckdb.DuckDBPyConnection, dim: str, filters: Filters) -> dict:
    """Key → name for region and id-keyed dimensions; empty for dimensions keyed by their value."""
    if dim == REGION_DIM:
        sql, params = "SELECT region_id AS key, name AS label FROM regions WHERE parent_id = $region", \
            {"region": filters.region_id}
    elif dim in DIMENSIONS and DIMENSIONS[dim].labels_sql:
        sql, params = DIMENSIONS[dim].labels_sql, {}
    else:
        return {}
    return dict(_run(con, sql, params).itertuples(index=False, name=None))
