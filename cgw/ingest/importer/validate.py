"""Validation, vectorised: the raw text cells become typed values, problems and actions in SQL.

Per column, values are converted either by SQL expressions (names, codes, ID and phone numbers,
references checked by joins) or once per distinct value in Python (dates, numbers, categories,
region and partner names) and joined back. Then defaults are applied, domain rules evaluated,
duplicate keys searched within the file and against the database, and every row gets an
action: new, update, unchanged or rejected. Nothing here writes to a database table.

TEMP relations left on the cursor: `staged` (one row per file row: typed values and per-column
reasons), `problems` (line, column, value, reason, fix) and `act` (line, action).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import NamedTuple

import pandas as pd

from cgw.domain import idcard, privacy
from cgw.ingest.importer import convert, headers, reading, settings, vocab
from cgw.ingest.importer.specs import MAPPED_KINDS, TABLES, ColumnSpec, Rule, TableSpec, q

WS = "' \t\r\n\u3000\u00a0\u200b\ufeff'"
FULL = "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ－＿．　"
HALF = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_. "
WORK_TYPE = {"date": "DATE", "int": "BIGINT", "decimal": "DECIMAL(18,4)", "quarter": "INTEGER"}
MODES = ("append", "upsert", "replace")
MODE_ZH = {"append": "追加", "upsert": "更新", "replace": "替换"}


def work_type(c: ColumnSpec) -> str:
    """The type a column has while it is validated: categories are already their ENUM (one cast
    per distinct value instead of one per row), numbers wide enough to check their range."""
    if c.kind == "category" and c.sql_type:
        return c.sql_type
    return WORK_TYPE.get(c.kind, "VARCHAR")


@dataclass
class Analysis:
    spec: TableSpec
    raw: reading.RawTable
    mode: str
    present: dict[str, int]  # table column → file column index
    rows_total: int = 0
    rows_new: int = 0
    rows_updated: int = 0
    rows_unchanged: int = 0
    rows_rejected: int = 0
    rows_deleted: int = 0
    problems_total: int = 0
    notices: list[str] = field(default_factory=list)
    delete_refused: str | None = None  # replace mode: why the deletions cannot happen


# --- step 1: the columns ----------------------------------------------------------------------

# Why a column the product cannot do without is required (said when it is missing).
WHY_REQUIRED = {
    "hire_date": "看板按入职日期判断某一天谁在岗",
    "id_number": "身份证号用来识别人员，并推出性别和出生日期",
    "community_id": "每条记录都要归属到社区",
}


def missing_specs(spec: TableSpec, raw: reading.RawTable) -> list[ColumnSpec]:
    """The columns the product cannot do without that no file column is mapped to."""
    present = set(raw.match.columns.values())
    derived = {d.column for d in spec.derive}
    return [c for c in spec.columns if c.required and c.name not in present and c.name not in derived and not c.auto]


def looks_like(cur, c: ColumnSpec, samples: list[str]) -> bool:
    """Whether most of a file column's values could be column `c`'s (a hint for the analyst when
    `c` is missing: 工作单位 holding community names)."""
    samples = [v for v in samples if v and v.strip()]
    if not samples:
        return False
    if c.kind == "community":
        rows = cur.execute("SELECT region_id, name, level::VARCHAR, parent_id FROM regions").fetchall()
        idx = convert.RegionIndex(rows)
        ok = sum(idx.resolve(v, "community").reason is None for v in samples)
    elif c.kind == "id_number":
        ok = sum(bool(re.fullmatch(r"[0-9]{17}[0-9Xx]", re.sub(r"\s", "", vocab.nfkc(v)))) for v in samples)
    elif c.kind == "date":
        ok = sum(convert.parse_date(v).reason is None for v in samples)
    elif c.kind == "person":
        ok = sum(bool(re.fullmatch(r"[\u4e00-\u9fff·]{2,6}", v.strip())) for v in samples)
    else:
        return False
    return ok * 3 >= len(samples) * 2


def missing_columns(spec: TableSpec, raw: reading.RawTable, cur=None, samples: dict[int, list[str]] | None = None) -> str | None:
    """Why the file cannot be read for `spec` (a column the product cannot do without is not
    mapped), or None. With the file's sample values, the message names the file column that looks
    like the missing one."""
    missing = missing_specs(spec, raw)
    if not missing:
        return None
    parts = []
    for c in missing:
        also = "、".join(x for x in c.synonyms[:3] if not x.isascii())
        why = WHY_REQUIRED.get(c.name)
        parts.append(f"「{c.header_zh}」" + (f"（也认 {also}）" if also else "") + (f"：{why}" if why else ""))
    hints = []
    if cur is not None and samples:
        free = [i for i in range(len(raw.headers)) if i not in raw.match.columns and i not in raw.match.row_numbers]
        for c in missing:
            for i in free:
                if looks_like(cur, c, samples.get(i, [])):
                    hints.append(f"文件中的「{raw.headers[i] or f'第 {i + 1} 列'}」看起来是{c.header_zh}：在“列的对应关系”中把它的"
                                 f"“导入为”改为「{c.header_zh}」")
                    break
    tail = ("；".join(hints) + "。") if hints else (
        "如果文件中有这一列但列名不同，请在“列的对应关系”中指定它（命令行：保存为导入方案后用 --profile）；否则请补上这一列。")
    return f"缺少必需的列 {'；'.join(parts)}（表头在第 {raw.header_row} 行）。{tail}"


def map_columns(spec: TableSpec, raw: reading.RawTable, file_name: str) -> tuple[dict[str, int], list[str]]:
    m = raw.match
    present = {name: i for i, name in m.columns.items()}
    notices = []
    unknown = [raw.headers[i] for i in m.unknown]
    if unknown:
        notices.append(f"以下 {len(unknown)} 列不属于「{spec.title_zh}」，未导入：{'、'.join(unknown)}")
    if m.ignored:
        notices.append(f"以下 {len(m.ignored)} 列按您的设置不导入：{'、'.join(raw.headers[i] for i in m.ignored)}")
    for i, name in m.duplicates:
        used = raw.headers[present[name]]
        notices.append(f"「{raw.headers[i]}」与「{used}」对应同一项（{spec.column(name).header_zh}），已使用「{used}」")
    similar = [i for i, how in m.how.items() if how == headers.BY_SIMILARITY]
    if similar:
        pairs = "、".join(f"「{raw.headers[i]}」→{spec.column(m.columns[i]).header_zh}" for i in similar)
        notices.append(f"按相近的列名对应了 {len(similar)} 列（{pairs}），请在“列的对应关系”中核对")
    return present, notices


# --- step 2: conversions of distinct values (Python) ------------------------------------------


def _base_converter(cur, spec: TableSpec, c: ColumnSpec, extra_regions: list | None):
    if c.kind == "date":
        return convert.parse_date
    if c.kind == "category":
        return lambda v: convert.parse_category(v, c.category)
    if c.kind == "flag":
        return convert.parse_flag
    if c.kind == "int":
        return lambda v: convert.parse_int(v, c.lo, c.hi, c.unit)
    if c.kind == "decimal":
        return lambda v: convert.parse_decimal(v, c.lo, c.hi, c.scale, c.lo_open, c.percent, c.unit)
    if c.kind == "quarter":
        return convert.parse_quarter
    if c.kind in ("community", "region", "street", "grid"):
        rows = cur.execute("SELECT region_id, name, level::VARCHAR, parent_id FROM regions").fetchall()
        idx = convert.RegionIndex(rows)
        if extra_regions:
            idx.add(extra_regions)
        if c.kind == "street":
            return idx.check_street
        if c.kind == "grid":  # "street␟community␟grid" when the row names its community (raw_expr)
            def grid(v: str) -> convert.Converted:
                if STREET_SEP not in v:
                    return idx.resolve_grid(None, None, v)
                street, community, cell = v.split(STREET_SEP, 2)
                return idx.resolve_grid(street or None, community, cell)
            return grid
        return lambda v: idx.resolve_within(*v.split(STREET_SEP, 1), c.level) if STREET_SEP in v else idx.resolve(v, c.level)
    if c.kind == "partner":
        idx = convert.PartnerIndex(cur.execute("SELECT partner_id, name FROM partners").fetchall())
        return idx.resolve
    if c.kind in KEY_INDEXES:
        sql, what, fix = KEY_INDEXES[c.kind]
        return convert.KeyIndex(cur.execute(sql).fetchall(), what, fix).resolve
    raise AssertionError(c.kind)


def _converter(cur, spec: TableSpec, c: ColumnSpec, extra_regions: list | None, chosen: dict[str, str],
               used: set[str]):
    """The column's converter, after two checks of every cell: a formula without a result or an
    Excel error value is a problem of its own; a value the analyst mapped (`chosen`: normalised
    value → stored value, "" for unknown) is taken as mapped (recorded in `used`)."""
    base = _base_converter(cur, spec, c, extra_regions)

    def fn(v: str) -> convert.Converted:
        found = convert.cell_problem(v.split(STREET_SEP)[-1])
        if found is not None:
            return found
        if chosen:
            k = vocab.key(convert.clean(v)[0])
            if k in chosen:
                used.add(v)
                return convert.Converted(chosen[k]) if chosen[k] else convert.EMPTY
        return base(v)

    return fn


# A street-scoped community is looked up by "street cell" + STREET_SEP + "community cell".
STREET_SEP = "\x1f"

# References resolved in Python by key, second number or unique name: kind → (rows: key, name,
# other key; the preferred record of a number first), what it is called, the fix.
KEY_INDEXES = {
    "candidate": ("SELECT candidate_id, name, id_number FROM reserve_candidates ORDER BY left_on IS NULL DESC, "
                  "left_on DESC, candidate_id DESC", "后备人选", "核对后备人选编号、身份证号或姓名，或先导入后备人才"),
    "studio": ("SELECT studio_id, name, NULL FROM studios ORDER BY studio_id", "书记工作室",
               "核对工作室编号或名称，或先导入书记工作室"),
    "supply": ("SELECT supply_id, name, NULL FROM service_supplies ORDER BY supply_id", "服务项目",
               "核对服务项目编号或名称，或先导入服务供给清单"),
    "dimension": ("SELECT dimension_id, name_zh, name_en FROM competency_dimensions ORDER BY display_order",
                  "测评维度", "核对测评维度（如 政治素质、群众工作），或先导入胜任力维度"),
}


def raw_expr(spec: TableSpec, present: dict[str, int], name: str, alias: str = "r") -> str:
    """SQL over the raw row `alias` giving the text a column is converted from: its cell, or for a
    community in a file that also names the street, both cells."""
    x = f"{alias}.c{present[name]}"
    kind = spec.column(name).kind
    if kind == "community" and "street" in present:
        return f"(coalesce({alias}.c{present['street']}, '') || chr(31) || {x})"
    if kind == "grid":  # a grid is looked up within the row's community (and street)
        community = next((c.name for c in spec.columns if c.kind == "community" and c.name in present), None)
        if community is not None:
            street = f"coalesce({alias}.c{present['street']}, '')" if "street" in present else "''"
            return f"({street} || chr(31) || coalesce({alias}.c{present[community]}, '') || chr(31) || {x})"
    return x


# A date written as stored (1985-03-01, 1900–2100): its own conversion, left to SQL (see below).
_PLAIN_DATE = ("regexp_full_match(x, '[12][0-9]{3}-[01][0-9]-[0-3][0-9]') AND x BETWEEN '1900-01-01' AND "
               "'2100-12-31' AND TRY_CAST(x AS DATE) IS NOT NULL")


def _distinct_values(cur, exprs: dict[str, str], plain_dates: set[str] = frozenset()) -> dict[str, list[str]]:
    """Distinct non-empty values of several SQL expressions over `raw`, in one scan. For the
    columns in `plain_dates`, values already written as stored dates are left out: a million-row
    roster has tens of thousands of distinct dates, and SQL casts those itself."""
    if not exprs:
        return {}
    items = list(dict.fromkeys((e, n in plain_dates) for n, e in exprs.items()))
    sql = ", ".join(f"list_filter(list(DISTINCT {e}), lambda x: NOT ({_PLAIN_DATE}))" if plain else f"list(DISTINCT {e})"
                    for e, plain in items)
    lists = cur.execute(f"SELECT {sql} FROM raw r").fetchall()[0]
    by_item = {item: sorted(x for x in (v or []) if x is not None) for item, v in zip(items, lists)}
    return {n: by_item[(e, n in plain_dates)] for n, e in exprs.items()}


class Mapped(NamedTuple):
    table: str  # TEMP table (raw, v, e, f, p)
    errors: int  # distinct values that could not be converted
    identity: bool  # every value converts to itself: a plain CAST gives the same, without a join


@dataclass
class ValueGroup:
    """One distinct value of a category column that is not written as stored: how often it
    occurs and what it becomes (shown on the page, mapped by the analyst, saved in a profile)."""

    column: str
    value: str  # as the file writes it (spaces trimmed)
    count: int
    stored: str | None  # what it becomes; None: unknown (NULL) or not recognised
    how: str  # "builtin" (a known variant), "analyst" (mapped on the page or in the profile), "unrecognised"
    reason: str | None = None


def _converter_key(c: ColumnSpec) -> tuple:
    """Columns with equal keys convert a value alike (hire date and post date, say)."""
    return (c.kind, c.category, c.lo, c.hi, c.lo_open, c.scale, c.percent, c.unit, c.level)


VALUE_KINDS = ("category", "flag")


def mapping_tables(cur, spec: TableSpec, present: dict[str, int], extra_regions,
                   values: dict[str, dict[str, str]] | None = None,
                   groups: list[ValueGroup] | None = None) -> dict[str, Mapped]:
    """TEMP table m_<column> (raw, v, e, f, p) per converted column (none where every value is its
    own conversion); returns column → Mapped. `values`: the analyst's value mapping per column.
    Category values that are not written as stored are added to `groups`, with their counts."""
    values = {col: {vocab.key(k): v for k, v in m.items()} for col, m in (values or {}).items()}
    mapped = {n: raw_expr(spec, present, n) for n in present if spec.column(n).kind in MAPPED_KINDS}
    distinct = _distinct_values(cur, mapped, {n for n in mapped if spec.column(n).kind == "date"})
    tables = {}
    done: dict[tuple, dict[str, convert.Converted]] = {}
    for name, vals in distinct.items():
        c = spec.column(name)
        chosen = values.get(name, {})
        seen = done.setdefault(_converter_key(c) + (tuple(sorted(chosen.items())),), {})
        fn = None
        used: set[str] = set()
        out = []
        for v in vals:
            o = seen.get(v)
            if o is None:
                fn = fn or _converter(cur, spec, c, extra_regions, chosen, used)
                o = seen[v] = fn(v)
            out.append(o)
        if groups is not None and c.kind in VALUE_KINDS:
            _value_groups(cur, name, present[name], vals, out, used, groups)
        identity = all(o.reason is None and o.value == v and o.precision in (None, "day") for v, o in zip(vals, out))
        table = f"m_{name}"
        if identity:  # no table needed: build_staged casts the cells themselves
            tables[name] = Mapped(table, 0, True)
            continue
        df = pd.DataFrame(
            {
                "raw": pd.array(vals, dtype=object),
                "v": pd.array([o.value for o in out], dtype=object),
                "e": pd.array([o.reason for o in out], dtype=object),
                "f": pd.array([o.fix for o in out], dtype=object),
                "p": pd.array([o.precision for o in out], dtype=object),
            }
        )
        view = f"mv_{name}_{uuid.uuid4().hex[:6]}"
        cur.register(view, df)
        cur.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT CAST(raw AS VARCHAR) AS raw, "
                    f"CAST(CAST(v AS VARCHAR) AS {work_type(spec.column(name))}) AS v, CAST(e AS VARCHAR) AS e, "
                    f"CAST(f AS VARCHAR) AS f, CAST(p AS VARCHAR) AS p FROM {view}")
        cur.unregister(view)
        tables[name] = Mapped(table, sum(o.reason is not None for o in out), identity)
    return tables


def _value_groups(cur, name: str, src: int, vals: list[str], out: list[convert.Converted], used: set[str],
                  groups: list[ValueGroup], limit: int = 60) -> None:
    """Values not written as they are stored (全日制本科 → 本科) or not recognised, with counts."""
    shown = {v: o for v, o in zip(vals, out) if o.reason is not None or convert.clean(v)[0] != (o.value or "")}
    if not shown:
        return
    counts = dict(cur.execute(f"SELECT c{src}, count(*) FROM raw WHERE c{src} IN (SELECT unnest(?)) GROUP BY 1",
                              [list(shown)]).fetchall())
    merged: dict[str, ValueGroup] = {}
    for v, o in shown.items():
        text = convert.clean(v)[0]
        how = "analyst" if v in used else ("unrecognised" if o.reason else "builtin")
        g = merged.get(text)
        if g is None:
            merged[text] = ValueGroup(name, text, counts.get(v, 0), o.value or None, how, o.reason)
        else:
            g.count += counts.get(v, 0)
    ranked = sorted(merged.values(), key=lambda g: (g.how != "unrecognised", -g.count, g.value))
    groups.extend(ranked[:limit])


def title_map(cur, spec: TableSpec, present: dict[str, int], chosen: dict[str, str] | None,
              groups: list[ValueGroup] | None) -> None:
    """TEMP table title_map (raw, title_category, title_role): each 职务 as written, the category
    it says (党委书记、居委会主任 → 书记兼主任) and the role category that follows; the analyst's
    choices first. Titles that are not a category's own name go to `groups`."""
    cur.execute("CREATE OR REPLACE TEMP TABLE title_map (raw VARCHAR, title_category post_title, "
                "title_role role_category)")
    title = next((c for c in spec.columns if c.kind == "title"), None)
    if title is None or title.name not in present:
        return
    chosen = {vocab.key(k): v for k, v in (chosen or {}).items()}
    by_cell = cur.execute(f"SELECT c{present[title.name]}, count(*) FROM raw WHERE c{present[title.name]} IS NOT NULL "
                          f"GROUP BY 1").fetchall()
    merged: dict[str, int] = {}
    for cell, n in by_cell:  # the cell as validation stores it: trimmed
        text = cell.strip(" \t\r\n\u3000\u00a0\u200b\ufeff")
        if text:
            merged[text] = merged.get(text, 0) + n
    rows, shown = [], []
    for text, n in merged.items():
        k = vocab.key(text)
        by_analyst = k in chosen
        category = (chosen[k] or None) if by_analyst else vocab.classify_title(text)
        rows.append((text, category, vocab.ROLE_BY_TITLE.get(category) if category else None))
        if by_analyst or category != text:
            how = "analyst" if by_analyst else ("builtin" if category else "unrecognised")
            reason = None if category or by_analyst else "无法从职务判断职务类别和岗位类别，记为未知"
            shown.append(ValueGroup(title.name, text, n, category, how, reason))
    if rows:
        cur.executemany("INSERT INTO title_map VALUES (?, ?, ?)", rows)
    if groups is not None:
        groups.extend(sorted(shown, key=lambda g: (g.how != "unrecognised", -g.count, g.value))[:60])


