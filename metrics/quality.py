"""Data-quality rules, declared once like the metric catalogue.

Each rule is one SQL statement over the schema that returns the affected rows with the columns
`table`, `key`, `community_id` (NULL where a row has none), `detail` and `detail_en` (plus
`id_number` and `name` for the ID-number rules; pages mask them with privacy.mask_frame).
Statements take bound parameters only: $region ('' for everything), $as_of, $today and $limit;
the SQL text itself is built from the schema and domain constants, never from user input.
`run` returns one Finding per rule, with the total count and at most `limit` rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from cgw import domain
from cgw.domain import idcard
from cgw.storage import database
from metrics.models import AGE, MODELS, render

SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class Rule:
    id: str
    label_zh: str
    label_en: str
    description_zh: str
    description_en: str
    severity: str  # "error" | "warning"
    sql: str = field(repr=False, default="")
    # "district": the rule judges whole districts (the 1:3:6 quota is a district's), so a street or
    # community filter is widened to its district.
    scope: str = "region"

    def label(self, lang: str = "zh") -> str:
        return self.label_en if lang == "en" else self.label_zh

    def description(self, lang: str = "zh") -> str:
        return self.description_en if lang == "en" else self.description_zh


@dataclass
class Finding:
    rule: Rule
    count: int
    rows: pd.DataFrame  # at most `limit` affected rows


# --- SQL building blocks (constants only) -------------------------------------------------------


def _quoted(values) -> str:
    return ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)


def _check_char(col: str) -> str:
    """The GB 11643 check character of the first 17 digits of `col`."""
    terms = " + ".join(f"TRY_CAST(substr({col}, {i + 1}, 1) AS INTEGER) * {int(w)}" for i, w in enumerate(idcard.WEIGHTS))
    return f"substr('{idcard.CHECK_CHARS}', ({terms}) % 11 + 1, 1)"


def _id_birth(col: str) -> str:
    return f"try_strptime(substr({col}, 7, 8), '%Y%m%d')::DATE"


def _id_sex(col: str) -> str:
    return f"CASE WHEN TRY_CAST(substr({col}, 17, 1) AS INTEGER) % 2 = 1 THEN '男' ELSE '女' END"


PEOPLE = (("workers", "worker_id"), ("reserve_candidates", "candidate_id"))


def _people_rule(condition: str, detail_zh: str, detail_en: str) -> str:
    """Rows of workers and reserve candidates whose ID number fails `condition`."""
    parts = []
    for table, key in PEOPLE:
        parts.append(
            f"""SELECT '{table}' AS "table", {key} AS key, community_id, id_number, name,
                       {detail_zh} AS detail, {detail_en} AS detail_en
                FROM {table} t WHERE ({condition}) AND starts_with(community_id, $region)"""
        )
    return " UNION ALL ".join(parts)


def _duplicate_current_sql() -> str:
    """Records in post (workers) or in the pool (reserve candidates) sharing an ID number. Since
    schema version 3 one person may have several records, of which at most one is current."""
    parts = []
    for (table, key), (ended, state, state_en) in zip(PEOPLE, (("exit_date", "在岗", "in post"),
                                                               ("left_on", "在库", "in the pool"))):
        parts.append(
            f"""SELECT '{table}' AS "table", t.{key} AS key, t.community_id, t.id_number, t.name,
                       '身份证号与 ' || o.others || ' 相同，都是{state}记录' AS detail,
                       'same ID number as ' || o.others_en || ', all {state_en}' AS detail_en
                FROM {table} t
                JOIN (SELECT a.{key} AS key, string_agg(b.{key}, '、' ORDER BY b.{key}) AS others,
                             string_agg(b.{key}, ', ' ORDER BY b.{key}) AS others_en
                      FROM {table} a JOIN {table} b ON b.id_number = a.id_number AND b.{key} <> a.{key}
                      WHERE a.{ended} IS NULL AND b.{ended} IS NULL GROUP BY a.{key}) AS o ON o.key = t.{key}
                WHERE starts_with(t.community_id, $region)"""
        )
    return " UNION ALL ".join(parts)


_SECRETARY_POSTS = _quoted(domain.SECRETARY_POSTS)
_JAN1 = "make_date(year($as_of), 1, 1)"

# Tables with a community column, their key, and whether the column has a foreign key.
COMMUNITY_REFS = (
    ("workers", "worker_id"),
    ("reserve_candidates", "candidate_id"),
    ("partner_communities", "partner_id || '/' || community_id"),
    ("livelihood_issues", "issue_id::VARCHAR"),
    ("wishes", "wish_id::VARCHAR"),
    ("point_accounts", "account_id"),
    ("points_ledger", "entry_id::VARCHAR"),
)


def _wrong_level_sql() -> str:
    parts = [
        f"""SELECT '{table}' AS "table", {key} AS key, t.community_id,
                   '社区字段填写的是' || r.level::VARCHAR || '级区划 ' || r.name || '（' || r.region_id || '），应为社区' AS detail,
                   'community column holds the ' || r.level::VARCHAR || ' ' || r.region_id || ', not a community' AS detail_en
            FROM {table} t JOIN regions r ON r.region_id = t.community_id
            WHERE r.level <> 'community' AND starts_with(t.community_id, $region)"""
        for table, key in COMMUNITY_REFS
    ]
    parts.append(
        """SELECT 'region_population' AS "table", p.region_id || '/' || p.year AS key, p.region_id AS community_id,
                  '常住人口按社区登记，这里登记在' || r.level::VARCHAR || '级区划上（上级人口由社区汇总，重复登记会重复计算）' AS detail,
                  'population is recorded per community; this row is for a ' || r.level::VARCHAR AS detail_en
           FROM region_population p JOIN regions r USING (region_id)
           WHERE r.level <> 'community' AND starts_with(p.region_id, $region)"""
    )
    parent_level = " ".join(f"WHEN '{child}' THEN '{parent}'" for parent, child in domain.CHILD_LEVEL.items())
    parts.append(
        f"""SELECT 'regions' AS "table", c.region_id AS key,
                   CASE WHEN c.level = 'community' THEN c.region_id END AS community_id,
                   c.name || '（' || c.level::VARCHAR || '）的上级是' || p.level::VARCHAR || '级区划 ' || p.region_id
                     || '，应为 ' || (CASE c.level::VARCHAR {parent_level} END) AS detail,
                   c.level::VARCHAR || ' ' || c.region_id || ' has the ' || p.level::VARCHAR || ' ' || p.region_id
                     || ' as parent' AS detail_en
            FROM regions c JOIN regions p ON p.region_id = c.parent_id
            WHERE p.level::VARCHAR <> (CASE c.level::VARCHAR {parent_level} END) AND starts_with(c.region_id, $region)"""
    )
    return " UNION ALL ".join(parts)


_WORKER_COMMUNITY = "(SELECT w.community_id FROM workers w WHERE w.worker_id = t.worker_id)"


def _scope(table: str) -> tuple[str, str]:
    """(the community of a row `t` of `table`, a predicate keeping rows in the $region subtree).
    Worker records take the worker's community; a partner is in every region it serves."""
    if table in ("certificates", "secretary_grades", "trainings", "assessments"):
        return _WORKER_COMMUNITY, f"($region = '' OR starts_with({_WORKER_COMMUNITY}, $region))"
    if table in ("partners", "partner_evaluations"):
        return "NULL", ("($region = '' OR EXISTS (SELECT 1 FROM partner_communities pc "
                        "WHERE pc.partner_id = t.partner_id AND starts_with(pc.community_id, $region)))")
    column = "t.region_id" if table == "region_population" else "t.community_id"
    return column, f"starts_with({column}, $region)"


