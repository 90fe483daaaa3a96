"""The upload page (pages/import_data.py): AppTest drives upload → column mapping → value mapping →
preview → confirm → undo, maps a column the importer could not find, saves a profile and sees it
reused; headless Chromium uploads a GBK roster, and screenshots the mapping step."""

from __future__ import annotations

import shutil

import pytest

from cgw.ingest import importer
from cgw.storage import database
from tests import support
from tests.support import import_corpus as corpus
from tests.support import office_corpus

GBK_ROSTER = corpus.csv_bytes([
    ["2024年花名册"],
    corpus.ROSTER_HEAD,
    corpus.roster_row(1, "赵强", "男", corpus.N1, "1988.03"),
    corpus.roster_row(2, "钱丽", "女", corpus.N2, "1992年1月", edu="全日制本科"),
    corpus.roster_row(3, "孙军", "男", corpus.N3, "1979-13"),
], encoding="gbk")  # fmt: skip

PS = office_corpus.people()[:4]
# An office's roster: its community column is headed 工作单位 (nothing the importer knows), one
# 学历 is written 电大 (a school, not a level), one 职务 is 保洁员 (no category).
OFFICE_ROSTER = corpus.csv_bytes(
    [["序号", "姓名", "公民身份号码", "工作单位", "参加社区工作时间", "文化程度", "职务", "籍贯"]]
    + [[i + 1, p.name, p.id_number, "和平社区", "2019年5月", "电大" if i == 0 else "全日制本科",
        "保洁员" if i == 1 else "网格员", "山东"] for i, p in enumerate(PS)], encoding="gbk")


@pytest.fixture
def page_db(tmp_path):
    path = corpus.base_database(tmp_path / "page.duckdb")
    yield path
    database.close(path)


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _button(at, key):
    return next(b for b in at.button if b.key == key)


def _frame(at, first_column: str):
    """The table (dataframe or data editor) whose first column is headed `first_column`."""
    return next(d.value for d in at.dataframe if d.value.columns[0] == first_column)


def _values(at, value: str):
    """The value-mapping table that lists `value`."""
    return next(d.value for d in at.dataframe if d.value.columns[0] == "value" and value in d.value["value"].tolist())


def _run(at):
    at.run(timeout=60)
    assert not at.exception
    return at


def test_upload_preview_confirm_and_undo(page_db, fresh_streamlit):
    at = support.app_test(page_db, page="import_data")
    _run(at)
    assert at.selectbox(key="imp_table").value == "workers"
    at.file_uploader[0].upload("花名册.csv", GBK_ROSTER, "text/csv")
    _run(at)
    assert _metrics(at) == {"数据行": "3", "新增": "2", "更新": "0", "未变": "0", "有问题": "1"}
    columns = _frame(at, "file")
    assert columns[columns["file"] == "公民身份号码"][["to", "how"]].values.tolist() == [["身份证号（必需）", "常见写法"]]
    assert columns[columns["file"] == "序号"][["to", "how"]].values.tolist() == [["（不导入）", "序号，不导入"]]
    values = _values(at, "全日制本科")  # 全日制本科 ×1 → 本科, 大学本科 ×2 → 本科
    assert sorted(values[["value", "count", "to"]].values.tolist()) == [["全日制本科", 1, "本科"], ["大学本科", 2, "本科"]]
    assert any("3 行中有 1 行有问题" in e.value or "1 行有问题" in e.value for e in at.error)
    problems = _frame(at, "行号")
    assert problems.iloc[0].tolist()[:2] == [5, "出生年月"] and "月份 13 不存在" in problems.iloc[0]["原因"]
    assert any("- 跳过了表头上方的 1 行" in i.value and "- 3 行的人员编号为空，已自动编号" in i.value for i in at.info)
    assert _button(at, "imp_confirm").disabled  # a row is rejected: all or nothing unless the analyst skips it
    at.checkbox(key="imp_accept_valid").check()
    _run(at)
    _button(at, "imp_confirm").click()
    _run(at)
    assert any("已导入「社区工作者」（第 1 批" in s.value and "拒绝 1 行" in s.value for s in at.success)
    con = database.connect(page_db)  # the app's own connection: AppTest runs in this process
    assert database.query_rows(con, "SELECT count(*) FROM workers") == [(5,)]

    _button(at, "imp_undo").click()
    _run(at)
    assert any("撤销第 1 批会把「社区工作者」恢复到导入前" in w.value for w in at.warning)
    _button(at, "imp_undo_yes").click()
    _run(at)
    assert any("已撤销第 1 批" in s.value for s in at.success)
    assert database.query_rows(con, "SELECT count(*) FROM workers") == [(3,)]
    assert database.query_rows(con, "SELECT status::VARCHAR FROM import_batches") == [("已撤销",)]


