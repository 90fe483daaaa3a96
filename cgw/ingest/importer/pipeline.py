"""preview() and import_file(): one code path for the upload page and the command line.

Both read and validate the whole file inside one transaction on their own cursor; preview rolls
back, import_file writes the accepted rows, the undo record and the batch log, bumps the data
version and commits, or rolls everything back. Only ImportFailed ever leaves these functions.

Options both take:
- `mapping` (profiles.Mapping): the analyst's column and value choices, from the page or a saved
  profile (`cli.py import --profile NAME`); what the importer finds by itself fills the rest.
- `scope` (a region id, or None for no limit): the importing account's region. Rows outside its
  subtree are rejected with the reason, in the preview and the load alike (importer.scope).

Validation always runs in this process's DuckDB (TEMP tables on the cursor); the final write is
load.apply, a separate step.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from cgw import domain
from cgw.domain import privacy
from cgw.ingest.importer import convert, headers, load, reading, server, settings, specs, validate
from cgw.ingest.importer import scope as region_scope
from cgw.ingest.importer.errors import ImportFailed
from cgw.ingest.importer.profiles import Mapping
from cgw.storage import database

Progress = Callable[[float, str], None]

PROBLEM_COLUMNS = {"file": "文件", "line": "行号", "column": "列", "value": "值", "reason": "原因", "fix": "建议"}


def _silent(_: float, __: str) -> None:
    pass


# How a file column is taken, besides headers.BY_* for the matched ones.
IGNORED, UNKNOWN, NOT_KEPT, ROW_NUMBER, DUPLICATE, BLANK = "ignored", "unknown", "not_kept", "row_number", "duplicate", "blank"
HOW_ZH = {**headers.HOW_ZH, IGNORED: "按设置不导入", UNKNOWN: "未识别，不导入", NOT_KEPT: "本系统不保存此项",
          ROW_NUMBER: "序号，不导入", DUPLICATE: "与另一列重复，不导入", BLANK: "没有列名"}


@dataclass
class FileColumn:
    """One column of the file as the preview shows it: what it is imported as, and why."""

    index: int
    header: str  # as in the file; "基本情况 / 性别" under a two-row header
    column: str | None  # the table column it fills, or None
    how: str  # headers.BY_* when imported, else IGNORED, UNKNOWN, NOT_KEPT, ROW_NUMBER, DUPLICATE, BLANK
    samples: list[str] = field(default_factory=list)  # a few values from the file (ID and phone numbers masked)

    @property
    def how_zh(self) -> str:
        return HOW_ZH.get(self.how, self.how)


@dataclass
class Preview:
    """What a file would do to its table; nothing has been written."""

    table: str
    title_zh: str
    file_name: str
    sha256: str
    mode: str
    source: str  # "CSV，GBK/GB18030" …
    header_row: int
    columns: list[FileColumn]  # every column of the file, in file order
    rows_total: int = 0
    rows_new: int = 0
    rows_updated: int = 0
    rows_unchanged: int = 0
    rows_deleted: int = 0
    rows_rejected: int = 0
    problems_total: int = 0
    problems: pd.DataFrame = field(default_factory=pd.DataFrame)  # file, line, column, value, reason, fix
    notices: list[str] = field(default_factory=list)
    sample: pd.DataFrame = field(default_factory=pd.DataFrame)  # first valid rows, masked
    delete_refused: str | None = None
    imported_before: list[int] = field(default_factory=list)  # active batches of the same file and table
    values: list[validate.ValueGroup] = field(default_factory=list)  # category values not written as stored
    related: dict[str, dict[str, int]] = field(default_factory=dict)  # table → {"new", "update", "unchanged"}
    sheets: list[str] = field(default_factory=list)  # the workbook's sheets
    sheet: str | None = None  # the sheet read
    mapping: Mapping = field(default_factory=Mapping)  # the analyst's choices this preview applied
    kept: list[str] = field(default_factory=list)  # columns the file lacks: an update keeps the database's values
    missing: str | None = None  # a required column is not mapped: nothing was validated (the page asks for it)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Every row can be loaded."""
        return self.rows_rejected == 0 and self.delete_refused is None

    @property
    def changes(self) -> int:
        """Rows a load would insert, update or delete (related rows included)."""
        return self.rows_new + self.rows_updated + self.rows_deleted + self.related_changes

    @property
    def related_changes(self) -> int:
        return sum(c.get("new", 0) + c.get("update", 0) for c in self.related.values())

    def related_text(self) -> str:
        """'；职业资格证书新增 12 条' for the summary lines, or ''."""
        parts = []
        for table, c in self.related.items():
            if c.get("new") or c.get("update"):
                parts.append(f"{validate.TABLE_ZH.get(table, table)}新增 {c.get('new', 0):,} 条"
                             + (f"、补日期 {c['update']:,} 条" if c.get("update") else ""))
        return "；" + "，".join(parts) if parts else ""

    def column_of(self, name: str) -> FileColumn | None:
        return next((fc for fc in self.columns if fc.column == name), None)

    @property
    def rows_accepted(self) -> int:
        return self.rows_new + self.rows_updated + self.rows_unchanged

    def first_problems(self, n: int = settings.PREVIEW_PROBLEMS) -> pd.DataFrame:
        return self.problems.head(n)

    def blocked(self, accept_valid: bool) -> str | None:
        """Why a load would write nothing, or None."""
        if self.missing:
            return self.missing
        if self.delete_refused:
            return self.delete_refused
        if self.rows_rejected and self.mode == "replace":
            return "替换模式要求文件中每一行都有效（否则被拒绝的行对应的库中记录会被删除）：请先修正问题"
        if self.rows_rejected and not accept_valid:
            return (f"{self.rows_total:,} 行中有 {self.rows_rejected:,} 行有问题（共 {self.problems_total:,} 处），"
                    f"数据库未改变：修正后重新导入，或选择只导入其余 {self.rows_accepted:,} 行有效数据")
        if self.rows_total == 0:
            return "文件中没有数据行"
        return None