# (table, key, column, referenced table, referenced column)
REFERENCES = (
    ("points_ledger", "entry_id::VARCHAR", "community_id", "regions", "region_id"),
    ("workers", "worker_id", "community_id", "regions", "region_id"),
    ("reserve_candidates", "candidate_id", "community_id", "regions", "region_id"),
    ("reserve_candidates", "candidate_id", "worker_id", "workers", "worker_id"),
    ("certificates", "worker_id || '/' || level", "worker_id", "workers", "worker_id"),
    ("secretary_grades", "worker_id || '/' || effective_from", "worker_id", "workers", "worker_id"),
    ("trainings", "training_id::VARCHAR", "worker_id", "workers", "worker_id"),
    ("assessments", "worker_id || '/' || year", "worker_id", "workers", "worker_id"),
    ("partner_communities", "partner_id || '/' || community_id", "partner_id", "partners", "partner_id"),
    ("partner_communities", "partner_id || '/' || community_id", "community_id", "regions", "region_id"),
    ("partner_evaluations", "partner_id || '/' || year || 'Q' || quarter", "partner_id", "partners", "partner_id"),
    ("livelihood_issues", "issue_id::VARCHAR", "community_id", "regions", "region_id"),
    ("livelihood_issues", "issue_id::VARCHAR", "partner_id", "partners", "partner_id"),
    ("wishes", "wish_id::VARCHAR", "community_id", "regions", "region_id"),
    ("wishes", "wish_id::VARCHAR", "partner_id", "partners", "partner_id"),
    ("point_accounts", "account_id", "community_id", "regions", "region_id"),
    ("region_population", "region_id || '/' || year", "region_id", "regions", "region_id"),
)


