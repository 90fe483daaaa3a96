"""What each importable table looks like in a file: columns, Chinese headers and their synonyms,
value kinds, keys, defaults for empty cells and the domain rules checked before loading.

`TABLES` lists the importable tables in foreign-key order (a table only refers to tables before
it), which is also the order in which a full export re-imports.
"""

from __future__ import annotations

from dataclasses import dataclass

from cgw import domain

# Value kinds. Converted by SQL row by row: text, title, code, id_number, phone, worker, account,
# name_check. Converted once per distinct value in Python: date, category, int, decimal, quarter,
# community, region, street, grid, partner, candidate, studio, supply, dimension, flag.
MAPPED_KINDS = ("date", "category", "int", "decimal", "quarter", "community", "region", "street", "grid", "partner",
                "candidate", "studio", "supply", "dimension", "flag")

# What an optional fact left empty is stored as (the template's notes say so).
UNKNOWN = "未知（不推测）"


@dataclass(frozen=True)
class ColumnSpec:
    name: str  # database column (or, for check-only columns, a name of its own)
    header_zh: str  # the template header
    header_en: str
    kind: str
    sql_type: str | None = "VARCHAR"  # the column's type in the database; None: not stored
    required: bool = True  # a value is needed once defaults are applied
    category: str | None = None
    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False  # lo itself is not allowed (hours > 0)
    scale: int = 0
    percent: bool = False  # "40%" allowed (weights)
    unit: str = ""  # a unit the value may carry (岗位等级 "12级")
    max_len: int | None = None
    pattern: str | None = None  # codes: full-match regular expression
    pattern_hint: str = ""
    synonyms: tuple[str, ...] = ()
    example: str = ""
    empty_means: str = ""  # what an empty cell becomes (shown in the template notes)
    auto: str | None = None  # key generation when empty: "W7" (prefix W, 7 digits) or "serial"
    level: str | None = None  # region references: required level
    related: str | None = None  # a fact of another table the row carries (a roster's certificate)

    @property
    def stored(self) -> bool:
        return self.sql_type is not None

    def choices(self) -> tuple[str, ...]:
        if self.kind == "category" and self.category:
            return domain.values(self.category)
        return ()

    def note_zh(self) -> str:
        """The template's notes cell: required or not, format, allowed values, an example."""
        parts = ["必填" if self.required and not self.empty_means else "选填"]
        fmt = {
            "date": "日期，如 1985-03-01、1985.03、1985年3月",
            "id_number": "18位身份证号（请设为文本格式）",
            "phone": "11位手机号",
            "community": "社区名称或12位社区代码",
            "region": "区划代码或名称",
            "worker": "人员编号或身份证号",
            "partner": "合伙人编号或名称",
            "account": "账户编号",
            "quarter": "1–4",
            "street": "街道（乡镇）名称或9位代码，与社区一起确定社区",
            "flag": "是/否",
            "title": "按原文填写，如 党委书记、居委会主任；网格员",
            "grid": "网格名称（在本行社区的网格中查找）或15位网格代码",
            "candidate": "后备人选编号、身份证号或姓名",
            "studio": "工作室编号或名称",
            "supply": "服务项目编号或名称",
            "dimension": "测评维度编号或名称",
        }.get(self.kind)
        if fmt:
            parts.append(fmt)
        if self.kind in ("int", "decimal") and self.lo is not None and self.hi is not None:
            lo = f"{self.lo:g}"
            rng = f"大于 {lo}、不超过 {self.hi:g}" if self.lo_open else f"{lo}–{self.hi:g}"
            parts.append(f"数值 {rng}" + (f"，最多 {self.scale} 位小数" if self.scale else "，整数"))
        if self.choices():
            vals = self.choices()
            shown = "/".join(vals) if len(vals) <= 13 else "/".join(vals[:6]) + " 等"
            parts.append(f"可选：{shown}")
        if self.pattern_hint:
            parts.append(self.pattern_hint)
        if self.empty_means:
            parts.append(f"留空：{self.empty_means}")
        if self.example:
            parts.append(f"例：{self.example}")
        return "；".join(parts)


@dataclass(frozen=True)
class Derive:
    """A default: `expr` (SQL over the row's columns) fills `column` when it is empty, or when the
    SQL condition `when` holds. Every use is counted and shown to the user as a notice."""

    column: str
    expr: str
    notice: str  # "{n}" is replaced by the number of rows filled
    when: str | None = None
    source: str | None = None  # the file column the value comes from, when not the row's own (TableSpec.kept)


@dataclass(frozen=True)
class Rule:
    """A domain rule: `when` (SQL, true = a problem) reported under `column`."""

    column: str
    when: str
    reason: str  # SQL string expression
    fix: str  # SQL string expression


@dataclass(frozen=True)
class TableSpec:
    name: str
    title_zh: str
    title_en: str
    columns: tuple[ColumnSpec, ...]
    key: tuple[str, ...]
    description_zh: str = ""
    description_en: str = ""
    unique: tuple[tuple[str, ...], ...] = ()  # other unique columns, besides the key
    # (date column, label): `unique` holds only among current records, those whose date column
    # is empty (在岗 workers, 在库 candidates); a person may have earlier records too.
    active: tuple[str, str] | None = None
    natural_key: str | None = None  # finds an existing row when an auto key is empty
    derive: tuple[Derive, ...] = ()
    rules: tuple[Rule, ...] = ()
    # Optional facts an update keeps from the database when the file does not have their column: a
    # roster without 学历 does not erase the 学历 the database knows.
    keep_absent: tuple[str, ...] = ()
    # Checks of a kept column's database value against the file's row: (kept column, Rule over the
    # file's row `s` and the database's row `t`).
    kept_rules: tuple[tuple[str, Rule], ...] = ()

    def kept(self, present) -> list[str]:
        """The keep_absent columns this file says nothing about (neither their own column nor the
        column they are derived from)."""
        sources = {d.column: d.source for d in self.derive if d.source}
        return [c for c in self.keep_absent if c not in present and sources.get(c) not in present]

    def column(self, name: str) -> ColumnSpec:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def stored_columns(self) -> tuple[ColumnSpec, ...]:
        return tuple(c for c in self.columns if c.stored)

    def headers_zh(self) -> list[str]:
        return [c.header_zh for c in self.columns]


def q(text: str) -> str:
    """A SQL string literal of one of our own constants (never user text)."""
    return "'" + text.replace("'", "''") + "'"


def _range_case(category_col: str, value_col: str, ranges: dict[str, tuple[int, int]]) -> tuple[str, str]:
    when = "CASE " + category_col + " " + " ".join(
        f"WHEN {q(k)} THEN {value_col} NOT BETWEEN {lo} AND {hi}" for k, (lo, hi) in ranges.items()
    ) + " END"
    reason = "CASE " + category_col + " " + " ".join(
        f"WHEN {q(k)} THEN {q(f'{k}的岗位等级应在 {lo}–{hi} 级之间（三岗十八级）')}" for k, (lo, hi) in ranges.items()
    ) + " END"
    return when, reason


# --- shared columns -------------------------------------------------------------------------


def _community(header="所属社区", extra=(), name="community_id", **kw) -> ColumnSpec:
    return ColumnSpec(
        name, header, "Community", "community", level="community",
        synonyms=("社区", "社区名称", "社区代码", "所在社区", "工作社区", "社区（居委会）", "居委会", "community",
                  "community_id", *extra),
        example="幸福社区", **kw,
    )  # fmt: skip


def _street() -> ColumnSpec:
    """The row's street (name or 9-digit code): not stored, it selects the community among the
    street's own (two streets may each have a 幸福社区)."""
    return ColumnSpec(
        "street", "所属街道", "Street", "street", sql_type=None, required=False, level="street",
        synonyms=("街道", "街道名称", "所在街道", "街道（乡镇）", "乡镇（街道）", "街道/乡镇", "乡镇街道", "镇街", "乡镇",
                  "街道办事处", "所属街道（乡镇）", "街道代码", "街道编码", "street"),
        empty_means="只按社区名称查找", example="大虞街道",
    )  # fmt: skip


def _grid(required=False, **kw) -> ColumnSpec:
    """A grid (网格, version 6): by name among the grids of the row's community, or by 15-digit code.
    Optional on facts that may stay at community level."""
    kw.setdefault("empty_means", "" if required else "不属于某个网格（记在社区层面）")
    return ColumnSpec(
        "grid_id", "网格", "Grid", "grid", required=required, level="grid",
        synonyms=("所属网格", "网格名称", "小区（网格）", "网格编码", "网格代码", "所在网格", "小区网格", "定岗网格",
                  "责任网格", "网格（小区）", "grid", "grid_id"),
        example="第一网格", **kw,
    )  # fmt: skip


# A grid's own rule (the schema's CHECK): it lies under the row's community.
_GRID_RULE = Rule("grid_id", "grid_id IS NOT NULL AND community_id IS NOT NULL AND NOT starts_with(grid_id, community_id)",
                  "'网格 ' || grid_id || ' 不在本行的社区（' || community_id || '）'", "'核对社区或网格'")


def _grid_kept(column="community_id") -> tuple[str, Rule]:
    """An update without a grid column keeps the database's grid: it must still lie in the row's community."""
    return ("grid_id", Rule(column, f"t.grid_id IS NOT NULL AND NOT starts_with(t.grid_id, s.{column})",
                            "'库中记录的网格 ' || t.grid_id || ' 不在新的社区内'",
                            "'在文件中加上“网格”列（不属于网格的留空）'"))