def test_the_analyst_maps_a_column_and_a_value_saves_the_profile_and_it_is_reused(page_db, fresh_streamlit):
    at = support.app_test(page_db, page="import_data")
    _run(at)
    at.file_uploader[0].upload("大虞街道名单.csv", OFFICE_ROSTER, "text/csv")
    _run(at)
    # 工作单位 is not recognised: the required 所属社区 is missing, and the page asks for it.
    assert any("缺少必需的列 「所属社区」" in e.value for e in at.error)
    columns = _frame(at, "file")
    assert columns["file"].tolist() == ["序号", "姓名", "公民身份号码", "工作单位", "参加社区工作时间", "文化程度", "职务", "籍贯"]
    assert columns.set_index("file").loc["籍贯", "how"] == "本系统不保存此项"
    row = columns["file"].tolist().index("工作单位")
    at.session_state["imp_cols"] = {"edited_rows": {row: {"to": "所属社区（必需）"}}, "added_rows": [], "deleted_rows": []}
    _run(at)
    assert _metrics(at)["有问题"] == "1"  # 电大 is not recognised
    values = _values(at, "电大")
    assert values.set_index("value").loc["电大", "how"] == "未能识别"
    assert values.set_index("value").loc["全日制本科", "to"] == "本科"
    unknown_row = values["value"].tolist().index("电大")
    at.session_state["imp_vals_education"] = {"edited_rows": {unknown_row: {"to": "大专"}}, "added_rows": [],
                                              "deleted_rows": []}
    _run(at)
    assert _metrics(at) == {"数据行": "4", "新增": "4", "更新": "0", "未变": "0", "有问题": "0"}
    titles = _values(at, "保洁员")  # no category: its role is unknown, the row still loads
    assert titles.set_index("value").loc["保洁员", "to"] == "（未知，留空）"

    at.text_input(key="imp_profile_name").input("大虞街道花名册")
    _run(at)
    _button(at, "imp_profile_save").click()
    _run(at)
    assert any("已保存导入方案「大虞街道花名册」" in s.value for s in at.success)
    con = database.connect(page_db)
    saved = importer.profiles.load(con, "大虞街道花名册", "workers")
    assert saved.columns["工作单位"] == "community_id" and saved.values == {"education": {"电大": "大专"}}

    # The next file from the same office: the profile is chosen for it, and everything loads.
    fresh = support.app_test(page_db, page="import_data")
    _run(fresh)
    fresh.file_uploader[0].upload("大虞街道名单2.csv", OFFICE_ROSTER.replace("2019年5月".encode("gbk"),
                                                                         "2020年5月".encode("gbk")), "text/csv")
    _run(fresh)
    assert fresh.selectbox(key="imp_profile").value == "大虞街道花名册"
    assert any("已自动套用" in c.value for c in fresh.caption)
    assert _metrics(fresh)["新增"] == "4" and _metrics(fresh)["有问题"] == "0"


def test_a_file_for_another_table_is_recognised(page_db, fresh_streamlit):
    at = support.app_test(page_db, page="import_data")
    _run(at)
    at.selectbox(key="imp_table").set_value("regions")
    _run(at)
    at.file_uploader[0].upload("花名册.csv", GBK_ROSTER, "text/csv")
    _run(at)
    assert any("更像「社区工作者」表" in i.value for i in at.info)
    assert any("找不到「区划」的表头" in e.value for e in at.error)
    _button(at, "imp_switch").click()
    _run(at)
    assert at.selectbox(key="imp_table").value == "workers"
    assert _metrics(at)["新增"] == "2"


@pytest.mark.browser
def test_browser_uploads_a_gbk_file_and_sees_the_mapping_step_and_result(browser, tmp_path):
    path = tmp_path / "served.duckdb"
    shutil.copy(corpus.base_database(tmp_path / "src.duckdb"), path)
    database.close(tmp_path / "src.duckdb")
    upload = tmp_path / "花名册_GBK.csv"
    upload.write_bytes(GBK_ROSTER)
    with support.running_app(path) as url:
        page = support.open_page(browser, url + "/import_data", height=3400)
        page.set_input_files("[data-testid='stFileUploaderDropzoneInput']", str(upload))
        page.get_by_text("有问题", exact=True).wait_for(timeout=30_000)
        support.wait_for_app(page)
        text = page.inner_text("[data-testid='stMainBlockContainer']")
        assert "CSV，GBK/GB18030" in text and "跳过了表头上方的 1 行" in text
        assert "② 列的对应关系" in text and "③ 取值的对应关系" in text and "3 行中有 1 行有问题" in text
        support.screenshot(page, "import_mapping_step")
        page.get_by_text("跳过有问题的 1 行").click()
        support.wait_for_app(page)
        page.get_by_role("button", name="确认导入").click()
        page.get_by_text("已导入「社区工作者」").wait_for(timeout=30_000)
        support.wait_for_app(page)
        assert "新增 2 行" in page.inner_text("[data-testid='stMainBlockContainer']")
        support.screenshot(page, "import_result")
        page.close()
