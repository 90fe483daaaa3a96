"""The upload page (pages/import_data.py): AppTest drives upload → preview → confirm → undo; headless
Chromium uploads a GBK file and sees the preview and the result."""

from __future__ import annotations

import shutil

import pytest

from cgw.storage import database
from tests import support
from tests.support import import_corpus as corpus

GBK_ROSTER = corpus.csv_bytes([
    ["2024年花名册"],
    corpus.ROSTER_HEAD,
    corpus.roster_row(1, "赵强", "男", corpus.N1, "1988.03"),
    corpus.roster_row(2, "钱丽", "女", corpus.N2, "1992年1月"),
    corpus.roster_row(3, "孙军", "男", corpus.N3, "1979-13"),
], encoding="gbk")  # fmt: skip


@pytest.fixture
def page_db(tmp_path):
    path = corpus.base_database(tmp_path / "page.duckdb")
    yield path
    database.close(path)


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _button(at, key):
    return next(b for b in at.button if b.key == key)


def test_upload_preview_confirm_and_undo(page_db, fresh_streamlit):
    at = support.app_test(page_db, page="import_data")
    at.run()
    assert not at.exception
    assert at.selectbox(key="imp_table").value == "workers"
    at.file_uploader[0].upload("花名册.csv", GBK_ROSTER, "text/csv")
    at.run()
    assert not at.exception
    assert _metrics(at) == {"数据行": "3", "新增": "2", "更新": "0", "未变": "0", "有问题": "1"}
    assert any("3 行中有 1 行有问题" in e.value or "1 行有问题" in e.value for e in at.error)
    problems = at.dataframe[0].value
    assert problems.iloc[0].tolist()[:2] == [5, "出生年月"] and "月份 13 不存在" in problems.iloc[0]["原因"]
    assert any("- 跳过了表头上方的 1 行" in i.value and "- 3 行的人员编号为空，已自动编号" in i.value for i in at.info)
    confirm = _button(at, "imp_confirm")
    assert confirm.disabled  # a row is rejected: all or nothing unless the analyst skips it
    at.checkbox(key="imp_accept_valid").check().run()
    confirm = _button(at, "imp_confirm")
    assert not confirm.disabled
    confirm.click().run()
    assert not at.exception
    assert any("已导入「社区工作者」（第 1 批" in s.value and "拒绝 1 行" in s.value for s in at.success)
    con = database.connect(page_db)  # the app's own connection: AppTest runs in this process
    assert database.query_rows(con, "SELECT count(*) FROM workers") == [(5,)]

    # Undo, with a confirmation step.
    _button(at, "imp_undo").click().run()
    assert any("撤销第 1 批会把「社区工作者」恢复到导入前" in w.value for w in at.warning)
    _button(at, "imp_undo_yes").click().run()
    assert not at.exception
    assert any("已撤销第 1 批" in s.value for s in at.success)
    assert database.query_rows(con, "SELECT count(*) FROM workers") == [(3,)]
    assert database.query_rows(con, "SELECT status::VARCHAR FROM import_batches") == [("已撤销",)]


def test_a_file_for_another_table_is_recognised(page_db, fresh_streamlit):
    at = support.app_test(page_db, page="import_data")
    at.run()
    at.selectbox(key="imp_table").set_value("regions").run()
    at.file_uploader[0].upload("花名册.csv", GBK_ROSTER, "text/csv")
    at.run()
    assert not at.exception
    assert any("更像「社区工作者」表" in i.value for i in at.info)
    assert any("找不到「区划」的表头" in e.value for e in at.error)
    _button(at, "imp_switch").click().run()
    assert at.selectbox(key="imp_table").value == "workers"
    assert _metrics(at)["新增"] == "2"


@pytest.mark.browser
def test_browser_uploads_a_gbk_file_and_sees_preview_and_result(browser, tmp_path):
    path = tmp_path / "served.duckdb"
    shutil.copy(corpus.base_database(tmp_path / "src.duckdb"), path)
    database.close(tmp_path / "src.duckdb")
    upload = tmp_path / "花名册_GBK.csv"
    upload.write_bytes(GBK_ROSTER)
    with support.running_app(path) as url:
        page = support.open_page(browser, url + "/import_data", height=2600)
        page.set_input_files("[data-testid='stFileUploaderDropzoneInput']", str(upload))
        page.get_by_text("有问题", exact=True).wait_for(timeout=30_000)
        support.wait_for_app(page)
        text = page.inner_text("[data-testid='stMainBlockContainer']")
        assert "CSV，GBK/GB18030" in text and "跳过了表头上方的 1 行" in text
        assert "3 行中有 1 行有问题" in text  # the problem rows themselves are in a canvas grid
        support.screenshot(page, "import_preview")
        page.get_by_text("跳过有问题的 1 行").click()
        support.wait_for_app(page)
        page.get_by_role("button", name="确认导入").click()
        page.get_by_text("已导入「社区工作者」").wait_for(timeout=30_000)
        support.wait_for_app(page)
        assert "新增 2 行" in page.inner_text("[data-testid='stMainBlockContainer']")
        support.screenshot(page, "import_result")
        page.close()