def _worker_ref(**kw) -> ColumnSpec:
    return ColumnSpec(
        "worker_id", "人员编号", "Worker ID", "worker",
        synonyms=("工作者编号", "人员编码", "编号", "工号", "身份证号", "公民身份号码", "身份证号码", "身份证", "worker_id"),
        example="W0000001", **kw,
    )  # fmt: skip


NAME_CHECK = ColumnSpec(
    "name_check", "姓名", "Name", "name_check", sql_type=None, required=False,
    synonyms=("name", "人员姓名", "社区工作者姓名", "书记姓名"), example="张三",
    empty_means="不核对；填写时须与该人员在库中的姓名一致",
)  # fmt: skip


def _date(name, zh, en, synonyms=(), **kw) -> ColumnSpec:
    return ColumnSpec(name, zh, en, "date", sql_type="DATE", synonyms=(name, *synonyms), **kw)


def _cat(name, zh, en, category, synonyms=(), **kw) -> ColumnSpec:
    return ColumnSpec(name, zh, en, "category", sql_type=category, category=category, synonyms=(name, *synonyms), **kw)


def _score(name, zh, en, synonyms=(), **kw) -> ColumnSpec:
    return ColumnSpec(
        name, zh, en, "decimal", sql_type="DECIMAL(4,1)", lo=0, hi=100, scale=1, synonyms=(name, *synonyms),
        example="86.5", **kw,
    )


def _year(lo=2000, **kw) -> ColumnSpec:
    return ColumnSpec(
        "year", "年度", "Year", "int", sql_type="INTEGER", lo=lo, hi=2100, unit="年",
        synonyms=("年份", "年", "考核年度", "评定年度", "year"), example="2024", **kw,
    )  # fmt: skip


def _id_number(**kw) -> ColumnSpec:
    return ColumnSpec(
        "id_number", "身份证号", "ID number", "id_number",
        synonyms=("公民身份号码", "身份证号码", "身份证", "证件号码", "身份证件号码", "id_number"),
        example="370705199001011224", **kw,
    )  # fmt: skip


def _phone(**kw) -> ColumnSpec:
    return ColumnSpec(
        "phone", "联系电话", "Phone", "phone", required=False,
        synonyms=("手机号", "手机号码", "手机", "电话", "联系方式", "电话号码", "phone"), example="13800000000", **kw,
    )  # fmt: skip


# "Today" for rules about the future: the later of today and the dataset's as-of date, so that a
# demo dataset dated ahead of the machine's clock still re-imports.
LATEST = ("greatest(current_date, coalesce((SELECT max(TRY_CAST(value AS DATE)) FROM dataset_info "
          "WHERE key = 'as_of'), current_date))")


# Both ID-number tables cross-check the number against birth date and sex.
def _id_rules(entity: str) -> tuple[Rule, ...]:
    return (
        Rule(
            "birth_date",
            "id_birth IS NOT NULL AND birth_date IS NOT NULL AND (CASE WHEN birth_date__month "
            "THEN date_trunc('month', birth_date) <> date_trunc('month', id_birth) ELSE birth_date <> id_birth END)",
            "'与身份证号中的出生日期 ' || strftime(id_birth, '%Y-%m-%d') || ' 不一致'",
            "'核对出生日期或身份证号；出生日期留空时自动取身份证号中的日期'",
        ),
        Rule(
            "gender",
            "id_sex IS NOT NULL AND gender IS NOT NULL AND gender <> id_sex",
            "'与身份证号不一致：身份证号第17位表示' || id_sex || '性'",
            "'核对性别或身份证号；性别留空时自动取身份证号中的性别'",
        ),
        Rule(
            "birth_date",
            f"birth_date > {LATEST}",
            "'出生日期晚于今天'",
            f"'核对{entity}的出生日期'",
        ),
    )


# A month-only birth date ("1985.03") takes the day from the ID number when the months agree.
_BIRTH_DAY_FROM_ID = Derive(
    "birth_date", "id_birth", "{n} 行的出生日期只有年月，已取身份证号中的完整日期",
    when="birth_date__month AND id_birth IS NOT NULL AND date_trunc('month', birth_date) = "
         "date_trunc('month', id_birth)",
)

# --- the tables -----------------------------------------------------------------------------

REGIONS = TableSpec(
    "regions", "区划", "Regions",
    description_zh="区县、街道/乡镇、社区和网格；代码为统计用区划代码（网格15位，社区12位，街道9位，区县6位）",
    description_en="Districts, streets/towns, communities and grids; codes are statistical division codes "
                   "(grid 15 digits, community 12, street 9, district 6)",
    columns=(
        ColumnSpec("region_id", "区划代码", "Region code", "code", pattern=r"[0-9]{2,15}",
                   pattern_hint="2–15位数字：区县6位、街道9位、社区12位、网格15位（社区代码加3位）",
                   synonyms=("代码", "区划编码", "行政区划代码", "统计用区划代码", "社区代码", "编码", "网格编码", "网格代码",
                             "region_id"),
                   example="370705001001"),
        ColumnSpec("name", "区划名称", "Name", "text", max_len=60,
                   synonyms=("名称", "社区名称", "街道名称", "单位名称", "网格名称", "name"), example="幸福社区"),
        _cat("level", "层级", "Level", "region_level", synonyms=("级别", "区划级别", "类型"), required=True,
             empty_means="按代码长度判断（6位区县、9位街道、12位社区、15位网格）", example="社区"),
        ColumnSpec("parent_id", "上级区划", "Parent", "region", required=False,
                   synonyms=("上级区划代码", "上级代码", "所属街道", "上级", "parent_id"),
                   empty_means="按代码前缀找已有的上级区划", example="370705001"),
        ColumnSpec("party_branch", "小区（网格）党支部", "Party branch", "text", required=False, max_len=80,
                   synonyms=("网格党支部", "小区党支部", "党支部", "党支部名称", "所属党支部", "party_branch"),
                   empty_means="未成立（只用于网格）", example="幸福社区第一网格党支部"),
    ),
    key=("region_id",),
    keep_absent=("party_branch",),
    derive=(
        Derive("parent_id", "(SELECT max_by(k, length(k)) FROM known_regions WHERE starts_with(region_id, k) "
               "AND length(k) < length(region_id))", "{n} 行的上级区划为空，已按代码前缀确定"),
        Derive("level", "CASE length(region_id) WHEN 2 THEN 'province' WHEN 4 THEN 'city' WHEN 6 THEN 'district' "
               "WHEN 9 THEN 'street' WHEN 12 THEN 'community' WHEN 15 THEN 'grid' END", "{n} 行的层级为空，已按代码长度确定"),
    ),
    rules=(
        Rule("region_id", "length(region_id) NOT IN (2, 4, 6, 9, 12, 15)",
             "'区划代码应为 2、4、6、9、12 或 15 位数字'", "'区县6位、街道9位、社区12位、网格15位'"),
        Rule("level", "level IS NOT NULL AND length(region_id) IN (2, 4, 6, 9, 12, 15) AND length(region_id) <> "
             "CASE level WHEN 'province' THEN 2 WHEN 'city' THEN 4 WHEN 'district' THEN 6 WHEN 'street' THEN 9 "
             "WHEN 'community' THEN 12 ELSE 15 END",
             "'层级与代码长度不符'", "'区县6位、街道9位、社区12位、网格15位代码；或把层级留空'"),
        Rule("parent_id", "parent_id IS NOT NULL AND NOT (starts_with(region_id, parent_id) "
             "AND length(region_id) > length(parent_id))", "'上级区划代码应是本区划代码的前缀'",
             "'例如社区 370705001001 的上级是街道 370705001'"),
        Rule("parent_id", "parent_id IS NULL AND level IN ('street', 'community', 'grid')", "'找不到上级区划'",
             "'填写上级区划代码，或先导入上级区划（可与本表一起导入）'"),
        Rule("parent_id", "level = 'grid' AND parent_id IS NOT NULL AND length(parent_id) <> 12",
             "'网格的上级应是社区（网格代码的前12位 ' || left(region_id, 12) || '），而找到的是 ' || parent_id",
             "'先导入社区 ' || left(region_id, 12) || '（可与本表一起导入），或核对网格代码'"),
        Rule("party_branch", "party_branch IS NOT NULL AND level IS NOT NULL AND level <> 'grid'",
             "'只有网格填写小区（网格）党支部'", "'清空这一格，或核对层级'"),
    ),
)  # fmt: skip

REGION_POPULATION = TableSpec(
    "region_population", "常住人口", "Resident population",
    description_zh="每个社区每年一行；街道和区县的人口由社区汇总",
    description_en="One row per community and year; streets and districts are sums of their communities",
    columns=(
        _street(),
        _community("社区", extra=("区划代码", "所属社区", "region_id"), name="region_id"),
        _year(lo=1949),
        ColumnSpec("resident_population", "常住人口", "Resident population", "int", sql_type="INTEGER", lo=0,
                   hi=10_000_000, unit="人", synonyms=("常住人口数", "人口", "人口数", "resident_population"),
                   example="4635"),
        ColumnSpec("households", "户数", "Households", "int", sql_type="INTEGER", lo=0, hi=10_000_000,
                   unit="户", required=False, synonyms=("常住户数", "家庭户数", "总户数", "households"),
                   example="1744"),
    ),
    key=("region_id", "year"),
)  # fmt: skip

_STATUS_FROM_REASON = "CASE exit_reason " + " ".join(
    f"WHEN {q(r)} THEN {q(s)}" for r, s in domain.EXIT_STATUS_BY_REASON.items()
) + " END"
_LEVEL_WHEN, _LEVEL_REASON = _range_case("role_category", "post_level", domain.POST_LEVEL_RANGE)

