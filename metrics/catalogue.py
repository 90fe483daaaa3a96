"""The metric catalogue: every KPI declared once, as data.

Pages, the command line and the briefing report all read these entries; the engine turns an
entry into SQL. A metric is one of:
- count / sum / average / median: an aggregate over a model's rows (`where` narrows the rows);
- share: rows matching `numerator` among the rows matching `where`, as a fraction;
- ratio: one metric divided by another (`ratio_of`), times `scale`.
`window` restricts a flow model's time column relative to the as-of date.
"""

from __future__ import annotations

from dataclasses import dataclass

from cgw import domain
from cgw.domain import Benchmark
from metrics.models import MODELS, REGION_DIM, TIME_DIMS, sql_list

KUIWEN = "《山东省潍坊市奎文区：锻造高素质专业化社区治理人才队伍》"
HONGTONG = "《山西省洪洞县：探索推行“幸福合伙人”社区治理模式》"

TYPES = ("count", "share", "ratio", "average", "median", "sum")
WINDOWS = ("snapshot", "period", "cumulative", "since_prev_year", "last_quarter", "last_year",
           "trailing_years:1", "trailing_years:3", "trailing_years:4")
TOPICS = {
    "workforce": ("队伍结构", "Workforce"),
    "leadership": ("头雁队伍", "Secretaries and reserves"),
    "training": ("培育", "Training"),
    "assessment": ("考核激励", "Assessment and incentives"),
    "partners": ("幸福合伙人", "Partners"),
    "services": ("民生服务", "Services"),
    "structure": ("五级架构", "Five-level structure"),
    "needs": ("需求与供给", "Needs and supply"),
    "mechanisms": ("实岗锻炼与赋能阵地", "Training mechanisms"),
    "competency": ("胜任力测评", "Competency assessment"),
}
# Display formats per unit: how many decimals, and whether the value is a fraction shown as %.
UNIT_DECIMALS = {"人": 0, "%": 1, "岁": 1, "元": 0, "天": 1, "件": 0, "个": 0, "家": 0, "分": 1, "学时": 1,
                 "人次": 0, "积分": 0, "期": 0, "项": 0, "户": 0, "类": 0, "所": 0}
UNIT_EN = {"人": "people", "%": "%", "岁": "years", "元": "yuan", "天": "days", "件": "cases", "个": "",
           "家": "", "分": "points", "学时": "hours", "人次": "person-times", "积分": "points", "期": "sessions",
           "项": "items", "户": "households", "类": "kinds", "所": ""}


# Worker facts a roster may leave out (stored as NULL, never guessed). A KPI resting on one names it
# in `known`: the KPI counts only the rows where the fact is known, and its card shows how many
# that is ("学历已知 912 / 1,020 人"), computed by engine.coverage.
KNOWN_FIELDS = {
    "education": ("学历", "Education"),
    "political_status": ("政治面貌", "Political status"),
    "source": ("来源", "Hiring channel"),
    "post_since": ("任现职时间", "Appointment date"),
}


def seed(value: float, source: str, label_zh: str, label_en: str, direction: str = "higher",
         wording: str = "") -> Benchmark:
    return Benchmark(value, label_zh, label_en, source, direction, wording)


@dataclass(frozen=True)
class Metric:
    id: str
    topic: str
    label_zh: str
    label_en: str
    description_zh: str
    description_en: str
    type: str
    unit: str
    model: str | None = None
    expr: str | None = None
    where: str | None = None
    numerator: str | None = None
    window: str = "snapshot"
    time_column: str | None = None
    ratio_of: tuple[str, str] | None = None
    scale: float = 1.0
    benchmarks: tuple[Benchmark, ...] = ()
    higher_is_better: bool | None = True
    precision: int | None = None  # decimals shown, when not the unit's default
    known: str | None = None  # an optional column (KNOWN_FIELDS) the KPI rests on: see engine.coverage

    def label(self, lang: str = "zh") -> str:
        return self.label_en if lang == "en" else self.label_zh

    def description(self, lang: str = "zh") -> str:
        return self.description_en if lang == "en" else self.description_zh

    @property
    def decimals(self) -> int:
        return UNIT_DECIMALS[self.unit] if self.precision is None else self.precision

    @property
    def additive(self) -> bool:
        """Whether a breakdown's parts add up to the total."""
        return self.type in ("count", "sum") and not (self.expr or "").startswith("DISTINCT")

    @property
    def time(self) -> str | None:
        if self.window == "snapshot" or self.model is None:
            return None
        return self.time_column or MODELS[self.model].time_columns[0]

    @property
    def dims(self) -> tuple[str, ...]:
        """Dimensions this metric can be broken down by."""
        if self.type == "ratio":
            # The numerator's dimensions. One the denominator lacks (exits by reason over active
            # workers) divides each part by the whole denominator, so the parts add up to the
            # total; region and time must exist on both sides to mean anything.
            a, b = (get(m) for m in self.ratio_of)
            return tuple(d for d in a.dims if d in b.dims or d not in (REGION_DIM, *TIME_DIMS))
        model = MODELS[self.model]
        out = [REGION_DIM] if model.region_column else []
        out += list(model.dims)
        if self.time:
            out += list(TIME_DIMS)
        return tuple(out)

    @property
    def at_grid(self) -> bool:
        """Whether the KPI means something for a grid (网格): every model it reads names grids."""
        if self.type == "ratio":
            return all(get(m).at_grid for m in self.ratio_of)
        return MODELS[self.model].grid

    @property
    def benchmark(self) -> Benchmark | None:
        return self.benchmarks[0] if self.benchmarks else None

    def benchmarks_at(self, level: str | None) -> tuple[Benchmark, ...]:
        """The benchmarks that make sense for a region of `level`: rates and averages apply
        anywhere, a seed report's head-count (348 recruits, 180 issues) only to a whole district."""
        if self.type in ("count", "sum") and level not in (None, "district"):
            return ()
        return self.benchmarks

    def parts(self) -> tuple[tuple[str, str, str], tuple[str, str, str]] | None:
        """What a share's or ratio's numerator and denominator count, as (label_zh, label_en, unit)
        each; None for other metrics. Exports head their columns with these."""
        if self.type == "ratio":
            a, b = (get(m) for m in self.ratio_of)
            return (a.label_zh, a.label_en, a.unit), (b.label_zh, b.label_en, b.unit)
        if self.type == "share":
            num_zh, num_en, den_zh, den_en, unit = SHARE_PARTS[self.id]
            return (num_zh, num_en, unit), (den_zh, den_en, unit)
        return None

    @property
    def fmt(self) -> str:
        """A Python format spec for the value: shares and % ratios as percentages."""
        return f".{self.decimals}%" if self.unit == "%" else f",.{self.decimals}f"