# --- step 3: the SQL conversions ----------------------------------------------------------------


def _check_digit_from_parts(a: str, b: str) -> str:
    """GB 11643 check character from the first 9 digits (a) and the next 8 digits (b) as integers:
    integer arithmetic is far faster than 17 substrings per row (and 32-bit faster than 64-bit)."""
    w = [int(x) for x in idcard.WEIGHTS]
    terms = [f"{w[i]} * (({a} // {10 ** (8 - i)}) % 10)" for i in range(9)]
    terms += [f"{w[9 + j]} * (({b} // {10 ** (7 - j)}) % 10)" for j in range(8)]
    return f"'{idcard.CHECK_CHARS}'[(({' + '.join(terms)}) % 11) + 1]"


def _check_digit_expr(d17: str) -> str:
    return _check_digit_from_parts(f"CAST(substr({d17}, 1, 9) AS INTEGER)", f"CAST(substr({d17}, 10, 8) AS INTEGER)")


_EDGE_SPACE = "^[\\s\u3000\u00a0\u200b\ufeff]|[\\s\u3000\u00a0\u200b\ufeff]$"


def _normalised(x: str) -> str:
    """Full-width letters and digits to ASCII, spaces removed (slow: only for cells that need it)."""
    return f"nullif(replace(translate(trim({x}, {WS}), '{FULL}', '{HALF}'), ' ', ''), '')"