WORKERS = TableSpec(
    "workers", "社区工作者", "Workers",
    description_zh="社区工作者花名册；同一身份证号只能有一条在岗记录（离岗后重新入职的另起一条）。"
                   "人员编号留空时按身份证号匹配已有人员，新人员自动编号",
    description_en="The worker roster; one record in post per ID number (a rehired person gets a new record). "
                   "An empty worker ID finds the existing worker by ID number, or numbers a new one",
    columns=(
        ColumnSpec("worker_id", "人员编号", "Worker ID", "code", auto="W7",
                   synonyms=("编号", "工号", "工作者编号", "人员编码", "worker_id"),
                   empty_means="按身份证号匹配已有人员，新人员自动编号", example="W0000001"),
        ColumnSpec("name", "姓名", "Name", "person", max_len=50, synonyms=("name", "人员姓名", "社区工作者姓名"),
                   example="张三"),
        _cat("gender", "性别", "Gender", "gender", empty_means="取身份证号中的性别", example="女"),
        _id_number(),
        _date("birth_date", "出生日期", "Birth date", ("出生年月", "出生年月日", "生日", "出生时间"),
              empty_means="取身份证号中的出生日期", example="1990-01-01"),
        _cat("ethnicity", "民族", "Ethnicity", "ethnicity", required=False, empty_means=UNKNOWN, example="汉族"),
        _cat("political_status", "政治面貌", "Political status", "political_status", ("政治身份", "党派"),
             required=False, empty_means=UNKNOWN, example="中共党员"),
        _cat("education", "学历", "Education", "education",
             ("文化程度", "最高学历", "学历层次", "全日制学历", "学历学位", "学历（学位）", "受教育程度"),
             required=False, empty_means=UNKNOWN, example="本科"),
        _street(),
        _community(),
        _cat("role_category", "岗位类别", "Role category", "role_category", ("岗位", "人员类别", "类别", "岗位类型"),
             required=False, empty_means="按职务判断；无法判断为未知", example="一般社区工作者"),
        _cat("post_title", "职务类别", "Post category", "post_title", ("post_title",), required=False,
             empty_means="按职务判断", example="社区专职工作者"),
        ColumnSpec("post_title_text", "职务", "Post", "title", required=False, max_len=60,
                   synonyms=("现任职务", "职位", "现职务", "担任职务", "现任职务（岗位）", "post_title_text"),
                   empty_means=UNKNOWN, example="党委书记、居委会主任"),
        ColumnSpec("post_level", "岗位等级", "Post level", "int", sql_type="TINYINT", lo=1, hi=18, unit="级",
                   required=False, synonyms=("等级", "岗级", "岗位级别", "岗位等级（三岗十八级）", "post_level"),
                   empty_means=UNKNOWN, example="12"),
        _cat("source", "来源", "Source", "hire_source", ("进入方式", "招录方式", "人员来源", "入职方式", "招聘方式"),
             required=False, empty_means=UNKNOWN, example="公开招聘"),
        _date("hire_date", "入职日期", "Hire date",
              ("入职时间", "聘用日期", "聘用时间", "录用时间", "入职年月", "参加社区工作时间", "参加社区工作日期",
               "从事社区工作时间", "到社区工作时间", "进入社区工作时间", "社区工作时间", "到岗时间"),
              example="2015-07-01"),
        _date("post_since", "任现职时间", "In post since", ("任现职日期", "任职时间", "现职时间", "任现职年月"),
              required=False, empty_means=UNKNOWN, example="2015-07-01"),
        _cat("status", "状态", "Status", "worker_status", ("在岗状态", "人员状态", "在岗情况"),
             empty_means="无离岗日期为在岗，否则按退出情形确定", example="在岗"),
        _date("exit_date", "离岗日期", "Exit date", ("退出日期", "离职日期", "调离日期", "离岗时间"), required=False,
              empty_means="在岗"),
        _cat("exit_reason", "退出情形", "Exit reason", "exit_reason", ("退出原因", "离岗原因", "离职原因"),
             required=False, empty_means="在岗"),
        _phone(),
        _grid(),
        # Related facts a roster carries beside the person: written as certificate records.
        ColumnSpec("cert_level", "职业资格", "Qualification", "category", sql_type=None, category="certificate_level",
                   required=False, related="certificates",
                   synonyms=("证书等级", "职业资格等级", "社会工作者职业资格", "社工证", "资格证书", "持证等级",
                             "职业资格证书", "社工职业资格", "持证情况"),
                   empty_means="无证书", example="助理社会工作师"),
        ColumnSpec("cert_held", "是否持证", "Certified", "flag", sql_type=None, required=False, related="certificates",
                   synonyms=("是否持有社工证", "是否持有职业资格证书", "持证", "是否取得职业资格"),
                   empty_means="按职业资格列", example="是"),
        ColumnSpec("cert_date", "取证时间", "Qualification date", "date", sql_type=None, required=False,
                   related="certificates",
                   synonyms=("取证日期", "职业资格取得时间", "取得职业资格时间", "发证日期", "证书取得时间", "取得时间"),
                   empty_means="取得日期未知", example="2019-06-15"),
    ),
    key=("worker_id",),
    unique=(("id_number",),),
    active=("exit_date", "在岗"),
    natural_key="id_number",
    keep_absent=("ethnicity", "political_status", "education", "role_category", "post_title", "post_title_text",
                 "post_level", "source", "post_since", "phone", "grid_id"),
    kept_rules=(("post_since", Rule("hire_date", "t.post_since < s.hire_date",
                                    "'晚于库中的任现职时间 ' || strftime(t.post_since, '%Y-%m-%d')",
                                    "'核对入职日期，或在文件中加上“任现职时间”列'")),
                _grid_kept()),
    derive=(
        _BIRTH_DAY_FROM_ID,
        Derive("birth_date", "id_birth", "{n} 行的出生日期为空，已取身份证号中的日期"),
        Derive("gender", "id_sex", "{n} 行的性别为空，已取身份证号中的性别"),
        Derive("post_title", "title_category", "{n} 行已按职务确定职务类别", source="post_title_text"),
        Derive("role_category", "title_role", "{n} 行的岗位类别为空，已按职务确定", source="post_title_text"),
        Derive("status", f"CASE WHEN exit_date IS NULL AND exit_reason IS NULL THEN '在岗' ELSE {_STATUS_FROM_REASON} END",
               "{n} 行的状态为空，已按离岗日期和退出情形确定"),
    ),
    rules=(
        *_id_rules("工作者"),
        Rule("post_level", _LEVEL_WHEN, _LEVEL_REASON, "'按岗位类别填写允许范围内的等级，或核对岗位类别'"),
        Rule("hire_date", "hire_date <= birth_date", "'入职日期不晚于出生日期'", "'核对入职日期和出生日期'"),
        Rule("hire_date", f"hire_date > birth_date AND hire_date < birth_date + INTERVAL {domain.MIN_WORKING_AGE} YEAR",
             f"'入职时未满 {domain.MIN_WORKING_AGE} 周岁'", "'核对入职日期和出生日期'"),
        Rule("post_since", "post_since < hire_date", "'任现职时间早于入职日期'", "'任现职时间应不早于入职日期'"),
        Rule("exit_date", "exit_date < post_since", "'离岗日期早于任现职时间'", "'核对离岗日期'"),
        Rule("status", "status = '在岗' AND exit_date IS NOT NULL", "'状态为在岗，却填写了离岗日期'",
             "'在岗人员不填离岗日期；已离岗的请填写状态（调离/退出/退休）'"),
        Rule("exit_date", "status IS NOT NULL AND status <> '在岗' AND exit_date IS NULL",
             "'状态为' || status || '，但没有离岗日期'", "'填写离岗日期，或把状态改为在岗'"),
        Rule("exit_reason", "exit_date IS NOT NULL AND exit_reason IS NULL", "'有离岗日期但没有退出情形'",
             "'填写退出情形（如 个人辞职、工作调动、退休）'"),
        Rule("exit_reason", "exit_date IS NULL AND exit_reason IS NOT NULL", "'有退出情形但没有离岗日期'",
             "'填写离岗日期，或清空退出情形'"),
        Rule("cert_held", "cert_held = '否' AND cert_level IS NOT NULL",
             "'是否持证为“否”，却填写了职业资格 ' || cert_level", "'核对是否持证和职业资格'"),
        Rule("cert_date", "cert_date > " + LATEST, "'取证时间晚于今天'", "'核对取证时间'"),
        _GRID_RULE,
    ),
)  # fmt: skip

CERTIFICATES = TableSpec(
    "certificates", "职业资格证书", "Certificates",
    description_zh="社会工作者职业资格：每人每个等级一行",
    description_en="Social-work qualifications: one row per worker and level",
    columns=(
        _worker_ref(),
        NAME_CHECK,
        _cat("level", "证书等级", "Level", "certificate_level",
             ("资格等级", "职业资格", "证书名称", "证书", "资格证书", "职业资格等级"), example="助理社会工作师"),
        _date("obtained_on", "取得日期", "Obtained on", ("取证日期", "获证时间", "取得时间", "发证日期", "取证时间"),
              example="2019-06-15"),
    ),
    key=("worker_id", "level"),
    rules=(Rule("obtained_on", f"obtained_on > {LATEST}", "'取得日期晚于今天'", "'核对取得日期'"),),
)  # fmt: skip