M = Metric
CATALOGUE: tuple[Metric, ...] = (
    # --- workforce -----------------------------------------------------------------------
    M("active_workers", "workforce", "在岗社区工作者", "Active workers",
      "统计日在岗（已入职且未离岗）的社区工作者人数。", "Community workers in post on the as-of date.",
      "count", "人", model="workers"),
    M("resident_population", "workforce", "常住人口", "Resident population",
      "辖区各社区最近年度常住人口之和。", "Sum of the latest yearly resident population of the communities.",
      "sum", "人", model="population", expr="resident_population", higher_is_better=None),
    M("workers_per_10k", "workforce", "每万常住人口社工数", "Workers per 10,000 residents",
      "在岗社区工作者人数除以常住人口，再乘以一万。", "Active workers divided by resident population, times 10,000.",
      "ratio", "人", ratio_of=("active_workers", "resident_population"), scale=10_000, precision=1,
      benchmarks=(domain.NATIONAL_WORKERS_PER_10K, seed(18.5, KUIWEN, "奎文区", "Kuiwen"))),
    M("under_40_share", "workforce", "40周岁以下占比", "Share aged under 40",
      "在岗社区工作者中统计日未满40周岁者的比例。", "Share of active workers under 40 (completed years) on the as-of date.",
      "share", "%", model="workers", numerator=f"age < {domain.UNDER_AGE_THRESHOLD}",
      benchmarks=(seed(0.401, KUIWEN, "奎文区", "Kuiwen"),)),
    M("average_age", "workforce", "平均年龄", "Average age",
      "在岗社区工作者统计日周岁的平均值。", "Mean completed age of active workers on the as-of date.",
      "average", "岁", model="workers", expr="age", higher_is_better=None),
    M("college_share", "workforce", "大专及以上学历占比", "Share with college education or above",
      "学历已知的在岗社区工作者中学历为大专、本科或研究生的比例。",
      "Share of active workers with an associate degree or higher, among those whose education is known.",
      "share", "%", model="workers", numerator=f"education IN {sql_list(domain.COLLEGE_EDUCATION)}", known="education",
      benchmarks=(seed(0.911, KUIWEN, "奎文区", "Kuiwen", wording="over"),)),
    M("bachelor_share", "workforce", "本科及以上学历占比", "Share with a bachelor's degree or above",
      "学历已知的在岗社区工作者中学历为本科或研究生的比例。",
      "Share of active workers with a bachelor's degree or higher, among those whose education is known.",
      "share", "%", model="workers", numerator=f"education IN {sql_list(domain.BACHELOR_OR_ABOVE)}",
      known="education"),
    M("certified_share", "workforce", "持证比例", "Certified share",
      "在岗社区工作者中统计日已取得社会工作者职业资格证书者的比例。",
      "Share of active workers holding a social-work qualification on the as-of date.",
      "share", "%", model="workers", numerator="certified",
      benchmarks=(domain.NATIONAL_CERTIFIED_SHARE, seed(0.642, KUIWEN, "奎文区", "Kuiwen"))),
    M("party_member_share", "workforce", "党员占比", "Party-member share",
      "政治面貌已知的在岗社区工作者中中共党员（含预备党员）的比例。",
      "Share of active workers who are CPC (probationary) members, among those whose political status is known.",
      "share", "%", model="workers", numerator=f"political_status IN {sql_list(domain.PARTY_MEMBER)}",
      known="political_status"),
    M("female_share", "workforce", "女性占比", "Female share",
      "在岗社区工作者中女性的比例。", "Share of active workers who are women.",
      "share", "%", model="workers", numerator="gender = '女'", higher_is_better=None),
    M("male_share", "workforce", "男性占比", "Male share",
      "在岗社区工作者中男性的比例。", "Share of active workers who are men.",
      "share", "%", model="workers", numerator="gender = '男'", higher_is_better=None),
    M("open_recruits_4y", "workforce", "近4年公开招聘人数", "Recruited by open exam, last 4 years",
      "统计日前4年内通过公开招聘入职的社区工作者人数（含此后离岗者）。",
      "Workers hired through the open exam in the 4 years up to the as-of date, including those who left since.",
      "count", "人", model="hires", where="source = '公开招聘'", window="trailing_years:4", known="source",
      benchmarks=(seed(348, KUIWEN, "奎文区", "Kuiwen"),)),
    M("open_recruits_period", "workforce", "本期公开招聘人数", "Recruited by open exam this period",
      "本期内通过公开招聘入职的社区工作者人数（含此后离岗者）。",
      "Workers hired through the open exam in the current period, including those who left since.",
      "count", "人", model="hires", where="source = '公开招聘'", window="period", known="source"),
    M("hires_period", "workforce", "本期新入职", "Hired this period",
      "本期内入职的社区工作者人数（各渠道）。", "Workers hired in the current period, all channels.",
      "count", "人", model="hires", window="period"),
    M("exits_period", "workforce", "本期离岗人数", "Exits this period",
      "本期内调离、退出或退休的社区工作者人数。", "Workers who transferred, exited or retired in the current period.",
      "count", "人", model="exits", window="period", higher_is_better=False),
    M("exits_12m", "workforce", "近12个月离岗人数", "Exits, last 12 months",
      "统计日前12个月内离岗的社区工作者人数。", "Workers who left in the 12 months up to the as-of date.",
      "count", "人", model="exits", window="trailing_years:1", higher_is_better=False),
    M("turnover_rate", "workforce", "年流失率", "Annual turnover",
      "近12个月离岗人数除以统计日在岗人数。", "Exits in the last 12 months divided by active workers.",
      "ratio", "%", ratio_of=("exits_12m", "active_workers"), higher_is_better=False),
    M("negative_list_exits", "assessment", "负面清单退出人数", "Exits under the negative list",
      "近12个月因履职负面清单情形退出的人数。", "Exits in the last 12 months for a negative-list reason.",
      "count", "人", model="exits", where="exit_kind = '负面清单退出'", window="trailing_years:1",
      higher_is_better=None),
    # --- leadership ----------------------------------------------------------------------
    M("secretaries", "leadership", "社区党组织书记", "Community Party secretaries",
      "统计日在任的社区党组织书记（含书记兼主任）人数。", "Community Party secretaries in post on the as-of date.",
      "count", "人", model="secretaries"),
    M("secretary_avg_age", "leadership", "书记平均年龄", "Secretaries' average age",
      "在任社区党组织书记统计日周岁的平均值。", "Mean completed age of secretaries in post.",
      "average", "岁", model="secretaries", expr="age", higher_is_better=False,
      benchmarks=(seed(41.1, KUIWEN, "奎文区", "Kuiwen", "lower"),)),
    M("new_secretaries_3y", "leadership", "近3年新提拔书记", "Secretaries appointed in the last 3 years",
      "在任书记中，任现职时间在统计日前3年内的人数。", "Secretaries in post whose appointment falls in the last 3 years.",
      "count", "人", model="secretaries", where="post_since > $as_of - INTERVAL 3 YEAR", known="post_since",
      benchmarks=(seed(25, KUIWEN, "奎文区", "Kuiwen"),)),
    M("graded_secretaries", "leadership", "已评定等次书记", "Graded secretaries",
      "在任书记中本年度已评定等次的人数。", "Secretaries in post with a grade for the current year.",
      "count", "人", model="secretaries", where="grade IS NOT NULL"),
    M("grade_one_share", "leadership", "一等书记占比", "Share graded first",
      "已评定书记中一等的比例（目标1:3:6即10%）。", "Share of graded secretaries in grade 1 (1:3:6 means 10%).",
      "share", "%", model="secretaries", where="grade IS NOT NULL", numerator="grade = '一等'",
      higher_is_better=None, benchmarks=(seed(0.1, KUIWEN, "1:3:6", "1:3:6", "equal"),)),
    M("grade_two_share", "leadership", "二等书记占比", "Share graded second",
      "已评定书记中二等的比例（目标30%）。", "Share of graded secretaries in grade 2 (target 30%).",
      "share", "%", model="secretaries", where="grade IS NOT NULL", numerator="grade = '二等'",
      higher_is_better=None, benchmarks=(seed(0.3, KUIWEN, "1:3:6", "1:3:6", "equal"),)),
    M("grade_three_share", "leadership", "三等书记占比", "Share graded third",
      "已评定书记中三等的比例（目标60%）。", "Share of graded secretaries in grade 3 (target 60%).",
      "share", "%", model="secretaries", where="grade IS NOT NULL", numerator="grade = '三等'",
      higher_is_better=None, benchmarks=(seed(0.6, KUIWEN, "1:3:6", "1:3:6", "equal"),)),
    M("monthly_subsidy", "leadership", "书记等次月补贴", "Monthly grade subsidy",
      "在任书记按本年度等次（一等800、二等500、三等300元）每月增发补贴的合计。",
      "Monthly grade subsidy for secretaries in post (800 / 500 / 300 yuan by grade).",
      "sum", "元", model="secretaries", expr="subsidy", higher_is_better=None),
    M("reserve_pool", "leadership", "后备人才库", "Reserve pool",
      "统计日在库的社区后备人选人数。", "Reserve candidates in the pool on the as-of date.",
      "count", "人", model="reserve"),
    M("reserve_90s", "leadership", "90后后备人选", "Reserve candidates born in the 1990s",
      "在库后备人选中1990—1999年出生者的人数。", "Reserve candidates in the pool born 1990–1999.",
      "count", "人", model="reserve", where="born_1990s"),
    M("reserve_90s_head", "leadership", "90后正职后备", "1990s-born head candidates",
      "在库、1990年代出生、储备为社区正职的人选数。", "1990s-born candidates in the pool for head posts.",
      "count", "人", model="reserve", where="born_1990s AND target_post = '正职'",
      benchmarks=(seed(12, KUIWEN, "奎文区", "Kuiwen"),)),
    M("reserve_90s_deputy", "leadership", "90后副职后备", "1990s-born deputy candidates",
      "在库、1990年代出生、储备为社区副职的人选数。", "1990s-born candidates in the pool for deputy posts.",
      "count", "人", model="reserve", where="born_1990s AND target_post = '副职'",
      benchmarks=(seed(49, KUIWEN, "奎文区", "Kuiwen"),)),
    M("reserve_90s_committee", "leadership", "90后两委成员后备", "1990s-born committee candidates",
      "在库、1990年代出生、储备为“两委”成员的人选数。", "1990s-born candidates in the pool for committee seats.",
      "count", "人", model="reserve", where="born_1990s AND target_post = '两委成员'",
      benchmarks=(seed(76, KUIWEN, "奎文区", "Kuiwen"),)),
    M("reserve_90s_share", "leadership", "后备人选90后占比", "1990s-born share of the pool",
      "在库后备人选中1990年代出生者的比例。", "Share of the reserve pool born in the 1990s.",
      "share", "%", model="reserve", numerator="born_1990s"),
    # --- training ------------------------------------------------------------------------
    M("training_person_times", "training", "培训人次", "Training person-times",
      "本期内参加培训的人次（一人参加一次计一人次）。", "Training attendances in the current period.",
      "count", "人次", model="trainings", window="period"),
    M("training_hours", "training", "培训总学时", "Training hours",
      "本期内全部培训记录的学时之和。", "Total training hours in the current period.",
      "sum", "学时", model="trainings", expr="hours", window="period", precision=0),
    M("trained_workers", "training", "参训在岗人数", "Active workers trained",
      "本期内至少参加过一次培训的在岗社区工作者人数。", "Active workers with at least one training in the period.",
      "count", "人", model="trainings", expr="DISTINCT worker_id", where="worker_active", window="period"),
    M("training_coverage", "training", "培训覆盖率", "Training coverage",
      "本期参训在岗人数除以在岗社区工作者人数。", "Active workers trained in the period divided by active workers.",
      "ratio", "%", ratio_of=("trained_workers", "active_workers")),
    M("hours_per_worker", "training", "人均培训学时", "Training hours per worker",
      "本期培训总学时除以在岗社区工作者人数。", "Training hours in the period per active worker.",
      "ratio", "学时", ratio_of=("training_hours", "active_workers")),
    M("training_pass_rate", "training", "培训合格率", "Training pass rate",
      "本期培训记录中结果为合格或优秀的比例。", "Share of the period's trainings passed (passed or excellent).",
      "share", "%", model="trainings", numerator="result IN ('优秀', '合格')", window="period"),
    M("training_excellent_rate", "training", "培训优秀率", "Training excellence rate",
      "本期培训记录中结果为优秀的比例。", "Share of the period's trainings rated excellent.",
      "share", "%", model="trainings", numerator="result = '优秀'", window="period"),
    # --- assessment ----------------------------------------------------------------------
    M("assessed_workers", "assessment", "参加年度考核人数", "Workers assessed",
      "最近一个完整年度参加考核的人数。", "Workers assessed for the latest completed year.",
      "count", "人", model="assessments", window="last_year"),
    M("assessment_excellent_share", "assessment", "考核优秀率", "Share rated excellent",
      "最近年度考核中等次为优秀的比例。", "Share rated excellent in the latest completed year.",
      "share", "%", model="assessments", numerator="grade = '优秀'", window="last_year"),
    M("assessment_failed", "assessment", "考核不称职人数", "Rated incompetent",
      "最近年度考核等次为不称职的人数。", "Workers rated incompetent in the latest completed year.",
      "count", "人", model="assessments", where="grade = '不称职'", window="last_year", higher_is_better=False),
    M("composite_score", "assessment", "考核综合得分", "Composite assessment score",
      "平时考核、年度考核、服务对象评价按岗位类别权重加权后的平均分。",
      "Mean of routine, annual and client scores weighted by the role category's template.",
      "average", "分", model="assessments", expr="composite_score", window="last_year"),
    # --- partners ------------------------------------------------------------------------
    M("partners", "partners", "幸福合伙人", "Happiness partners",
      "统计日在册、服务辖区内至少一个社区的幸福合伙人数量。",
      "Partners in service on the as-of date serving at least one community in the region.",
      "count", "家", model="partners", expr="DISTINCT partner_id",
      benchmarks=(seed(130, HONGTONG, "洪洞县", "Hongtong", wording="plus"),)),
    M("communities", "partners", "社区数", "Communities",
      "辖区内社区的个数。", "Number of communities in the region.",
      "count", "个", model="communities", higher_is_better=None),
    M("partners_per_community", "partners", "社区平均合伙人", "Partners per community",
      "幸福合伙人数量除以社区数。", "Partners in service divided by the number of communities.",
      "ratio", "家", ratio_of=("partners", "communities"), precision=1),
    M("partner_score", "partners", "合伙人季度综合评分", "Partner quarterly score",
      "最近一个完整季度居民评价、社区考核、行业评议加权总分的平均值。",
      "Mean weighted total of resident, community and industry ratings in the latest completed quarter.",
      "average", "分", model="partner_evaluations", expr="total_score", window="last_quarter"),
    M("partner_honours", "partners", "季度获评荣誉", "Quarterly honours",
      "最近一个完整季度获评“优秀幸福合伙人”“星级服务商户”的数量。",
      "Partners honoured in the latest completed quarter.",
      "count", "家", model="partner_evaluations", where="honour IS NOT NULL", window="last_quarter"),
    # --- services ------------------------------------------------------------------------
    M("issues_raised", "services", "本期受理民生诉求", "Issues raised this period",
      "本期内提出（受理）的民生难题和诉求件数。", "Livelihood issues raised in the current period.",
      "count", "件", model="issues", window="period", time_column="raised_on", higher_is_better=None),
    M("issues_resolved", "services", "联席会议解决民生难题", "Issues resolved via joint meetings",
      "自上一年1月1日至统计日，通过联席会议解决的民生难题件数。",
      "Issues resolved through joint meetings from 1 January of the previous year to the as-of date.",
      "count", "件", model="issues", where="source = '联席会议'", window="since_prev_year",
      time_column="resolved_on",
      benchmarks=(seed(180, HONGTONG, "洪洞县", "Hongtong", wording="plus"),)),
    M("issue_resolution_rate", "services", "诉求解决率", "Issue resolution rate",
      "本期提出的诉求中统计日前已解决的比例。", "Share of the period's issues resolved by the as-of date.",
      "share", "%", model="issues", numerator="resolved_on <= $as_of", window="period", time_column="raised_on"),
    M("issue_median_days", "services", "诉求办结天数（中位数）", "Median days to resolve",
      "本期办结的诉求从提出到解决所用天数的中位数。", "Median days from raised to resolved for issues resolved in the period.",
      "median", "天", model="issues", expr="days_to_resolve", window="period", time_column="resolved_on",
      higher_is_better=False),
    M("wishes_raised", "services", "累计征集微心愿", "Wishes raised",
      "截至统计日累计征集的微心愿个数。", "Wishes raised up to the as-of date.",
      "count", "个", model="wishes", window="cumulative", time_column="raised_on", higher_is_better=None),
    M("wishes_claimed", "services", "累计认领微心愿", "Wishes claimed",
      "截至统计日累计被认领的微心愿个数。", "Wishes claimed up to the as-of date.",
      "count", "个", model="wishes", window="cumulative", time_column="claimed_on"),
    M("wishes_fulfilled", "services", "累计完成微心愿", "Wishes fulfilled",
      "截至统计日累计认领完成的微心愿个数。", "Wishes fulfilled up to the as-of date.",
      "count", "个", model="wishes", window="cumulative", time_column="fulfilled_on",
      benchmarks=(seed(1200, HONGTONG, "洪洞县", "Hongtong", wording="plus"),)),
    M("wish_fulfilment_rate", "services", "微心愿完成率", "Wish fulfilment rate",
      "截至统计日已征集的微心愿中已完成的比例。", "Share of wishes raised up to the as-of date that were fulfilled.",
      "share", "%", model="wishes", numerator="fulfilled_on <= $as_of", window="cumulative",
      time_column="raised_on"),
    M("points_earned", "services", "本期获得积分", "Points earned this period",
      "本期内初心储蓄本中获得的积分合计。", "Points earned in the current period.",
      "sum", "积分", model="points", expr="points", where="points > 0", window="period"),
    M("points_redeemed", "services", "本期兑换积分", "Points redeemed this period",
      "本期内初心储蓄本中兑换消耗的积分合计。", "Points redeemed in the current period.",
      "sum", "积分", model="points", expr="-points", where="points < 0", window="period", higher_is_better=None),
    M("points_redemption_rate", "services", "积分兑换率", "Points redemption rate",
      "本期兑换积分除以本期获得积分。", "Points redeemed divided by points earned in the period.",
      "ratio", "%", ratio_of=("points_redeemed", "points_earned"), higher_is_better=None),
    # --- five-level structure (洪洞: 县委—乡镇党委—社区党组织—小区（网格）党支部—党员中心户) --------
    M("streets", "structure", "街道（乡镇）", "Streets and towns",
      "辖区内街道（乡镇）的个数，即乡镇（街道）党委数。", "Streets and towns in the region (one Party committee each).",
      "count", "个", model="streets", expr="DISTINCT region_id", higher_is_better=None),
    M("grids", "structure", "网格", "Grids",
      "辖区内社区划分的网格（小区）个数。", "Grids (residential blocks) the communities are divided into.",
      "count", "个", model="grids", higher_is_better=None),
    M("grid_party_branches", "structure", "小区（网格）党支部", "Grid Party branches",
      "已建立小区（网格）党支部的网格个数。", "Grids with a Party branch of their own.",
      "count", "个", model="grids", where="party_branch IS NOT NULL"),
    M("grid_branch_coverage", "structure", "网格党支部覆盖率", "Grid Party branch coverage",
      "已建党支部的网格占全部网格的比例。", "Share of grids with a Party branch.",
      "share", "%", model="grids", numerator="party_branch IS NOT NULL"),
    M("party_households", "structure", "党员中心户", "Party-member contact households",
      "统计日在册的党员中心户户数。", "Party-member contact households designated on the as-of date.",
      "count", "户", model="party_households"),
    M("households_per_party_household", "structure", "户均联系群众", "Households linked per contact household",
      "党员中心户平均联系的群众户数。", "Mean number of households each contact household keeps in touch with.",
      "average", "户", model="party_households", expr="linked_households", precision=1),
    M("grid_assigned_share", "structure", "定岗网格社工占比", "Workers assigned to a grid",
      "在岗社区工作者中已定岗到网格（小区）的比例。", "Share of active workers assigned to a grid (residential block).",
      "share", "%", model="workers", numerator="grid_id IS NOT NULL"),
    # --- needs against supply (居民需求清单 / 服务供给清单 / 社区服务清单) ---------------------------
    M("needs_registered", "needs", "本期登记居民需求", "Needs registered this period",
      "本期内登记进居民需求清单的需求件数。", "Resident needs registered in the current period.",
      "count", "件", model="needs", window="period", time_column="raised_on", higher_is_better=None),
    M("needs_matched", "needs", "本期匹配需求", "Needs matched this period",
      "本期内与服务供给匹配上的需求件数。", "Needs matched with a supply item in the current period.",
      "count", "件", model="needs", window="period", time_column="matched_on"),
    M("needs_met", "needs", "本期满足需求", "Needs met this period",
      "本期内服务完成、需求得到满足的件数。", "Needs met (service delivered) in the current period.",
      "count", "件", model="needs", window="period", time_column="met_on"),
    M("need_matching_rate", "needs", "需求匹配率", "Need matching rate",
      "本期登记的需求中统计日前已匹配的比例。", "Share of the period's needs matched by the as-of date.",
      "share", "%", model="needs", numerator="matched_on <= $as_of", window="period", time_column="raised_on"),
    M("need_days_to_match", "needs", "需求匹配天数（中位数）", "Median days to match a need",
      "本期匹配的需求从登记到匹配所用天数的中位数。", "Median days from registration to match for needs matched in the period.",
      "median", "天", model="needs", expr="days_to_match", window="period", time_column="matched_on",
      higher_is_better=False),
    M("needs_open", "needs", "待匹配需求", "Needs awaiting a match",
      "统计日已登记、尚未匹配的需求件数。", "Needs registered by the as-of date and not yet matched.",
      "count", "件", model="needs", where="matched_on IS NULL OR matched_on > $as_of", window="cumulative",
      time_column="raised_on", higher_is_better=False),
    M("needs_unserved", "needs", "无人认领的需求", "Needs no supply covers",
      "待匹配需求中，所在社区没有任何同类服务供给的件数。",
      "Needs awaiting a match with no supply item of their category serving their community.",
      "count", "件", model="needs", where="(matched_on IS NULL OR matched_on > $as_of) AND NOT supply_in_reach",
      window="cumulative", time_column="raised_on", higher_is_better=False),
    M("supply_items", "needs", "在供服务项目", "Supply items in service",
      "统计日在供、服务辖区社区的服务供给清单和社区服务清单项目数。",
      "Items of the partner supply list and the department service list in service for the region.",
      "count", "项", model="supplies"),
    M("supply_capacity", "needs", "年服务能力", "Yearly service capacity",
      "在供服务项目每年可服务人次之和。", "Sum of the yearly capacity (people or times) of the supply items in service.",
      "sum", "人次", model="supplies", expr="capacity", higher_is_better=None),
    M("supply_idle", "needs", "无需求对接的供给", "Supply without demand",
      "在供服务项目中，近12个月所服务社区没有同类需求的项目数。",
      "Supply items in service with no need of their category in the communities served in the last 12 months.",
      "count", "项", model="supplies", where="NOT demanded", higher_is_better=False),
    # --- training mechanisms (奎文: 实岗锻炼, 赋能阵地) --------------------------------------------
    M("studios", "mechanisms", "“兴村治社好书记”工作室", "Secretaries' studios",
      "统计日在运行的优秀社区书记帮带工作室个数。", "Outstanding secretaries' mentoring studios running on the as-of date.",
      "count", "个", model="studios", benchmarks=(seed(10, KUIWEN, "奎文区", "Kuiwen"),)),
    M("shadow_trainees", "mechanisms", "跟班实训后备人才", "Reserve talent in shadow training",
      "截至统计日分批次选派跟班实训的人数（一人多次计一人）。",
      "People placed in shadow training up to the as-of date, each counted once.",
      "count", "人", model="placements", expr="DISTINCT trainee", window="cumulative",
      benchmarks=(seed(72, KUIWEN, "奎文区", "Kuiwen"),)),
    M("salons_held", "mechanisms", "治理沙龙", "Governance salons",
      "截至统计日举办的社区治理沙龙期数。", "Governance salon sessions held up to the as-of date.",
      "count", "期", model="salons", window="cumulative", benchmarks=(seed(7, KUIWEN, "奎文区", "Kuiwen"),)),
    M("salon_attendance", "mechanisms", "沙龙参加人次", "Salon attendance",
      "截至统计日各期治理沙龙参加人次之和。", "Attendance of all salon sessions up to the as-of date.",
      "sum", "人次", model="salons", expr="attendance", window="cumulative"),
    M("rotating_deputies", "mechanisms", "跨岗位跨社区锻炼副职", "Deputies in cross-post or cross-community rotation",
      "截至统计日参加跨岗位、跨社区锻炼的社区副职人数（一人多次计一人）。",
      "Deputies who served a cross-post or cross-community rotation up to the as-of date, each counted once.",
      "count", "人", model="rotations", expr="DISTINCT worker_id", where="role_category = '社区副职'",
      window="cumulative", benchmarks=(seed(31, KUIWEN, "奎文区", "Kuiwen"),)),
    M("teaching_sites", "mechanisms", "现场教学点", "On-site teaching sites",
      "统计日在用的优秀社区、小区现场教学点个数。", "Model communities and blocks used as on-site teaching sites.",
      "count", "个", model="training_resources", where="kind = '现场教学点'",
      benchmarks=(seed(23, KUIWEN, "奎文区", "Kuiwen"),)),
    M("partner_colleges", "mechanisms", "共建院校", "Partner colleges",
      "统计日签订共建协议的院校数。", "Colleges with a joint-training agreement on the as-of date.",
      "count", "所", model="training_resources", where="kind = '合作院校'",
      benchmarks=(seed(14, KUIWEN, "奎文区", "Kuiwen"),)),
    M("teacher_pools", "mechanisms", "师资库", "Teacher pools",
      "统计日建立的师资库个数（学者智库、实务专家、一线精英等）。", "Teacher pools (scholars, practitioners, front-line experts).",
      "count", "个", model="training_resources", where="kind = '师资库'",
      benchmarks=(seed(3, KUIWEN, "奎文区", "Kuiwen"),)),
    M("pool_teachers", "mechanisms", "入库师资", "Teachers in the pools",
      "各师资库的入库师资人数之和。", "Teachers in all the teacher pools.",
      "sum", "人", model="training_resources", expr="coalesce(members, 0)", where="kind = '师资库'"),
    M("featured_courses", "mechanisms", "特色好课", "Featured course kinds",
      "统计日开发的特色好课类别数。", "Kinds of featured courses developed.",
      "count", "类", model="training_resources", where="kind = '特色课程'",
      benchmarks=(seed(10, KUIWEN, "奎文区", "Kuiwen"),)),
    M("special_topics", "mechanisms", "精品专题", "Special topics",
      "统计日开发的精品专题类别数。", "Kinds of special topics developed.",
      "count", "类", model="training_resources", where="kind = '精品专题'",
      benchmarks=(seed(6, KUIWEN, "奎文区", "Kuiwen"),)),
    # --- 胜任力测评 -----------------------------------------------------------------------------
    M("competency_assessed", "competency", "参加胜任力测评人数", "Workers assessed for competency",
      "近12个月参加胜任力测评的社区工作者人数。", "Workers with a competency assessment in the last 12 months.",
      "count", "人", model="competency", expr="DISTINCT worker_id", window="trailing_years:1"),
    M("competency_score", "competency", "胜任力平均分", "Mean competency score",
      "近12个月胜任力测评各维度得分的平均值。", "Mean score over all dimensions of the last 12 months' assessments.",
      "average", "分", model="competency", expr="score", window="trailing_years:1"),
    M("competency_weak_share", "competency", "胜任力短板占比", "Scores below the threshold",
      "近12个月胜任力测评中低于该维度达标线的得分所占比例。",
      "Share of the last 12 months' dimension scores below the dimension's threshold.",
      "share", "%", model="competency", numerator="below", window="trailing_years:1", higher_is_better=False),
    # --- 专职专干 and 考核结果运用 --------------------------------------------------------------
    M("workers_on_secondment", "assessment", "被借调社区工作者", "Workers on secondment",
      "统计日被部门、街道等借调的社区工作者人数（要求为0）。",
      "Community workers borrowed by a department or street on the as-of date (the rule: none).",
      "count", "人", model="secondments", expr="DISTINCT worker_id", where="active", higher_is_better=False,
      # The rule, not a reported count: 部门、街道一律不得借用社区工作者 (奎文's 专职专干).
      benchmarks=(Benchmark(0, "专职专干目标", "Full-time-duty target",
                            "奎文区：明确部门、街道一律不得借用社区工作者，确保专职专干", "lower"),)),
    M("secondments_12m", "assessment", "近12个月新增借调", "Secondments started, last 12 months",
      "统计日前12个月内开始的借调次数。", "Secondments that started in the 12 months up to the as-of date.",
      "count", "件", model="secondments", window="trailing_years:1", higher_is_better=False),
    M("outcomes_renewed", "assessment", "考核后续聘", "Contracts renewed after assessment",
      "最近一个完整年度考核结果运用为续聘的人数。", "Workers whose contract was renewed on the latest year's assessment.",
      "count", "人", model="assessment_outcomes", where="outcome = '续聘'", window="last_year", higher_is_better=None),
    M("outcomes_dismissed", "assessment", "考核后解聘", "Dismissed after assessment",
      "最近一个完整年度考核结果运用为解聘的人数。", "Workers dismissed on the latest year's assessment.",
      "count", "人", model="assessment_outcomes", where="outcome = '解聘'", window="last_year", higher_is_better=None),
    M("outcomes_accountability", "assessment", "诫勉谈话、降职或责令辞职", "Admonished, demoted or told to resign",
      "最近一个完整年度考核结果不佳而诫勉谈话、降职使用或责令辞职的人次。",
      "Admonition talks, demotions and orders to resign on the latest year's assessment.",
      "count", "人次", model="assessment_outcomes",
      where=f"outcome IN {sql_list(domain.ACCOUNTABILITY_OUTCOMES)}", window="last_year", higher_is_better=None),
    # --- 洪洞's partners by kind -------------------------------------------------------------------
    M("partner_departments", "partners", "职能部门及驻区单位合伙人", "Departments and resident bodies",
      "在册幸福合伙人中机关单位（职能部门及驻区机关单位）的数量。",
      "Partners in service that are government bodies (functional departments and resident institutions).",
      "count", "家", model="partners", expr="DISTINCT partner_id", where="type = '机关单位'",
      benchmarks=(seed(75, HONGTONG, "洪洞县", "Hongtong"),)),
    M("partner_associations", "partners", "行业协会合伙人", "Trade associations",
      "在册幸福合伙人中行业协会的数量。", "Partners in service that are trade associations.",
      "count", "家", model="partners", expr="DISTINCT partner_id", where="subtype = '行业协会'",
      benchmarks=(seed(25, HONGTONG, "洪洞县", "Hongtong"),)),
    M("partner_talent_studios", "partners", "人才工作室合伙人", "Talent studios",
      "在册幸福合伙人中人才工作室的数量。", "Partners in service that are talent studios.",
      "count", "家", model="partners", expr="DISTINCT partner_id", where="subtype = '人才工作室'",
      benchmarks=(seed(14, HONGTONG, "洪洞县", "Hongtong"),)),
    M("partners_recruited_online", "partners", "线上招募合伙人", "Partners recruited online",
      "在册幸福合伙人中通过社区公众号、网格微信群等线上渠道招募的数量。",
      "Partners in service recruited online (community accounts, grid chat groups).",
      "count", "家", model="partners", expr="DISTINCT partner_id", where="recruitment_channel = '线上招募'",
      higher_is_better=None),
)

