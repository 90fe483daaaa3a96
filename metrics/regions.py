"""The region tree as the metrics and pages see it: lookup, children, breadcrumb."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

import database
import domain

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


def _regions(con: duckdb.DuckDBPyConnection, where: str, params: list) -> list[Region]:
    rows = database.query_rows(con, f"SELECT region_id, name, level::VARCHAR, parent_id FROM regions WHERE {where}", params)
    return [Region(*r) for r in rows]


def get(con: duckdb.DuckDBPyConnection, region_id: str) -> Region | None:
    found = _regions(con, "region_id = ?", [region_id])
    return found[0] if found else None


def root(con: duckdb.DuckDBPyConnection) -> Region | None:
    """The top of the tree: the parentless region with the shortest code."""
    found = _regions(con, "parent_id IS NULL ORDER BY length(region_id), region_id LIMIT 1", [])
    return found[0] if found else None


def children(con: duckdb.DuckDBPyConnection, region_id: str) -> list[Region]:
    return _regions(con, "parent_id = ? ORDER BY region_id", [region_id])


def path(con: duckdb.DuckDBPyConnection, region_id: str) -> list[Region]:
    """Ancestors from the root down to the region itself (codes are prefixes of their children)."""
    return _regions(con, "starts_with(?, region_id) ORDER BY length(region_id)", [region_id])


def resolve(con: duckdb.DuckDBPyConnection, text: str) -> Region | None:
    """A region by code, or by exact name when the name is unique."""
    text = text.strip()
    found = get(con, text)
    if found:
        return found
    named = _regions(con, "name = ?", [text])
    return named[0] if len(named) == 1 else None