@dataclass
class SqlColumn:
    """Expressions converting one raw cell, by pass: values, helpers, the reason (`__e`), what
    depends on the reason; and the fix, evaluated only for rows with a problem. `scratch` names
    helper columns that are dropped once the reason is known.

    Each kind first tests the cell against the one pattern a clean value matches (`__ok`); a cell
    that passes is its own value and has no problem, so the common case costs one regular
    expression (DuckDB evaluates an expression repeated within one SELECT once)."""

    values: list[str]
    helpers: list[str]
    error: str
    after: list[str]
    fix: str
    scratch: list[str] = field(default_factory=list)


# Cells that hold no value of any kind: a formula never computed (reading.FORMULA_CELL) or an Excel
# error value. SQL: a reason, or NULL.
_ERROR_LIST = ", ".join(q(e) for e in convert.ERROR_VALUES)


def _cell_problem_sql(x: str) -> str:
    return (f"CASE WHEN starts_with({x}, '{convert.FORMULA_CELL}') THEN '公式没有计算结果（文件由程序生成，从未在 Excel 中计算过）' "
            f"WHEN upper(trim({x})) IN ({_ERROR_LIST}) THEN '单元格是 Excel 的错误值 ' || trim({x}) || '（公式出错），没有实际内容' END")


_CELL_FIX = q(convert.FORMULA_FIX + "；错误值请改填实际内容")
# The birth date an ID number spells (may be out of range: 0000, 1850 …).
_ID_DATE = "TRY_CAST(try_strptime(substr({n}, 7, 8), '%Y%m%d') AS DATE)"