SECRETARY_GRADES = TableSpec(
    "secretary_grades", "书记等次", "Secretary grades",
    description_zh="社区党组织书记等级评定（一等/二等/三等，1:3:6），一年一评",
    description_en="Secretary grades (1st/2nd/3rd, ratio 1:3:6), graded yearly",
    columns=(
        _worker_ref(),
        NAME_CHECK,
        _year(),
        _cat("grade", "等次", "Grade", "secretary_grade", ("评定等次", "书记等次", "等级"), example="二等"),
        _date("effective_from", "生效日期", "Effective from", ("起始日期", "生效时间", "执行日期"),
              empty_means="当年1月1日", example="2024-01-01"),
    ),
    key=("worker_id", "effective_from"),
    derive=(Derive("effective_from", "make_date(year, 1, 1)", "{n} 行的生效日期为空，已按当年1月1日记录"),),
    rules=(
        Rule("effective_from", "year(effective_from) <> year", "'生效日期不在评定年度内'",
             "'生效日期应在 ' || year || ' 年内，或留空'"),
    ),
)  # fmt: skip

RESERVE_CANDIDATES = TableSpec(
    "reserve_candidates", "后备人才", "Reserve candidates",
    description_zh="社区“两委”正副职后备人选；人选编号留空时按身份证号匹配已有人选，新人选自动编号",
    description_en="Reserve candidates for head, deputy and committee posts",
    columns=(
        ColumnSpec("candidate_id", "人选编号", "Candidate ID", "code", auto="R6",
                   synonyms=("编号", "后备人选编号", "candidate_id"),
                   empty_means="按身份证号匹配已有人选，新人选自动编号", example="R000001"),
        ColumnSpec("name", "姓名", "Name", "person", max_len=50, synonyms=("name", "人选姓名"), example="李四"),
        _cat("gender", "性别", "Gender", "gender", empty_means="取身份证号中的性别", example="男"),
        _id_number(),
        _date("birth_date", "出生日期", "Birth date", ("出生年月", "出生年月日", "生日"),
              empty_means="取身份证号中的出生日期", example="1995-06-24"),
        _street(),
        _community(),
        ColumnSpec("worker_id", "人员编号", "Worker ID", "worker", required=False,
                   synonyms=("工作者编号", "社区工作者编号", "worker_id"),
                   empty_means="不是社区工作者", example="W0000312"),
        _cat("target_post", "拟任岗位", "Target post", "reserve_post",
             ("后备岗位", "储备方向", "人选类别", "后备类别", "储备岗位"), example="副职"),
        _date("entered_on", "入库日期", "Entered on", ("入库时间", "纳入日期", "纳入时间"), example="2024-04-10"),
        _cat("status", "状态", "Status", "reserve_status", ("在库状态",), empty_means="无出库日期为在库",
             example="在库"),
        _date("left_on", "出库日期", "Left on", ("出库时间", "使用日期"), required=False, empty_means="在库"),
    ),
    key=("candidate_id",),
    unique=(("id_number",),),
    active=("left_on", "在库"),
    natural_key="id_number",
    derive=(
        _BIRTH_DAY_FROM_ID,
        Derive("birth_date", "id_birth", "{n} 行的出生日期为空，已取身份证号中的日期"),
        Derive("gender", "id_sex", "{n} 行的性别为空，已取身份证号中的性别"),
        Derive("status", "CASE WHEN left_on IS NULL THEN '在库' END", "{n} 行的状态为空，无出库日期，按在库记录"),
    ),
    rules=(
        *_id_rules("人选"),
        Rule("entered_on", "entered_on <= birth_date", "'入库日期不晚于出生日期'", "'核对入库日期'"),
        Rule("left_on", "left_on < entered_on", "'出库日期早于入库日期'", "'核对出库日期'"),
        Rule("status", "status = '在库' AND left_on IS NOT NULL", "'状态为在库，却填写了出库日期'",
             "'清空出库日期，或把状态改为已使用/已出库'"),
        Rule("left_on", "status IS NOT NULL AND status <> '在库' AND left_on IS NULL",
             "'状态为' || status || '，但没有出库日期'", "'填写出库日期'"),
    ),
)  # fmt: skip

TRAININGS = TableSpec(
    "trainings", "培训记录", "Trainings",
    description_zh="每人每次培训一行；记录编号留空时自动编号",
    description_en="One row per worker and training; empty record IDs are numbered automatically",
    columns=(
        ColumnSpec("training_id", "记录编号", "Record ID", "int", sql_type="BIGINT", required=True, lo=1,
                   hi=9_000_000_000_000_000, auto="serial", synonyms=("培训记录编号", "编号", "training_id"),
                   empty_means="自动编号", example="1"),
        _worker_ref(),
        NAME_CHECK,
        _cat("programme", "培训项目", "Programme", "training_programme",
             ("培训班次", "培训名称", "项目", "培训类型", "培训班", "班次"), example="适岗初任"),
        _date("start_date", "培训日期", "Date", ("开班日期", "开始日期", "培训时间", "培训开始日期"),
              example="2024-03-15"),
        ColumnSpec("hours", "学时", "Hours", "decimal", sql_type="DECIMAL(5,1)", lo=0, lo_open=True, hi=500,
                   scale=1, unit="学时", synonyms=("培训学时", "时长", "课时", "hours"), example="16"),
        _cat("result", "培训结果", "Result", "training_result", ("结业情况", "考核结果", "成绩", "结果"),
             example="合格"),
    ),
    key=("training_id",),
)  # fmt: skip

ASSESSMENTS = TableSpec(
    "assessments", "考核结果", "Assessments",
    description_zh="平时考核+年度考核+服务对象评价，每人每年一行",
    description_en="Routine + annual + client-rating assessment, one row per worker and year",
    columns=(
        _worker_ref(),
        NAME_CHECK,
        _year(),
        _cat("role_category", "岗位类别", "Role category", "role_category", ("考核类别", "岗位"),
             empty_means="取该人员当前的岗位类别", example="一般社区工作者"),
        _score("routine_score", "平时考核得分", "Routine score", ("平时考核", "平时成绩", "平时得分")),
        _score("annual_score", "年度考核得分", "Annual score", ("年度考核", "年度成绩", "年度得分")),
        _score("client_score", "服务对象评价得分", "Client rating",
               ("服务对象评价", "群众评价", "居民评价得分", "服务对象满意度")),
        _cat("grade", "考核等次", "Grade", "assessment_grade", ("等次", "考核结果", "年度考核等次"), example="称职"),
    ),
    key=("worker_id", "year"),
    derive=(Derive("role_category", "worker_role", "{n} 行的岗位类别为空，已取该人员当前的岗位类别"),),
)  # fmt: skip

_SUBTYPE_TYPE = {sub: t for t, subs in domain.PARTNER_SUBTYPES.items() for sub in subs}
_TYPE_FROM_SUBTYPE = "CASE subtype " + " ".join(f"WHEN {q(s)} THEN {q(t)}" for s, t in _SUBTYPE_TYPE.items()) + " END"

PARTNERS = TableSpec(
    "partners", "幸福合伙人", "Partners",
    description_zh="驻区单位、企业商户、社会组织和个人；合伙人编号留空时自动编号",
    description_en="Resident institutions, businesses, social organisations and individuals",
    columns=(
        ColumnSpec("partner_id", "合伙人编号", "Partner ID", "code", auto="P6",
                   synonyms=("编号", "partner_id"), empty_means="自动编号", example="P000001"),
        ColumnSpec("name", "合伙人名称", "Name", "text", max_len=100,
                   synonyms=("名称", "单位名称", "姓名/名称", "合伙人", "name"), example="幸福里爱心超市"),
        _cat("type", "类型", "Type", "partner_type", ("合伙人类型", "大类"), empty_means="按细分类型确定",
             example="市场主体"),
        _cat("subtype", "细分类型", "Subtype", "partner_subtype", ("子类型", "小类", "类别"), example="爱心商铺"),
        _date("joined_on", "加入日期", "Joined on", ("加入时间", "签约日期", "签约时间"), example="2025-03-01"),
        _date("exited_on", "退出日期", "Exited on", ("退出时间",), required=False, empty_means="仍在服务"),
        _cat("recruitment_channel", "招募渠道", "Recruitment channel", "recruitment_channel",
             ("招募方式", "招募途径", "发展渠道", "来源渠道", "加入渠道", "渠道"), required=False, empty_means=UNKNOWN,
             example="线上招募"),
    ),
    key=("partner_id",),
    keep_absent=("recruitment_channel",),
    derive=(Derive("type", _TYPE_FROM_SUBTYPE, "{n} 行的类型为空，已按细分类型确定"),),
    rules=(
        Rule("subtype", f"type IS NOT NULL AND subtype IS NOT NULL AND type <> coalesce({_TYPE_FROM_SUBTYPE}, '')",
             "'细分类型「' || subtype || '」不属于「' || type || '」'",
             "'「' || subtype || '」属于「' || coalesce(" + _TYPE_FROM_SUBTYPE + ", '') || '」'"),
        Rule("exited_on", "exited_on < joined_on", "'退出日期早于加入日期'", "'核对退出日期'"),
    ),
)  # fmt: skip

PARTNER_COMMUNITIES = TableSpec(
    "partner_communities", "合伙人服务社区", "Partner communities",
    description_zh="每个合伙人服务的社区，每对一行",
    description_en="The communities each partner serves, one row per pair",
    columns=(
        ColumnSpec("partner_id", "合伙人", "Partner", "partner",
                   synonyms=("合伙人编号", "合伙人名称", "名称", "partner_id"), example="P000001"),
        _street(),
        _community("服务社区", extra=("所属社区",)),
    ),
    key=("partner_id", "community_id"),
)  # fmt: skip

