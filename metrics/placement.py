"""Where each KPI of the catalogue shows: the cards of a dashboard page (in order), the section of
the briefing that mentions it, and the KPIs the briefing ranks sub-regions on.

Adding a KPI means three things: its catalogue entry, its line here, and its hand-computed test.
The pages (`kpi.cards`), the briefing (`outputs.report`) and the tests read these tables; the
command line (`cli.py kpis`) lists the whole catalogue.
"""

from __future__ import annotations

from metrics import catalogue

# Dashboard page id (pages/__init__.py) -> its KPI cards, in reading order.
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
                 "hours_per_worker", "training_pass_rate", "training_excellent_rate"),
    "assessment": ("assessed_workers", "composite_score", "assessment_excellent_share", "assessment_failed",
                   "negative_list_exits", "exits_12m", "turnover_rate"),
    "partners": ("partners", "partners_per_community", "partner_score", "partner_honours"),
    "services": ("issues_raised", "issue_resolution_rate", "issue_median_days", "issues_resolved", "wishes_raised",
                 "wishes_fulfilled", "wish_fulfilment_rate", "points_redemption_rate"),
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
        "partners", "partners_per_community", "partner_score", "issues_resolved", "issues_raised",
        "issue_resolution_rate", "issue_median_days", "wishes_fulfilled", "wish_fulfilment_rate")),
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
    """The KPI cards of dashboard page `page`, in order."""
    return PAGE_CARDS[page]


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


def validate() -> None:
    """Every placed id is in the catalogue, and none is placed twice on one page or section."""
    known = set(catalogue.ids())
    lists = [*PAGE_CARDS.values(), *(ids for _, ids in BRIEFING_SECTIONS.values()), tuple(RANKING)]
    for ids in lists:
        unknown = set(ids) - known
        assert not unknown, f"placement names unknown metrics: {sorted(unknown)}"
        assert len(ids) == len(set(ids)), f"a metric is placed twice in {ids}"


validate()