def _missing_sql() -> str:
    parts = []
    for table, key, col, ref, ref_col in REFERENCES:
        comm, where = _scope(table)
        parts.append(
            f"""SELECT '{table}' AS "table", {key} AS key, {comm} AS community_id,
                       '{col} = ' || t.{col} || ' 在 {ref} 中不存在' AS detail,
                       '{col} ' || t.{col} || ' does not exist in {ref}' AS detail_en
                FROM {table} t WHERE t.{col} IS NOT NULL AND {where}
                  AND NOT EXISTS (SELECT 1 FROM {ref} x WHERE x.{ref_col} = t.{col})"""
        )
    return " UNION ALL ".join(parts)


# (table, key, date expression, Chinese label, English label)
DATE_COLUMNS = (
    ("workers", "worker_id", "birth_date", "出生日期", "birth date"),
    ("workers", "worker_id", "hire_date", "入职日期", "hire date"),
    ("workers", "worker_id", "post_since", "任现职时间", "start of current post"),
    ("workers", "worker_id", "exit_date", "离岗日期", "exit date"),
    ("certificates", "worker_id || '/' || level", "obtained_on", "取证日期", "certificate date"),
    ("secretary_grades", "worker_id || '/' || effective_from", "effective_from", "等次生效日期", "grade effective date"),
    ("reserve_candidates", "candidate_id", "birth_date", "出生日期", "birth date"),
    ("reserve_candidates", "candidate_id", "entered_on", "入库日期", "date entered the pool"),
    ("reserve_candidates", "candidate_id", "left_on", "出库日期", "date left the pool"),
    ("trainings", "training_id::VARCHAR", "start_date", "培训日期", "training date"),
    ("assessments", "worker_id || '/' || year", "make_date(year, 1, 1)", "考核年度开始", "start of the assessed year"),
    ("partners", "partner_id", "joined_on", "加入日期", "join date"),
    ("partners", "partner_id", "exited_on", "退出日期", "exit date"),
    ("partner_evaluations", "partner_id || '/' || year || 'Q' || quarter", "make_date(year, quarter * 3 - 2, 1)",
     "评价季度开始", "start of the rated quarter"),
    ("livelihood_issues", "issue_id::VARCHAR", "raised_on", "提出日期", "date raised"),
    ("livelihood_issues", "issue_id::VARCHAR", "resolved_on", "解决日期", "date resolved"),
    ("wishes", "wish_id::VARCHAR", "raised_on", "征集日期", "date raised"),
    ("wishes", "wish_id::VARCHAR", "claimed_on", "认领日期", "date claimed"),
    ("wishes", "wish_id::VARCHAR", "fulfilled_on", "完成日期", "date fulfilled"),
    ("point_accounts", "account_id", "opened_on", "开户日期", "account opening date"),
    ("points_ledger", "entry_id::VARCHAR", "entry_date", "记账日期", "entry date"),
    ("region_population", "region_id || '/' || year", "make_date(year, 1, 1)", "人口年度开始", "start of the population year"),
)