def _sql_column(c: ColumnSpec, x: str) -> SqlColumn:
    n = c.name
    if c.kind in ("text", "name_check", "title", "person"):
        checks = [
            f"WHEN starts_with({n}, '{convert.FORMULA_CELL}') OR upper({n}) IN ({_ERROR_LIST}) THEN {_cell_problem_sql(n)}",
            f"WHEN contains({n}, '\ufffd') THEN '含有无法识别的字符（文件编码有误或已损坏）'",
            f"WHEN regexp_matches({n}, '[\\x00-\\x1f\\x7f]') THEN '含有换行符或不可见的控制字符'",
        ]
        too_long = f"WHEN length({n}) > {c.max_len} THEN '长度超过 {c.max_len} 个字符'" if c.max_len else ""
        odd_chars = "[\\x00-\\x1f\\x7f\ufffd\ue001]|^#"
        if c.kind == "person":  # a person's name: spaces between Chinese characters are padding
            odd_chars += "|[\u4e00-\u9fff][ \u3000]+[\u4e00-\u9fff]"
        odd = f"regexp_matches({x}, '{_EDGE_SPACE}|{odd_chars}')"
        tidy = f"nullif(trim({x}, {WS}), '')"
        if c.kind == "person":  # only Chinese characters and spaces: the spaces go
            tidy = (f"CASE WHEN regexp_full_match({x}, '[\u4e00-\u9fff\u3400-\u4dbf \u3000]+') THEN "
                    f"replace(replace({x}, ' ', ''), '\u3000', '') ELSE {tidy} END")
        return SqlColumn(
            [f"CASE WHEN {odd} THEN {tidy} ELSE {x} END AS {n}", f"coalesce({odd}, false) AS {n}__odd"],
            [], f"CASE WHEN {n}__odd THEN CASE {' '.join(checks)} {too_long} END {too_long} END",
            [f"{n}__odd AND {n}__e IS NULL AS {n}__fixed"],
            f"CASE WHEN {n}__e LIKE '%公式%' OR {n}__e LIKE '%错误值%' THEN {_CELL_FIX} ELSE {q(f'删除多余内容，只保留{c.header_zh}')} END",
            [f"{n}__odd"],
        )
    if c.kind in ("code", "worker", "account"):
        pattern = r"[0-9A-Za-z_.\-]{1,40}" if c.kind == "worker" or not c.pattern else c.pattern
        hint = c.pattern_hint or "只能包含字母、数字、下划线和连字符，最长 40 个字符"
        ok = f"regexp_full_match({x}, {q(pattern)})"
        return SqlColumn(
            [f"CASE WHEN {ok} THEN {x} WHEN regexp_matches({x}, '[^!-~]') THEN {_normalised(x)} ELSE {x} END AS {n}",
             f"coalesce({ok}, false) AS {n}__ok"],
            [], f"CASE WHEN {n}__ok THEN NULL WHEN {_cell_problem_sql(n)} IS NOT NULL THEN {_cell_problem_sql(n)} "
                f"WHEN {n} IS NOT NULL AND NOT regexp_full_match({n}, {q(pattern)}) THEN {q('格式不对：' + hint)} END",
            [], q("核对" + c.header_zh), [f"{n}__ok"],
        )
    if c.kind == "id_number":
        slow = (f"nullif(upper(regexp_replace(translate(trim(replace({x}, '{convert.NUMBER_CELL}', ''), {WS}), "
                f"'{FULL}', '{HALF}'), '[\\s''\"=]', '', 'g')), '')")
        ok = f"regexp_full_match({n}, '[0-9]{{17}}[0-9X]')"
        e = (
            f"CASE WHEN {n} IS NULL THEN NULL "
            # the usual case first: well-formed, right check character, a real birth date
            f"WHEN {n}__ok AND id__check = {n}[18] AND id__birth IS NOT NULL THEN NULL "
            f"WHEN {ok} AND id__check = {n}[18] AND id__birth IS NOT NULL AND NOT {n}__num THEN NULL "
            f"WHEN {_cell_problem_sql(n)} IS NOT NULL THEN {_cell_problem_sql(n)} "
            f"WHEN {n}__num AND length({n}) > 15 THEN '身份证号在 Excel 中被存成了数字，第15位以后已变成 0，原号码已丢失' "
            f"WHEN regexp_full_match({n}, '[0-9](\\.[0-9]+)?E\\+?[0-9]+') THEN '身份证号被 Excel 显示成了科学计数法，后几位已丢失' "
            f"WHEN regexp_full_match({n}, '[0-9]{{15}}') THEN '这是15位旧身份证号' "
            f"WHEN NOT {ok} THEN '身份证号应为18位：前17位是数字，最后一位是数字或X' "
            f"WHEN id__check <> {n}[18] THEN '校验位错误：按 GB 11643 最后一位应为 ' || id__check "
            f"WHEN {_ID_DATE.format(n=n)} IS NOT NULL THEN '身份证号中的出生日期 ' || substr({n}, 7, 8) || "
            f"' 不在 1900 年到今天之间' "
            f"WHEN id__birth IS NULL THEN '身份证号中的出生日期 ' || substr({n}, 7, 8) || ' 不存在' END"
        )
        up15 = f"substr({n}, 1, 6) || '19' || substr({n}, 7, 9)"
        fix = (f"CASE WHEN regexp_full_match({n}, '[0-9]{{15}}') THEN '改为18位号码：' || {up15} || "
               f"{_check_digit_expr(up15)} WHEN {n}__e LIKE '%公式%' OR {n}__e LIKE '%错误值%' THEN {_CELL_FIX} "
               f"WHEN {n}__e LIKE '%Excel%' THEN '把该列设为文本格式后，按原件重新录入' "
               f"ELSE '按身份证原件核对' END")
        fast = f"regexp_full_match({x}, '[0-9]{{17}}[0-9X]')"  # never a number cell: those start with a mark
        return SqlColumn(
            [f"CASE WHEN {fast} THEN {x} ELSE {slow} END AS {n}", f"coalesce({fast}, false) AS {n}__ok",
             f"coalesce(starts_with({x}, '{convert.NUMBER_CELL}'), false) AS {n}__num"],
            # Computed for every row, meaningful only where `ok` holds (the reason tests it first):
            # a CASE around them would cost four times as much.
            [f"{_check_digit_from_parts(f'TRY_CAST(substr({n}, 1, 9) AS INTEGER)', f'TRY_CAST(substr({n}, 10, 8) AS INTEGER)')} AS id__check",
             # a birth date before 1900 or after today is no birth date (D3: year 0000 was accepted)
             f"CASE WHEN {_ID_DATE.format(n=n)} BETWEEN DATE '1900-01-01' AND current_date "
             f"THEN {_ID_DATE.format(n=n)} END AS id__birth"],
            e,
            [f"CASE WHEN {n}__e IS NULL THEN id__birth END AS id_birth",
             f"NOT {n}__ok AND {n}__e IS NULL AND {n} IS NOT NULL AS {n}__fixed",
             f"CASE WHEN {n}__e IS NULL AND {n} IS NOT NULL THEN CASE WHEN (ascii({n}[17]) - 48) % 2 = 1 "
             f"THEN CAST('男' AS gender) ELSE CAST('女' AS gender) END END AS id_sex"],
            fix, ["id__check", "id__birth", f"{n}__ok", f"{n}__num"],
        )  # fmt: skip
    if c.kind == "phone":
        slow = f"regexp_replace(translate(trim({x}, {WS}), '{FULL}', '{HALF}'), '[\\s\\-()（）]', '', 'g')"
        ok = f"regexp_full_match({x}, '1[3-9][0-9]{{9}}')"
        return SqlColumn(
            [f"CASE WHEN {ok} OR regexp_full_match({x}, '1[0-9]{{10}}') THEN {x} ELSE "
             f"nullif(regexp_replace({slow}, '^\\+?86(1[0-9]{{10}})$', '\\1'), '') END AS {n}",
             f"coalesce({ok}, false) AS {n}__ok"],
            [],
            f"CASE WHEN {n}__ok OR {n} IS NULL OR regexp_full_match({n}, '1[3-9][0-9]{{9}}') THEN NULL "
            f"WHEN {_cell_problem_sql(n)} IS NOT NULL THEN {_cell_problem_sql(n)} "
            f"WHEN regexp_full_match({n}, '[0-9](\\.[0-9]+)?E\\+?[0-9]+') THEN '手机号被 Excel 显示成了科学计数法' "
            f"WHEN NOT regexp_full_match({n}, '1[3-9][0-9]{{9}}') THEN '应为11位手机号（1开头）' END",
            [f"NOT {n}__ok AND {n}__e IS NULL AND {n} IS NOT NULL AS {n}__fixed"], "'填写11位手机号；没有可留空'",
            [f"{n}__ok"],
        )  # fmt: skip
    raise AssertionError(c.kind)


def bad(c: ColumnSpec, alias: str = "") -> str:
    """SQL: the column's cell was filled but invalid."""
    p = f"{alias}." if alias else ""
    return f"{p}{c.name}__bad" if c.kind in MAPPED_KINDS else f"({p}{c.name}__e IS NOT NULL)"


def build_staged(cur, spec: TableSpec, present: dict[str, int], mapping: dict[str, Mapped]) -> None:
    """`staged0` (a view): per column its value, plus `__bad` (converted kinds) or the reason `__e`."""
    passes: list[list[str]] = [["r.line"], [], [], []]
    joins = []
    for c in spec.columns:
        n = c.name
        wt = work_type(c)
        mapped = c.kind in MAPPED_KINDS
        if n not in present:
            passes[0].append(f"CAST(NULL AS {wt}) AS {n}")
            passes[0].append(f"false AS {n}__bad" if mapped else f"CAST(NULL AS VARCHAR) AS {n}__e")
            if c.kind == "date":
                passes[0].append(f"false AS {n}__month")
            if c.kind == "id_number":
                passes[0] += ["CAST(NULL AS DATE) AS id_birth", "CAST(NULL AS gender) AS id_sex"]
            continue
        x = raw_expr(spec, present, n) if mapped else f"r.c{present[n]}"
        if mapped and mapping[n].identity:
            # Every value is already in its stored form (the usual clean file): no join needed.
            passes[0] += [f"CAST({x} AS {wt}) AS {n}", f"false AS {n}__bad"]
            if c.kind == "date":
                passes[0].append(f"false AS {n}__month")
        elif mapped:
            table = mapping[n].table
            t = f"j_{n}"
            joins.append(f"LEFT JOIN {table} {t} ON {t}.raw = {x}")
            # Dates written as stored are not in the mapping table (_distinct_values): cast here.
            value = f"CASE WHEN {t}.raw IS NULL THEN TRY_CAST({x} AS DATE) ELSE {t}.v END" if c.kind == "date" else f"{t}.v"
            passes[0] += [f"{value} AS {n}", f"{t}.e IS NOT NULL AS {n}__bad"]
            if c.kind == "date":
                passes[0].append(f"coalesce({t}.p = 'month', false) AS {n}__month")
        else:
            sc = _sql_column(c, x)
            passes[0] += sc.values
            passes[1] += sc.helpers
            passes[2].append(f"{sc.error} AS {n}__e")
            passes[3] += sc.after
    sql = f"SELECT {', '.join(passes[0])} FROM raw r {' '.join(joins)}"
    for extra in passes[1:]:
        if extra:
            sql = f"SELECT *, {', '.join(extra)} FROM ({sql})"
    # A view: the next step materialises everything in one pass.
    cur.execute(f"CREATE OR REPLACE TEMP VIEW staged0 AS {sql}")


