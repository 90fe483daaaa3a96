"""Matching a file's header cells to a table's columns.

Headers are compared in a normalised form (full-width to half-width, no spaces, no "（必填）"
style notes or "*" marks, lower case). A header is matched, in this order of trust:
1. by the analyst: a mapping chosen on the page or saved in an import profile (`overrides`);
2. by the column's own names (template header, English header, field name);
3. by a synonym (文化程度 → 学历, 公民身份号码 → 身份证号, 参加社区工作时间 → 入职日期);
4. by similarity (fuzzy): 参加社区工作日期, 现所在社区 … A fuzzy match is a proposal: the page
   shows it as such, and the analyst confirms or changes it.
Headers of facts this product does not keep (籍贯, 家庭住址, 备注 …) are never matched by
similarity: they are listed as ignored. Two-row headers ("基本情况" over 性别/民族/出生年月) are
matched on the group and field label together first ("职业资格" + "等级"), then on the field label.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field

from cgw.ingest.importer import vocab
from cgw.ingest.importer.specs import TableSpec

_BRACKETS = re.compile(r"[（(\[【〔<《][^）)\]】〕>》]*[）)\]】〕>》]")
_STRIP = "*＊:：·•#"
# Columns that only number the rows; ignored without a notice of data loss.
ROW_NUMBER_HEADERS = {"序号", "行号", "no", "no.", "#", "编号序号", "序", "顺序号", "排序"}
# Facts rosters often carry that this product does not keep: never matched by similarity.
NOT_KEPT = {
    "籍贯", "出生地", "户籍地", "户籍所在地", "家庭住址", "现住址", "住址", "居住地址", "通讯地址", "备注", "说明",
    "入党时间", "入党日期", "参加工作时间", "参加工作日期", "职称", "专业技术职称", "学位", "毕业院校", "毕业学校",
    "所学专业", "专业", "毕业时间", "婚姻状况", "健康状况", "照片", "特长", "爱好", "邮箱", "电子邮箱", "微信",
    "qq", "身高", "血型", "宗教信仰", "工作简历", "简历", "家庭成员", "奖惩情况", "年龄", "工龄", "社区工龄",
    "联系人", "紧急联系人", "办公电话", "座机", "固定电话", "工资", "薪酬", "月工资", "银行卡号",
    # the grid's staff, not the grid (网格 is matched by name; 网格员 must not be taken for it by similarity)
    "网格员", "网格长", "专职网格员", "兼职网格员", "网格员姓名", "网格长姓名", "网格员电话",
}
# How well a header was matched, best first.
BY_ANALYST, BY_NAME, BY_SYNONYM, BY_SIMILARITY = "analyst", "name", "synonym", "similar"
HOW_ZH = {BY_ANALYST: "已指定（导入方案或手动）", BY_NAME: "列名相同", BY_SYNONYM: "常见写法", BY_SIMILARITY: "相近（请核对）"}
FUZZY_CUTOFF = 0.8


def norm(cell: object) -> str:
    return _norm(str(cell if cell is not None else ""))


@functools.lru_cache(maxsize=8192)
def _norm(cell: str) -> str:
    s = vocab.nfkc(cell)
    s = re.sub(r"[\s\u3000\u00a0\u200b\ufeff]+", "", s)
    s = _BRACKETS.sub("", s) or s
    return s.strip(_STRIP).lower()


def _loose(text: str) -> str:
    """The form compared by similarity: 日期 and 时间, 号码 and 号 are the same word here."""
    return text.replace("日期", "时间").replace("号码", "号").replace("年月", "时间")


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


@functools.cache
def _loose_terms(spec: TableSpec) -> list[tuple[str, str]]:
    return [(_loose(k), name) for k, (name, _) in index(spec).items() if len(k) >= 2]


@functools.lru_cache(maxsize=4096)
def similar(header: str, spec: TableSpec) -> tuple[str, float] | None:
    """(column, score) for a header that none of the column's names or synonyms spells exactly,
    or None. Containment of a known term of three or more characters ("现所在社区" ⊃ "所在社区") or
    a close spelling ("参加社区工作日期" ~ "参加社区工作时间"); a tie between two columns is None."""
    k = norm(header)
    if len(k) < 2 or k in NOT_KEPT or k in ROW_NUMBER_HEADERS or _loose(k) in {_loose(x) for x in NOT_KEPT}:
        return None
    lk = _loose(k)
    scores: dict[str, float] = {}
    for term, name in _loose_terms(spec):
        if term == lk:
            score = 1.0
        elif len(term) >= 3 and term in lk:
            score = 0.8 + 0.2 * len(term) / len(lk)
        elif len(lk) >= 3 and lk in term:
            score = 0.8 + 0.2 * len(lk) / len(term)
        else:
            score = difflib.SequenceMatcher(None, lk, term).ratio()
        if score >= FUZZY_CUTOFF and score > scores.get(name, 0):
            scores[name] = score
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if len(ranked) > 1 and ranked[1][1] >= ranked[0][1] - 0.02:
        return None  # two columns fit as well: not a guess to make
    return ranked[0]


@dataclass
class HeaderMatch:
    columns: dict[int, str]  # file column index → table column
    duplicates: list[tuple[int, str]]  # file columns that repeat an already matched column
    unknown: list[int]  # file columns with a header that matches nothing
    row_numbers: list[int]  # 序号 columns
    how: dict[int, str] = field(default_factory=dict)  # file column index → BY_* for matched columns
    ignored: list[int] = field(default_factory=list)  # columns the analyst chose not to import

    @property
    def score(self) -> int:
        return len(self.columns)

    @property
    def sure(self) -> int:
        """Columns matched by name or synonym (the header search ranks rows by these)."""
        return sum(1 for i in self.columns if self.how.get(i) != BY_SIMILARITY)


def header_keys(cells: list[object], groups: list[str] | None = None) -> list[list[str]]:
    """For each cell the normalised texts to look up, most specific first: a two-row header's
    group and field label together, then the field label alone."""
    out = []
    for i, cell in enumerate(cells):
        k = norm(cell)
        g = norm(groups[i]) if groups and i < len(groups) and groups[i] else ""
        shown = norm(f"{groups[i]} / {cell}") if g and k else ""  # the form the preview shows
        out.append(list(dict.fromkeys(x for x in (shown, g + k if g and k else "", k) if x)))
    return out


def match(cells: list[object], spec: TableSpec, groups: list[str] | None = None,
          overrides: dict[str, str] | None = None, fuzzy: bool = True) -> HeaderMatch:
    """Match header `cells` (with their two-row `groups` labels, if any) to `spec`'s columns.
    `overrides`: normalised header → column name, or "" to ignore the column (the analyst's)."""
    idx = index(spec)
    names = {c.name for c in spec.columns}
    overrides = {norm(k): v for k, v in (overrides or {}).items() if v == "" or v in names}
    best: dict[str, tuple[int, float, int]] = {}  # column → (priority, -score, file index)
    kinds: dict[int, str] = {}  # file index → how it was offered
    unknown, row_numbers, dups, ignored = [], [], [], []
    pending: list[tuple[int, str, float]] = []
    keys = header_keys(cells, groups)

    def offer(name: str, prio: int, score: float, i: int, kind: str) -> None:
        kinds[i] = kind
        if name in best:
            if (prio, -score) < best[name][:2]:
                dups.append((best[name][2], name))
                best[name] = (prio, -score, i)
            else:
                dups.append((i, name))
        else:
            best[name] = (prio, -score, i)

    for i, ks in enumerate(keys):
        if not ks:
            continue
        forced = next((overrides[k] for k in ks if k in overrides), None)
        if forced is not None:
            if forced == "":
                ignored.append(i)
            else:
                offer(forced, -1, 1.0, i, BY_ANALYST)
            continue
        hit = next((idx[k] for k in ks if k in idx), None)
        if hit is not None:
            offer(hit[0], hit[1], 1.0, i, BY_NAME if hit[1] == 0 else BY_SYNONYM)
        elif ks[-1] in ROW_NUMBER_HEADERS:
            row_numbers.append(i)
        else:
            pending.append((i, ks[-1], 0.0))
    for i, k, _ in pending:
        found = similar(k, spec) if fuzzy else None
        if found is None and fuzzy and len(keys[i]) > 1:
            found = similar(keys[i][0], spec)
        if found is None or (found[0] in best and best[found[0]][0] < 2):
            unknown.append(i)
            continue
        offer(found[0], 2, found[1], i, BY_SIMILARITY)
    columns = {i: name for name, (_, _, i) in best.items()}
    # A similar header that lost to a better column is not a duplicate: it matched nothing.
    lost = {i for i, kind in kinds.items() if kind == BY_SIMILARITY and i not in columns}
    dups = [(i, n) for i, n in dups if i not in lost]
    return HeaderMatch(columns, sorted(set(dups)), sorted(set(unknown) | lost), row_numbers,
                       {i: kinds[i] for i in columns}, ignored)