@dataclass
class ImportResult(Preview):
    batch_id: int | None = None
    written: bool = False
    accepted_only: bool = False  # --accept-valid: valid rows loaded, rejects reported

    def summary(self) -> str:
        """One line for the command line and the page."""
        counts = (f"新增 {self.rows_new:,} 行，更新 {self.rows_updated:,} 行，未变 {self.rows_unchanged:,} 行"
                  + (f"，删除 {self.rows_deleted:,} 行" if self.rows_deleted else ""))
        if self.written:
            tail = f"；拒绝 {self.rows_rejected:,} 行（见错误报告）" if self.rows_rejected else ""
            return f"已导入「{self.title_zh}」（第 {self.batch_id} 批，{self.file_name}）：{counts}{self.related_text()}{tail}"
        reason = self.blocked(self.accepted_only)
        if reason is None and not self.changes and self.rows_rejected:
            # D1: with --accept-valid every row that would change was rejected; say so, never "identical".
            return (f"未导入「{self.title_zh}」（{self.file_name}）：{self.rows_rejected:,} 行有问题被拒绝（共 "
                    f"{self.problems_total:,} 处，见错误报告），其余 {self.rows_unchanged:,} 行与库中一致，数据库未改变")
        if reason is None and not self.changes:
            return f"无需导入「{self.title_zh}」（{self.file_name}）：文件中的 {self.rows_total:,} 行与库中完全一致"
        return f"未导入「{self.title_zh}」（{self.file_name}）：{reason or '未写入'}"

    @property
    def identical(self) -> bool:
        """Nothing to write because the database already holds every row of the file."""
        return not self.written and not self.rows_rejected and self.blocked(self.accepted_only) is None and not self.changes


