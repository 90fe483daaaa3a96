"""The briefing's Chinese narrative, in the style of the source reports.

Each paragraph is a list of text pieces and `Num`s. Every number comes from the metric catalogue
(metrics.compare / breakdown); the wording follows the data: above or below a benchmark, up or
down on last year, which sub-regions lag.
"""

from __future__ import annotations

import duckdb
import pandas as pd

import metrics
from cgw.outputs.report.content import (
    LEVEL_ZH,
    RANKING_METRICS,
    Briefing,
    Num,
    Paragraph,
    Segment,
    against,
    bench_num,
    change_num,
    date_num,
    direction_word,
    gap_num,
    good,
    value_num,
    worse_than_whole,
    year_num,
)
from metrics import catalogue, formatting, placement


class Writer:
    """Builds one paragraph; knows the region and the year-on-year comparisons."""

    def __init__(self, briefing: Briefing, comparisons: dict[str, metrics.Comparison]):
        self.b = briefing
        self.c = comparisons
        self.region = briefing.region.region_id
        self.segments: list[Segment] = []
        self.mentioned: set[str] = set()

    def add(self, *parts: Segment) -> Writer:
        self.segments.extend(parts)
        return self

    def value(self, mid: str) -> float | None:
        return self.c[mid].value

    def num(self, mid: str) -> Num:
        self.mentioned.add(mid)
        return value_num(mid, self.value(mid), self.region)

    def covers(self, *mids: str) -> Writer:
        """Mark KPIs as dealt with although no number was written (a "no data" sentence)."""
        self.mentioned.update(mids)
        return self

    def mention_rest(self, mids: tuple[str, ...]) -> Writer:
        """A plain sentence for each placed KPI the hand-written text did not mention:
        "此外，本科及以上学历占比为45.2%，较上年同期提高1.3个百分点。" """
        rest = [mid for mid in mids if mid not in self.mentioned and self.value(mid) is not None]
        for i, mid in enumerate(rest):
            m = catalogue.get(mid)
            self.add("此外，" if i == 0 else "；", f"{m.label_zh}为", self.num(mid))
            self.yoy(mid)
            level = self.b.region.level
            for index, b in enumerate(m.benchmarks):
                if b in m.benchmarks_at(level) and b.direction != "equal":
                    self.versus(mid, index, formatting.benchmark_label(b))
                    break
        if rest:
            self.add("。")
        return self

    def yoy(self, mid: str, prefix: str = "，较上年同期") -> Writer:
        """", 较上年同期提高1.5个百分点" / "…增加74人" / "…持平"; nothing when last year is unknown."""
        c = self.c[mid]
        word = direction_word(mid, c.yoy_change)
        if word is None or c.value is None:
            return self
        if word == "持平":
            return self.add(f"{prefix}持平")
        m = catalogue.get(mid)
        if m.unit == "%":
            verb = word
        elif m.unit == "岁":
            verb = "上升" if word == "提高" else "下降"
        else:
            verb = "增加" if word == "提高" else "减少"
        return self.add(f"{prefix}{verb}", change_num(mid, c.yoy_change, self.region))

    def versus(self, mid: str, index: int, name: str) -> Writer:
        """", 高于国家标准（18.0人）0.5人" / ", 距国家标准（18.0人）尚差1.2人" / ", 达到国家标准（18.0人）"."""
        v = self.value(mid)
        word = against(mid, v, index)
        if word is None:
            return self
        bench = bench_num(mid, index)
        if word == "达到":
            return self.add(f"，达到{name}（", bench, "）")
        lower_is_better = catalogue.get(mid).benchmarks[index].direction == "lower"
        if (word == "低于") != lower_is_better:  # falls short of the benchmark
            return self.add(f"，距{name}（", bench, "）尚差", gap_num(mid, v, index, self.region))
        return self.add(f"，{word}{name}（", bench, "）", gap_num(mid, v, index, self.region))

    def paragraph(self, title: str) -> Paragraph:
        return Paragraph(title, self.segments)


def _reaches(mid: str, v: float | None) -> str:
    """"超过" when the exact value is above the figure shown (as in "超过91.1%"), else "达"."""
    m = catalogue.get(mid)
    if v is None:
        return "为"
    shown = round(v * 100, 1) / 100 if m.unit == "%" else round(v, m.decimals)
    return "超过" if v > shown + 1e-12 else "达"


