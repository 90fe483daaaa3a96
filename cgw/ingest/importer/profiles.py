"""Import profiles: how one office's files map onto a table, saved by name and reused.

A profile holds the analyst's choices on top of what the importer finds by itself: which file
column goes to which table column (or is left out), and what unrecognised category values become.
It is stored in the database (table import_profiles, one row per name and table) so that the page
and `python cli.py import --profile NAME` share it.

    mapping = Mapping(columns={"参加社区工作时间": "hire_date", "备注": ""},
                      values={"education": {"全日制本科": "本科"}})
    profiles.save(con, "大虞街道花名册", "workers", mapping)
    importer.import_file(con, "workers", path, mapping=profiles.load(con, "大虞街道花名册", "workers"))
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import duckdb

from cgw import domain
from cgw.ingest.importer import headers, specs
from cgw.ingest.importer.errors import ImportFailed

NAME_MAX = 40


@dataclass
class Mapping:
    # file header (as the preview shows it) → table column, or "" to leave the column out
    columns: dict[str, str] = field(default_factory=dict)
    # table column → {value as written → stored value, or "" for unknown}
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.columns or any(self.values.values()))

    def to_json(self) -> str:
        return json.dumps({"columns": self.columns, "values": {k: v for k, v in self.values.items() if v}},
                          ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Mapping:
        data = json.loads(text or "{}")
        return cls(dict(data.get("columns", {})), {k: dict(v) for k, v in data.get("values", {}).items()})

    def overlaid(self, other: Mapping | None) -> Mapping:
        """This mapping with `other`'s choices on top (the page's edits over a saved profile)."""
        if not other:
            return Mapping(dict(self.columns), {k: dict(v) for k, v in self.values.items()})
        values = {k: dict(v) for k, v in self.values.items()}
        for col, m in other.values.items():
            values.setdefault(col, {}).update(m)
        return Mapping({**self.columns, **other.columns}, values)

    def check(self, table: str) -> None:
        """Refuse a mapping naming columns or values the table does not have."""
        spec = specs.spec(table)
        names = {c.name for c in spec.columns}
        for header, col in self.columns.items():
            if col and col not in names:
                raise ImportFailed(f"导入方案把「{header}」对应到「{col}」，但「{spec.title_zh}」没有这一项")
        for col, m in self.values.items():
            if col not in names:
                raise ImportFailed(f"导入方案中有「{spec.title_zh}」没有的列「{col}」")
            c = spec.column(col)
            allowed = set(value_choices(c))
            for value, stored in m.items():
                if stored and stored not in allowed:
                    raise ImportFailed(f"导入方案把「{c.header_zh}」的「{value}」对应到「{stored}」，这不是可选的值")


def value_choices(c: specs.ColumnSpec) -> list[str]:
    """What a value of column `c` may be mapped to ("" = unknown, for optional columns only)."""
    if c.kind == "title":
        out = list(domain.values("post_title"))
    elif c.kind == "flag":
        out = ["是", "否"]
    else:
        out = list(c.choices())
    if not c.required or c.kind == "title":
        out.append("")
    return out


def _cursor(con: duckdb.DuckDBPyConnection):
    return con.cursor()


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ImportFailed("请给导入方案起个名字（如“大虞街道花名册”）")
    if len(name) > NAME_MAX:
        raise ImportFailed(f"导入方案的名字最长 {NAME_MAX} 个字")
    return name


def save(con: duckdb.DuckDBPyConnection, name: str, table: str, mapping: Mapping) -> None:
    """Save (or replace) profile `name` for `table`."""
    name = _clean_name(name)
    specs.spec(table)
    mapping.check(table)
    now = dt.datetime.now().replace(microsecond=0)
    cur = _cursor(con)
    try:
        cur.execute(
            "INSERT INTO import_profiles VALUES (?, ?, ?, ?, ?) ON CONFLICT (name, table_name) "
            "DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at",
            [name, table, mapping.to_json(), now, now],
        )
    finally:
        cur.close()


def load(con: duckdb.DuckDBPyConnection, name: str, table: str) -> Mapping:
    cur = _cursor(con)
    try:
        rows = cur.execute("SELECT mapping FROM import_profiles WHERE name = ? AND table_name = ?",
                           [name, table]).fetchall()
    finally:
        cur.close()
    if not rows:
        known = names(con, table)
        hint = f"已有的方案：{'、'.join(known)}" if known else "还没有保存过这张表的导入方案：先在“数据导入”页面核对列的对应关系后保存"
        raise ImportFailed(f"没有名为「{name}」的「{specs.spec(table).title_zh}」导入方案；{hint}")
    return Mapping.from_json(rows[0][0])


def names(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    cur = _cursor(con)
    try:
        return [r[0] for r in cur.execute("SELECT name FROM import_profiles WHERE table_name = ? ORDER BY updated_at DESC, name",
                                          [table]).fetchall()]
    finally:
        cur.close()


def delete(con: duckdb.DuckDBPyConnection, name: str, table: str) -> None:
    cur = _cursor(con)
    try:
        cur.execute("DELETE FROM import_profiles WHERE name = ? AND table_name = ?", [name, table])
    finally:
        cur.close()


def best_for(con: duckdb.DuckDBPyConnection, table: str, file_headers: list[str]) -> str | None:
    """The saved profile whose column choices name most of this file's headers (at least half of
    its choices, and two unless it has one), so that the same office's next file is mapped as before."""
    cur = _cursor(con)
    try:
        rows = cur.execute("SELECT name, mapping FROM import_profiles WHERE table_name = ? ORDER BY updated_at DESC",
                           [table]).fetchall()
    finally:
        cur.close()
    have = {headers.norm(h) for h in file_headers if h}
    best, best_hits = None, 0
    for name, text in rows:
        chosen = {headers.norm(h) for h in Mapping.from_json(text).columns}
        hits = len(chosen & have)
        if chosen and hits >= min(2, len(chosen)) and hits * 2 >= len(chosen) and hits > best_hits:
            best, best_hits = name, hits
    return best