def preview(con: duckdb.DuckDBPyConnection, table: str, path_or_bytes, *, file_name: str | None = None,
            mode: str = "append", sheet: str | None = None, progress: Progress | None = None,
            mapping: Mapping | None = None, scope: str | None = None) -> Preview:
    """Validate a file against the database: counts of new/updated/unchanged/rejected rows, the
    problems, how each column and unusual value is read. Nothing is written. `scope`: rows outside
    that region subtree are problems."""
    if database.is_server(con):  # validated on a DuckDB mirror of the store (importer/server.py)
        return server.run_import(con, table, mode, False, lambda m: _run(m, table, path_or_bytes, file_name, mode,
                                                                          False, sheet, progress, mapping, scope,
                                                                          write=False))
    return _run(con, table, path_or_bytes, file_name, mode, False, sheet, progress, mapping, scope, write=False)


def import_file(con: duckdb.DuckDBPyConnection, table: str, path_or_bytes, *, file_name: str | None = None,
                mode: str = "append", accept_valid: bool = False, sheet: str | None = None,
                progress: Progress | None = None, mapping: Mapping | None = None,
                scope: str | None = None) -> ImportResult:
    """Validate and load a file in one transaction. With rejected rows nothing is written unless
    `accept_valid` (then only the valid rows are; never in replace mode). `scope`: the region
    subtree the importing account may change; rows outside it are rejected."""
    if database.is_server(con):  # validated on a DuckDB mirror, written to the store in one transaction
        return server.run_import(con, table, mode, True, lambda m: _run(m, table, path_or_bytes, file_name, mode,
                                                                         accept_valid, sheet, progress, mapping,
                                                                         scope, write=True))
    return _run(con, table, path_or_bytes, file_name, mode, accept_valid, sheet, progress, mapping, scope, write=True)


def _run(con, table, path_or_bytes, file_name, mode, accept_valid, sheet, progress, mapping, scope, write):
    """Every failure leaves as ImportFailed, with the file's name; nothing is written unless COMMIT ran."""
    name = file_name if isinstance(file_name, str) else None
    cur = None
    try:
        progress = progress or _silent
        started = time.perf_counter()
        if not isinstance(mode, str) or mode not in validate.MODES:
            raise ImportFailed(f"导入方式「{mode}」无效：可选 append（追加）、upsert（更新）、replace（替换）")
        region_scope.refuse_mode(mode, scope)
        spec = specs.spec(table if isinstance(table, str) else str(table))
        mapping = mapping if isinstance(mapping, Mapping) else Mapping()
        mapping.check(spec.name)
        progress(0.0, "读取文件 / reading file")
        src = reading.load_source(path_or_bytes, name)
        name = src.file_name
        cur = con.cursor()
        # Every staged row carries its file line number and every listing orders by it, so this
        # cursor lets DuckDB build its temp tables in parallel (about 12% faster on 1M rows).
        cur.execute("SET preserve_insertion_order = false")
        # The file goes into TEMP tables first; validation and loading share one transaction.
        raw = reading.read(cur, src, spec, sheet if isinstance(sheet, str) else None, progress, mapping.columns)
        if validate.missing_specs(spec, raw):
            columns = _file_columns(cur, spec, raw)
            missing = validate.missing_columns(spec, raw, cur, _raw_samples(cur, raw))
            if write:
                raise ImportFailed(missing, file_name=name)
            return _unmapped(spec, src, raw, mode, mapping, missing, columns)
        cur.execute("BEGIN TRANSACTION")
        try:
            result = _analyse(cur, spec, src, raw, mode, progress, mapping, scope)
            result.accepted_only = bool(accept_valid)
            if write and result.blocked(accept_valid) is None and result.changes:
                progress(0.75, "写入数据库 / writing")
                result.batch_id = load.apply(cur, spec, result, name, src.sha256)
                result.written = True
                cur.execute("COMMIT")
            else:
                cur.execute("ROLLBACK")
        except BaseException:
            try:
                cur.execute("ROLLBACK")
            except duckdb.Error:
                pass
            result = None
            raise
        result.seconds = time.perf_counter() - started
        progress(1.0, "完成 / done")
        return result
    except ImportFailed as e:
        if e.file_name is None and name:
            raise ImportFailed(e.message, file_name=name) from None
        raise
    except duckdb.TransactionException as e:
        raise ImportFailed(f"数据库正忙（另一个导入或撤销同时在修改数据），本次未写入：请稍后重试（{database.first_line(e, 300)}）",
                           file_name=name) from None
    except (duckdb.ConstraintException, duckdb.ConversionException) as e:
        raise ImportFailed(f"数据库拒绝写入，已全部撤回，数据库未改变：{database.first_line(e, 300)}", file_name=name) from None
    except MemoryError:
        raise ImportFailed("文件太大，内存不足，未写入：请拆分后分批导入", file_name=name) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as e:  # noqa: BLE001 - the user gets one clear line; nothing was written
        if os.environ.get("CGW_DEBUG"):
            raise
        raise ImportFailed(f"导入时出现内部错误（{type(e).__name__}: {database.first_line(e, 300)}），数据库未改变",
                           file_name=name) from None
    finally:
        if cur is not None:
            try:
                cur.close()
            except duckdb.Error:
                pass


