"""cgw.ingest.importer.headers: synonyms, similar headers (a proposal, marked as such), headers of
facts the product does not keep, the analyst's choices, two-row headers."""

from __future__ import annotations

from cgw.ingest import importer
from cgw.ingest.importer import headers

WORKERS = importer.spec("workers")


def _mapped(cells, **kw) -> dict[str, tuple[str, str]]:
    m = headers.match(cells, WORKERS, **kw)
    return {cells[i]: (name, m.how[i]) for i, name in m.columns.items()}


def test_the_issues_roster_headers_all_map():
    cells = ["序号", "姓名", "性别", "民族", "出生年月", "公民身份号码", "政治面貌", "文化程度", "所属街道", "社区名称", "岗位类别",
             "职务", "参加社区工作时间", "职业资格", "联系电话"]
    got = _mapped(cells)
    assert {k: v[0] for k, v in got.items()} == {
        "姓名": "name", "性别": "gender", "民族": "ethnicity", "出生年月": "birth_date", "公民身份号码": "id_number",
        "政治面貌": "political_status", "文化程度": "education", "所属街道": "street", "社区名称": "community_id",
        "岗位类别": "role_category", "职务": "post_title_text", "参加社区工作时间": "hire_date", "职业资格": "cert_level",
        "联系电话": "phone"}
    assert got["公民身份号码"][1] == headers.BY_SYNONYM and got["姓名"][1] == headers.BY_NAME
    assert headers.match(cells, WORKERS).row_numbers == [0]


def test_similar_headers_are_proposals_and_kept_facts_never_are():
    cells = ["姓名", "身份证号码（18位）", "现所在社区", "参加社区工作日期", "入党时间", "籍贯", "参加工作时间"]
    got = _mapped(cells)
    assert got["现所在社区"] == ("community_id", headers.BY_SIMILARITY)
    assert got["身份证号码（18位）"] == ("id_number", headers.BY_SYNONYM)  # the bracketed note is dropped
    assert got["参加社区工作日期"][0] == "hire_date"
    m = headers.match(cells, WORKERS)
    assert sorted(cells[i] for i in m.unknown) == ["入党时间", "参加工作时间", "籍贯"]
    assert headers.similar("入党时间", WORKERS) is None and headers.similar("婚姻状况", WORKERS) is None


def test_the_analysts_choice_wins_and_can_leave_a_column_out():
    cells = ["姓名", "身份证号", "工作单位", "所在社区", "入职时间"]
    got = _mapped(cells, overrides={"工作单位": "community_id", "入职时间": ""})
    assert got["工作单位"] == ("community_id", headers.BY_ANALYST)
    m = headers.match(cells, WORKERS, overrides={"工作单位": "community_id", "入职时间": ""})
    assert m.ignored == [4] and (3, "community_id") in m.duplicates


def test_a_two_row_header_matches_group_and_label_first():
    cells = ["等级", "取得时间", "等级"]
    groups = ["职业资格", "职业资格", "岗位"]
    got = headers.match(cells, WORKERS, groups)
    assert got.columns == {0: "cert_level", 1: "cert_date", 2: "post_level"}


def test_grid_headers_name_the_grid_and_its_staff_are_not_taken_for_it():
    cells = ["姓名", "身份证号", "社区", "小区（网格）", "网格员", "入职时间"]
    got = _mapped(cells)
    assert got["小区（网格）"] == ("grid_id", headers.BY_SYNONYM)
    assert "网格员" not in got and headers.similar("网格长", WORKERS) is None
    for header in ("网格", "所属网格", "网格名称", "网格编码"):
        assert headers.index(WORKERS)[headers.norm(header)][0] == "grid_id"