# --- step 4: references, defaults, keys ------------------------------------------------------------


def _ref_layer(spec: TableSpec) -> str:
    """SQL (over staged0) resolving worker and account references by join."""
    joins, replace, extra = [], [], []
    for c in spec.columns:
        n = c.name
        if c.kind == "worker":
            joins += [
                f"LEFT JOIN (SELECT worker_id AS k, worker_id, name, role_category::VARCHAR AS role, community_id "
                f"FROM workers) wa ON wa.k = s0.{n}",
                # One person may have several records: an ID number means the one in post, else the latest.
                f"LEFT JOIN (SELECT id_number AS k, worker_id, name, role_category::VARCHAR AS role, community_id FROM workers "
                f"QUALIFY row_number() OVER (PARTITION BY id_number ORDER BY exit_date IS NULL DESC, exit_date DESC, "
                f"worker_id DESC) = 1) wb ON wb.k = upper(s0.{n}) AND wa.k IS NULL",
            ]
            replace += [
                f"coalesce(wa.worker_id, wb.worker_id, CASE WHEN s0.{n}__e IS NOT NULL THEN s0.{n} END) AS {n}",
                f"coalesce(s0.{n}__e, CASE WHEN s0.{n} IS NOT NULL AND wa.k IS NULL AND wb.k IS NULL THEN "
                f"'数据库中没有这名社区工作者（按人员编号和身份证号都找不到）' END) AS {n}__e",
            ]
            extra += ["coalesce(wa.name, wb.name) AS worker_name", "coalesce(wa.role, wb.role) AS worker_role",
                      "coalesce(wa.community_id, wb.community_id) AS worker_community"]
        if c.kind == "account":
            joins.append(f"LEFT JOIN (SELECT account_id AS k, community_id, opened_on FROM point_accounts) ac "
                         f"ON ac.k = s0.{n}")
            replace.append(f"coalesce(s0.{n}__e, CASE WHEN s0.{n} IS NOT NULL AND ac.k IS NULL THEN "
                           f"'数据库中没有这个账户' END) AS {n}__e")
            extra += ["ac.community_id AS account_community", "ac.opened_on AS account_opened"]
    if any(c.kind == "title" for c in spec.columns):  # 职务 as written → its category and role (title_map)
        joins.append("LEFT JOIN title_map tm ON tm.raw = s0.post_title_text")
        extra += ["tm.title_category", "tm.title_role"]
    rep = f" REPLACE ({', '.join(replace)})" if replace else ""
    more = (", " + ", ".join(extra)) if extra else ""
    return f"SELECT s0.*{rep}{more} FROM staged0 s0 {' '.join(joins)}"


def _ref_fix(c: ColumnSpec) -> str | None:
    if c.kind == "worker":
        return q("核对人员编号或身份证号，或先导入社区工作者名单")
    if c.kind == "account":
        return q("核对账户编号，或先导入初心储蓄本账户")
    return None


def build_final(cur, spec: TableSpec, present: dict[str, int], notices: list[str],
                mapping: dict[str, Mapped] | None = None) -> None:
    """`staged1`: staged0 materialised (as `staged1_t`), with references resolved and defaults applied."""
    ctes = [f"s1 AS ({_ref_layer(spec)})"]
    prev = "s1"
    flags = []
    for i, d in enumerate(spec.derive):
        cond = d.when or f"{d.column} IS NULL AND NOT {bad(spec.column(d.column))}"
        ctes.append(
            f"d{i} AS (SELECT * REPLACE (CASE WHEN {cond} THEN CAST({d.expr} AS {work_type(spec.column(d.column))}) "
            f"ELSE {d.column} END AS {d.column}), "
            f"coalesce(({cond}) AND ({d.expr}) IS NOT NULL, false) AS used_{i} FROM {prev})"
        )
        prev = f"d{i}"
        flags.append((f"used_{i}", d))
    # Helpers of the checks are not needed once the reasons are known: not materialised.
    scratch = [h for c in spec.columns if c.name in present and c.kind not in MAPPED_KINDS
               for h in _sql_column(c, "NULL").scratch]
    # Flags that are false by construction (columns absent from the file, or whose every value
    # converted to itself) are not materialised either: the view `staged1` adds them back.
    constant = [f for c in spec.columns if c.kind in MAPPED_KINDS
                and (c.name not in present or (mapping is not None and mapping[c.name].identity))
                for f in ([f"{c.name}__bad"] + ([f"{c.name}__month"] if c.kind == "date" else []))]
    exclude = f" EXCLUDE ({', '.join(scratch + constant)})" if scratch or constant else ""
    cur.execute(f"CREATE OR REPLACE TEMP TABLE staged1_t AS WITH {', '.join(ctes)} SELECT *{exclude} FROM {prev}")
    cur.execute("CREATE OR REPLACE TEMP VIEW staged1 AS SELECT *" + "".join(f", false AS {f}" for f in constant)
                + " FROM staged1_t")
    fixed = [c for c in spec.columns if c.name in present and c.kind in FIXED_KINDS]
    items = [f"count_if({f})" for f, _ in flags] + [f"count_if({c.name}__fixed)" for c in fixed]
    if items:
        counts = cur.execute(f"SELECT {', '.join(items)} FROM staged1").fetchall()[0]
        for (_, d), n in zip(flags, counts):
            if n:
                notices.append(d.notice.format(n=n))
        for c, n in zip(fixed, counts[len(flags):]):
            if n:
                notices.append(_fixed_notice(cur, c, present[c.name], n))


# Kinds whose cells are tidied when read (full-width characters, spaces inside ID and phone numbers,
# padding in names, edge spaces): the notice counts them and shows one before and after.
FIXED_KINDS = ("id_number", "phone", "person", "text", "title")
_WHAT_FIXED = {"id_number": "含空格、全角字符或小写 x", "phone": "含空格、横线、全角字符或 +86",
               "person": "含全角空格或多余的空格", "text": "首尾有空格", "title": "首尾有空格"}


_DIGIT = re.compile(r"[0-9\uff10-\uff19]")


def masked_cell(text: str, keep_head: int = 6, keep_tail: int = 4) -> str:
    """A cell with an ID or phone number, masked but keeping its shape: digits (ASCII or full-width)
    other than the first `keep_head` and the last `keep_tail` become *, while spaces, dashes and
    letters stay, so that the analyst still sees what was odd about the cell."""
    where = [m.start() for m in _DIGIT.finditer(text)]
    hide = set(where[keep_head: len(where) - keep_tail]) if len(where) > keep_head + keep_tail else set()
    return "".join("*" if i in hide else ch for i, ch in enumerate(text))


def _fixed_notice(cur, c: ColumnSpec, src: int, n: int) -> str:
    before, after, line = cur.execute(f"SELECT r.c{src}, s.{c.name}, s.line FROM staged1 s JOIN raw r USING (line) "
                                      f"WHERE s.{c.name}__fixed ORDER BY s.line LIMIT 1").fetchall()[0]
    if c.kind == "id_number":
        before, after = masked_cell(before), privacy.mask_id(after)
    elif c.kind == "phone":
        before, after = masked_cell(before, 3), privacy.mask_phone(after)
    return (f"「{c.header_zh}」有 {n:,} 个单元格{_WHAT_FIXED[c.kind]}，已规范化（例：第 {line} 行「{before}」→「{after}」）；"
            f"有问题的行在问题清单中显示原值")


