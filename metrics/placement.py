"""Where each KPI of the catalogue shows: the cards of a dashboard page (in order), the section of
the briefing that mentions it, and the KPIs the briefing ranks sub-regions on.

Adding a KPI means three things: its catalogue entry, its line here, and its hand-computed test.
The pages (`kpi.cards`), the briefing (`outputs.report`) and the tests read these tables; the
command line (`cli.py kpis`) lists the whole catalogue.
"""

from __future__ import annotations

from metrics import catalogue

# Dashboard page id (pages/__init__.py) -> its KPI cards, in reading order: the row that opens the
# page, then the cards of its sections (SECTION_CARDS), so no page opens with a wall of cards.
PAGE_CARDS: dict[str, tuple[str, ...]] = {
    # The overview's cards are the headline KPIs; the briefing's KPI table shows the same.
    "overview": ("active_workers", "workers_per_10k", "under_40_share", "college_share", "certified_share",
                 "secretary_avg_age", "reserve_90s", "training_coverage", "partners", "issues_resolved",
                 "wishes_fulfilled"),
    "workforce": ("active_workers", "workers_per_10k", "average_age", "under_40_share", "college_share",
                  "bachelor_share", "certified_share", "party_member_share", "turnover_rate"),
    "secretaries": ("secretaries", "secretary_avg_age", "new_secretaries_3y", "monthly_subsidy", "reserve_pool",
                    "reserve_90s", "reserve_90s_share", "graded_secretaries"),
    "training": ("training_coverage", "trained_workers", "training_person_times", "training_hours",
                 "hours_per_worker", "training_pass_rate", "training_excellent_rate",
                 # 实岗锻炼与赋能阵地
                 "studios", "shadow_trainees", "salons_held", "salon_attendance", "rotating_deputies",
                 "teaching_sites", "partner_colleges", "teacher_pools", "pool_teachers", "featured_courses",
                 "special_topics"),
    "assessment": ("assessed_workers", "composite_score", "assessment_excellent_share", "assessment_failed",
                   "negative_list_exits", "exits_12m", "turnover_rate",
                   # 胜任力测评
                   "competency_assessed", "competency_score", "competency_weak_share",
                   # 专职专干与考核结果运用
                   "workers_on_secondment", "secondments_12m", "outcomes_renewed", "outcomes_dismissed",
                   "outcomes_accountability"),
    "partners": ("partners", "partners_per_community", "partner_score", "partner_honours",
                 "partner_departments", "partner_associations", "partner_talent_studios", "partners_recruited_online",
                 # 五级架构
                 "streets", "grids", "grid_party_branches", "grid_branch_coverage", "party_households",
                 "households_per_party_household", "grid_assigned_share"),
    "services": ("issues_raised", "issue_resolution_rate", "issue_median_days", "issues_resolved", "wishes_raised",
                 "wishes_fulfilled", "wish_fulfilment_rate", "points_redemption_rate",
                 # 需求与供给
                 "needs_registered", "needs_matched", "needs_met", "need_matching_rate", "need_days_to_match",
                 "needs_open", "needs_unserved", "supply_items", "supply_capacity", "supply_idle"),
}
# Page id -> section id -> the cards that open that section (a tab on a desk, a screen on the
# wall), in reading order; each is a run of the page's PAGE_CARDS after its opening row.
SECTION_CARDS: dict[str, dict[str, tuple[str, ...]]] = {
    "training": {"mechanisms": ("studios", "shadow_trainees", "salons_held", "salon_attendance", "rotating_deputies",
                                "teaching_sites", "partner_colleges", "teacher_pools", "pool_teachers",
                                "featured_courses", "special_topics")},
    "assessment": {"competency": ("competency_assessed", "competency_score", "competency_weak_share"),
                   "duty": ("workers_on_secondment", "secondments_12m", "outcomes_renewed", "outcomes_dismissed",
                            "outcomes_accountability")},
    "partners": {"structure": ("streets", "grids", "grid_party_branches", "grid_branch_coverage", "party_households",
                               "households_per_party_household", "grid_assigned_share")},
    "services": {"needs": ("needs_registered", "needs_matched", "needs_met", "need_matching_rate",
                           "need_days_to_match", "needs_open", "needs_unserved", "supply_items", "supply_capacity",
                           "supply_idle")},
}

HEADLINE_PAGE = "overview"