def _future_sql() -> str:
    parts = []
    for table, key, expr, label, label_en in DATE_COLUMNS:
        comm, where = _scope(table)
        parts.append(
            f"""SELECT '{table}' AS "table", {key} AS key, {comm} AS community_id,
                       '{label} ' || ({expr})::VARCHAR || ' 晚于今天 ' || $today::VARCHAR AS detail,
                       '{label_en} ' || ({expr})::VARCHAR || ' is after today' AS detail_en
                FROM {table} t WHERE ({expr}) > $today AND {where}"""
        )
    return " UNION ALL ".join(parts)


def _partner_service_sql(in_service: bool) -> str:
    """Issues and wishes whose handling partner was not in service on the handling date
    (`in_service`), or does not serve the row's community."""
    parts = []
    for table, key, when, what in (
        ("livelihood_issues", "issue_id::VARCHAR", "t.raised_on", "诉求提出"),
        ("wishes", "wish_id::VARCHAR", "coalesce(t.claimed_on, t.raised_on)", "心愿认领"),
    ):
        if in_service:
            cond = f"NOT (p.joined_on <= {when} AND (p.exited_on IS NULL OR p.exited_on >= {when}))"
            detail = (f"'合伙人 ' || p.name || '（' || p.partner_id || '）在{what}日 ' || ({when})::VARCHAR "
                      f"|| ' 不在册（加入 ' || p.joined_on::VARCHAR || '，退出 ' || coalesce(p.exited_on::VARCHAR, '—') || '）'")
            detail_en = (f"'partner ' || p.partner_id || ' was not in service on ' || ({when})::VARCHAR")
        else:
            cond = ("NOT EXISTS (SELECT 1 FROM partner_communities pc "
                    "WHERE pc.partner_id = t.partner_id AND pc.community_id = t.community_id)")
            detail = "'合伙人 ' || p.name || '（' || p.partner_id || '）不服务该社区'"
            detail_en = "'partner ' || p.partner_id || ' does not serve this community'"
        parts.append(
            f"""SELECT '{table}' AS "table", {key} AS key, t.community_id, {detail} AS detail, {detail_en} AS detail_en
                FROM {table} t JOIN partners p USING (partner_id)
                WHERE {cond} AND starts_with(t.community_id, $region)"""
        )
    return " UNION ALL ".join(parts)


def _grade_ratio_sql() -> str:
    total = sum(domain.SECRETARY_GRADE_RATIO.values())
    quotas = ", ".join(f"('{g}', {n / total!r})" for g, n in domain.SECRETARY_GRADE_RATIO.items())
    return f"""
        WITH s AS ({render(MODELS["secretaries"], "grade community_id")}),
        g AS (SELECT left(community_id, 6) AS district, grade::VARCHAR AS grade, count(*) AS n
              FROM s WHERE grade IS NOT NULL GROUP BY ALL),
        t AS (SELECT district, sum(n) AS graded FROM g GROUP BY ALL),
        q AS (SELECT t.district, t.graded, x.grade, x.share, t.graded * x.share AS quota
              FROM t CROSS JOIN (VALUES {quotas}) AS x(grade, share))
        SELECT 'secretary_grades' AS "table", q.district || '/' || q.grade AS key, NULL AS community_id,
               coalesce(r.name, q.district) || ' ' || q.grade || ' ' || coalesce(g.n, 0) || ' 人，按 1:3:6 应约为 '
                 || round(q.quota, 1) || ' 人（已评定 ' || q.graded || ' 人）' AS detail,
               q.district || ' grade ' || q.grade || ': ' || coalesce(g.n, 0) || ' secretaries, 1:3:6 quota '
                 || round(q.quota, 1) || ' of ' || q.graded AS detail_en
        FROM q LEFT JOIN g USING (district, grade) LEFT JOIN regions r ON r.region_id = q.district
        WHERE abs(coalesce(g.n, 0) - q.quota) > 1"""


# Rows that may name a grid (schema version 6): (table, key).
GRID_REFS = (
    ("workers", "worker_id"),
    ("livelihood_issues", "issue_id::VARCHAR"),
    ("wishes", "wish_id::VARCHAR"),
    ("resident_needs", "need_id::VARCHAR"),
    ("party_households", "household_id"),
)