def whole_word(briefing: Briefing) -> str:
    """全区 / 全县 / 全市 / 全街道 … for the briefing's region."""
    name = briefing.region.name
    if name and name[-1] in "省市区县镇乡":
        return "全" + name[-1]
    return "全" + {"street": "街道", "community": "社区"}.get(briefing.region.level, "辖区")


def workforce(w: Writer, con: duckdb.DuckDBPyConnection) -> None:
    b = w.b
    w.add("截至", date_num(b.filters.as_of), f"，{b.region.name}共有在岗社区工作者", w.num("active_workers"))
    w.yoy("active_workers")
    w.add("。每万常住人口拥有专职社工", w.num("workers_per_10k")).versus("workers_per_10k", 0, "国家标准")
    w.add("；40周岁以下占比", _reaches("under_40_share", w.value("under_40_share")), w.num("under_40_share"))
    w.yoy("under_40_share")
    w.add("；大专及以上学历占比", _reaches("college_share", w.value("college_share")), w.num("college_share"))
    w.yoy("college_share")
    w.add("；持证比例达到", w.num("certified_share")).versus("certified_share", 0, "国家目标")
    w.add("。队伍平均年龄", w.num("average_age"), "，近4年公开招聘社区工作者", w.num("open_recruits_4y"))
    moves = [good(mid, direction_word(mid, w.c[mid].yoy_change))
             for mid in ("workers_per_10k", "under_40_share", "college_share", "certified_share")]
    if sum(1 for g in moves if g) >= 3:
        w.add("，队伍结构进一步优化")
    elif sum(1 for g in moves if g is False) >= 2:
        w.add("，队伍结构优化仍需加力")
    w.add("。近12个月离岗", w.num("exits_12m"), "，年流失率", w.num("turnover_rate"))
    w.yoy("turnover_rate", "，较上年")
    w.add("。")


def leadership(w: Writer, con: duckdb.DuckDBPyConnection) -> None:
    b = w.b
    if not w.value("secretaries"):
        w.add("统计日暂无在任的社区党组织书记数据。")
        w.covers("secretaries", "secretary_avg_age", "new_secretaries_3y", "graded_secretaries", *_GRADE_SHARES,
                 "monthly_subsidy")
        return
    w.add("在任社区党组织书记", w.num("secretaries"), "，平均年龄", w.num("secretary_avg_age"))
    c = w.c["secretary_avg_age"]
    word = direction_word("secretary_avg_age", c.yoy_change)
    if word == "下降":
        w.add("，较上年下降", change_num("secretary_avg_age", c.yoy_change, w.region), "，队伍更趋年轻")
    elif word == "提高":
        w.add("，较上年上升", change_num("secretary_avg_age", c.yoy_change, w.region))
    w.add("；近3年新提拔使用社区书记", w.num("new_secretaries_3y"), "。")
    graded = w.value("graded_secretaries") or 0
    if graded:
        grades = metrics.breakdown(con, "secretaries", b.filters, "secretary_grade").set_index("key")["value"]
        counts = [value_num("secretaries", float(grades.get(g, 0.0)), w.region, "secretary_grade", g)
                  for g in ("一等", "二等", "三等")]
        shares = _GRADE_SHARES
        w.add("本年度已评定等次的书记", w.num("graded_secretaries"), "，其中一等、二等、三等分别为",
              counts[0], "、", counts[1], "、", counts[2], "，占比", w.num(shares[0]), "、", w.num(shares[1]),
              "、", w.num(shares[2]))
        if all(against(s, w.value(s)) == "达到" for s in shares):
            w.add("，符合", *_ratio_nums(shares), "的等次比例")
        else:
            over = [name for s, name in zip(shares, ("一等", "二等", "三等")) if against(s, w.value(s)) == "高于"]
            w.add("，与", *_ratio_nums(shares), "的目标比例相比", "、".join(over) + "偏多" if over else "存在偏差")
        w.add("，每月增发等次补贴", w.num("monthly_subsidy"), "。")
    else:
        w.add("本年度书记等次尚未评定。")
        w.covers("graded_secretaries", *_GRADE_SHARES, "monthly_subsidy")
    w.add("后备人才库在库", w.num("reserve_pool"), "，其中储备“90后”正职人选", w.num("reserve_90s_head"),
          "、副职人选", w.num("reserve_90s_deputy"), "、“两委”成员人选", w.num("reserve_90s_committee"),
          "，为社区“头雁”队伍蓄足后备力量。")


_GRADE_SHARES = ("grade_one_share", "grade_two_share", "grade_three_share")