# What each share counts: numerator (zh, en), denominator (zh, en), and the unit of both.
SHARE_PARTS: dict[str, tuple[str, str, str, str, str]] = {
    "under_40_share": ("40周岁以下人数", "Aged under 40", "在岗社区工作者", "Active workers", "人"),
    "college_share": ("大专及以上学历人数", "College or above", "在岗社区工作者", "Active workers", "人"),
    "bachelor_share": ("本科及以上学历人数", "Bachelor's or above", "在岗社区工作者", "Active workers", "人"),
    "certified_share": ("持证人数", "Certified", "在岗社区工作者", "Active workers", "人"),
    "party_member_share": ("党员人数", "Party members", "在岗社区工作者", "Active workers", "人"),
    "female_share": ("女性人数", "Women", "在岗社区工作者", "Active workers", "人"),
    "male_share": ("男性人数", "Men", "在岗社区工作者", "Active workers", "人"),
    "grade_one_share": ("一等书记人数", "Graded first", "已评定等次书记", "Graded secretaries", "人"),
    "grade_two_share": ("二等书记人数", "Graded second", "已评定等次书记", "Graded secretaries", "人"),
    "grade_three_share": ("三等书记人数", "Graded third", "已评定等次书记", "Graded secretaries", "人"),
    "reserve_90s_share": ("90后后备人选", "Born in the 1990s", "后备人选", "Reserve candidates", "人"),
    "training_pass_rate": ("合格及以上人次", "Passed", "培训人次", "Training person-times", "人次"),
    "training_excellent_rate": ("优秀人次", "Excellent", "培训人次", "Training person-times", "人次"),
    "assessment_excellent_share": ("考核优秀人数", "Rated excellent", "参加年度考核人数", "Workers assessed", "人"),
    "issue_resolution_rate": ("已解决诉求", "Resolved", "受理诉求", "Issues raised", "件"),
    "wish_fulfilment_rate": ("已完成微心愿", "Fulfilled", "征集微心愿", "Wishes raised", "个"),
    "grid_branch_coverage": ("已建党支部网格", "Grids with a branch", "网格", "Grids", "个"),
    "grid_assigned_share": ("定岗网格社工", "Assigned to a grid", "在岗社区工作者", "Active workers", "人"),
    "need_matching_rate": ("已匹配需求", "Matched", "登记需求", "Needs registered", "件"),
    "competency_weak_share": ("低于达标线得分", "Below the threshold", "测评得分", "Dimension scores", "项"),
}  # fmt: skip

_BY_ID = {m.id: m for m in CATALOGUE}


def get(metric_id: str) -> Metric:
    try:
        return _BY_ID[metric_id]
    except KeyError:
        raise KeyError(f"unknown metric {metric_id!r}") from None


def ids() -> tuple[str, ...]:
    return tuple(_BY_ID)


def validate() -> None:
    """Catch catalogue mistakes at import time rather than on a page."""
    for m in CATALOGUE:
        assert m.type in TYPES, m.id
        assert m.window in WINDOWS, m.id
        assert m.unit in UNIT_DECIMALS, m.id
        if m.type == "ratio":
            assert m.ratio_of and all(x in _BY_ID for x in m.ratio_of), m.id
        else:
            assert m.model in MODELS, m.id
            if m.window != "snapshot":
                assert m.time in MODELS[m.model].time_columns, m.id
        if m.type == "share":
            assert m.numerator, m.id
        if m.type in ("average", "median", "sum"):
            assert m.expr, m.id
        if m.known:
            assert m.known in KNOWN_FIELDS and m.type != "ratio", m.id


validate()