def _grid_outside_sql() -> str:
    """Rows whose grid_id is not a grid (网格) of the row's own community: no such region, a region
    of another level, or a grid under another community."""
    return " UNION ALL ".join(
        f"""SELECT '{table}' AS "table", {key} AS key, t.community_id,
                   CASE WHEN g.region_id IS NULL THEN '网格 ' || t.grid_id || ' 不存在'
                        WHEN g.level <> 'grid' THEN '网格字段填写的是' || g.level::VARCHAR || '级区划 ' || g.name
                                                   || '（' || g.region_id || '），应为本社区的网格'
                        ELSE '网格 ' || g.name || '（' || g.region_id || '）属于 ' || coalesce(g.parent_id, '—')
                             || '，不是本社区 ' || t.community_id || ' 的网格' END AS detail,
                   CASE WHEN g.region_id IS NULL THEN 'grid ' || t.grid_id || ' does not exist'
                        WHEN g.level <> 'grid' THEN 'grid column holds the ' || g.level::VARCHAR || ' ' || g.region_id
                        ELSE 'grid ' || g.region_id || ' belongs to ' || coalesce(g.parent_id, '—') || ', not to '
                             || t.community_id END AS detail_en
            FROM {table} t LEFT JOIN regions g ON g.region_id = t.grid_id
            WHERE t.grid_id IS NOT NULL
              AND (g.region_id IS NULL OR g.level <> 'grid' OR g.parent_id IS DISTINCT FROM t.community_id)
              AND starts_with(t.community_id, $region)"""
        for table, key in GRID_REFS
    )


def _age_at(day: str) -> str:
    return AGE.replace("$as_of", day)