def _ratio_nums(shares: tuple[str, ...]) -> list[Segment]:
    """The 1:3:6 target, from the catalogue's benchmarks (10% : 30% : 60%)."""
    out: list[Segment] = []
    for i, s in enumerate(shares):
        m = catalogue.get(s)
        v = m.benchmarks[0].value
        out.append(Num(f"{v * 10:g}", "benchmark_ratio", v, s, bench=0))
        if i < len(shares) - 1:
            out.append(":")
    return out


def training(w: Writer, con: duckdb.DuckDBPyConnection) -> None:
    b = w.b
    f = b.filters
    if f.grain == "year":
        w.add(year_num(f.as_of.year), "以来")
    else:
        w.add("本季度" if f.grain == "quarter" else "本月")
    if not w.value("training_person_times"):
        w.add("暂无培训记录")
        w.covers("training_person_times", "training_hours", "training_coverage", "hours_per_worker")
    else:
        w.add("，累计开展培训", w.num("training_person_times"), "、", w.num("training_hours"),
              "，在岗社区工作者培训覆盖率", w.num("training_coverage"))
        w.yoy("training_coverage")
        w.add("，人均培训学时", w.num("hours_per_worker"))
    last_year = f.params()["last_year_end"].year
    if w.value("assessed_workers"):
        w.add("。", year_num(last_year), "度考核中，参加考核", w.num("assessed_workers"), "，优秀率",
              w.num("assessment_excellent_share"))
        failed = w.value("assessment_failed") or 0
        if failed:
            w.add("，", w.num("assessment_failed"), "被评为不称职，按负面清单和考核结果予以调整")
        else:
            w.add("，无不称职人员").covers("assessment_failed")
    else:
        w.covers("assessed_workers", "assessment_excellent_share", "assessment_failed")
    w.add("。")


def partners_services(w: Writer, con: duckdb.DuckDBPyConnection) -> None:
    b = w.b
    partners = w.value("partners") or 0
    if partners:
        w.add("现有幸福合伙人", w.num("partners"), "，平均每个社区", w.num("partners_per_community"))
        w.yoy("partners")
        if w.value("partner_score") is not None:
            w.add("；最近一个完整季度综合评分平均", w.num("partner_score"))
        w.add("。")
        partner_kinds(w)
    else:
        w.add("统计日暂无在册的幸福合伙人。")
        w.covers("partners", "partners_per_community", "partner_score")
        partner_kinds(w)
    start = b.filters.as_of.year - 1
    w.add("自", year_num(start), "以来，通过联席会议解决民生难题", w.num("issues_resolved"))
    if w.value("issues_raised"):
        period = {"year": "本年", "quarter": "本季度", "month": "本月"}[b.filters.grain]
        w.add(f"；{period}受理民生诉求", w.num("issues_raised"), "，已解决", w.num("issue_resolution_rate"))
        if w.value("issue_median_days") is not None:
            w.add("，办结天数中位数", w.num("issue_median_days"))
    w.add("。累计认领完成微心愿", w.num("wishes_fulfilled"))
    if w.value("wish_fulfilment_rate") is not None:
        w.add("，完成率", w.num("wish_fulfilment_rate"))
    else:
        w.covers("issues_raised", "issue_resolution_rate", "issue_median_days")
    w.add("。")


def lagging(w: Writer) -> Paragraph:
    b = w.b
    if b.region.level == "community":
        w.add(f"{b.region.name}下设网格；排名所用指标（每万人社工数、合伙人等）按社区统计，不再细分网格比较。")
        return w.paragraph("短板与薄弱环节")
    if b.child_level is None or b.ranking.empty:
        w.add(f"{b.region.name}为最基层区划，不再细分下级单位。")
        return w.paragraph("短板与薄弱环节")
    level = LEVEL_ZH[b.child_level]
    whole = whole_word(b)
    behind = b.ranking[b.ranking["lagging"] > 0]
    if behind.empty:
        w.add(f"从各{level}看，主要指标均不低于{whole}水平，发展较为均衡。")
        return w.paragraph("短板与薄弱环节")
    w.add(f"从各{level}看，")
    for i, (_, r) in enumerate(behind.head(3).iterrows()):
        gaps = []
        for mid in RANKING_METRICS:
            v, t = (None if pd.isna(r[mid]) else float(r[mid])), w.value(mid)
            if worse_than_whole(mid, v, t):
                gaps.append((abs(v - t) / (abs(t) or 1), mid, v))
        gaps.sort(reverse=True)
        w.add("；" if i else "", r["name"])
        for _, mid, v in gaps[:2]:
            m = catalogue.get(mid)
            word = "低于" if m.higher_is_better else "高于"
            w.add("，", m.label_zh, value_num(mid, v, r["region_id"]), f"，{word}{whole}水平（", w.num(mid), "）")
    w.add("，是下一步需要重点补齐的短板")
    below = [r["name"] for _, r in b.ranking.iterrows()
             if not pd.isna(r["workers_per_10k"]) and against("workers_per_10k", r["workers_per_10k"]) == "低于"]
    if below:
        w.add("。", "、".join(below), "每万常住人口社工数低于国家标准（", bench_num("workers_per_10k", 0),
              "），应优先补充配备")
    w.add("。")
    return w.paragraph("短板与薄弱环节")