def _analyse(cur, spec: specs.TableSpec, src: reading.Source, raw: reading.RawTable, mode: str,
             progress, mapping: Mapping, scope: str | None) -> ImportResult:
    present, notices = validate.map_columns(spec, raw, src.file_name)
    a = validate.Analysis(spec, raw, mode, present, notices=list(raw.notices) + notices)
    _unnamed_columns(cur, raw, present, a.notices)
    progress(0.35, f"校验 {raw.rows:,} 行 / validating")
    groups: list[validate.ValueGroup] = []
    related = None
    if raw.rows:
        extra_regions = None
        if spec.name == "regions":
            extra_regions = _file_regions(cur, present)
        converted = validate.mapping_tables(cur, spec, present, extra_regions, mapping.values, groups)
        validate.build_staged(cur, spec, present, converted)
        validate.title_map(cur, spec, present, mapping.values.get("post_title_text"), groups)
        progress(0.5, "检查规则 / checking rules")
        validate.build_final(cur, spec, present, a.notices, converted)
        validate.assign_keys(cur, spec, present, a.notices)
        validate.collect_problems(cur, spec, present, converted)
        validate.duplicates_in_file(cur, spec, present)
        validate.compare_with_database(cur, spec, mode, present)
        validate.database_conflicts(cur, spec, mode, present)
        if spec.name == "regions":
            validate.region_parents(cur, spec, present)
        if scope is not None:  # the account's region: rows outside it are problems
            region_scope.problems(cur, spec, present, scope)
        progress(0.65, "汇总 / summarising")
        validate.finish(cur, spec, a, src.file_name)
        related = validate.related_certificates(cur, spec, present, mode, a.notices)
        _date_notices(cur, spec, present, a.notices, converted)
    problems = validate.problems_frame(cur, a, src.file_name) if raw.rows else pd.DataFrame(
        columns=["file", "line", "column", "value", "reason", "fix"])
    problems = _mask_problems(spec, problems, _region_headers(spec, raw, present))
    previous = cur.execute(
        "SELECT list(batch_id ORDER BY batch_id) FROM import_batches WHERE sha256 = ? AND table_name = ? "
        "AND status = ?", [src.sha256, spec.name, load.STATUS_DONE]
    ).fetchall()[0][0] or []
    if previous:
        a.notices.insert(0, f"这个文件已经导入过（第 {'、'.join(map(str, previous))} 批，尚未撤销）：请确认不是重复导入")
    result = ImportResult(
        table=spec.name, title_zh=spec.title_zh, file_name=src.file_name, sha256=src.sha256, mode=mode,
        source=raw.described, header_row=raw.header_row, columns=_file_columns(cur, spec, raw),
        rows_total=a.rows_total, rows_new=a.rows_new, rows_updated=a.rows_updated, rows_unchanged=a.rows_unchanged,
        rows_deleted=a.rows_deleted, rows_rejected=a.rows_rejected, problems_total=a.problems_total,
        problems=problems, notices=a.notices, sample=_sample(cur, spec) if raw.rows else pd.DataFrame(),
        delete_refused=a.delete_refused, imported_before=list(previous), values=groups,
        related={"certificates": related} if related else {}, sheets=raw.sheets, sheet=raw.sheet, mapping=mapping,
        kept=spec.kept(present) if raw.rows else [],
    )  # fmt: skip
    return result