RULES: tuple[Rule, ...] = (
    Rule(
        "id_check_digit", "身份证号校验位错误", "ID number check digit wrong",
        "身份证号第18位与按 GB 11643 由前17位算出的校验位不一致。",
        "The 18th character of the ID number differs from the GB 11643 check character of the first 17.",
        "error",
        _people_rule(f"{_check_char('id_number')} <> substr(id_number, 18, 1)",
                     f"'校验位应为 ' || {_check_char('id_number')} || '，实为 ' || substr(id_number, 18, 1)",
                     f"'check character should be ' || {_check_char('id_number')}"),
    ),
    Rule(
        "id_birth_mismatch", "身份证号与出生日期不符", "ID number disagrees with birth date",
        "身份证号第7—14位表示的出生日期与登记的出生日期不一致（或不是有效日期）。",
        "The birth date in digits 7–14 of the ID number differs from the recorded birth date (or is no date).",
        "error",
        _people_rule(f"{_id_birth('id_number')} IS DISTINCT FROM birth_date",
                     "'身份证号中的出生日期与登记的出生日期 ' || birth_date::VARCHAR || ' 不一致'",
                     "'birth date in the ID number differs from the recorded ' || birth_date::VARCHAR"),
    ),
    Rule(
        "id_sex_mismatch", "身份证号与性别不符", "ID number disagrees with sex",
        "身份证号第17位的奇偶（奇数为男、偶数为女）与登记的性别不一致。",
        "The parity of the 17th digit of the ID number (odd: male, even: female) differs from the recorded sex.",
        "error",
        _people_rule(f"{_id_sex('id_number')} <> gender::VARCHAR",
                     f"'身份证号表示' || {_id_sex('id_number')} || '性，登记为' || gender::VARCHAR || '性'",
                     "'ID number says ' || (CASE " + _id_sex('id_number') + " WHEN '男' THEN 'male' ELSE 'female' END) "
                     "|| ', recorded ' || (CASE gender WHEN '男' THEN 'male' ELSE 'female' END)"),
    ),
    Rule(
        "duplicate_active_id", "同一身份证号有多条在岗记录", "ID number on several current records",
        "同一身份证号有两条以上在岗的社区工作者记录或在库的后备人才记录（重新入职者的旧记录应填写离岗日期）。",
        "Two or more workers in post, or reserve candidates in the pool, share an ID number (a rehired person's "
        "earlier record must have an exit date).",
        "error",
        _duplicate_current_sql(),
    ),
    Rule(
        "secretary_without_grade", "书记缺少本年度等次", "Secretary without a grade for the year",
        "统计日所在年度1月1日已在任的社区党组织书记，没有本年度（统计日前生效）的等次评定。",
        "A secretary in post on 1 January of the as-of year has no grade for that year effective by the as-of date.",
        "warning",
        f"""SELECT 'workers' AS "table", w.worker_id AS key, w.community_id,
                   w.post_title::VARCHAR || '，' || w.post_since::VARCHAR || ' 起任职，无 ' || year($as_of) || ' 年度等次' AS detail,
                   'in post since ' || w.post_since::VARCHAR || ', no grade for ' || year($as_of) AS detail_en
            FROM workers w
            WHERE w.post_title IN ({_SECRETARY_POSTS}) AND w.post_since <= {_JAN1}
              AND (w.exit_date IS NULL OR w.exit_date > {_JAN1}) AND starts_with(w.community_id, $region)
              AND NOT EXISTS (SELECT 1 FROM secretary_grades g WHERE g.worker_id = w.worker_id
                              AND g.year = year($as_of) AND g.effective_from <= $as_of)""",
    ),
    Rule(
        "grade_ratio_off", "书记等次偏离1:3:6", "Secretary grades off 1:3:6",
        "某区在任书记的本年度等次中，一、二、三等人数与按1:3:6折算的名额相差超过1人。",
        "In a district, the number of secretaries in a grade differs from its 1:3:6 quota by more than one.",
        "warning",
        _grade_ratio_sql(),
        scope="district",
    ),
    Rule(
        "grade_not_secretary", "等次记录对应的不是书记", "Grade for someone who is not a secretary",
        "书记等次记录所指人员不是社区党组织书记，或该年度不在岗。",
        "A secretary grade refers to a worker who is not a secretary, or was not in post in that year.",
        "warning",
        f"""SELECT 'secretary_grades' AS "table", g.worker_id || '/' || g.effective_from AS key, w.community_id,
                   w.post_title::VARCHAR || '，在岗 ' || w.hire_date::VARCHAR || ' 至 ' || coalesce(w.exit_date::VARCHAR, '今')
                     || '，却有 ' || g.year || ' 年度书记等次' AS detail,
                   'grade for ' || g.year || ' given to a ' || w.post_title::VARCHAR AS detail_en
            FROM secretary_grades g JOIN workers w USING (worker_id)
            WHERE (w.post_title NOT IN ({_SECRETARY_POSTS}) OR w.hire_date > make_date(g.year, 12, 31)
                   OR w.exit_date < make_date(g.year, 1, 1))
              AND starts_with(w.community_id, $region)""",
    ),
    Rule(
        "wrong_level_region", "区划层级错误", "Wrong region level",
        "应指向社区的记录指向了街道或区县，或区划的上级不是上一层级。",
        "A row that must refer to a community refers to a street or district, or a region's parent is not one level up.",
        "error",
        _wrong_level_sql(),
    ),
    Rule(
        "missing_reference", "引用的区划、人员或合伙人不存在", "Reference to a missing region, worker or partner",
        "记录引用的区划、社区工作者或幸福合伙人在对应表中不存在。",
        "A row refers to a region, worker or partner that does not exist.",
        "error",
        _missing_sql(),
    ),
    Rule(
        "ledger_community_mismatch", "积分流水社区与账户不符", "Ledger community differs from its account",
        "初心储蓄本流水上的社区与其账户所属社区不一致（该列为加速区域筛选的副本）。",
        "A points-ledger row's community differs from its account's community (the column is a copy for fast filters).",
        "error",
        """SELECT 'points_ledger' AS "table", l.entry_id::VARCHAR AS key, l.community_id,
                  '流水记在 ' || l.community_id || '，账户 ' || a.account_id || ' 属于 ' || a.community_id AS detail,
                  'entry in ' || l.community_id || ', account ' || a.account_id || ' in ' || a.community_id AS detail_en
           FROM points_ledger l JOIN point_accounts a USING (account_id)
           WHERE l.community_id <> a.community_id
             AND (starts_with(l.community_id, $region) OR starts_with(a.community_id, $region))""",
    ),
    Rule(
        "partner_not_in_service", "办理时合伙人不在册", "Partner not in service when handling",
        "诉求（按提出日）或微心愿（按认领日）的办理合伙人当日尚未加入或已经退出。",
        "The partner handling an issue (on the day raised) or a wish (on the day claimed) had not joined or had left.",
        "warning",
        _partner_service_sql(True),
    ),
    Rule(
        "partner_outside_community", "合伙人不服务该社区", "Partner does not serve the community",
        "诉求或微心愿的办理合伙人不在该社区的合伙人名单中。",
        "The partner handling an issue or wish is not among the partners serving its community.",
        "warning",
        _partner_service_sql(False),
    ),
    Rule(
        "future_date", "日期晚于今天", "Date in the future",
        "记录中的日期晚于今天（出生、入职、培训、诉求、心愿、积分等）。",
        "A date in a row is after today (birth, hire, training, issue, wish, points, …).",
        "error",
        _future_sql(),
    ),
    Rule(
        "hired_under_18", "入职时未满18周岁", "Hired under 18",
        "社区工作者入职日的周岁年龄小于18岁。",
        "A worker was younger than 18 (completed years) on the hire date.",
        "error",
        f"""SELECT 'workers' AS "table", worker_id AS key, community_id,
                   '出生 ' || birth_date::VARCHAR || '，入职 ' || hire_date::VARCHAR || '，入职时 ' || {_age_at('hire_date')} || ' 周岁' AS detail,
                   'aged ' || {_age_at('hire_date')} || ' on the hire date ' || hire_date::VARCHAR AS detail_en
            FROM workers WHERE {_age_at('hire_date')} < {domain.MIN_WORKING_AGE} AND starts_with(community_id, $region)""",
    ),
    Rule(
        "worker_on_secondment", "社区工作者被借调", "Community worker on secondment",
        "统计日社区工作者被区直部门、街道等单位借调（专职专干：不得借调社区工作者）。",
        "On the as-of date a community worker is borrowed by a department, a street office or another body "
        "(full-time duty: community workers may not be borrowed).",
        "warning",
        """SELECT 'secondments' AS "table", s.worker_id || '/' || s.secondment_id AS key, w.community_id,
                  w.id_number, w.name,
                  '被' || s.borrower || '（' || s.borrower_kind::VARCHAR || '）借调，自 ' || s.started_on::VARCHAR
                    || ' 起' || coalesce('至 ' || s.ended_on::VARCHAR, '，未约定结束日期') AS detail,
                  'borrowed by ' || s.borrower || ' since ' || s.started_on::VARCHAR
                    || coalesce(' until ' || s.ended_on::VARCHAR, ', no end date') AS detail_en
           FROM secondments s JOIN workers w USING (worker_id)
           WHERE s.started_on <= $as_of AND (s.ended_on IS NULL OR s.ended_on > $as_of)
             AND starts_with(w.community_id, $region)""",
    ),
    Rule(
        "grid_outside_community", "网格不属于所在社区", "Grid outside the row's community",
        "社区工作者、诉求、微心愿、居民需求或党员中心户填写的网格不存在，或不是其所在社区下的网格。",
        "The grid on a worker, issue, wish, resident need or Party-member household does not exist or is not a "
        "grid of its community.",
        "error",
        _grid_outside_sql(),
    ),
    Rule(
        "need_supply_mismatch", "需求匹配的服务不对口", "Need matched with an unfit supply item",
        "居民需求匹配的服务项目不服务该需求所在社区，或与需求不属于同一类别。",
        "The supply item a resident need was matched with does not serve the need's community, or is of another "
        "category.",
        "warning",
        """SELECT 'resident_needs' AS "table", n.need_id::VARCHAR AS key, n.community_id,
                  '匹配的服务 ' || s.name || '（' || s.supply_id || '）'
                    || CASE WHEN s.category <> n.category
                            THEN '属于' || s.category::VARCHAR || '，需求为' || n.category::VARCHAR
                            ELSE '不服务本社区' END AS detail,
                  'matched with ' || s.supply_id
                    || CASE WHEN s.category <> n.category THEN ', of another category'
                            ELSE ', which does not serve this community' END AS detail_en
           FROM resident_needs n JOIN service_supplies s USING (supply_id)
           WHERE (s.category <> n.category
                  OR NOT EXISTS (SELECT 1 FROM supply_communities sc
                                 WHERE sc.supply_id = n.supply_id AND sc.community_id = n.community_id))
             AND starts_with(n.community_id, $region)""",
    ),
    Rule(
        "training_outside_employment", "培训日期不在任职期内", "Training outside employment",
        "培训记录的日期早于该社区工作者入职或晚于其离岗。",
        "A training is dated before the worker's hire date or after the exit date.",
        "warning",
        """SELECT 'trainings' AS "table", t.training_id::VARCHAR AS key, w.community_id,
                  '培训 ' || t.start_date::VARCHAR || '，在岗 ' || w.hire_date::VARCHAR || ' 至 '
                    || coalesce(w.exit_date::VARCHAR, '今') AS detail,
                  'training on ' || t.start_date::VARCHAR || ', employed ' || w.hire_date::VARCHAR || ' to '
                    || coalesce(w.exit_date::VARCHAR, 'now') AS detail_en
           FROM trainings t JOIN workers w USING (worker_id)
           WHERE (t.start_date < w.hire_date OR t.start_date > w.exit_date) AND starts_with(w.community_id, $region)""",
    ),
)