def assign_keys(cur, spec: TableSpec, present: dict[str, int], notices: list[str]) -> None:
    """`staged`: staged1 with empty auto keys filled (existing row by natural key, else a new key)."""
    auto = next((c for c in spec.columns if c.auto), None)
    if auto is None:
        cur.execute("CREATE OR REPLACE TEMP VIEW staged AS SELECT * FROM staged1")
        return
    n = auto.name
    empty = cur.execute(f"SELECT count(*) FROM staged1 WHERE {n} IS NULL AND NOT {bad(auto)}").fetchall()[0][0]
    if not empty:
        cur.execute("CREATE OR REPLACE TEMP VIEW staged AS SELECT * FROM staged1")
        return
    nk = spec.natural_key
    nk_join, nk_key, rehired = "", f"CAST(NULL AS {work_type(auto)})", "false"
    if nk and spec.active:
        # A person may have several records: a current row matches the current record (a person
        # whose records have all ended is rehired: a new record); a row that has ended matches the
        # current record (the person leaves) or else the latest one.
        column = spec.active[0]
        nk_join = (f"LEFT JOIN (SELECT {nk} AS nk, max({n}) FILTER (WHERE {column} IS NULL) AS cur_key, "
                   f"arg_max({n}, ({column}, {n})) FILTER (WHERE {column} IS NOT NULL) AS last_key "
                   f"FROM {spec.name} GROUP BY {nk}) nkt ON nkt.nk = s.{nk} AND s.{n} IS NULL")
        nk_key = f"coalesce(nkt.cur_key, CASE WHEN s.{column} IS NOT NULL OR {bad(spec.column(column), 's')} THEN nkt.last_key END)"
        rehired = f"nkt.cur_key IS NULL AND nkt.last_key IS NOT NULL AND s.{column} IS NULL AND NOT {bad(spec.column(column), 's')}"
    elif nk:
        nk_join = (f"LEFT JOIN (SELECT {nk} AS nk, {n} AS nk_key FROM {spec.name}) nkt "
                   f"ON nkt.nk = s.{nk} AND s.{n} IS NULL")
        nk_key = "nkt.nk_key"
    todo = f"s.{n} IS NULL AND NOT {bad(auto, 's')} AND {nk_key} IS NULL"
    if auto.auto == "serial":
        start = max(
            int(cur.execute(f"SELECT coalesce(max({n}), 0) FROM {spec.name}").fetchall()[0][0]),
            int(cur.execute(f"SELECT coalesce(max({n}), 0) FROM staged1").fetchall()[0][0]),
        )
        gen = f"CAST({start} + row_number() OVER (PARTITION BY {todo} ORDER BY s.line) AS BIGINT)"
    else:
        prefix, width = auto.auto[0], int(auto.auto[1:])
        pat = f"^{prefix}[0-9]+$"
        start = max(
            int(cur.execute(f"SELECT coalesce(max(TRY_CAST(substr({n}, 2) AS BIGINT)), 0) FROM {t} "
                            f"WHERE regexp_matches({n}, ?)", [pat]).fetchall()[0][0])
            for t in (spec.name, "staged1")
        )
        gen = (f"{q(prefix)} || lpad(CAST({start} + row_number() OVER (PARTITION BY {todo} ORDER BY s.line) "
               f"AS VARCHAR), {width}, '0')")
    cur.execute("DROP TABLE IF EXISTS staged2")
    cur.execute(
        f"CREATE TEMP TABLE staged2 AS SELECT s.* REPLACE (CASE WHEN s.{n} IS NOT NULL OR {bad(auto, 's')} "
        f"THEN s.{n} WHEN {nk_key} IS NOT NULL THEN {nk_key} ELSE {gen} END AS {n}), "
        f"s.{n} IS NULL AND NOT {bad(auto, 's')} AND {nk_key} IS NOT NULL AS key_matched, "
        f"{todo} AS key_generated, coalesce({todo} AND {rehired}, false) AS key_rehired FROM staged1 s {nk_join}"
    )
    cur.execute("CREATE OR REPLACE TEMP VIEW staged AS SELECT * FROM staged2")
    matched, generated, again = cur.execute(
        "SELECT count_if(key_matched), count_if(key_generated), count_if(key_rehired) FROM staged").fetchall()[0]
    if matched:
        notices.append(f"{matched:,} 行的{auto.header_zh}为空，已按{spec.column(nk).header_zh}匹配到库中已有的记录")
    if generated:
        notices.append(f"{generated:,} 行的{auto.header_zh}为空，已自动编号")
    if again:
        notices.append(f"其中 {again:,} 行的{spec.column(nk).header_zh}在库中只有已结束的记录（已填写"
                       f"{spec.column(spec.active[0]).header_zh}），已另建新记录")


# --- step 5: problems -----------------------------------------------------------------------------

MISSING_DERIVED = "缺少此列，且无法按其他列推算"


def collect_problems(cur, spec: TableSpec, present: dict[str, int], mapping: dict[str, Mapped]) -> None:
    """`problems0` (line, ord, src, reason, fix): ord orders the table's columns, src is the file column."""
    order = {c.name: i for i, c in enumerate(spec.columns)}
    parts = []
    for c in spec.columns:
        n = c.name
        src = present.get(n, -1)
        if c.kind in MAPPED_KINDS:
            if n in present and mapping[n][1]:
                parts.append(f"SELECT r.line, {order[n]} AS ord, {src} AS src, m.e AS reason, m.f AS fix FROM raw r "
                             f"JOIN (SELECT raw, e, f FROM {mapping[n][0]} WHERE e IS NOT NULL) m ON m.raw = {raw_expr(spec, present, n)}")
        else:
            sc_fix = _ref_fix(c) or (_sql_column(c, "NULL").fix if n in present else "NULL")
            parts.append(f"SELECT line, {order[n]}, {src}, {n}__e, {sc_fix} FROM staged WHERE {n}__e IS NOT NULL")
        if c.required and not c.auto:
            if n in present:
                reason, fix = "必填项为空", f"填写{c.header_zh}"
            else:
                reason, fix = MISSING_DERIVED, f"补上「{c.header_zh}」列"
            parts.append(f"SELECT line, {order[n]}, {src}, {q(reason)}, {q(fix)} FROM staged "
                         f"WHERE {n} IS NULL AND NOT {bad(c)}")
    rules = list(spec.rules)
    if "name_check" in present and any(c.kind == "worker" for c in spec.columns):
        rules.append(Rule("name_check", "name_check IS NOT NULL AND worker_name IS NOT NULL AND "
                          "replace(name_check, ' ', '') <> replace(worker_name, ' ', '')",
                          "'与该人员在库中的姓名「' || worker_name || '」不一致'", "'核对姓名和人员编号/身份证号'"))
    for r in rules:
        parts.append(f"SELECT line, {order[r.column]}, {present.get(r.column, -1)}, {r.reason}, {r.fix} "
                     f"FROM staged WHERE coalesce({r.when}, false)")
    cur.execute("DROP TABLE IF EXISTS problems0")
    cur.execute("CREATE TEMP TABLE problems0 (line INTEGER, ord INTEGER, src INTEGER, reason VARCHAR, fix VARCHAR)")
    cur.execute(f"INSERT INTO problems0 {' UNION ALL '.join(parts)}")


def add_problems(cur, sql: str, params: list | None = None) -> None:
    """Append (line, ord, src, reason, fix) rows."""
    cur.execute(f"INSERT INTO problems0 {sql}", params or [])


def _key_text(cols: list[str], alias: str = "") -> str:
    p = f"{alias}." if alias else ""
    if len(cols) == 1:
        return f"CAST({p}{cols[0]} AS VARCHAR)"
    return "concat_ws(chr(31), " + ", ".join(f"CAST({p}{c} AS VARCHAR)" for c in cols) + ")"


def duplicates_in_file(cur, spec: TableSpec, present: dict[str, int]) -> None:
    order = {c.name: i for i, c in enumerate(spec.columns)}
    sets = [(list(spec.key), False)] + [(list(u), spec.active is not None) for u in spec.unique]
    for cols, current_only in sets:
        label = "、".join(spec.column(c).header_zh for c in cols)
        where = " AND ".join(f"{c} IS NOT NULL" for c in cols)
        same, fix = f"{label}相同", f"同一{label}只能出现一次：删除或合并重复的行"
        if current_only:
            # Earlier records of the same person (left, then rehired) may share the number.
            column, state = spec.active
            where += f" AND {column} IS NULL AND NOT {bad(spec.column(column))}"
            same = f"{label}相同，且都{state}"
            fix = f"同一{label}只能有一条{state}的记录：删除或合并重复的行；已不{state}的记录请填写{spec.column(column).header_zh}"
        keys = ", ".join(cols)
        # Duplicate keys are found by counting; each row then names at most 5 others, taken from its
        # group's first 6 lines (linear: a file of 100,000 copies of one key must not build lists
        # of 100,000 lines for each of its rows).
        add_problems(
            cur,
            f"WITH dup AS (SELECT {keys}, count(*) AS dup_n, list(line ORDER BY line)[1:6] AS dup_first FROM staged "
            f"WHERE {where} GROUP BY {keys} HAVING count(*) > 1) "
            f"SELECT line, {order[cols[-1]]}, {present.get(cols[-1], -1)}, "
            f"'与第 ' || array_to_string(list_filter(dup_first, lambda x: x <> line)[1:5], '、') || "
            f"CASE WHEN dup_n > 6 THEN ' 等' ELSE '' END || ' 行重复（{same}）', {q(fix)} "
            f"FROM staged JOIN dup USING ({keys}) WHERE {where}",
        )


