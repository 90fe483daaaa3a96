"""The region tree as the metrics, pages, command line and briefing see it: one read of the
`regions` table, then lookup, children, breadcrumb path and name resolution in memory; and the
one place a user's region text and date become the filters of a view."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from functools import cached_property

import duckdb

from cgw import domain
from cgw.storage import database
from metrics.filters import Filters

_LEVEL_BY_LENGTH = {v: k for k, v in domain.REGION_CODE_LENGTH.items()}


def level_of(region_id: str) -> str | None:
    """The level a region code denotes, from its length (统计用区划代码)."""
    return _LEVEL_BY_LENGTH.get(len(region_id)) if region_id.isdigit() else None


@dataclass(frozen=True)
class Region:
    region_id: str
    name: str
    level: str
    parent_id: str | None


class RegionTree:
    """Every region, indexed by code and by parent (codes are prefixes of their children's)."""

    def __init__(self, regions: list[Region]):
        self.by_id = {r.region_id: r for r in regions}

    @cached_property
    def _children(self) -> dict[str | None, list[Region]]:
        out: dict[str | None, list[Region]] = {}
        for r in sorted(self.by_id.values(), key=lambda r: r.region_id):
            out.setdefault(r.parent_id, []).append(r)
        return out

    def __len__(self) -> int:
        return len(self.by_id)

    def get(self, region_id: str | None) -> Region | None:
        return self.by_id.get(region_id) if region_id else None

    def exists(self, region_id: str | None) -> bool:
        return self.get(region_id) is not None

    def root(self) -> Region | None:
        """The top of the tree: the parentless region with the shortest code."""
        roots = self._children.get(None, [])
        return min(roots, key=lambda r: (len(r.region_id), r.region_id)) if roots else None

    def children(self, region_id: str | None) -> list[Region]:
        return list(self._children.get(region_id, [])) if region_id else []

    def path(self, region_id: str | None) -> list[Region]:
        """Ancestors from the root down to the region itself."""
        out = []
        region = self.get(region_id)
        while region is not None:
            out.append(region)
            region = self.get(region.parent_id)
        return out[::-1]

    def name(self, region_id: str) -> str:
        region = self.get(region_id)
        return region.name if region else region_id

    def subtree(self, region_id: str | None) -> RegionTree:
        """Only `region_id` and the regions below it, `region_id` as the root (an account's scope:
        its ancestors and their other children are not in it). Empty when it is unknown."""
        top = self.get(region_id)
        if top is None:
            return RegionTree([])
        inside = [r for r in self.by_id.values() if r.region_id.startswith(top.region_id)]
        return RegionTree([dataclasses.replace(r, parent_id=None) if r is top else r for r in inside])

    def resolve(self, text: str) -> Region | None:
        """A region by code, or by exact name when the name is unique."""
        text = text.strip()
        if text in self.by_id:
            return self.by_id[text]
        named = [r for r in self.by_id.values() if r.name == text]
        return named[0] if len(named) == 1 else None


def tree(con: duckdb.DuckDBPyConnection) -> RegionTree:
    rows = database.query_rows(con, "SELECT region_id, name, level::VARCHAR, parent_id FROM regions")
    return RegionTree([Region(*r) for r in rows])


def get(con: duckdb.DuckDBPyConnection, region_id: str) -> Region | None:
    return tree(con).get(region_id)


def root(con: duckdb.DuckDBPyConnection) -> Region | None:
    return tree(con).root()


def view(con: duckdb.DuckDBPyConnection, region: str | None, as_of: dt.date | None = None,
         grain: str = "year") -> tuple[Region, Filters]:
    """The region a user named (code or unique name; default the top of the tree) and the filters
    for it (as-of defaults to the dataset's date). Raises ValueError with the fix in Chinese."""
    regions = tree(con)
    found = regions.resolve(region) if region else regions.root()
    if found is None:
        if region:
            raise ValueError(f"找不到区划 {region!r}：请使用区划代码（如 370705）或唯一的名称")
        raise ValueError("数据库中还没有区划数据：请先生成演示数据或导入区划表")
    return found, Filters(found.region_id, as_of or database.as_of_date(con), grain)