def _period_word(b: Briefing) -> str:
    return {"year": "本年", "quarter": "本季度", "month": "本月"}[b.filters.grain]


def _top_committee(b: Briefing) -> str:
    """县委 / 区委 / 市委 / 街道党工委 …: the Party committee at the top of the briefing's region."""
    name = b.region.name
    if b.region.level in ("province", "city", "district") and name and name[-1] in "省市区县":
        return name[-1] + "委"
    return {"street": "街道（乡镇）党委", "community": "社区党组织", "grid": "小区（网格）党支部"}.get(b.region.level, "党委")


def structure(w: Writer, con: duckdb.DuckDBPyConnection) -> None:
    b = w.b
    if b.region.level in ("province", "city", "district"):
        levels = [_top_committee(b), "乡镇（街道）党委", "社区党组织", "小区（网格）党支部", "党员中心户"]
        w.add(f"{b.region.name}构建“{'—'.join(levels)}”五级组织架构")
        if w.value("streets"):
            w.add("，下辖街道（乡镇）", w.num("streets"))
        w.add("，")
    else:
        w.add(f"{b.region.name}")
    w.covers("streets")
    if not w.value("grids"):
        w.add("尚未划分网格。")
        w.covers("grids", "grid_party_branches", "grid_branch_coverage", "grid_assigned_share")
    else:
        w.add("共划分网格", w.num("grids"), "，建立小区（网格）党支部", w.num("grid_party_branches"),
              "，网格党支部覆盖率", w.num("grid_branch_coverage"))
        w.yoy("grid_branch_coverage")
        w.add("；在岗社区工作者中定岗到网格的占", w.num("grid_assigned_share"), "。")
    if w.value("party_households"):
        w.add("认定党员中心户", w.num("party_households"), "，平均每户联系群众", w.num("households_per_party_household"),
              "，把党的工作延伸到楼栋、到户。")
    else:
        w.add("统计日暂无认定的党员中心户。")
        w.covers("party_households", "households_per_party_household")


def needs(w: Writer, con: duckdb.DuckDBPyConnection) -> None:
    b = w.b
    period = _period_word(b)
    if w.value("needs_registered"):
        w.add(f"{period}登记居民需求", w.num("needs_registered"), "，匹配", w.num("needs_matched"), "、满足",
              w.num("needs_met"), f"；{period}登记的需求中已匹配的占", w.num("need_matching_rate"))
        if w.value("need_days_to_match") is not None:
            w.add("，从登记到匹配用时中位数", w.num("need_days_to_match"))
        w.add("。")
    else:
        w.add(f"{period}没有登记新的居民需求。")
        w.covers("needs_registered", "needs_matched", "needs_met", "need_matching_rate", "need_days_to_match")
    w.add("统计日待匹配需求", w.num("needs_open"))
    if w.value("needs_unserved"):
        w.add("，其中", w.num("needs_unserved"), "所在社区没有同类服务供给，属无人认领的需求，需对接合伙人和职能部门补齐供给")
    else:
        w.add("，均有同类服务供给可对接").covers("needs_unserved")
    w.add("。服务供给清单和社区服务清单在供项目", w.num("supply_items"), "，年服务能力", w.num("supply_capacity"))
    if w.value("supply_idle"):
        w.add("，其中", w.num("supply_idle"), "近12个月所服务社区没有同类需求，可调整服务内容、做到供需精准对接。")
    else:
        w.add("，均有需求对接。").covers("supply_idle")


