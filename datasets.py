"""Named datasets: the default database plus any number under data/datasets/, one DuckDB file each.

Presenters switch between them; the current one is part of the view (URL parameter `dataset`).
The studio creates (generates), describes, exports and deletes them through this module.
`CGW_DATASETS_DIR` moves the folder (tests use a temporary one).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

import database
import domain
from generator import build
from generator.targets import DEFAULT_AS_OF, Targets

DATASETS_DIR = Path(__file__).parent / "data" / "datasets"
DATASETS_ENV_VAR = "CGW_DATASETS_DIR"
DEFAULT_NAME = "default"
_NAME = re.compile(r"^[\w\u4e00-\u9fff-]{1,40}$")


@dataclass(frozen=True)
class Dataset:
    name: str
    path: Path


def datasets_dir() -> Path:
    return Path(os.environ.get(DATASETS_ENV_VAR) or DATASETS_DIR)


def valid_name(name: str) -> bool:
    return bool(_NAME.match(name or "")) and name != DEFAULT_NAME


def path_for(name: str, default_path: Path | None = None) -> Path:
    if name == DEFAULT_NAME:
        return Path(default_path or database.default_path())
    if not valid_name(name):
        raise ValueError(f"数据集名称 {name!r} 无效：只能使用中文、字母、数字、下划线和连字符，最长 40 个字符")
    return datasets_dir() / f"{name}.duckdb"


def list_datasets(default_path: Path | None = None) -> list[Dataset]:
    out = [Dataset(DEFAULT_NAME, Path(default_path or database.default_path()))]
    folder = datasets_dir()
    if folder.exists():
        out += [Dataset(p.stem, p) for p in sorted(folder.glob("*.duckdb")) if valid_name(p.stem)]
    return out


def exists(name: str, default_path: Path | None = None) -> bool:
    try:
        return path_for(name, default_path).exists()
    except ValueError:
        return False


# --- create, describe, delete ----------------------------------------------------------------


def generate(
    name: str,
    targets: Targets,
    *,
    seed: int = 1,
    as_of: dt.date = DEFAULT_AS_OF,
    default_path: Path | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> build.GenerationResult:
    """Generate `targets` into dataset `name` (new, or replacing it atomically).

    The caller closes any connection it holds to the file first (the app: ui.data.release()).
    """
    path = path_for(name, default_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return build.generate(targets, path, seed=seed, as_of=as_of, progress=progress or (lambda f, m: None))


def delete(name: str, default_path: Path | None = None) -> None:
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
    path: Path
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


def summary(con: duckdb.DuckDBPyConnection, name: str, path: Path) -> Summary:
    stat = path.stat() if path.exists() else None
    batches = database.query_rows(con, "SELECT count(*) FROM import_batches")[0][0]
    return Summary(
        name=name,
        path=path,
        size_bytes=stat.st_size if stat else 0,
        modified=dt.datetime.fromtimestamp(stat.st_mtime) if stat else dt.datetime.now(),
        info=database.dataset_info(con),
        rows=database.table_counts(con),
        imported_batches=int(batches),
    )


# --- export -----------------------------------------------------------------------------------

# Region rows go out parents first so a file imported top to bottom never meets an unknown parent.
_LEVEL_ORDER = "CASE level " + " ".join(f"WHEN '{lv}' THEN {i}" for i, lv in enumerate(domain.REGION_CODE_LENGTH)) + " END"
_INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"}


def _order_by(table: str) -> str:
    """Rows by their key (the importer's), regions parents first."""
    from importer import specs

    return f"{_LEVEL_ORDER}, region_id" if table == "regions" else ", ".join(specs.spec(table).key)


def table_frame(con: duckdb.DuckDBPyConnection, table: str) -> pd.DataFrame:
    """Every row of a data table, categories as text, in a stable order."""
    if table not in database.DATA_TABLES:
        raise ValueError(f"未知的数据表 {table!r}")
    df = database.query_df(con, f"SELECT * FROM {table} ORDER BY {_order_by(table)}")
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


# --- the studio's target table ------------------------------------------------------------------

# Fields of the studio's form; shares are fractions here and percentages on screen.
FORM_FIELDS = ("population", "streets", "communities", "workers_per_10k", "under_40_share", "college_share",
               "certified_share", "secretary_avg_age", "partners", "issues_resolved", "wishes_fulfilled")


def form_values(t: Targets) -> dict[str, float | int | None]:
    return {k: getattr(t, k) for k in FORM_FIELDS}


def targets_from_form(preset: str, values: dict, scale: float = 1.0) -> Targets:
    """The preset itself when the form is unchanged (its published wording kept), else custom targets
    on top of it; then `scale` times larger. Raises TargetError with the reason when impossible."""
    from generator import targets as tg

    base = tg.PRESETS[preset]
    changed = {k: v for k, v in values.items() if v is not None and v != getattr(base, k)}
    cleared = [k for k, v in values.items() if v is None and getattr(base, k) is not None]
    if changed or cleared:
        t = tg.from_mapping({"base": preset, **{k: v for k, v in values.items() if v is not None}})
        if cleared:  # an empty service target means "sized to the district" (generator default)
            import dataclasses

            t = dataclasses.replace(t, **{k: None for k in cleared})
    else:
        t = base
    if scale <= 0:
        raise tg.TargetError(f"规模倍数应大于 0，收到 {scale}")
    if scale != 1:
        t = t.scaled(scale)
    tg.check_feasible(t)
    return t


@dataclass(frozen=True)
class Preview:
    """The KPIs a generation will show, known before generating (from the integer plan)."""

    values: dict[str, float | None]  # metric id -> value (None: sized automatically)
    estimated_rows: int


def preview(t: Targets) -> Preview:
    from generator import calibrate

    plan = calibrate.plan_workforce(t)
    head, deputy, committee = plan.reserve_90s
    values: dict[str, float | None] = {
        "resident_population": plan.population,
        "active_workers": plan.workers,
        "workers_per_10k": plan.workers / plan.population * 10_000,
        "under_40_share": plan.under_40 / plan.workers,
        "college_share": plan.college / plan.workers,
        "certified_share": plan.certified / plan.workers,
        "secretaries": plan.secretaries,
        "secretary_avg_age": plan.secretary_age_sum / plan.secretaries,
        "new_secretaries_3y": plan.new_secretaries_3y,
        "open_recruits_4y": plan.open_recruits_4y,
        "reserve_90s_head": head,
        "reserve_90s_deputy": deputy,
        "reserve_90s_committee": committee,
        "communities": t.communities,
        "partners": t.partners if t.partners is not None else round(2.1 * t.communities),
        "issues_resolved": t.issues_resolved,
        "wishes_fulfilled": t.wishes_fulfilled,
    }
    per_community = (t.issues_per_community + t.wishes_per_community
                     + t.point_accounts_per_community * (1 + t.ledger_rows_per_account))
    estimated = int(t.communities * per_community + plan.workers * 8)
    return Preview(values, estimated)


# --- downloading a whole dataset -------------------------------------------------------------------


def import_headers(table: str) -> dict[str, str]:
    """Column -> the import template's Chinese header.

    The importer accepts these headers (or the English column names), so a downloaded dataset
    re-imports unchanged either way; Chinese headers are what analysts see in their templates.
    """
    from importer import specs

    return {c.name: c.header_zh for c in specs.spec(table).columns}


def export_frames(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """Every data table in import order, with the import template's headers; keys like 01_regions."""
    out = {}
    for i, (table, df) in enumerate(table_frames(con).items(), start=1):
        out[f"{i:02d}_{table}"] = df.rename(columns=import_headers(table))
    return out


def export_readme(synthetic: bool) -> str:
    lines = [
        "社区工作者队伍数据看板 · 数据集导出",
        "",
        "每张表一个 CSV 文件（UTF-8 带 BOM，Excel/WPS 可直接打开）。文件名前的序号是导入顺序：",
        "在“数据导入”页按序号从小到大逐个导入即可还原整个数据集。",
        "",
    ]
    if synthetic:
        lines.append("本数据集为演示数据生成器生成的合成数据：姓名、身份证号、手机号均为随机虚构，不对应任何真实人员，"
                     "因此未做脱敏，以便原样导入。")
    else:
        lines.append("本数据集含导入的真实名册：身份证号、手机号已脱敏，文件仅供查阅，不能原样导入。")
    return "\r\n".join(lines) + "\r\n"


def export_zip(con: duckdb.DuckDBPyConnection, *, mask: bool, readme: str | None = None) -> bytes:
    """The dataset as a ZIP of CSVs. `mask=False` only for synthetic datasets."""
    from exports import zip_of_csv

    return zip_of_csv(export_frames(con), mask=mask, readme=readme)


def export_xlsx(con: duckdb.DuckDBPyConnection, *, mask: bool) -> bytes:
    """The dataset as one workbook, a sheet per table (sheet names like 01_regions)."""
    from exports import xlsx_bytes

    return xlsx_bytes(export_frames(con), mask=mask)