def compare_with_database(cur, spec: TableSpec, mode: str, present: dict[str, int]) -> None:
    """`cmp` (line, found, same, index_changed) for every staged row with a key."""
    t = spec.name
    stored = [c for c in spec.columns if c.stored]
    empty_target = not cur.execute(f"SELECT EXISTS (SELECT 1 FROM {t})").fetchall()[0][0]
    cur.execute("DROP TABLE IF EXISTS cmp")
    if empty_target:
        cur.execute("CREATE TEMP TABLE cmp AS SELECT line, false AS found, false AS same, false AS index_changed, "
                    "CAST(NULL AS VARCHAR) AS key_text FROM staged WHERE false")
        return
    on = " AND ".join(f"t.{k} = TRY_CAST(s.{k} AS {spec.column(k).sql_type})" for k in spec.key)
    kept = set(spec.kept(present))  # the database's values stay: not compared, not updated (load.apply)
    same = " AND ".join(f"TRY_CAST(s.{c.name} AS {c.sql_type}) IS NOT DISTINCT FROM t.{c.name}" for c in stored
                        if c.name not in kept)
    indexed = [c for c in indexed_columns(cur, t) if c not in spec.key and c not in kept]  # kept: not written
    changed = " OR ".join(f"TRY_CAST(s.{c} AS {spec.column(c).sql_type}) IS DISTINCT FROM t.{c}" for c in indexed) or "false"
    cur.execute(
        f"CREATE TEMP TABLE cmp AS SELECT s.line, true AS found, {same} AS same, {changed} AS index_changed, "
        f"{_key_text(list(spec.key), 't')} AS key_text FROM staged s JOIN {t} t ON {on}"
    )


def indexed_columns(cur, table: str) -> list[str]:
    """Columns DuckDB keeps in an index (PRIMARY KEY, UNIQUE, FOREIGN KEY): updating one of them on a
    row that other tables reference is refused by DuckDB, even when the key itself is unchanged."""
    rows = cur.execute(
        "SELECT constraint_column_names FROM duckdb_constraints() WHERE table_name = ? AND schema_name = 'main' "
        "AND constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')",
        [table],
    ).fetchall()
    return sorted({c for (cols,) in rows for c in cols})


def referencing(cur, table: str) -> list[tuple[str, list[str], list[str]]]:
    """(child table, child columns, referenced columns) for every foreign key that points at `table`."""
    rows = cur.execute(
        "SELECT table_name, constraint_column_names, referenced_column_names FROM duckdb_constraints() "
        "WHERE constraint_type = 'FOREIGN KEY' AND referenced_table = ? AND schema_name = 'main'",
        [table],
    ).fetchall()
    return [(r[0], list(r[1]), list(r[2])) for r in rows]


def referenced_sql(cur, table: str, alias: str) -> str | None:
    """A predicate true when another table refers to row `alias` of `table` (None: nothing can)."""
    refs = referencing(cur, table)
    if not refs:
        return None
    return " OR ".join(
        f"EXISTS (SELECT 1 FROM {child} x WHERE "
        + " AND ".join(f"x.{cc} = {alias}.{pc}" for cc, pc in zip(ccols, pcols)) + ")"
        for child, ccols, pcols in refs
    )


TABLE_ZH = {t.name: t.title_zh for t in TABLES}


def database_conflicts(cur, spec: TableSpec, mode: str, present: dict[str, int]) -> None:
    t = spec.name
    order = {c.name: i for i, c in enumerate(spec.columns)}
    kept = set(spec.kept(present))
    if mode != "append" and kept:
        on = " AND ".join(f"t.{k} = TRY_CAST(s.{k} AS {spec.column(k).sql_type})" for k in spec.key)
        for column, r in spec.kept_rules:
            if column in kept:
                add_problems(cur, f"SELECT s.line, {order[r.column]}, {present.get(r.column, -1)}, {r.reason}, {r.fix} "
                                  f"FROM staged s JOIN {t} t ON {on} WHERE coalesce({r.when}, false)")
    k0 = spec.key[0]
    label = "、".join(spec.column(k).header_zh for k in spec.key)
    if mode == "append":
        add_problems(
            cur,
            f"SELECT c.line, {order[k0]}, {present.get(k0, -1)}, '数据库中已有{label}相同的记录，且内容不同', "
            f"'如需修改已有记录，请选择“更新”模式导入' FROM cmp c WHERE NOT c.same",
        )
    else:
        exists = referenced_sql(cur, t, "tt")
        if exists:
            on = " AND ".join(f"tt.{k} = TRY_CAST(s.{k} AS {spec.column(k).sql_type})" for k in spec.key)
            add_problems(
                cur,
                f"SELECT c.line, {order[k0]}, {present.get(k0, -1)}, {q(label)} || ' ' || c.key_text || "
                f"' 已被其他数据引用（如证书、培训、考核记录），数据库不允许在导入中修改它的' "
                f"|| {q('、'.join(spec.column(x).header_zh for x in indexed_columns(cur, t) if x not in spec.key))}, "
                f"'这些项保持库中的值；其余项可正常更新' "
                f"FROM cmp c JOIN staged s ON s.line = c.line JOIN {t} tt ON {on} "
                f"WHERE c.index_changed AND NOT c.same AND ({exists})",
            )
    for cols in spec.unique:
        u = cols[0]
        ulabel = spec.column(u).header_zh
        keyexpr = _key_text(list(spec.key), "t")
        skip_deleted = ""
        if mode == "replace":
            # rows the replacement deletes free their unique values
            skip_deleted = (f" AND {keyexpr} IN (SELECT {_key_text(list(spec.key), 'z')} FROM staged z "
                            f"WHERE {' AND '.join(f'z.{k} IS NOT NULL' for k in spec.key)})")
        name_col = "t.name" if "name" in {c.name for c in spec.columns} else "''"
        current = ""
        if spec.active:
            # Only current records must not share the number: the file's row and the database's
            # record are both current, and the file does not close that record.
            column = spec.active[0]
            same_key = " AND ".join(f"z.{k} = t.{k}" for k in spec.key)
            current = (f" AND s.{column} IS NULL AND NOT {bad(spec.column(column), 's')} AND t.{column} IS NULL "
                       f"AND NOT EXISTS (SELECT 1 FROM staged z WHERE {same_key} AND z.{column} IS NOT NULL)")
        add_problems(
            cur,
            f"SELECT s.line, {order[u]}, {present.get(u, -1)}, '{ulabel}已属于数据库中的另一条记录：' || {keyexpr} || "
            f"CASE WHEN {name_col} <> '' THEN '（' || {name_col} || '）' ELSE '' END, "
            f"'核对{ulabel}；若是同一人，请填写那条记录的编号或把编号留空' "
            f"FROM staged s JOIN {t} t ON t.{u} = s.{u} WHERE ("
            + " OR ".join(f"t.{k} IS DISTINCT FROM TRY_CAST(s.{k} AS {spec.column(k).sql_type})" for k in spec.key)
            + ")" + current + skip_deleted,
        )


def region_parents(cur, spec: TableSpec, present: dict[str, int]) -> None:
    """A new region's parent must exist in the database or be loaded with it."""
    order = {c.name: i for i, c in enumerate(spec.columns)}
    for _ in range(6):
        before = cur.execute("SELECT count(*) FROM problems0").fetchall()[0][0]
        add_problems(
            cur,
            f"SELECT s.line, {order['parent_id']}, {present.get('parent_id', -1)}, '上级区划 ' || s.parent_id || ' 不在数据库中，且文件中的这一行'"
            f" || CASE WHEN p.line IS NULL THEN '不存在' ELSE '（第 ' || p.line || ' 行）有错误' END, "
            f"'先更正上级区划所在的行，或先导入上级区划' "
            f"FROM staged s LEFT JOIN staged p ON p.region_id = s.parent_id "
            f"WHERE s.parent_id IS NOT NULL AND s.parent_id NOT IN (SELECT region_id FROM regions) "
            f"AND (p.line IS NULL OR p.line IN (SELECT line FROM problems0)) "
            f"AND s.line NOT IN (SELECT line FROM problems0)",
        )
        if cur.execute("SELECT count(*) FROM problems0").fetchall()[0][0] == before:
            break