def _listing(w: Writer, parts: list[tuple[str, str, str]], sep: str = "、") -> list[Segment]:
    """"工作室10个、跟班实训后备人才80人": the parts (before, metric, after) whose value is not 0."""
    out: list[Segment] = []
    for before, mid, after in parts:
        if not w.value(mid):
            w.covers(mid)
            continue
        out += ([sep] if out else []) + [before, w.num(mid), after]
    return [s for s in out if s != ""]


def mechanisms(w: Writer, con: duckdb.DuckDBPyConnection) -> None:
    practice = _listing(w, [("建成“兴村治社好书记”工作室", "studios", ""), ("累计选派跟班实训后备人才", "shadow_trainees", ""),
                            ("举办治理沙龙", "salons_held", ""), ("沙龙累计参加", "salon_attendance", ""),
                            ("参加跨岗位、跨社区锻炼的社区副职", "rotating_deputies", "")], sep="，")
    base = _listing(w, [("现场教学点", "teaching_sites", ""), ("共建院校", "partner_colleges", ""),
                        ("师资库", "teacher_pools", ""), ("入库师资", "pool_teachers", ""),
                        ("特色好课", "featured_courses", ""), ("精品专题", "special_topics", "")])
    if practice:
        w.add("实岗锻炼方面，", *practice, "。")
    if base:
        w.add("赋能阵地方面，建有", *base, "。")
    if not practice and not base:
        w.add("统计日暂无书记工作室、跟班实训、治理沙龙等实岗锻炼和赋能阵地的记录。")


def competency(w: Writer, con: duckdb.DuckDBPyConnection) -> None:
    from metrics import competency as model

    b = w.b
    if w.value("competency_assessed"):
        w.add("近12个月参加胜任力测评的社区工作者", w.num("competency_assessed"), "，各维度平均得分",
              w.num("competency_score"), "，低于达标线的得分占", w.num("competency_weak_share"))
        scores = metrics.breakdown(con, "competency_score", b.filters, "competency_dimension").dropna(subset=["value"])
        dims = {d.dimension_id: d for d in model.dimensions(con)}
        if not scores.empty:
            low = scores.sort_values(["value", "key"]).iloc[0]
            d = dims.get(str(low["key"]))
            w.add("；得分最低的是“", str(low["label"]), "”维度（",
                  value_num("competency_score", float(low["value"]), w.region, "competency_dimension", str(low["key"])), "）")
            if d is not None and d.programme:
                w.add(f"，可通过“{d.programme}”培训补齐短板")
        w.add("。")
    else:
        w.add("近12个月暂无胜任力测评记录。")
        w.covers("competency_assessed", "competency_score", "competency_weak_share")
    on_loan = w.value("workers_on_secondment") or 0
    w.add("统计日被借调的社区工作者", w.num("workers_on_secondment"))
    w.add("，落实专职专干要求" if not on_loan else "，应按专职专干要求限期收回")
    w.add("；近12个月新增借调", w.num("secondments_12m"), "。")
    last_year = b.filters.params()["last_year_end"].year
    w.add(year_num(last_year), "度考核结果运用中，续聘", w.num("outcomes_renewed"), "、解聘", w.num("outcomes_dismissed"),
          "，诫勉谈话、降职使用或责令辞职", w.num("outcomes_accountability"), "。")


def partner_kinds(w: Writer) -> None:
    """洪洞's partners by kind: departments, associations, talent studios, and online recruits."""
    if not w.value("partners"):
        w.covers("partner_departments", "partner_associations", "partner_talent_studios", "partners_recruited_online")
        return
    w.add("其中职能部门及驻区单位", w.num("partner_departments"), "、行业协会", w.num("partner_associations"), "、人才工作室",
          w.num("partner_talent_studios"), "，通过社区公众号、网格微信群等线上渠道招募", w.num("partners_recruited_online"), "。")


# The hand-written paragraph of each briefing section (metrics.placement lists the sections).
SECTION_WRITERS = {"workforce": workforce, "leadership": leadership, "training": training,
                   "partners_services": partners_services, "structure": structure, "needs": needs,
                   "mechanisms": mechanisms, "competency": competency}


def write(con: duckdb.DuckDBPyConnection, briefing: Briefing, comparisons: dict[str, metrics.Comparison]) -> list[Paragraph]:
    """A paragraph per briefing section, in placement order, then the lagging sub-regions."""
    out = []
    for section, (title, ids) in placement.BRIEFING_SECTIONS.items():
        w = Writer(briefing, comparisons)
        SECTION_WRITERS[section](w, con)
        out.append(w.mention_rest(ids).paragraph(title))
    out.append(lagging(Writer(briefing, comparisons)))
    return out
