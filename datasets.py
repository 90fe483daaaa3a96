"""Named datasets: the default database plus any number under data/datasets/, one DuckDB file each.

Presenters switch between them; the current one is part of the view (URL parameter `dataset`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import database

DATASETS_DIR = Path(__file__).parent / "data" / "datasets"
DEFAULT_NAME = "default"
_NAME = re.compile(r"^[\w\u4e00-\u9fff-]{1,40}$")


@dataclass(frozen=True)
class Dataset:
    name: str
    path: Path


def valid_name(name: str) -> bool:
    return bool(_NAME.match(name or "")) and name != DEFAULT_NAME


def path_for(name: str, default_path: Path | None = None) -> Path:
    if name == DEFAULT_NAME:
        return Path(default_path or database.default_path())
    if not valid_name(name):
        raise ValueError(f"数据集名称 {name!r} 无效：只能使用中文、字母、数字、下划线和连字符，最长 40 个字符")
    return DATASETS_DIR / f"{name}.duckdb"


def list_datasets(default_path: Path | None = None) -> list[Dataset]:
    out = [Dataset(DEFAULT_NAME, Path(default_path or database.default_path()))]
    if DATASETS_DIR.exists():
        out += [Dataset(p.stem, p) for p in sorted(DATASETS_DIR.glob("*.duckdb")) if valid_name(p.stem)]
    return out