def finish(cur, spec: TableSpec, a: Analysis, file_name: str) -> None:
    """`act` (line, action) and `problems` (with the cells' values); counts into `a`."""
    cur.execute("DROP TABLE IF EXISTS bad")
    cur.execute("CREATE TEMP TABLE bad AS SELECT DISTINCT line FROM problems0")
    has_cmp = cur.execute("SELECT count(*) FROM cmp").fetchall()[0][0] > 0
    cur.execute("DROP TABLE IF EXISTS act")
    if has_cmp:
        cur.execute(
            "CREATE TEMP TABLE act AS SELECT s.line, CASE WHEN b.line IS NOT NULL THEN 'reject' "
            "WHEN c.line IS NULL THEN 'new' WHEN c.same THEN 'unchanged' ELSE 'update' END AS action "
            "FROM staged s LEFT JOIN bad b ON b.line = s.line LEFT JOIN cmp c ON c.line = s.line"
        )
    else:
        cur.execute("CREATE TEMP TABLE act AS SELECT s.line, CASE WHEN b.line IS NOT NULL THEN 'reject' "
                    "ELSE 'new' END AS action FROM staged s LEFT JOIN bad b ON b.line = s.line")
    counts = dict(cur.execute("SELECT action, count(*) FROM act GROUP BY action").fetchall())
    a.rows_total = sum(counts.values())
    a.rows_new = counts.get("new", 0)
    a.rows_updated = counts.get("update", 0)
    a.rows_unchanged = counts.get("unchanged", 0)
    a.rows_rejected = counts.get("reject", 0)
    if a.mode == "replace":
        keys_file = _key_text(list(spec.key), "s")
        keys_db = _key_text(list(spec.key), "t")
        cur.execute("DROP TABLE IF EXISTS doomed")
        cur.execute(
            f"CREATE TEMP TABLE doomed AS SELECT {keys_db} AS key_text FROM {spec.name} t WHERE {keys_db} NOT IN "
            f"(SELECT {keys_file} FROM staged s JOIN act USING (line) WHERE act.action <> 'reject' "
            f"AND {' AND '.join(f's.{k} IS NOT NULL' for k in spec.key)})"
        )
        a.rows_deleted = cur.execute("SELECT count(*) FROM doomed").fetchall()[0][0]
        if a.rows_deleted:
            a.delete_refused = _delete_blockers(cur, spec)
    # The cells' text, fetched once for the problem rows only; without a cell of its own a problem
    # shows the row's key cell.
    n = len(a.raw.headers)
    key_src = a.present.get(spec.key[0], -1)
    value = ("CASE p.src2 " + " ".join(f"WHEN {i} THEN r.c{i}" for i in range(n)) + " END") if n else "NULL"
    # A missing derived value is only worth reporting when nothing else is wrong with the row.
    cur.execute("DELETE FROM problems0 WHERE reason = ? AND line IN (SELECT line FROM problems0 WHERE reason <> ?)",
                [MISSING_DERIVED, MISSING_DERIVED])
    a.problems_total = cur.execute("SELECT count(*) FROM problems0").fetchall()[0][0]
    cur.execute("DROP TABLE IF EXISTS problems")
    cur.execute(
        f"CREATE TEMP TABLE problems AS SELECT p.line, p.ord, "
        f"replace(coalesce({value}, ''), '{convert.NUMBER_CELL}', '') AS value, p.reason, p.fix "
        f"FROM (SELECT *, CASE WHEN src >= 0 THEN src ELSE {key_src} END AS src2 FROM problems0) p "
        f"LEFT JOIN raw r ON r.line = p.line"
    )


# --- related facts a file carries beside its rows ----------------------------------------------


def related_certificates(cur, spec: TableSpec, present: dict[str, int], mode: str,
                         notices: list[str]) -> dict[str, int] | None:
    """TEMP table rel_certificates (worker_id, level, obtained_on, action): the certificates a
    roster's 职业资格 / 证书等级 column names for the rows that load. A certificate the database
    has is unchanged; one it has without a date gets the file's date (not in append mode).
    Returns counts by action, or None when the file has no such column."""
    if "cert_level" not in present and "cert_held" not in present:
        return None
    if "cert_held" in present:
        n = cur.execute("SELECT count(*) FROM staged s JOIN act USING (line) WHERE act.action <> 'reject' "
                        "AND s.cert_held = '是' AND s.cert_level IS NULL").fetchall()[0][0]
        if n:
            notices.append(f"{n:,} 行「是否持证」为“是”，但没有填写证书等级，未生成职业资格记录：请补上「职业资格」"
                           f"（助理社会工作师/社会工作师/高级社会工作师）后再导入这些行")
    if "cert_date" in present and "cert_level" in present:
        n = cur.execute("SELECT count(*) FROM staged WHERE cert_date IS NOT NULL AND cert_level IS NULL").fetchall()[0][0]
        if n:
            notices.append(f"{n:,} 行有取证时间但没有证书等级，取证时间未导入")
    update = "false" if mode == "append" else "c.obtained_on IS NULL AND s.cert_date IS NOT NULL"
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE rel_certificates AS "
        "SELECT s.line, s.worker_id, CAST(s.cert_level AS certificate_level) AS level, s.cert_date AS obtained_on, "
        f"CASE WHEN c.worker_id IS NULL THEN 'new' WHEN {update} THEN 'update' ELSE 'unchanged' END AS action "
        "FROM staged s JOIN act USING (line) LEFT JOIN certificates c ON c.worker_id = s.worker_id "
        "AND c.level = CAST(s.cert_level AS certificate_level) WHERE act.action <> 'reject' AND s.cert_level IS NOT NULL"
    )
    counts = dict(cur.execute("SELECT action, count(*) FROM rel_certificates GROUP BY 1").fetchall())
    undated = cur.execute("SELECT count(*) FROM rel_certificates WHERE action = 'new' AND obtained_on IS NULL").fetchall()[0][0]
    if counts.get("new") or counts.get("update"):
        notices.append(f"同时写入职业资格证书：新增 {counts.get('new', 0):,} 条"
                       + (f"（其中 {undated:,} 条取得日期未知，记为未知）" if undated else "")
                       + (f"，补上取得日期 {counts['update']:,} 条" if counts.get("update") else "")
                       + (f"，库中已有 {counts['unchanged']:,} 条" if counts.get("unchanged") else ""))
    return {k: counts.get(k, 0) for k in ("new", "update", "unchanged")}


def _delete_blockers(cur, spec: TableSpec) -> str | None:
    parts = []
    for child, ccols, pcols in referencing(cur, spec.name):
        if child == spec.name:
            continue
        on = " AND ".join(f"x.{cc} = t.{pc}" for cc, pc in zip(ccols, pcols))
        n = cur.execute(
            f"SELECT count(*) FROM {child} x JOIN {spec.name} t ON {on} WHERE {_key_text(list(spec.key), 't')} IN "
            f"(SELECT key_text FROM doomed)"
        ).fetchall()[0][0]
        if n:
            parts.append(f"{TABLE_ZH.get(child, child)} {n:,} 条")
    if not parts:
        return None
    return (f"替换会删除库中 {cur.execute('SELECT count(*) FROM doomed').fetchall()[0][0]:,} 条文件里没有的记录，"
            f"但其中一些仍被其他数据引用（{'、'.join(parts)}）：请改用“更新”模式，或先删除/替换引用它们的数据")


def problems_frame(cur, a: Analysis, file_name: str, limit: int = settings.MAX_PROBLEMS) -> pd.DataFrame:
    df = cur.execute("SELECT line, ord, value, reason, fix FROM problems ORDER BY line, ord LIMIT ?", [limit]).df()
    # Each problem is named by the column's header as the file has it (looked up here, not in SQL).
    names = [a.raw.headers[a.present[c.name]] if c.name in a.present else c.header_zh for c in a.spec.columns]
    df.insert(1, "column_name", df.pop("ord").map(lambda i: names[int(i)]))
    df.insert(0, "file", file_name)
    return df