def _unmapped(spec, src, raw, mode, mapping, missing: str, columns: list[FileColumn]) -> ImportResult:
    """A preview of a file whose required columns are not all mapped: its columns only, so that the
    analyst can map them."""
    return ImportResult(table=spec.name, title_zh=spec.title_zh, file_name=src.file_name, sha256=src.sha256, mode=mode,
                        source=raw.described, header_row=raw.header_row, columns=columns,
                        rows_total=raw.rows, notices=list(raw.notices), sheets=raw.sheets, sheet=raw.sheet,
                        mapping=mapping, missing=missing)


def _file_columns(cur, spec: specs.TableSpec, raw: reading.RawTable) -> list[FileColumn]:
    """Every column of the file with what it becomes, and a few of its values."""
    m = raw.match
    dups = {i for i, _ in m.duplicates}
    found = _raw_samples(cur, raw)
    samples = [found.get(i, [])[:3] for i in range(len(raw.headers))]
    out = []
    for i, header in enumerate(raw.headers):
        if i in m.columns:
            column, how = m.columns[i], m.how.get(i, headers.BY_NAME)
        else:
            column = None
            key = headers.norm(header)
            how = (IGNORED if i in m.ignored else ROW_NUMBER if i in m.row_numbers else DUPLICATE if i in dups
                   else BLANK if not key else NOT_KEPT if key in headers.NOT_KEPT else UNKNOWN)
        shown = [_mask_sample(v.replace(convert.NUMBER_CELL, "")) for v in samples[i]]
        if column is None and how == BLANK and not shown:
            continue  # an empty column past the table's edge
        out.append(FileColumn(i, header, column, how, shown))
    return out


def _raw_samples(cur, raw: reading.RawTable, limit: int = 6) -> dict[int, list[str]]:
    """Up to `limit` different values of each file column, from its first rows (not masked)."""
    n = len(raw.headers)
    out: dict[int, list[str]] = {i: [] for i in range(n)}
    if raw.rows and n:
        for row in cur.execute(f"SELECT {', '.join(f'c{i}' for i in range(n))} FROM raw ORDER BY line LIMIT 30").fetchall():
            for i, v in enumerate(row):
                if v is not None and len(out[i]) < limit and v.strip() and v not in out[i]:
                    out[i].append(v)
    return out


def _mask_sample(v: str) -> str:
    v = v.replace(reading.FORMULA_CELL, "=")
    return validate.masked_cell(v) if _looks_like_id(v) else privacy.mask_text(v)


def _file_regions(cur, present: dict[str, int]) -> list[tuple]:
    """Regions being imported, so that a parent can be named in the same file, and the codes known
    to the database or the file (`known_regions`, for parents derived from a code's prefix)."""
    rid = present["region_id"]
    cur.execute(f"CREATE OR REPLACE TEMP TABLE known_regions AS SELECT region_id AS k FROM regions "
                f"UNION SELECT trim(c{rid}) FROM raw WHERE length(trim(c{rid})) IN (2, 4, 6, 9, 12, 15) "
                f"AND regexp_full_match(trim(c{rid}), '[0-9]+')")
    if "name" not in present:
        return []
    rows = cur.execute(f"SELECT trim(c{rid}), trim(c{present['name']}) FROM raw "
                       f"WHERE c{rid} IS NOT NULL AND c{present['name']} IS NOT NULL").fetchall()
    level_by_length = {v: k for k, v in domain.REGION_CODE_LENGTH.items()}
    out = []
    for code, nm in rows:
        level = level_by_length.get(len(code)) if code.isdigit() else None
        if level:
            parent = next((code[:n] for n in (12, 9, 6, 4, 2) if n < len(code)), None)
            out.append((code, nm, level, parent))
    return out


