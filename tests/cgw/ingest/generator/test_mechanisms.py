"""Version 6 of the generator: grids and 党员中心户, needs against supply, the training mechanisms,
competency, secondments and assessment outcomes; the presets' new figures come out exactly."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import metrics
from cgw.ingest.generator import build, targets
from cgw.storage import database

AS_OF = targets.DEFAULT_AS_OF

# Targets field -> the catalogue KPI that counts it.
KPI_OF = {
    "studios": "studios",
    "shadow_trainees": "shadow_trainees",
    "salons": "salons_held",
    "rotating_deputies": "rotating_deputies",
    "teaching_sites": "teaching_sites",
    "partner_colleges": "partner_colleges",
    "teacher_pools": "teacher_pools",
    "featured_courses": "featured_courses",
    "special_topics": "special_topics",
    "workers_on_secondment": "workers_on_secondment",
    "partner_departments": "partner_departments",
    "partner_associations": "partner_associations",
    "partner_talent_studios": "partner_talent_studios",
}
NEW_KPIS = ("grids", "grid_party_branches", "party_households", "streets", "needs_unserved", "supply_idle",
            "competency_weak_share", "grid_assigned_share", "need_matching_rate", "partners", "issues_resolved",
            "wishes_fulfilled", "communities")


def values(path, ids=None):
    con = database.connect(path)
    root = database.query_rows(con, "SELECT region_id FROM regions WHERE parent_id IS NULL")[0][0]
    return metrics.evaluate(con, list(ids or (*KPI_OF.values(), *NEW_KPIS)), metrics.Filters(root, AS_OF))


def test_kuiwen_mechanisms_are_exact(kuiwen_db):
    v = values(kuiwen_db)
    expected = {"studios": 10, "shadow_trainees": 72, "salons_held": 7, "rotating_deputies": 31, "teaching_sites": 23,
                "partner_colleges": 14, "teacher_pools": 3, "featured_courses": 10, "special_topics": 6,
                "workers_on_secondment": 0}  # fmt: skip
    assert {k: v[k] for k in expected} == expected
    for field, kpi in KPI_OF.items():
        if getattr(targets.KUIWEN, field) is not None:
            assert v[kpi] == getattr(targets.KUIWEN, field), field
            assert field in targets.KUIWEN.published, field
    assert targets.KUIWEN.published["teacher_pools"] == "三大师资库"
    # 专职专干: secondments happened, all ended before the as-of date.
    con = database.connect(kuiwen_db)
    past, open_ = database.query_rows(con, """
        SELECT count(*), count(*) FILTER (ended_on IS NULL OR ended_on > DATE '2026-09-30') FROM secondments""")[0]
    assert past > 0 and open_ == 0


def test_hongtong_partner_kinds_are_exact_and_the_old_figures_hold(hongtong_db):
    v = values(hongtong_db)
    assert (v["partner_departments"], v["partner_associations"], v["partner_talent_studios"]) == (75, 25, 14)
    assert v["workers_on_secondment"] == 0  # a clean preset: nobody borrowed on the as-of date
    assert (v["partners"], v["issues_resolved"], v["wishes_fulfilled"]) == (136, 187, 1236)
    assert targets.HONGTONG.published["partner_departments"] == "75个"


@pytest.mark.parametrize("db", ["kuiwen_db", "hongtong_db"])
def test_five_levels_are_all_present(db, request):
    """县委—乡镇党委—社区党组织—小区（网格）党支部—党员中心户."""
    path = request.getfixturevalue(db)
    v = values(path)
    assert v["streets"] > 0 and v["communities"] > 0
    assert 2 * v["communities"] <= v["grids"] <= 4 * v["communities"]
    assert 0.8 * v["grids"] <= v["grid_party_branches"] < v["grids"]  # most grids have a branch, a few not
    assert 3 * v["grids"] <= v["party_households"] <= 6 * v["grids"]
    assert 0.6 <= v["grid_assigned_share"] <= 0.8
    con = database.connect(path)
    root_level = database.query_rows(con, "SELECT level::VARCHAR FROM regions WHERE parent_id IS NULL")[0][0]
    assert root_level == "district"
    names = [n for (n,) in database.query_rows(con, "SELECT party_branch FROM regions WHERE party_branch IS NOT NULL")]
    assert all(n.endswith("党支部") for n in names)


@pytest.mark.parametrize("db", ["kuiwen_db", "hongtong_db"])
def test_needs_supply_and_competency_look_real(db, request):
    path = request.getfixturevalue(db)
    v = values(path)
    assert v["needs_unserved"] > 0 and v["supply_idle"] > 0  # a short category, and idle offers
    assert 0.7 <= v["need_matching_rate"] <= 0.95
    assert 0.1 <= v["competency_weak_share"] <= 0.2
    con = database.connect(path)
    q = lambda sql: database.query_rows(con, sql)  # noqa: E731
    # A matched need's supply item is of its category and serves its community.
    assert q("""SELECT count(*) FROM resident_needs n JOIN service_supplies s USING (supply_id)
                WHERE s.category <> n.category
                   OR NOT EXISTS (SELECT 1 FROM supply_communities sc
                                  WHERE sc.supply_id = n.supply_id AND sc.community_id = n.community_id)""")[0][0] == 0
    groups = dict(q("SELECT need_group::VARCHAR, count(*) FROM resident_needs GROUP BY ALL"))
    assert groups["其他"] < min(groups["一老"], groups["一小"], groups["一困"])
    lists = dict(q("""SELECT list::VARCHAR, count(*) FILTER ((partner_id IS NULL) = (list = '社区服务清单'))
                      - count(*) FROM service_supplies GROUP BY ALL"""))
    assert lists == {"服务供给清单": 0, "社区服务清单": 0}
    weakest = [d for (d,) in q("""SELECT dimension_id FROM competency_scores GROUP BY ALL
                                  ORDER BY avg(score) LIMIT 2""")]
    assert set(weakest) == {"digital", "emergency"}
    # Every annual assessment leads to performance pay; accountability only for weak grades.
    assert q("""SELECT count(*) FROM assessments a WHERE NOT EXISTS (SELECT 1 FROM assessment_outcomes o
                WHERE o.worker_id = a.worker_id AND o.year = a.year AND o.outcome = '绩效工资')""")[0][0] == 0
    assert q("""SELECT count(*) FROM assessment_outcomes o JOIN assessments a USING (worker_id, year)
                WHERE o.outcome IN ('解聘', '诫勉谈话', '降职使用', '责令辞职')
                  AND a.grade NOT IN ('基本称职', '不称职')""")[0][0] == 0
    assert q("SELECT count(*) FROM partners WHERE recruitment_channel IS NOT NULL")[0][0] > 0


@pytest.mark.parametrize("db", ["kuiwen_db", "hongtong_db"])
def test_every_grid_belongs_to_the_rows_community(db, request):
    con = database.connect(request.getfixturevalue(db))
    for table in ("workers", "livelihood_issues", "wishes", "resident_needs", "party_households"):
        named, wrong, missing = database.query_rows(con, f"""
            SELECT count(grid_id), count(*) FILTER (NOT starts_with(grid_id, community_id)),
                   count(*) FILTER (grid_id IS NOT NULL AND grid_id NOT IN
                                    (SELECT region_id FROM regions WHERE level = 'grid'))
            FROM {table}""")[0]
        assert named > 0 and wrong == 0 and missing == 0, table


@pytest.mark.parametrize("db", ["kuiwen_db", "hongtong_db"])
def test_mechanisms_are_consistent_with_the_people(db, request):
    con = database.connect(request.getfixturevalue(db))
    q = lambda sql: database.query_rows(con, sql)[0][0]  # noqa: E731
    # Studios are led by their community's secretary; placements start after the candidate entered the pool.
    assert q("""SELECT count(*) FROM studios s JOIN workers w ON w.worker_id = s.leader_id
                WHERE w.community_id <> s.community_id OR w.post_title NOT IN ('书记', '书记兼主任')""") == 0
    assert q("""SELECT count(*) FROM shadow_placements p JOIN reserve_candidates r USING (candidate_id)
                WHERE p.started_on < r.entered_on""") == 0
    assert q("""SELECT count(*) FROM shadow_placements p JOIN studios s USING (studio_id)
                WHERE p.host_community_id <> s.community_id OR p.started_on < s.founded_on""") == 0
    assert q("""SELECT count(*) FROM rotations r JOIN workers w USING (worker_id)
                WHERE r.started_on < w.post_since OR (r.kind = '跨社区') = (r.host_community_id = w.community_id)""") == 0
    assert q("SELECT count(*) FROM salons WHERE attendance NOT BETWEEN 30 AND 120") == 0
    assert q("""SELECT count(*) FROM salons s JOIN regions r USING (region_id)
                WHERE r.level NOT IN ('district', 'street')""") == 0
    assert q("""SELECT count(*) FROM training_resources t JOIN regions r USING (region_id)
                WHERE (t.kind = '现场教学点') <> (r.level = 'community')""") == 0
    assert q("SELECT count(*) FROM training_resources WHERE (kind = '师资库') <> (members IS NOT NULL)") == 0


SMALL = {"population": 120_000, "streets": 2, "communities": 14, "workers_per_10k": 18.0, "under_40_share": 0.4,
         "college_share": 0.9, "certified_share": 0.6, "secretary_avg_age": 42.0}  # fmt: skip


def test_a_custom_target_table_is_hit_exactly(tmp_path):
    raw = {**SMALL, "studios": 4, "rotating_deputies": 9, "shadow_trainees": 20, "salons": 3, "teaching_sites": 5,
           "partner_colleges": 2, "teacher_pools": 1, "featured_courses": 4, "special_topics": 2,
           "workers_on_secondment": 1, "partners": 40, "partner_departments": 12, "partner_associations": 5,
           "partner_talent_studios": 3}  # fmt: skip
    t = targets.from_mapping(raw)
    path = tmp_path / "small.duckdb"
    build.generate(t, path, seed=5)
    v = values(path)
    for field, kpi in KPI_OF.items():
        assert v[kpi] == raw[field], field
    assert v["partners"] == 40
    database.close(path)


def test_custom_tables_without_the_new_figures_keep_the_base_in_proportion():
    t = targets.from_mapping({**SMALL, "partners": 30})
    assert t.studios == round(10 * 14 / 65) and t.rotating_deputies == round(31 * 14 / 65)
    assert t.workers_on_secondment == 0
    assert t.partner_departments is None  # kuiwen gives no kinds; a changed partner count drops them
    h = targets.from_mapping({"base": "hongtong", "partners": 60})
    assert (h.partner_departments, h.partner_associations, h.partner_talent_studios) == (None, None, None)
    assert targets.from_mapping({"base": "hongtong"}).partner_departments == 75


@pytest.mark.parametrize(
    "raw, message",
    [
        ({"studios": 66}, "书记工作室"),
        ({"rotating_deputies": 500}, "社区副职"),
        ({"shadow_trainees": 100_000}, "跟班实训"),
        ({"teaching_sites": 1000}, "现场教学点"),
        ({"workers_on_secondment": 5000}, "借调"),
        ({"base": "hongtong", "partner_departments": 100, "partner_associations": 40}, "合伙人"),
        ({"partners": 50, "partner_departments": 51}, "合伙人"),
        ({"salons": -1}, "salons"),
        ({"studios": 2.5}, "应为整数"),
    ],
)
def test_impossible_mechanism_targets_are_refused_in_chinese(raw, message):
    with pytest.raises(targets.TargetError, match=message):
        targets.from_mapping(raw)


def test_scaled_targets_scale_the_new_figures():
    t = targets.KUIWEN.scaled(2)
    assert (t.studios, t.shadow_trainees, t.salons, t.rotating_deputies) == (20, 144, 14, 62)
    assert (t.teaching_sites, t.partner_colleges, t.featured_courses, t.special_topics) == (46, 28, 20, 12)
    assert t.workers_on_secondment == 0
    h = targets.HONGTONG.scaled(0.5)
    assert (h.partner_departments, h.partner_associations, h.partner_talent_studios) == (38, 12, 7)


def test_generation_is_deterministic_and_keeps_the_version_5_streams():
    first, _ = build.generate_frames(targets.HONGTONG, seed=3)
    again, _ = build.generate_frames(targets.HONGTONG, seed=3)
    assert set(first) == set(database.DATA_TABLES)
    for table in database.DATA_TABLES:
        pd.testing.assert_frame_equal(first[table], again[table], obj=table)
    old = [np.random.default_rng(s).random(4) for s in np.random.SeedSequence(3).spawn(8)]
    new = [r.random(4) for r in build._streams(3)[:8]]
    assert all((a == b).all() for a, b in zip(old, new))


V6_TABLES = database.DATA_TABLES[database.DATA_TABLES.index("party_households"):]


def test_every_frame_has_exactly_the_schema_columns(tmp_path):
    """Every column a frame has is the schema's; the version-6 tables fill all of theirs."""
    frames, _ = build.generate_frames(targets.HONGTONG, seed=1)
    con = database.open_database(tmp_path / "empty.duckdb")
    try:
        for table in database.DATA_TABLES:
            columns = {c for (c,) in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()}
            assert set(frames[table].columns) <= columns, table
            if table in V6_TABLES:
                assert set(frames[table].columns) == columns, table
    finally:
        con.close()