_W = domain.PARTNER_EVALUATION_WEIGHTS
PARTNER_EVALUATIONS = TableSpec(
    "partner_evaluations", "合伙人评价", "Partner evaluations",
    description_zh="每季度“居民评价+社区考核+行业评议”三维评价",
    description_en="Quarterly three-way evaluation: residents, community, industry",
    columns=(
        ColumnSpec("partner_id", "合伙人", "Partner", "partner",
                   synonyms=("合伙人编号", "合伙人名称", "名称", "partner_id"), example="P000001"),
        _year(),
        ColumnSpec("quarter", "季度", "Quarter", "quarter", sql_type="TINYINT", synonyms=("评价季度", "quarter"),
                   example="1"),
        _score("resident_score", "居民评价得分", "Resident rating", ("居民评价", "居民满意度")),
        _score("community_score", "社区考核得分", "Community assessment", ("社区考核", "社区评价")),
        _score("industry_score", "行业评议得分", "Industry review", ("行业评议", "行业评价")),
        ColumnSpec("w_resident", "居民评价权重", "Weight: resident", "decimal", sql_type="DECIMAL(3,2)", lo=0, hi=1,
                   scale=2, percent=True, required=True, synonyms=("w_resident",), empty_means=f"{_W[0]:g}",
                   example=f"{_W[0]:g}"),
        ColumnSpec("w_community", "社区考核权重", "Weight: community", "decimal", sql_type="DECIMAL(3,2)", lo=0,
                   hi=1, scale=2, percent=True, synonyms=("w_community",), empty_means=f"{_W[1]:g}",
                   example=f"{_W[1]:g}"),
        ColumnSpec("w_industry", "行业评议权重", "Weight: industry", "decimal", sql_type="DECIMAL(3,2)", lo=0, hi=1,
                   scale=2, percent=True, synonyms=("w_industry",), empty_means=f"{_W[2]:g}",
                   example=f"{_W[2]:g}"),
        ColumnSpec("total_score", "综合得分", "Total", "decimal", sql_type="DECIMAL(5,2)", lo=0, hi=100, scale=2,
                   synonyms=("总分", "综合评分", "total_score"), empty_means="按三项得分和权重计算",
                   example="87.94"),
        _cat("honour", "荣誉", "Honour", "partner_honour", ("获评荣誉", "评选结果"), required=False,
             empty_means="无"),
    ),
    key=("partner_id", "year", "quarter"),
    derive=(
        Derive("w_resident", f"{_W[0]}", "{n} 行的居民评价权重为空，按 " + f"{_W[0]:g}" + " 记录"),
        Derive("w_community", f"{_W[1]}", "{n} 行的社区考核权重为空，按 " + f"{_W[1]:g}" + " 记录"),
        Derive("w_industry", f"{_W[2]}", "{n} 行的行业评议权重为空，按 " + f"{_W[2]:g}" + " 记录"),
        Derive("total_score", "round(resident_score * w_resident + community_score * w_community "
               "+ industry_score * w_industry, 2)", "{n} 行的综合得分为空，已按权重计算"),
    ),
    rules=(
        Rule("w_resident", "w_resident + w_community + w_industry <> 1", "'三项权重之和不等于 1'",
             "'例如 0.4、0.35、0.25'"),
        Rule("total_score", "abs(total_score - (resident_score * w_resident + community_score * w_community "
             "+ industry_score * w_industry)) > 0.01",
             "'与三项得分按权重计算的结果 ' || CAST(round(resident_score * w_resident + community_score * "
             "w_community + industry_score * w_industry, 2) AS VARCHAR) || ' 不符'",
             "'改为按权重计算的结果，或留空自动计算'"),
    ),
)  # fmt: skip

LIVELIHOOD_ISSUES = TableSpec(
    "livelihood_issues", "民生难题", "Livelihood issues",
    description_zh="民生难题/诉求台账；编号留空时自动编号",
    description_en="Livelihood issues and requests",
    columns=(
        ColumnSpec("issue_id", "编号", "Issue ID", "int", sql_type="BIGINT", lo=1, hi=9_000_000_000_000_000,
                   auto="serial", synonyms=("诉求编号", "难题编号", "issue_id"), empty_means="自动编号", example="1"),
        _street(),
        _community(),
        _cat("category", "问题类别", "Category", "issue_category", ("类别", "诉求类别", "难题类别", "问题类型"),
             example="设施维修"),
        _cat("source", "来源", "Source", "issue_source", ("诉求来源", "问题来源", "收集渠道", "渠道"),
             example="网格走访"),
        _date("raised_on", "提出日期", "Raised on", ("受理日期", "登记日期", "提出时间", "反映日期", "收集日期"),
              example="2025-03-02"),
        _date("resolved_on", "解决日期", "Resolved on", ("办结日期", "解决时间", "办结时间", "完成日期"),
              required=False, empty_means="尚未解决"),
        _cat("status", "办理状态", "Status", "issue_status", ("状态", "处理状态", "办理情况"),
             empty_means="有解决日期为已解决", example="已解决"),
        ColumnSpec("partner_id", "承办合伙人", "Partner", "partner", required=False,
                   synonyms=("合伙人", "办理合伙人", "承办单位", "合伙人编号", "partner_id"), empty_means="无"),
        _grid(),
    ),
    key=("issue_id",),
    keep_absent=("grid_id",),
    kept_rules=(_grid_kept(),),
    derive=(Derive("status", "CASE WHEN resolved_on IS NOT NULL THEN '已解决' END",
                   "{n} 行的办理状态为空，有解决日期，按已解决记录"),),
    rules=(
        Rule("resolved_on", "resolved_on < raised_on", "'解决日期早于提出日期'", "'核对解决日期'"),
        Rule("status", "status = '已解决' AND resolved_on IS NULL", "'状态为已解决，但没有解决日期'",
             "'填写解决日期'"),
        Rule("status", "status IS NOT NULL AND status <> '已解决' AND resolved_on IS NOT NULL",
             "'有解决日期，但状态为' || status", "'把状态改为已解决，或清空解决日期'"),
        _GRID_RULE,
    ),
)  # fmt: skip

_WISH_STATUS = ("CASE WHEN fulfilled_on IS NOT NULL THEN '已完成' WHEN claimed_on IS NOT NULL THEN '已认领' "
                "ELSE '待认领' END")
WISHES = TableSpec(
    "wishes", "微心愿", "Wishes",
    description_zh="微心愿台账（一老一小一困）；编号留空时自动编号",
    description_en="Micro-wishes (elderly, children, hardship)",
    columns=(
        ColumnSpec("wish_id", "编号", "Wish ID", "int", sql_type="BIGINT", lo=1, hi=9_000_000_000_000_000,
                   auto="serial", synonyms=("心愿编号", "wish_id"), empty_means="自动编号", example="1"),
        _street(),
        _community(),
        _cat("wish_group", "心愿类别", "Group", "wish_group", ("类别", "群体", "对象类别", "服务对象"),
             example="一老"),
        _date("raised_on", "提出日期", "Raised on", ("登记日期", "发布日期", "提出时间"), example="2025-02-01"),
        _date("claimed_on", "认领日期", "Claimed on", ("认领时间",), required=False, empty_means="未认领"),
        _date("fulfilled_on", "完成日期", "Fulfilled on", ("实现日期", "兑现日期", "完成时间"), required=False,
              empty_means="未完成"),
        ColumnSpec("partner_id", "认领合伙人", "Partner", "partner", required=False,
                   synonyms=("认领人", "认领单位", "合伙人", "合伙人编号", "partner_id"), empty_means="无"),
        _cat("status", "状态", "Status", "wish_status", ("心愿状态", "完成情况"), empty_means="按认领、完成日期确定",
             example="已完成"),
        _grid(),
    ),
    key=("wish_id",),
    keep_absent=("grid_id",),
    kept_rules=(_grid_kept(),),
    derive=(Derive("status", _WISH_STATUS, "{n} 行的状态为空，已按认领和完成日期确定"),),
    rules=(
        Rule("claimed_on", "claimed_on < raised_on", "'认领日期早于提出日期'", "'核对认领日期'"),
        Rule("fulfilled_on", "fulfilled_on IS NOT NULL AND claimed_on IS NULL", "'有完成日期但没有认领日期'",
             "'填写认领日期'"),
        Rule("fulfilled_on", "fulfilled_on < claimed_on", "'完成日期早于认领日期'", "'核对完成日期'"),
        Rule("status", f"status <> {_WISH_STATUS}", "'与日期不符：按认领、完成日期应为' || " + _WISH_STATUS,
             "'改为' || " + _WISH_STATUS + " || '，或留空自动确定'"),
        _GRID_RULE,
    ),
)  # fmt: skip

POINT_ACCOUNTS = TableSpec(
    "point_accounts", "初心储蓄本账户", "Point accounts",
    description_zh="居民初心储蓄本账户，每户一行；账户编号留空时自动编号",
    description_en="Residents' points accounts, one per household",
    columns=(
        ColumnSpec("account_id", "账户编号", "Account ID", "code", auto="A8",
                   synonyms=("储蓄本编号", "编号", "账号", "account_id"), empty_means="自动编号",
                   example="A00000001"),
        _street(),
        _community(),
        ColumnSpec("holder_name", "户主姓名", "Holder", "person", max_len=50,
                   synonyms=("姓名", "持有人", "居民姓名", "户主", "holder_name"), example="王五"),
        _phone(),
        _date("opened_on", "开户日期", "Opened on", ("建档日期", "开通日期", "开户时间"), example="2024-02-02"),
    ),
    key=("account_id",),
)  # fmt: skip