# Briefing section id -> (title, the KPIs its paragraph mentions). A KPI the section's hand-written
# sentences do not mention is added to the paragraph in a plain sentence of its own.
BRIEFING_SECTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "workforce": ("队伍规模与结构", (
        "active_workers", "workers_per_10k", "under_40_share", "college_share", "bachelor_share", "certified_share",
        "average_age", "open_recruits_4y", "exits_12m", "turnover_rate")),
    "leadership": ("头雁队伍", (
        "secretaries", "secretary_avg_age", "new_secretaries_3y", "graded_secretaries", "grade_one_share",
        "grade_two_share", "grade_three_share", "monthly_subsidy", "reserve_pool", "reserve_90s_head",
        "reserve_90s_deputy", "reserve_90s_committee")),
    "training": ("培育与考核", (
        "training_person_times", "training_hours", "training_coverage", "hours_per_worker", "assessed_workers",
        "assessment_excellent_share", "assessment_failed")),
    "partners_services": ("幸福合伙人与民生服务", (
        "partners", "partners_per_community", "partner_score", "partner_departments", "partner_associations",
        "partner_talent_studios", "partners_recruited_online", "issues_resolved", "issues_raised",
        "issue_resolution_rate", "issue_median_days", "wishes_fulfilled", "wish_fulfilment_rate")),
    "structure": ("五级架构与网格治理", (
        "streets", "grids", "grid_party_branches", "grid_branch_coverage", "party_households",
        "households_per_party_household", "grid_assigned_share")),
    "needs": ("需求与供给", (
        "needs_registered", "needs_matched", "needs_met", "need_matching_rate", "need_days_to_match", "needs_open",
        "needs_unserved", "supply_items", "supply_capacity", "supply_idle")),
    "mechanisms": ("实岗锻炼与赋能阵地", (
        "studios", "shadow_trainees", "salons_held", "salon_attendance", "rotating_deputies", "teaching_sites",
        "partner_colleges", "teacher_pools", "pool_teachers", "featured_courses", "special_topics")),
    "competency": ("胜任力测评与考核结果运用", (
        "competency_assessed", "competency_score", "competency_weak_share", "workers_on_secondment",
        "secondments_12m", "outcomes_renewed", "outcomes_dismissed", "outcomes_accountability")),
}

# The KPIs the briefing ranks sub-regions on, with their short column headings, in column order.
RANKING: dict[str, str] = {
    "workers_per_10k": "每万人社工数",
    "under_40_share": "40岁以下占比",
    "college_share": "大专以上占比",
    "certified_share": "持证比例",
    "secretary_avg_age": "书记平均年龄",
    "training_coverage": "培训覆盖率",
    "partners_per_community": "社均合伙人",
}


def cards(page: str) -> tuple[str, ...]:
    """The KPI cards of dashboard page `page`, in order (its opening row, then its sections')."""
    return PAGE_CARDS[page]


def opening_cards(page: str) -> tuple[str, ...]:
    """The cards that open page `page` (those of no section)."""
    inside = {m for ids in SECTION_CARDS.get(page, {}).values() for m in ids}
    return tuple(m for m in PAGE_CARDS[page] if m not in inside)


def section_cards(page: str, section: str) -> tuple[str, ...]:
    """The cards that open section `section` of page `page`."""
    return SECTION_CARDS[page][section]


def headline() -> tuple[str, ...]:
    """The headline KPIs: the overview's cards and the briefing's KPI table."""
    return PAGE_CARDS[HEADLINE_PAGE]


def section_metrics(section: str) -> tuple[str, ...]:
    return BRIEFING_SECTIONS[section][1]


def briefing_metrics() -> tuple[str, ...]:
    """Every KPI the briefing shows (table, paragraphs, ranking), without duplicates."""
    ids = [*headline(), *(m for _, ms in BRIEFING_SECTIONS.values() for m in ms), *RANKING]
    return tuple(dict.fromkeys(ids))


def places(metric_id: str) -> list[str]:
    """Where a KPI shows, for the command line: page ids and briefing sections."""
    out = [f"page:{page}" for page, ids in PAGE_CARDS.items() if metric_id in ids]
    out += [f"briefing:{s}" for s, (_, ids) in BRIEFING_SECTIONS.items() if metric_id in ids]
    return out


# The KPIs schema 6 added (catalogue.py from "five-level structure" on): each must be placed.
SCHEMA_6 = frozenset(m.id for m in catalogue.CATALOGUE
                     if m.topic in ("structure", "needs", "mechanisms", "competency")
                     or m.id in ("workers_on_secondment", "secondments_12m", "outcomes_renewed", "outcomes_dismissed",
                                 "outcomes_accountability", "partner_departments", "partner_associations",
                                 "partner_talent_studios", "partners_recruited_online"))


def validate() -> None:
    """Every placed id is in the catalogue, and none is placed twice on one page or section."""
    known = set(catalogue.ids())
    lists = [*PAGE_CARDS.values(), *(ids for _, ids in BRIEFING_SECTIONS.values()), tuple(RANKING)]
    for ids in lists:
        unknown = set(ids) - known
        assert not unknown, f"placement names unknown metrics: {sorted(unknown)}"
        assert len(ids) == len(set(ids)), f"a metric is placed twice in {ids}"
    for page, sections in SECTION_CARDS.items():
        for section, ids in sections.items():
            assert set(ids) <= set(PAGE_CARDS[page]), f"{page}/{section}: section cards not among the page's"
    # Every KPI of the five-level structure, needs, mechanisms and competency topics (schema 6)
    # has a page and a sentence of the briefing.
    on_pages = {m for ids in PAGE_CARDS.values() for m in ids}
    briefed = set(briefing_metrics())
    for m in catalogue.CATALOGUE:
        if m.id in SCHEMA_6:
            assert m.id in on_pages and m.id in briefed, f"{m.id} has no place on a page or in the briefing"


validate()
