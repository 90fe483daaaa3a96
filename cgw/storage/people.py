"""One person's record, for the administrator's reveal page: a search that returns masked rows,
and the one record whose ID and phone numbers an administrator asked to see (the page records the
reason in the audit trail)."""

from __future__ import annotations

import duckdb
import pandas as pd

from cgw.domain import privacy
from cgw.storage import database

# table -> (key column, Chinese name)
TABLES = {"workers": ("worker_id", "社区工作者"), "reserve_candidates": ("candidate_id", "后备人才")}
_PHONE = {"workers": "phone", "reserve_candidates": "CAST(NULL AS VARCHAR)"}


def _in_scope(column: str) -> str:
    return f"(CAST(? AS VARCHAR) IS NULL OR substr({column}, 1, length(CAST(? AS VARCHAR))) = CAST(? AS VARCHAR))"


def find(con: duckdb.DuckDBPyConnection, text: str, scope: str | None, limit: int = 50) -> pd.DataFrame:
    """People whose key or name matches `text` (exactly, or the name starting with it) inside the
    `scope` subtree: table, key, name, community_id, id_number and phone, the last two masked."""
    text = (text or "").strip()
    if not text:
        return pd.DataFrame(columns=["table", "key", "name", "community_id", "id_number", "phone"])
    parts, params = [], []
    for table, (key, _) in TABLES.items():
        parts.append(f"SELECT '{table}' AS \"table\", {key} AS key, name, community_id, id_number, "
                     f"{_PHONE[table]} AS phone FROM {table} "
                     f"WHERE ({key} = ? OR name = ? OR starts_with(name, ?)) AND {_in_scope('community_id')}")
        params += [text, text, text, scope, scope, scope]
    df = database.query_df(con, " UNION ALL ".join(parts) + f" ORDER BY name, key LIMIT {int(limit)}", params)
    return privacy.mask_frame(df)


def record(con: duckdb.DuckDBPyConnection, table: str, key: str, scope: str | None) -> dict | None:
    """Every column of one person's row, unmasked, when it lies inside `scope`; else None."""
    if table not in TABLES:
        return None
    key_col = TABLES[table][0]
    df = database.query_df(
        con, f"SELECT * FROM {table} WHERE {key_col} = ? AND {_in_scope('community_id')}", [key, scope, scope, scope])
    if df.empty:
        return None
    row = df.iloc[0].to_dict()
    return {k: (None if v is None or (not isinstance(v, str) and pd.isna(v)) else v) for k, v in row.items()}