_BY_ID = {r.id: r for r in RULES}
COLUMNS = ["table", "key", "community_id", "detail", "detail_en"]


def get(rule_id: str) -> Rule:
    try:
        return _BY_ID[rule_id]
    except KeyError:
        raise KeyError(f"unknown data-quality rule {rule_id!r}") from None


def check(con: duckdb.DuckDBPyConnection, rule: Rule, region_id: str | None, as_of: dt.date, limit: int = 200,
          today: dt.date | None = None) -> Finding:
    """One rule: the number of affected rows and the first `limit` of them."""
    cur = con.cursor()
    try:
        return _check(cur, rule, region_id, as_of, limit, today)
    finally:
        cur.close()


def _check(cur: duckdb.DuckDBPyConnection, rule: Rule, region_id: str | None, as_of: dt.date, limit: int,
           today: dt.date | None) -> Finding:
    region = region_id or ""
    if rule.scope == "district":
        region = region[: domain.REGION_CODE_LENGTH["district"]]
    # $grid: a rule reading a model (metrics/models.py) takes the whole region, never one grid.
    params = {"region": region, "grid": "", "as_of": as_of, "today": today or dt.date.today(), "limit": int(limit)}
    sql = (f"SELECT *, count(*) OVER () AS _total FROM ({rule.sql}) AS f "
           f'ORDER BY "table", community_id NULLS FIRST, key LIMIT $limit')
    df = cur.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql}).df()
    count = int(df["_total"].iloc[0]) if len(df) else 0
    rows = df.drop(columns="_total")
    front = [c for c in COLUMNS if c in rows.columns]
    rows = rows[front + [c for c in rows.columns if c not in front]].reset_index(drop=True)
    return Finding(rule, count, rows)