POINTS_LEDGER = TableSpec(
    "points_ledger", "积分明细", "Points ledger",
    description_zh="初心储蓄本积分流水：获得为正数，兑换为负数；编号留空时自动编号",
    description_en="Points ledger: earned as positive, redeemed as negative numbers",
    columns=(
        ColumnSpec("entry_id", "流水号", "Entry ID", "int", sql_type="BIGINT", lo=1, hi=9_000_000_000_000_000,
                   auto="serial", synonyms=("编号", "明细编号", "entry_id"), empty_means="自动编号", example="1"),
        ColumnSpec("account_id", "账户编号", "Account ID", "account",
                   synonyms=("储蓄本编号", "账号", "account_id"), example="A00000001"),
        _community("社区", extra=("所属社区",), required=False, empty_means="取账户所属社区"),
        _date("entry_date", "日期", "Date", ("发生日期", "积分日期", "时间", "记录日期"), example="2024-05-08"),
        ColumnSpec("points", "积分", "Points", "int", sql_type="INTEGER", lo=-10000, hi=10000, unit="分",
                   synonyms=("分值", "积分变动", "积分数", "points"), example="15"),
        ColumnSpec("item", "事项", "Item", "text", max_len=100,
                   synonyms=("活动/商品", "项目", "内容", "摘要", "活动", "item"), example="垃圾分类"),
    ),
    key=("entry_id",),
    derive=(Derive("community_id", "account_community", "{n} 行的社区为空，已取账户所属社区"),),
    rules=(
        Rule("points", "points = 0", "'积分不能为 0'", "'获得填正数，兑换填负数'"),
        Rule("community_id", "account_community IS NOT NULL AND community_id <> account_community",
             "'与账户所属社区（' || account_community || '）不一致'", "'留空即取账户所属社区'"),
        Rule("entry_date", "entry_date < account_opened", "'早于账户开户日期'", "'核对日期'"),
    ),
)  # fmt: skip


# --- version 6 ---------------------------------------------------------------------------------------


def _serial(name, zh, en, synonyms=()) -> ColumnSpec:
    return ColumnSpec(name, zh, en, "int", sql_type="BIGINT", lo=1, hi=9_000_000_000_000_000, auto="serial",
                      synonyms=(*synonyms, name), empty_means="自动编号", example="1")


def _ends(column: str, start: str, what: str) -> Rule:
    return Rule(column, f"{column} < {start}", f"'{what}'", "'核对日期：结束不能早于开始'")


PARTY_HOUSEHOLDS = TableSpec(
    "party_households", "党员中心户", "Party-member households",
    description_zh="党员中心户：每户一行，属于一个网格；户编号留空时自动编号",
    description_en="Party-member households, each in a grid",
    columns=(
        ColumnSpec("household_id", "中心户编号", "Household ID", "code", auto="H6",
                   synonyms=("编号", "户编号", "household_id"), empty_means="自动编号", example="H000001"),
        _street(),
        _grid(required=True, empty_means=""),
        _community("所属社区", required=False, empty_means="取网格所属的社区"),
        ColumnSpec("holder_name", "户主姓名", "Holder", "person", max_len=50,
                   synonyms=("中心户户主", "党员姓名", "中心户姓名", "户主", "姓名", "党员中心户", "holder_name"),
                   example="王五"),
        _phone(),
        ColumnSpec("linked_households", "联系户数", "Linked households", "int", sql_type="INTEGER", lo=0, hi=500,
                   unit="户", synonyms=("联系户", "联系群众户数", "联系农户数", "联户数", "包联户数", "linked_households"),
                   empty_means="0", example="10"),
        _date("designated_on", "设立日期", "Designated on", ("确定日期", "设立时间", "挂牌日期", "挂牌时间", "认定日期"),
              example="2024-07-01"),
        _date("ended_on", "撤销日期", "Ended on", ("取消日期", "撤销时间", "取消时间", "结束日期"), required=False,
              empty_means="仍在履职"),
    ),
    key=("household_id",),
    derive=(
        Derive("community_id", "left(grid_id, 12)", "{n} 行的社区为空，已取网格所属的社区"),
        Derive("linked_households", "0", "{n} 行的联系户数为空，按 0 记录"),
    ),
    rules=(
        Rule("community_id", "grid_id IS NOT NULL AND community_id IS NOT NULL AND community_id <> left(grid_id, 12)",
             "'网格 ' || grid_id || ' 不在本行的社区（' || community_id || '）'", "'核对社区或网格；社区可留空'"),
        _ends("ended_on", "designated_on", "撤销日期早于设立日期"),
    ),
)  # fmt: skip

_SUPPLY_PROVIDER = ("(SELECT x.nm FROM (SELECT partner_id AS pk, name AS nm FROM partners) x "
                    "WHERE x.pk = partner_id)")
SERVICE_SUPPLIES = TableSpec(
    "service_supplies", "服务供给清单", "Service supplies",
    description_zh="服务供给清单（合伙人提供）和社区服务清单（部门“十进社区”）：每个服务项目一行；服务的社区另见“服务项目社区”",
    description_en="What partners and departments offer, one row per service item; its communities are a table of their own",
    columns=(
        ColumnSpec("supply_id", "项目编号", "Supply ID", "code", auto="S6",
                   synonyms=("服务项目编号", "编号", "清单编号", "supply_id"), empty_means="自动编号", example="S000001"),
        ColumnSpec("name", "服务项目", "Name", "text", max_len=100,
                   synonyms=("项目名称", "服务名称", "服务项目名称", "服务内容", "名称", "name"), example="爱心助餐"),
        _cat("list", "清单类型", "List", "supply_list", ("清单", "所属清单", "清单类别", "清单名称"),
             empty_means="有合伙人的为服务供给清单", example="服务供给清单"),
        ColumnSpec("partner_id", "合伙人", "Partner", "partner", required=False,
                   synonyms=("合伙人编号", "合伙人名称", "提供合伙人", "幸福合伙人", "partner_id"),
                   empty_means="不是合伙人提供（部门服务）"),
        ColumnSpec("provider_name", "提供单位", "Provider", "text", max_len=100,
                   synonyms=("服务提供方", "提供方", "责任单位", "供给主体", "服务主体", "牵头单位", "提供主体",
                             "provider_name"), empty_means="取合伙人名称", example="区司法局"),
        _cat("category", "服务类别", "Category", "need_category", ("类别", "服务类型", "需求类别", "项目类别"),
             example="助餐服务"),
        ColumnSpec("capacity", "服务容量", "Capacity", "int", sql_type="INTEGER", lo=1, hi=100_000, unit="人",
                   synonyms=("可服务人数", "服务人次", "年服务人次", "年服务能力", "容量", "服务能力", "capacity"),
                   example="200"),
        _date("starts_on", "开始日期", "Starts on", ("起始日期", "上线日期", "发布日期", "开始时间", "启动日期"),
              example="2025-01-01"),
        _date("ends_on", "结束日期", "Ends on", ("截止日期", "结束时间", "下线日期", "终止日期"), required=False,
              empty_means="持续提供"),
    ),
    key=("supply_id",),
    keep_absent=("partner_id",),
    derive=(
        Derive("list", "CASE WHEN partner_id IS NOT NULL THEN '服务供给清单' END",
               "{n} 行的清单类型为空，有合伙人，按服务供给清单记录"),
        Derive("provider_name", _SUPPLY_PROVIDER, "{n} 行的提供单位为空，已取合伙人名称"),
    ),
    rules=(_ends("ends_on", "starts_on", "结束日期早于开始日期"),),
)  # fmt: skip

SUPPLY_COMMUNITIES = TableSpec(
    "supply_communities", "服务项目社区", "Supply communities",
    description_zh="每个服务项目服务的社区，每对一行",
    description_en="The communities each service item serves, one row per pair",
    columns=(
        ColumnSpec("supply_id", "服务项目", "Supply", "supply",
                   synonyms=("项目编号", "服务项目编号", "项目名称", "服务项目名称", "supply_id"), example="S000001"),
        _street(),
        _community("服务社区", extra=("所属社区", "覆盖社区")),
    ),
    key=("supply_id", "community_id"),
)  # fmt: skip

_NEED_STATUS = ("CASE WHEN met_on IS NOT NULL THEN '已满足' WHEN matched_on IS NOT NULL THEN '已匹配' "
                "ELSE '待匹配' END")
RESIDENT_NEEDS = TableSpec(
    "resident_needs", "居民需求清单", "Resident needs",
    description_zh="居民需求清单：每条需求一行，可记到网格；匹配的服务项目见服务供给清单；编号留空时自动编号",
    description_en="Resident needs, matched with service items; may name a grid",
    columns=(
        _serial("need_id", "编号", "Need ID", ("需求编号",)),
        _street(),
        _community(),
        _grid(),
        _cat("need_group", "需求群体", "Group", "wish_group", ("服务对象", "对象类别", "群体", "人群类别", "群体类别"),
             example="一老"),
        _cat("category", "需求类别", "Category", "need_category", ("需求类型", "服务类别", "需求分类", "类别"),
             example="助餐服务"),
        _cat("source", "需求来源", "Source", "need_source", ("来源", "收集渠道", "收集方式", "渠道"), example="网格走访"),
        _date("raised_on", "提出日期", "Raised on", ("登记日期", "收集日期", "反映日期", "提出时间", "登记时间"),
              example="2025-03-01"),
        _date("matched_on", "匹配日期", "Matched on", ("对接日期", "匹配时间", "对接时间"), required=False,
              empty_means="未匹配"),
        _date("met_on", "满足日期", "Met on", ("办结日期", "完成日期", "满足时间", "解决日期", "办结时间"),
              required=False, empty_means="未满足"),
        ColumnSpec("supply_id", "匹配服务项目", "Supply", "supply", required=False,
                   synonyms=("对接服务", "对接服务项目", "服务项目", "匹配项目", "供给项目", "supply_id"), empty_means="无"),
        _cat("status", "状态", "Status", "need_status", ("需求状态", "办理状态", "匹配状态", "办理情况"),
             empty_means="按匹配、满足日期确定", example="已匹配"),
    ),
    key=("need_id",),
    keep_absent=("grid_id",),
    kept_rules=(_grid_kept(),),
    derive=(Derive("status", _NEED_STATUS, "{n} 行的状态为空，已按匹配和满足日期确定"),),
    rules=(
        Rule("matched_on", "matched_on < raised_on", "'匹配日期早于提出日期'", "'核对匹配日期'"),
        Rule("met_on", "met_on IS NOT NULL AND matched_on IS NULL", "'有满足日期但没有匹配日期'",
             "'填写匹配日期（需求先匹配服务、再满足）'"),
        Rule("met_on", "met_on < matched_on", "'满足日期早于匹配日期'", "'核对满足日期：应不早于匹配日期'"),
        Rule("status", f"status <> {_NEED_STATUS}", "'与日期不符：按匹配、满足日期应为' || " + _NEED_STATUS,
             "'改为' || " + _NEED_STATUS + " || '，或留空自动确定'"),
        _GRID_RULE,
    ),
)  # fmt: skip

