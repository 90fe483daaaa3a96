"""Matching a file's header cells to a table's columns: Chinese or English, synonyms, stray
spaces, full-width characters, "（必填）" style notes and "*" marks all tolerated."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from cgw.ingest.importer import vocab
from cgw.ingest.importer.specs import TableSpec

_BRACKETS = re.compile(r"[（(\[【〔][^）)\]】〕]*[）)\]】〕]")
_STRIP = "*＊:：·•"
# Columns that only number the rows; ignored without a notice of data loss.
ROW_NUMBER_HEADERS = {"序号", "行号", "no", "no.", "#", "编号序号"}


def norm(cell: object) -> str:
    s = vocab.nfkc(str(cell if cell is not None else ""))
    s = re.sub(r"[\s\u3000\u00a0\u200b\ufeff]+", "", s)
    s = _BRACKETS.sub("", s) or s
    return s.strip(_STRIP).lower()


@functools.cache
def index(spec: TableSpec) -> dict[str, tuple[str, int]]:
    """normalised header → (column name, priority); 0 = the column's own names, 1 = a synonym.

    A synonym that two columns of the table share is dropped: it would be a guess."""
    out: dict[str, tuple[str, int]] = {}
    shared: set[str] = set()
    for c in spec.columns:
        for h in (c.header_zh, c.header_en, c.name):
            out[norm(h)] = (c.name, 0)
    for c in spec.columns:
        for h in c.synonyms:
            k = norm(h)
            if k in out and out[k][1] == 0:
                continue
            if k in out and out[k][0] != c.name:
                shared.add(k)
            out.setdefault(k, (c.name, 1))
    for k in shared:
        out.pop(k, None)
    return out


@dataclass
class HeaderMatch:
    columns: dict[int, str]  # file column index → table column
    duplicates: list[tuple[int, str]]  # file columns that repeat an already matched column
    unknown: list[int]  # file columns with a header that matches nothing
    row_numbers: list[int]  # 序号 columns

    @property
    def score(self) -> int:
        return len(self.columns)


def match(cells: list[object], spec: TableSpec) -> HeaderMatch:
    idx = index(spec)
    best: dict[str, tuple[int, int]] = {}  # column → (priority, file index)
    unknown, row_numbers, dups = [], [], []
    for i, cell in enumerate(cells):
        k = norm(cell)
        if not k:
            continue
        hit = idx.get(k)
        if hit is None:
            (row_numbers if k in ROW_NUMBER_HEADERS else unknown).append(i)
            continue
        name, prio = hit
        if name in best:
            if prio < best[name][0]:
                dups.append((best[name][1], name))
                best[name] = (prio, i)
            else:
                dups.append((i, name))
        else:
            best[name] = (prio, i)
    return HeaderMatch({i: name for name, (_, i) in best.items()}, sorted(dups), unknown, row_numbers)
