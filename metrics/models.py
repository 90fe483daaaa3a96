"""Semantic models: the relations metrics aggregate over, with their time columns and dimensions.

Each model is SQL over the schema with bound parameters: $as_of, $period_start, $region and
$grid. `{region:x}` marks where the region-subtree predicate goes, so DuckDB can push it into
the table scan (facts are stored sorted by community code); `{region:x+grid}` also narrows to a
grid when one is selected (x.grid_id), and a model without it has no rows at the grid level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cgw import domain


def sql_list(values: tuple[str, ...]) -> str:
    """('a', 'b') for trusted vocabulary from cgw.domain (never user text)."""
    return "(" + ", ".join("'" + v + "'" for v in values) + ")"


# 周岁 on $as_of: whole years, not yet counting a birthday later in the year.
AGE = (
    "(year($as_of) - year(birth_date) - CASE WHEN month($as_of) * 100 + day($as_of) "
    "< month(birth_date) * 100 + day(birth_date) THEN 1 ELSE 0 END)"
)
ACTIVE = "w.hire_date <= $as_of AND (w.exit_date IS NULL OR w.exit_date > $as_of)"
AGE_BAND = (
    "CASE WHEN age < 30 THEN '30岁以下' WHEN age < 40 THEN '30-39岁' WHEN age < 50 THEN '40-49岁' "
    "ELSE '50岁及以上' END"
)
AGE_BANDS = ("30岁以下", "30-39岁", "40-49岁", "50岁及以上")
# A secretary whose appointment date is not known counts from the hire date.
SECRETARY = f"w.post_title IN {sql_list(domain.SECRETARY_POSTS)} AND coalesce(w.post_since, w.hire_date) <= $as_of"


@dataclass(frozen=True)
class Model:
    name: str
    sql: str
    dims: dict[str, str]  # dimension id -> SQL expression over the model's columns
    time_columns: tuple[str, ...] = ()
    region_column: str | None = "community_id"  # None: the model has no region dimension
    # Costly columns computed only when a query mentions them: name -> (SQL expression, joins it
    # needs). `sql` carries {optional} at the end of its select list and {joins} after FROM.
    optional: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    joins: dict[str, str] = field(default_factory=dict)  # join name -> JOIN clause, in this order
    # Columns whose every value lives in one community, so a count of their distinct values adds up
    # over communities (metrics/parts.py; a worker's trainings: yes, a partner serving two: no).
    community_keys: tuple[str, ...] = ()
    # Whether the rows may name a grid (网格): the model then has a grid_id column, breaks down by
    # grid under a community and has rows when a grid is selected.
    grid: bool = False


COMMUNITY_CODE_LENGTH = domain.REGION_CODE_LENGTH["community"]
REGION_DIM = "region"
TIME_DIMS = ("year", "quarter", "month")


@dataclass(frozen=True)
class Dimension:
    label_zh: str
    label_en: str
    category: str | None = None  # domain category: gives the value order and English labels
    order: tuple[str, ...] | None = None  # explicit value order when there is no category
    # For dimensions keyed by an id: SQL giving (key, label) pairs, so a breakdown shows names
    # while two entities with the same name stay apart.
    labels_sql: str | None = None


def _cat(label_zh: str, label_en: str, category: str, extra_first: tuple[str, ...] = (),
         extra_last: tuple[str, ...] = ()) -> Dimension:
    return Dimension(label_zh, label_en, category, (*extra_first, *domain.values(category), *extra_last))


# Dimension ids mean the same thing in every model.
DIMENSIONS: dict[str, Dimension] = {
    "region": Dimension("下级区划", "Sub-region"),
    "year": Dimension("年份", "Year"),
    "quarter": Dimension("季度", "Quarter"),
    "month": Dimension("月份", "Month"),
    "gender": _cat("性别", "Sex", "gender"),
    "education": _cat("学历", "Education", "education"),
    "age_band": Dimension("年龄段", "Age band", order=AGE_BANDS),
    "political_status": _cat("政治面貌", "Political status", "political_status"),
    "role_category": _cat("岗位类别", "Role category", "role_category"),
    "certificate_level": _cat("持证等级", "Certificate level", "certificate_level", extra_first=("未持证",)),
    "source": _cat("来源渠道", "Hiring channel", "hire_source"),
    "exit_reason": _cat("退出情形", "Exit reason", "exit_reason"),
    "exit_kind": Dimension("退出类型", "Exit type", order=("正常退出", "负面清单退出")),
    "status": _cat("状态", "Status", "worker_status"),
    "secretary_grade": _cat("书记等次", "Secretary grade", "secretary_grade", extra_last=("未评定",)),
    "target_post": _cat("储备岗位", "Target post", "reserve_post"),
    "generation": Dimension("年代", "Generation", order=("90后", "其他")),
    "programme": _cat("培训项目", "Programme", "training_programme"),
    "result": _cat("培训结果", "Training result", "training_result"),
    "assessment_grade": _cat("考核等次", "Assessment grade", "assessment_grade"),
    "partner": Dimension("合伙人", "Partner", labels_sql="SELECT partner_id AS key, name AS label FROM partners"),
    "partner_type": _cat("合伙人类型", "Partner type", "partner_type"),
    "partner_subtype": _cat("合伙人细类", "Partner subtype", "partner_subtype"),
    "honour": Dimension("荣誉", "Honour", order=(*domain.values("partner_honour"), "无")),
    "issue_category": _cat("诉求类别", "Issue category", "issue_category"),
    "issue_source": _cat("诉求来源", "Issue source", "issue_source"),
    "issue_status": _cat("办理状态", "Issue status", "issue_status"),
    "wish_group": _cat("服务对象", "Group", "wish_group"),
    "wish_status": _cat("心愿状态", "Wish status", "wish_status"),
    "points_item": Dimension("积分事项", "Points item"),
    "need_category": _cat("需求类别", "Need category", "need_category"),
    "need_source": _cat("需求来源", "Need source", "need_source"),
    "need_status": _cat("需求状态", "Need status", "need_status"),
    "need_group": _cat("服务对象", "Group", "wish_group"),
    "supply_list": _cat("清单", "List", "supply_list"),
    "recruitment_channel": _cat("招募渠道", "Recruitment channel", "recruitment_channel"),
    "rotation_kind": _cat("锻炼方式", "Rotation kind", "rotation_kind"),
    "resource_kind": _cat("阵地类别", "Resource kind", "resource_kind"),
    "competency_dimension": Dimension(
        "胜任力维度", "Competency dimension",
        labels_sql="SELECT dimension_id AS key, name_zh AS label FROM competency_dimensions"),
    "borrower_kind": _cat("借用单位类别", "Borrower kind", "borrower_kind"),
    "assessment_outcome": _cat("结果运用", "Assessment outcome", "assessment_outcome"),
    "points_kind": Dimension("收支", "Earned / redeemed", order=("获得", "兑换")),
}

MODELS: dict[str, Model] = {
    m.name: m
    for m in (
        Model(
            "workers",
            f"""SELECT w.worker_id, w.community_id, w.grid_id, w.gender, w.education, w.political_status,
                       w.role_category, w.post_title, w.source, w.ethnicity, {AGE} AS age {{optional}}
                FROM workers w {{joins}}
                WHERE {ACTIVE} AND {{region:w+grid}}""",
            optional={
                # A semi-join is much cheaper than the level's aggregate join when only "certified" is asked.
                # A certificate whose date is not known (a roster's 职业资格 column) is held.
                "certified": ("w.worker_id IN (SELECT worker_id FROM certificates "
                              "WHERE obtained_on IS NULL OR obtained_on <= $as_of)", ()),
                "certificate_level": ("c.top_level", ("c",)),
            },
            joins={"c": """LEFT JOIN (SELECT worker_id, max(level) AS top_level FROM certificates
                                      WHERE obtained_on IS NULL OR obtained_on <= $as_of GROUP BY ALL) c USING (worker_id)"""},
            dims={
                "gender": "gender",
                "education": "education",
                "age_band": AGE_BAND,
                "political_status": "political_status",
                "role_category": "role_category",
                "certificate_level": "coalesce(certificate_level::VARCHAR, '未持证')",
                "source": "source",
            },
            grid=True,
        ),
        Model(
            "hires",
            "SELECT w.* FROM workers w WHERE {region:w+grid}",
            dims={"source": "source", "role_category": "role_category", "education": "education", "gender": "gender"},
            time_columns=("hire_date",),
            grid=True,
        ),
        Model(
            "exits",
            f"""SELECT w.*, CASE WHEN exit_reason IN {sql_list(domain.NEGATIVE_LIST_REASONS)} THEN '负面清单退出'
                                 ELSE '正常退出' END AS exit_kind
                FROM workers w WHERE w.exit_date IS NOT NULL AND {{region:w+grid}}""",
            dims={"exit_reason": "exit_reason", "exit_kind": "exit_kind", "role_category": "role_category",
                  "status": "status", "gender": "gender", "education": "education", "source": "source"},
            time_columns=("exit_date",),
            grid=True,
        ),
        Model(
            "secretaries",
            f"""SELECT w.worker_id, w.community_id, w.grid_id, w.gender, {AGE} AS age, w.post_since {{optional}}
                FROM workers w {{joins}}
                WHERE {ACTIVE} AND {SECRETARY} AND {{region:w+grid}}""",
            optional={"grade": ("g.grade", ("g",)), "subsidy": ("s.monthly_yuan", ("g", "s"))},
            joins={
                "g": """LEFT JOIN (SELECT worker_id, arg_max(grade, effective_from) AS grade FROM secretary_grades
                                   WHERE year = year($as_of) AND effective_from <= $as_of GROUP BY ALL) g
                        USING (worker_id)""",
                "s": "LEFT JOIN secretary_grade_subsidy s ON s.grade = g.grade",
            },
            dims={"secretary_grade": "coalesce(grade::VARCHAR, '未评定')", "age_band": AGE_BAND, "gender": "gender"},
            grid=True,
        ),
        Model(
            "reserve",
            f"""SELECT r.*, {AGE} AS age, year(birth_date) BETWEEN 1990 AND 1999 AS born_1990s
                FROM reserve_candidates r
                WHERE r.entered_on <= $as_of AND (r.left_on IS NULL OR r.left_on > $as_of) AND {{region:r}}""",
            dims={"target_post": "target_post", "gender": "gender", "age_band": AGE_BAND,
                  "generation": "CASE WHEN born_1990s THEN '90后' ELSE '其他' END"},
        ),
        Model(
            "trainings",
            f"""SELECT t.*, w.community_id, w.grid_id, w.role_category, {ACTIVE} AS worker_active
                FROM trainings t JOIN workers w USING (worker_id) WHERE {{region:w+grid}}""",
            dims={"programme": "programme", "result": "result", "role_category": "role_category"},
            time_columns=("start_date",),
            community_keys=("worker_id",),
            grid=True,
        ),
        Model(
            "assessments",
            """SELECT a.*, w.community_id, make_date(a.year, 12, 31) AS period_end,
                      a.routine_score * aw.w_routine + a.annual_score * aw.w_annual
                      + a.client_score * aw.w_client AS composite_score
               FROM assessments a JOIN workers w USING (worker_id)
               JOIN assessment_weights aw ON aw.role_category = a.role_category
               WHERE {region:w}""",
            dims={"assessment_grade": "grade", "role_category": "role_category"},
            time_columns=("period_end",),
        ),
        Model(
            "population",
            # Community rows only: higher levels are sums, and a stray street row must not count twice.
            f"""SELECT p.region_id AS community_id, p.resident_population, p.households
                FROM region_population p
                WHERE p.year = (SELECT max(year) FROM region_population WHERE year <= year($as_of))
                  AND length(p.region_id) = {COMMUNITY_CODE_LENGTH} AND {{region:p.region_id}}""",
            dims={},
        ),
        Model(
            "communities",
            "SELECT r.region_id AS community_id FROM regions r WHERE r.level = 'community' AND {region:r.region_id}",
            dims={},
        ),
        Model(
            "partners",
            """SELECT p.partner_id, p.name, p.type, p.subtype, p.recruitment_channel, p.joined_on, pc.community_id
               FROM partners p JOIN partner_communities pc USING (partner_id)
               WHERE p.joined_on <= $as_of AND (p.exited_on IS NULL OR p.exited_on > $as_of)
                 AND {region:pc}""",
            dims={"partner_type": "type", "partner_subtype": "subtype", "recruitment_channel": "recruitment_channel"},
        ),
        Model(
            "partner_evaluations",
            """SELECT e.*, p.name AS partner_name, p.type, p.subtype,
                      last_day(make_date(e.year, e.quarter * 3, 1)) AS period_end
               FROM partner_evaluations e JOIN partners p USING (partner_id)
               WHERE e.partner_id IN (SELECT partner_id FROM partner_communities pc WHERE {region:pc})""",
            dims={"partner": "partner_id", "partner_type": "type", "partner_subtype": "subtype",
                  "honour": "coalesce(honour::VARCHAR, '无')"},
            time_columns=("period_end",),
            region_column=None,
        ),
        Model(
            "issues",
            """SELECT i.*, datediff('day', i.raised_on, i.resolved_on) AS days_to_resolve
               FROM livelihood_issues i WHERE {region:i+grid}""",
            dims={"issue_category": "category", "issue_source": "source", "issue_status": "status",
                  "partner": "partner_id"},
            time_columns=("raised_on", "resolved_on"),
            grid=True,
        ),
        Model(
            "wishes",
            "SELECT * FROM wishes x WHERE {region:x+grid}",
            dims={"wish_group": "wish_group", "wish_status": "status", "partner": "partner_id"},
            time_columns=("raised_on", "claimed_on", "fulfilled_on"),
            grid=True,
        ),
        Model(
            "points",
            "SELECT * FROM points_ledger l WHERE {region:l}",
            dims={"points_item": "item", "points_kind": "CASE WHEN points > 0 THEN '获得' ELSE '兑换' END"},
            time_columns=("entry_date",),
        ),
        # --- version 6: the five levels, needs against supply, training mechanisms, competency ---
        Model(
            # A street is its own "community_id" here, so that a district breaks down by street (a
            # breakdown needs a dimension); a community holds none (the KPI counts DISTINCT region_id:
            # its communities do not add up to their street).
            "streets",
            """SELECT r.region_id, r.region_id AS community_id FROM regions r
               WHERE r.level = 'street' AND {region:r.region_id}""",
            dims={},
        ),
        Model(
            "grids",
            f"""SELECT g.* FROM (SELECT region_id AS grid_id, left(region_id, {COMMUNITY_CODE_LENGTH}) AS community_id,
                                       party_branch FROM regions WHERE level = 'grid') g
                WHERE {{region:g+grid}}""",
            dims={},
            grid=True,
        ),
        Model(
            "party_households",
            """SELECT h.* FROM party_households h
               WHERE h.designated_on <= $as_of AND (h.ended_on IS NULL OR h.ended_on > $as_of) AND {region:h+grid}""",
            dims={},
            grid=True,
        ),
        Model(
            "needs",
            """SELECT n.*, datediff('day', n.raised_on, n.matched_on) AS days_to_match {optional}
               FROM resident_needs n WHERE {region:n+grid}""",
            optional={
                # 无人认领: no supply item of the need's category serves its community on the as-of date.
                "supply_in_reach": ("""EXISTS (SELECT 1 FROM service_supplies s JOIN supply_communities sc
                                               USING (supply_id)
                                       WHERE sc.community_id = n.community_id AND s.category = n.category
                                         AND s.starts_on <= $as_of AND (s.ends_on IS NULL OR s.ends_on >= $as_of))""",
                                    ()),
            },
            dims={"need_group": "need_group", "need_category": "category", "need_source": "source",
                  "need_status": "status"},
            time_columns=("raised_on", "matched_on", "met_on"),
            grid=True,
        ),
        Model(
            # One row per supply item in service on the as-of date that serves the region; `demanded`:
            # a need of its category was raised in a community it serves in the 12 months to the as-of date.
            "supplies",
            """SELECT supply_id, list, category, capacity, bool_or(demanded) AS demanded
               FROM (SELECT s.supply_id, s.list, s.category, s.capacity,
                            EXISTS (SELECT 1 FROM resident_needs n
                                    WHERE n.community_id = sc.community_id AND n.category = s.category
                                      AND n.raised_on > $as_of - INTERVAL 1 YEAR AND n.raised_on <= $as_of) AS demanded
                     FROM service_supplies s JOIN supply_communities sc USING (supply_id)
                     WHERE s.starts_on <= $as_of AND (s.ends_on IS NULL OR s.ends_on >= $as_of) AND {region:sc}) x
               GROUP BY supply_id, list, category, capacity""",
            dims={"need_category": "category", "supply_list": "list"},
            region_column=None,
        ),
        Model(
            "studios",
            """SELECT s.* FROM studios s
               WHERE s.founded_on <= $as_of AND (s.closed_on IS NULL OR s.closed_on > $as_of) AND {region:s}""",
            dims={},
        ),
        Model(
            "placements",
            """SELECT p.*, p.host_community_id AS community_id, coalesce(p.candidate_id, p.worker_id) AS trainee
               FROM shadow_placements p WHERE {region:p.host_community_id}""",
            dims={},
            time_columns=("started_on",),
        ),
        Model(
            "salons",
            "SELECT s.* FROM salons s WHERE {region:s.region_id}",
            dims={},
            time_columns=("held_on",),
            region_column=None,  # a district's or a street's, not a community's
        ),
        Model(
            "rotations",
            """SELECT r.*, w.community_id, w.grid_id, w.role_category
               FROM rotations r JOIN workers w USING (worker_id) WHERE {region:w+grid}""",
            dims={"rotation_kind": "kind", "role_category": "role_category"},
            time_columns=("started_on",),
            community_keys=("worker_id",),
            grid=True,
        ),
        Model(
            "training_resources",
            """SELECT t.* FROM training_resources t
               WHERE t.established_on <= $as_of AND (t.ended_on IS NULL OR t.ended_on > $as_of)
                 AND {region:t.region_id}""",
            dims={"resource_kind": "kind"},
            region_column=None,  # a district's colleges and courses, a community's teaching site
        ),
        Model(
            "competency",
            """SELECT c.*, w.community_id, w.grid_id, w.role_category, c.score < d.threshold AS below
               FROM competency_scores c JOIN workers w USING (worker_id)
               JOIN competency_dimensions d USING (dimension_id) WHERE {region:w+grid}""",
            dims={"competency_dimension": "dimension_id", "role_category": "role_category"},
            time_columns=("assessed_on",),
            community_keys=("worker_id",),
            grid=True,
        ),
        Model(
            "secondments",
            """SELECT s.*, w.community_id, w.grid_id,
                      s.started_on <= $as_of AND (s.ended_on IS NULL OR s.ended_on > $as_of) AS active
               FROM secondments s JOIN workers w USING (worker_id) WHERE {region:w+grid}""",
            dims={"borrower_kind": "borrower_kind"},
            time_columns=("started_on",),
            community_keys=("worker_id",),
            grid=True,
        ),
        Model(
            "assessment_outcomes",
            """SELECT o.*, w.community_id, w.grid_id, make_date(o.year, 12, 31) AS period_end
               FROM assessment_outcomes o JOIN workers w USING (worker_id) WHERE {region:w+grid}""",
            dims={"assessment_outcome": "outcome"},
            time_columns=("period_end",),
            community_keys=("worker_id",),
            grid=True,
        ),
    )
}


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def render(model: Model, uses: str | None = None) -> str:
    """The model's SQL with the region predicate filled in (always bound as $region).

    `uses` is the SQL that will read the model; optional columns it never mentions are left out
    (None includes them all)."""
    words = None if uses is None else set(_WORD.findall(uses))
    columns = [c for c in model.optional if words is None or c in words]
    needed = {j for c in columns for j in model.optional[c][1]}
    sql = model.sql.replace("{optional}", "".join(f", {model.optional[c][0]} AS {c}" for c in columns))
    sql = sql.replace("{joins}", " ".join(model.joins[j] for j in model.joins if j in needed))
    while "{region:" in sql:
        start = sql.index("{region:")
        end = sql.index("}", start)
        target = sql[start + len("{region:") : end]
        target, grid = (target[: -len("+grid")], True) if target.endswith("+grid") else (target, False)
        column = target if "." in target else f"{target}.community_id"
        # $grid is '' unless a grid is selected: then only the rows naming that grid count.
        # (Parenthesised: SQLGlot's tokenizer fails on a statement that ends in '' , as a model may.)
        narrow = f"($grid = '' OR {target}.grid_id = $grid)" if grid else "($grid = '')"
        sql = sql[:start] + f"starts_with({column}, $region) AND {narrow}" + sql[end + 1 :]
    return sql
