"""Named datasets: the default database plus any number under data/datasets/, one DuckDB file each.

Presenters switch between them; the current one is part of the view (URL parameter `dataset`).
The studio describes and deletes them here; the generator creates them
(cgw.ingest.generator.studio) and cgw.outputs.dataset_export writes them out as files.
`CGW_DATASETS_DIR` moves the folder (tests use a temporary one).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from cgw import domain
from cgw.storage import DATA_DIR, database

DATASETS_DIR = DATA_DIR / "datasets"
DATASETS_ENV_VAR = "CGW_DATASETS_DIR"
DEFAULT_NAME = "default"
_NAME = re.compile(r"^[\w\u4e00-\u9fff-]{1,40}$")


@dataclass(frozen=True)
class Dataset:
    name: str
    path: Path | str  # a file, or for the default dataset in server mode a PostgreSQL URL


def datasets_dir() -> Path:
    return Path(os.environ.get(DATASETS_ENV_VAR) or DATASETS_DIR)


def valid_name(name: str) -> bool:
    return bool(_NAME.match(name or "")) and name != DEFAULT_NAME


def path_for(name: str, default_path: Path | str | None = None) -> Path | str:
    if name == DEFAULT_NAME:
        return database.as_target(default_path or database.default_path())
    if not valid_name(name):
        raise ValueError(f"数据集名称 {name!r} 无效：只能使用中文、字母、数字、下划线和连字符，最长 40 个字符")
    return datasets_dir() / f"{name}.duckdb"


def list_datasets(default_path: Path | str | None = None) -> list[Dataset]:
    out = [Dataset(DEFAULT_NAME, database.as_target(default_path or database.default_path()))]
    folder = datasets_dir()
    if folder.exists():
        out += [Dataset(p.stem, p) for p in sorted(folder.glob("*.duckdb")) if valid_name(p.stem)]
    return out


def exists(name: str, default_path: Path | str | None = None) -> bool:
    try:
        target = path_for(name, default_path)
        return True if database.is_server(target) else target.exists()
    except ValueError:
        return False


# --- create, describe, delete ----------------------------------------------------------------


def delete(name: str, default_path: Path | str | None = None) -> None:
    """Remove a named dataset's file. The default dataset is never deleted."""
    if name == DEFAULT_NAME:
        raise ValueError("默认数据集不能删除：可以在演示数据页用新的目标重新生成它")
    path = path_for(name, default_path)
    if not path.exists():
        raise ValueError(f"数据集 {name} 不存在")
    database.close(path)
    path.unlink()
    Path(str(path) + ".wal").unlink(missing_ok=True)


@dataclass(frozen=True)
class Summary:
    name: str
    path: Path | str
    size_bytes: int
    modified: dt.datetime
    info: dict[str, str]  # dataset_info: preset, seed, as_of, generated_at, …
    rows: dict[str, int]
    imported_batches: int  # files imported into it (0: purely generated, so synthetic)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def synthetic(self) -> bool:
        """Generated and never touched by an import: every ID and phone number is made up."""
        return bool(self.info.get("generated_at")) and self.imported_batches == 0

    @property
    def targets(self) -> dict:
        try:
            return json.loads(self.info.get("targets", "{}"))
        except json.JSONDecodeError:
            return {}


def is_synthetic(con: duckdb.DuckDBPyConnection) -> bool:
    """Generated and never touched by an import (see Summary.synthetic)."""
    generated = bool(database.dataset_info(con).get("generated_at"))
    return generated and database.query_rows(con, "SELECT count(*) FROM import_batches")[0][0] == 0


def summary(con: duckdb.DuckDBPyConnection, name: str, path: Path | str) -> Summary:
    stat = None if database.is_server(path) or not Path(path).exists() else Path(path).stat()
    size = database.size_bytes(path) if database.is_server(path) else (stat.st_size if stat else 0)
    batches = database.query_rows(con, "SELECT count(*) FROM import_batches")[0][0]
    return Summary(
        name=name,
        path=path,
        size_bytes=size,
        modified=dt.datetime.fromtimestamp(stat.st_mtime) if stat else dt.datetime.now(),
        info=database.dataset_info(con),
        rows=database.table_counts(con),
        imported_batches=int(batches),
    )


# --- export -----------------------------------------------------------------------------------

# Region rows go out parents first so a file imported top to bottom never meets an unknown parent.
_LEVEL_ORDER = "CASE level " + " ".join(f"WHEN '{lv}' THEN {i}" for i, lv in enumerate(domain.REGION_CODE_LENGTH)) + " END"
_INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"}


def primary_key(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """The table's primary-key columns, from the catalog."""
    return [r[0] for r in database.query_rows(con, """
        SELECT k.column_name FROM information_schema.table_constraints c
        JOIN information_schema.key_column_usage k
          ON k.constraint_name = c.constraint_name AND k.table_name = c.table_name
        WHERE c.table_name = ? AND c.constraint_type = 'PRIMARY KEY' ORDER BY k.ordinal_position""", [table])]


def _order_by(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """Rows by their primary key, regions parents first."""
    return f"{_LEVEL_ORDER}, region_id" if table == "regions" else ", ".join(primary_key(con, table))


def table_frame(con: duckdb.DuckDBPyConnection, table: str) -> pd.DataFrame:
    """Every row of a data table, categories as text, in a stable order."""
    if table not in database.DATA_TABLES:
        raise ValueError(f"未知的数据表 {table!r}")
    df = database.query_df(con, f"SELECT * FROM {table} ORDER BY {_order_by(con, table)}")
    types = dict(database.query_rows(
        con, "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? AND table_schema = 'main'",
        [table]))
    for col in df.columns:
        if isinstance(df[col].dtype, pd.CategoricalDtype):
            df[col] = df[col].astype(object).where(df[col].notna(), None)
        elif types.get(col) in _INTEGER_TYPES and df[col].dtype.kind == "f":
            df[col] = df[col].astype("Int64")  # NULLs made it float: write 12, not 12.0
    return df


def table_frames(con: duckdb.DuckDBPyConnection, tables: tuple[str, ...] = database.DATA_TABLES) -> dict[str, pd.DataFrame]:
    """The data tables in foreign-key order (the order an import must follow)."""
    return {t: table_frame(con, t) for t in tables}