def run(con: duckdb.DuckDBPyConnection, region_id: str | None = None, as_of: dt.date | None = None,
        limit: int = 200) -> list[Finding]:
    """Every rule for the region subtree (None: everything) as of `as_of` (None: the dataset's
    as-of date): one Finding per rule, in RULES order, count 0 when clean."""
    as_of = as_of or database.as_of_date(con)
    today = dt.date.today()
    # One read transaction: every rule sees the same snapshot, so a concurrent import or undo shows
    # in all of them or in none.
    cur = con.cursor()
    try:
        cur.execute("BEGIN TRANSACTION")
        try:
            return [_check(cur, rule, region_id, as_of, limit, today) for rule in RULES]
        finally:
            cur.execute("ROLLBACK")
    finally:
        cur.close()


def visible_to(findings: list[Finding], scope_region: str | None) -> list[Finding]:
    """The findings for an account that sees only `scope_region`'s subtree (None: everything). A
    rule that judges whole districts (the 1:3:6 grade quota) is left out below the district level:
    its rows are the district's figures."""
    level = None if scope_region is None else _LEVEL_BY_LENGTH.get(len(scope_region))
    if level in ("street", "community"):
        return [f for f in findings if f.rule.scope != "district"]
    return list(findings)


_LEVEL_BY_LENGTH = {v: k for k, v in domain.REGION_CODE_LENGTH.items()}


def validate() -> None:
    assert len(_BY_ID) == len(RULES), "duplicate rule id"
    for r in RULES:
        assert r.severity in SEVERITIES, r.id
        assert r.scope in ("region", "district"), r.id


validate()