STUDIOS = TableSpec(
    "studios", "书记工作室", "Studios",
    description_zh="兴村治社好书记工作室：每个工作室一行；编号留空时自动编号",
    description_en="Studios led by outstanding secretaries",
    columns=(
        ColumnSpec("studio_id", "工作室编号", "Studio ID", "code", auto="T4",
                   synonyms=("编号", "studio_id"), empty_means="自动编号", example="T0001"),
        ColumnSpec("name", "工作室名称", "Name", "text", max_len=100,
                   synonyms=("工作室", "名称", "书记工作室", "name"), example="张伟书记工作室"),
        _street(),
        _community("所在社区", extra=("依托社区",)),
        ColumnSpec("leader_id", "领办人编号", "Leader", "worker", required=False,
                   synonyms=("领办书记编号", "领办人身份证号", "书记人员编号", "领衔人编号", "leader_id"),
                   empty_means="未记录", example="W0000002"),
        _date("founded_on", "成立日期", "Founded on", ("成立时间", "命名日期", "挂牌日期", "挂牌时间", "设立日期"),
              example="2024-05-01"),
        _date("closed_on", "撤销日期", "Closed on", ("撤销时间", "关闭日期", "结束日期"), required=False,
              empty_means="仍在运行"),
    ),
    key=("studio_id",),
    rules=(_ends("closed_on", "founded_on", "撤销日期早于成立日期"),),
)  # fmt: skip

_STUDIO_COMMUNITY = ("(SELECT x.c FROM (SELECT studio_id AS k, community_id AS c FROM studios) x "
                     "WHERE x.k = studio_id)")
SHADOW_PLACEMENTS = TableSpec(
    "shadow_placements", "跟班实训", "Shadow placements",
    description_zh="跟班实训：后备人选（或社区工作者）到书记工作室或社区跟班学习，每人每批一行；编号留空时自动编号",
    description_en="Reserve candidates (or workers) placed with a studio or host community, one row per person and batch",
    columns=(
        _serial("placement_id", "编号", "Placement ID", ("实训编号", "记录编号")),
        ColumnSpec("candidate_id", "后备人选", "Candidate", "candidate", required=False,
                   synonyms=("后备人选编号", "人选编号", "后备人才", "后备人才编号", "后备人选身份证号", "candidate_id"),
                   empty_means="不是后备人选（填写社区工作者）", example="R000001"),
        ColumnSpec("worker_id", "社区工作者编号", "Worker", "worker", required=False,
                   synonyms=("人员编号", "工作者编号", "社区工作者身份证号", "worker_id"),
                   empty_means="不是社区工作者（填写后备人选）", example="W0000001"),
        ColumnSpec("studio_id", "实训工作室", "Studio", "studio", required=False,
                   synonyms=("工作室", "书记工作室", "跟班工作室", "工作室名称", "工作室编号", "studio_id"),
                   empty_means="不在工作室（只在社区跟班）", example="张伟书记工作室"),
        _street(),
        _community("跟班社区", extra=("实训社区", "派驻社区", "跟班学习社区"), name="host_community_id",
                   empty_means="取工作室所在社区"),
        ColumnSpec("batch", "批次", "Batch", "int", sql_type="INTEGER", lo=1, hi=100, unit="批",
                   synonyms=("实训批次", "期次", "期数", "第几批", "batch"), example="1"),
        _date("started_on", "开始日期", "Started on", ("实训开始日期", "开始时间", "跟班开始时间", "起始日期"),
              example="2025-03-01"),
        _date("ended_on", "结束日期", "Ended on", ("实训结束日期", "结束时间", "跟班结束时间", "结业日期"),
              required=False, empty_means="仍在跟班"),
    ),
    key=("placement_id",),
    derive=(Derive("host_community_id", _STUDIO_COMMUNITY, "{n} 行的跟班社区为空，已取实训工作室所在社区"),),
    rules=(
        Rule("candidate_id", "candidate_id IS NULL AND worker_id IS NULL AND NOT candidate_id__bad "
             "AND worker_id__e IS NULL", "'没有后备人选，也没有社区工作者：跟班实训要有实训的人'",
             "'填写后备人选（编号、身份证号或姓名）或社区工作者编号'"),
        _ends("ended_on", "started_on", "结束日期早于开始日期"),
    ),
)  # fmt: skip

SALONS = TableSpec(
    "salons", "治理沙龙", "Salons",
    description_zh="社区治理沙龙：每场一行，按区县或街道举办；编号留空时自动编号",
    description_en="Governance salons, one row per session, held for a district or a street",
    columns=(
        _serial("salon_id", "编号", "Salon ID", ("场次编号", "沙龙编号")),
        ColumnSpec("title", "沙龙主题", "Title", "text", max_len=200,
                   synonyms=("主题", "活动主题", "题目", "沙龙名称", "活动名称", "title"), example="老旧小区加装电梯议事"),
        ColumnSpec("region_id", "举办区划", "Region", "region", synonyms=(
            "举办街道", "主办街道", "街道", "所属街道", "区县/街道", "举办单位", "主办单位", "区划", "region_id"),
            example="大虞街道"),
        _date("held_on", "举办日期", "Held on", ("活动日期", "举办时间", "活动时间", "日期", "时间"), example="2025-04-18"),
        ColumnSpec("attendance", "参加人数", "Attendance", "int", sql_type="INTEGER", lo=0, hi=5000, unit="人",
                   synonyms=("参与人数", "到会人数", "人数", "参会人数", "attendance"), example="36"),
    ),
    key=("salon_id",),
    rules=(
        Rule("region_id", "length(region_id) NOT IN (6, 9)", "'治理沙龙按区县或街道举办，这里填的是社区或网格'",
             "'填写举办的街道（乡镇）或区县'"),
    ),
)  # fmt: skip

_ROTATION_KIND = ("CASE WHEN host_community_id IS NULL OR worker_community IS NULL THEN NULL "
                  "WHEN host_community_id = worker_community THEN '跨岗位' ELSE '跨社区' END")
ROTATIONS = TableSpec(
    "rotations", "跨岗位跨社区锻炼", "Rotations",
    description_zh="社区工作者跨岗位、跨社区锻炼：每人每次一行；编号留空时自动编号",
    description_en="Workers serving a spell in another post or another community",
    columns=(
        _serial("rotation_id", "编号", "Rotation ID", ("记录编号", "锻炼编号")),
        _worker_ref(),
        NAME_CHECK,
        _cat("kind", "锻炼方式", "Kind", "rotation_kind", ("锻炼类型", "交流方式", "方式", "类型"),
             empty_means="锻炼社区与本人社区相同为跨岗位，否则为跨社区", example="跨社区"),
        _street(),
        _community("锻炼社区", extra=("交流社区", "挂职社区", "接收社区", "派往社区"), name="host_community_id",
                   empty_means="跨岗位锻炼取本人所在社区"),
        ColumnSpec("host_post", "锻炼岗位", "Host post", "text", required=False, max_len=60,
                   synonyms=("挂职岗位", "交流岗位", "岗位", "担任岗位", "host_post"), empty_means="未记录",
                   example="社区副主任"),
        _date("started_on", "开始日期", "Started on", ("开始时间", "锻炼开始时间", "起始日期", "到岗日期"),
              example="2025-03-01"),
        _date("ended_on", "结束日期", "Ended on", ("结束时间", "锻炼结束时间", "期满日期", "返回日期"),
              required=False, empty_means="仍在锻炼"),
    ),
    key=("rotation_id",),
    derive=(
        Derive("host_community_id", "worker_community", "{n} 行的锻炼社区为空，跨岗位锻炼，已取本人所在社区",
               when="host_community_id IS NULL AND NOT host_community_id__bad AND kind = '跨岗位'"),
        Derive("kind", _ROTATION_KIND, "{n} 行的锻炼方式为空，已按锻炼社区与本人社区确定"),
    ),
    rules=(
        Rule("host_community_id", "kind = '跨社区' AND host_community_id = worker_community",
             "'跨社区锻炼，锻炼社区却是本人所在的社区'", "'填写接收锻炼的另一个社区，或把锻炼方式改为跨岗位'"),
        _ends("ended_on", "started_on", "结束日期早于开始日期"),
    ),
)  # fmt: skip