def _unnamed_columns(cur, raw: reading.RawTable, present: dict[str, int], notices: list[str]) -> None:
    """Values in columns without a header are not imported: say how many, so nothing goes unnoticed."""
    used = set(present.values()) | set(raw.match.unknown) | set(raw.match.row_numbers) | {i for i, _ in raw.match.duplicates}
    blank = [i for i in range(len(raw.headers)) if i not in used and not str(raw.headers[i]).strip()]
    if not blank or not raw.rows:
        return
    counts = cur.execute("SELECT " + ", ".join(f"count(c{i})" for i in blank) + " FROM raw").fetchall()[0]
    for i, n in zip(blank, counts):
        if n:
            notices.append(f"第 {i + 1} 列没有列名，其中 {n:,} 个单元格有内容，未导入：如需导入请补上列名")


def _date_notices(cur, spec: specs.TableSpec, present: dict[str, int], notices: list[str], mapping) -> None:
    # A column whose every value converted to itself has full dates only.
    dates = [c for c in spec.columns if c.kind == "date" and c.name in present and not mapping[c.name].identity]
    if not dates:
        return
    counts = cur.execute(
        "SELECT " + ", ".join(f"count_if(s.{c.name}__month AND s.{c.name} = date_trunc('month', s.{c.name})"
                              + (" AND s.birth_date IS DISTINCT FROM s.id_birth" if c.name == "birth_date" else "") + ")"
                              for c in dates)
        + " FROM staged s JOIN act USING (line) WHERE act.action <> 'reject'"
    ).fetchall()[0]
    for c, n in zip(dates, counts):
        if n:
            notices.append(f"「{c.header_zh}」有 {n:,} 行只填了年月，已按当月1日记录")


# Columns holding region codes (a grid's 15 digits look like an old ID number): shown as written.
REGION_KINDS = ("community", "region", "street", "grid")
CODE_LENGTHS = set(domain.REGION_CODE_LENGTH.values())


def _region_headers(spec: specs.TableSpec, raw: reading.RawTable, present: dict[str, int]) -> set[str]:
    """The file's headers of the columns that hold region codes, not personal numbers."""
    return {raw.headers[present[c.name]] for c in spec.columns if c.name in present
            and (c.kind in REGION_KINDS or (spec.name == "regions" and c.name in ("region_id", "parent_id")))}


def _mask_problems(spec: specs.TableSpec, df: pd.DataFrame, plain: set[str] = frozenset()) -> pd.DataFrame:
    if df.empty:
        return df.rename(columns={"column_name": "column"})
    df = df.rename(columns={"column_name": "column"})
    df["value"] = df["value"].astype(object).where(df["value"].notna(), "")
    # The cell as the file has it (spaces, full-width digits and all), ID and phone numbers masked;
    # region codes are not personal: shown as written.
    df["value"] = [str(v) if col in plain and str(v).strip().isdigit() and len(str(v).strip()) in CODE_LENGTHS else
                   validate.masked_cell(str(v)) if _looks_like_id(v) else privacy.mask_text(str(v))
                   for v, col in zip(df["value"], df["column"])]
    df["line"] = df["line"].astype("int64")
    return df[["file", "line", "column", "value", "reason", "fix"]].reset_index(drop=True)


def _looks_like_id(v: object) -> bool:
    s = str(v).strip()
    return len(s) >= 15 and sum(ch.isdigit() for ch in s) >= 14  # str.isdigit counts full-width digits too


def _sample(cur, spec: specs.TableSpec, n: int = 5) -> pd.DataFrame:
    cols = [c for c in spec.stored_columns]
    df = cur.execute(
        "SELECT " + ", ".join(f"s.{c.name}" for c in cols)
        + " FROM staged s JOIN act USING (line) WHERE act.action <> 'reject' ORDER BY s.line LIMIT ?", [n]
    ).df()
    df = privacy.mask_frame(df)
    return df.rename(columns={c.name: c.header_zh for c in cols})