TRAINING_RESOURCES = TableSpec(
    "training_resources", "培训阵地资源", "Training resources",
    description_zh="现场教学点（设在社区）、合作院校、师资库、特色课程和精品专题：每项一行；编号留空时自动编号",
    description_en="Teaching sites, partner colleges, teacher pools, featured courses and special topics",
    columns=(
        ColumnSpec("resource_id", "资源编号", "Resource ID", "code", auto="J5",
                   synonyms=("编号", "resource_id"), empty_means="自动编号", example="J00001"),
        _cat("kind", "资源类型", "Kind", "resource_kind", ("类型", "类别", "资源类别", "阵地类型"), example="现场教学点"),
        ColumnSpec("name", "名称", "Name", "text", max_len=100,
                   synonyms=("资源名称", "教学点名称", "院校名称", "课程名称", "专题名称", "name"), example="幸福社区现场教学点"),
        ColumnSpec("region_id", "所在区划", "Region", "region", synonyms=(
            "所在社区", "所属区划", "所属区县", "所在地", "区划", "所属社区", "依托社区", "region_id"), example="幸福社区"),
        ColumnSpec("members", "师资人数", "Members", "int", sql_type="INTEGER", required=False, lo=0, hi=100_000,
                   unit="人", synonyms=("讲师人数", "成员数", "人数", "师资数量", "入库人数", "members"),
                   empty_means="不适用（只有师资库填写）", example="25"),
        _date("established_on", "设立日期", "Established on",
              ("建立日期", "签约日期", "认定日期", "开设日期", "设立时间", "挂牌日期", "开发日期"), example="2024-03-01"),
        _date("ended_on", "撤销日期", "Ended on", ("停用日期", "结束日期", "撤销时间", "到期日期"), required=False,
              empty_means="仍在使用"),
    ),
    key=("resource_id",),
    rules=(
        Rule("region_id", "kind = '现场教学点' AND length(region_id) <> 12", "'现场教学点设在社区，这里填的不是社区'",
             "'填写教学点所在的社区'"),
        Rule("region_id", "kind <> '现场教学点' AND length(region_id) > 12", "'合作院校、师资库、课程和专题归区县或街道，不能记到网格'",
             "'填写所属的区县或街道'"),
        Rule("members", "members IS NOT NULL AND kind <> '师资库'", "'只有师资库填写师资人数'", "'清空这一格'"),
        _ends("ended_on", "established_on", "撤销日期早于设立日期"),
    ),
)  # fmt: skip

COMPETENCY_DIMENSIONS = TableSpec(
    "competency_dimensions", "胜任力维度", "Competency dimensions",
    description_zh="胜任力模型：测评的维度、低于多少分算薄弱、薄弱时对应的培训；全库共用（按区划授权的账号不能修改）",
    description_en="The competency model: dimensions, weakness thresholds and the programme for each",
    columns=(
        ColumnSpec("dimension_id", "维度编号", "Dimension ID", "code", pattern=r"[A-Za-z0-9_]{1,40}",
                   pattern_hint="字母、数字和下划线，如 political",
                   synonyms=("编号", "维度代码", "dimension_id"), example="political"),
        ColumnSpec("name_zh", "维度名称", "Name", "text", max_len=40,
                   synonyms=("测评维度", "维度", "名称", "中文名称", "name_zh"), example="政治素质"),
        ColumnSpec("name_en", "英文名称", "English name", "text", max_len=80,
                   synonyms=("英文名", "name_en"), empty_means="取维度编号", example="Political integrity"),
        ColumnSpec("display_order", "显示顺序", "Order", "int", sql_type="INTEGER", lo=0, hi=1000,
                   synonyms=("排序", "顺序", "排序号", "display_order"), empty_means="按文件中的顺序", example="1"),
        _score("threshold", "薄弱线", "Threshold", ("达标线", "合格线", "预警线", "阈值", "薄弱分数线"),
               empty_means="60"),
        _cat("programme", "对应培训", "Programme", "training_programme",
             ("培训项目", "提升培训", "对应培训项目", "培训班次"), required=False, empty_means="无", example="头雁领航"),
    ),
    key=("dimension_id",),
    derive=(
        Derive("name_en", "dimension_id", "{n} 行的英文名称为空，已用维度编号"),
        Derive("display_order", "line", "{n} 行的显示顺序为空，已按文件中的行号排序"),
        Derive("threshold", "60", "{n} 行的薄弱线为空，按 60 分记录"),
    ),
)  # fmt: skip

COMPETENCY_SCORES = TableSpec(
    "competency_scores", "胜任力测评", "Competency scores",
    description_zh="胜任力测评得分：每人每个维度每次测评一行",
    description_en="Competency scores: one row per worker, dimension and round",
    columns=(
        _worker_ref(),
        NAME_CHECK,
        ColumnSpec("dimension_id", "测评维度", "Dimension", "dimension",
                   synonyms=("维度", "维度名称", "维度编号", "测评项目", "能力维度", "dimension_id"), example="政治素质"),
        _date("assessed_on", "测评日期", "Assessed on", ("测评时间", "评价日期", "测评批次日期", "日期"),
              example="2025-06-15"),
        _score("score", "得分", "Score", ("测评得分", "分数", "成绩", "评分")),
    ),
    key=("worker_id", "dimension_id", "assessed_on"),
    rules=(Rule("assessed_on", f"assessed_on > {LATEST}", "'测评日期晚于今天'", "'核对测评日期'"),),
)  # fmt: skip

_BORROWER_KIND = ("CASE WHEN regexp_matches(borrower, '街道|乡$|镇$|乡人民政府|镇人民政府') THEN '街道' "
                  "WHEN regexp_matches(borrower, '^[^ ]{0,8}[区县].*(局|委员会|委|办公室|办|部|中心|所)$') "
                  "THEN '区直部门' END")
SECONDMENTS = TableSpec(
    "secondments", "借调", "Secondments",
    description_zh="社区工作者被借调（区直部门、街道或其他单位）的记录：每次一行；编号留空时自动编号",
    description_en="Community workers borrowed by departments, street offices or other bodies",
    columns=(
        _serial("secondment_id", "编号", "Secondment ID", ("借调编号", "记录编号")),
        _worker_ref(),
        NAME_CHECK,
        ColumnSpec("borrower", "借调单位", "Borrower", "text", max_len=100,
                   synonyms=("借用单位", "借调部门", "借入单位", "使用单位", "borrower"), example="区民政局"),
        _cat("borrower_kind", "单位类型", "Borrower kind", "borrower_kind", ("借调单位类型", "单位类别", "单位性质"),
             empty_means="按单位名称判断（××街道为街道，区××局为区直部门）；判断不了须填写", example="区直部门"),
        _date("started_on", "借调开始日期", "Started on", ("开始日期", "借调日期", "借调时间", "开始时间", "借出日期"),
              example="2025-03-01"),
        _date("ended_on", "借调结束日期", "Ended on", ("结束日期", "返岗日期", "归还日期", "结束时间", "返回日期"),
              required=False, empty_means="仍在借调"),
    ),
    key=("secondment_id",),
    derive=(Derive("borrower_kind", _BORROWER_KIND, "{n} 行的单位类型为空，已按借调单位名称判断"),),
    rules=(_ends("ended_on", "started_on", "借调结束日期早于开始日期"),),
)  # fmt: skip

ASSESSMENT_OUTCOMES = TableSpec(
    "assessment_outcomes", "考核结果运用", "Assessment outcomes",
    description_zh="年度考核结果的运用（绩效工资、续聘、解聘、诫勉谈话、降职使用、责令辞职）：每人每年每种一行",
    description_en="What an annual assessment led to: one row per worker, year and outcome",
    columns=(
        _worker_ref(),
        NAME_CHECK,
        _year(),
        _cat("outcome", "运用方式", "Outcome", "assessment_outcome",
             ("结果运用", "考核结果运用", "处理结果", "运用结果", "处理方式"), example="绩效工资"),
        _date("decided_on", "决定日期", "Decided on", ("处理日期", "决定时间", "执行日期", "运用日期", "日期"),
              example="2025-02-01"),
    ),
    key=("worker_id", "year", "outcome"),
    rules=(
        Rule("decided_on", "year(decided_on) < year", "'决定日期早于考核年度 ' || year || ' 年'",
             "'考核结果在年度考核之后运用：核对决定日期或年度'"),
        Rule("decided_on", f"decided_on > {LATEST}", "'决定日期晚于今天'", "'核对决定日期'"),
    ),
)  # fmt: skip


TABLES: tuple[TableSpec, ...] = (
    REGIONS,
    REGION_POPULATION,
    WORKERS,
    CERTIFICATES,
    SECRETARY_GRADES,
    RESERVE_CANDIDATES,
    TRAININGS,
    ASSESSMENTS,
    PARTNERS,
    PARTNER_COMMUNITIES,
    PARTNER_EVALUATIONS,
    LIVELIHOOD_ISSUES,
    WISHES,
    POINT_ACCOUNTS,
    POINTS_LEDGER,
    PARTY_HOUSEHOLDS,
    SERVICE_SUPPLIES,
    SUPPLY_COMMUNITIES,
    RESIDENT_NEEDS,
    STUDIOS,
    SHADOW_PLACEMENTS,
    SALONS,
    ROTATIONS,
    TRAINING_RESOURCES,
    COMPETENCY_DIMENSIONS,
    COMPETENCY_SCORES,
    SECONDMENTS,
    ASSESSMENT_OUTCOMES,
)
_BY_NAME = {t.name: t for t in TABLES}


def tables() -> list[str]:
    """Importable tables in foreign-key order."""
    return [t.name for t in TABLES]


def spec(table: str) -> TableSpec:
    try:
        return _BY_NAME[table]
    except KeyError:
        from cgw.ingest.importer.errors import ImportFailed

        raise ImportFailed(f"不能导入表「{table}」：可导入的表有 {'、'.join(tables())}") from None


def find(text: str) -> TableSpec | None:
    """A table by its name or Chinese title."""
    t = (text or "").strip()
    return _BY_NAME.get(t) or next((s for s in TABLES if t in (s.title_zh, s.title_en)), None)
