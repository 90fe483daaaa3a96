"""查看个人完整信息 under AppTest: the search shows masked rows of the administrator's region; a
reveal needs a reason, shows the stored numbers and leaves one audit entry with the reason."""

from __future__ import annotations

import pytest

from cgw.storage import accounts, database
from tests import support


@pytest.fixture
def db(kuiwen_copy, fresh_streamlit):
    return kuiwen_copy


def test_a_reveal_with_a_reason_is_shown_and_recorded(db):
    con = database.connect(db)
    wid, name, id_number, phone = database.query_rows(
        con, "SELECT worker_id, name, id_number, phone FROM workers WHERE community_id LIKE '370705006%' "
             "AND phone IS NOT NULL ORDER BY worker_id LIMIT 1")[0]
    at = support.app_test(db, page="reveal", user="admin_street").run()
    assert not at.exception and at.title[0].value == "查看个人完整信息"
    at.text_input(key="reveal_search").input(wid).run()
    found = at.dataframe[0].value
    assert list(found["编号"]) == [wid] and found["身份证号"].iloc[0] == id_number[:6] + "*" * 8 + id_number[-4:]
    assert id_number not in str(at.dataframe[0].value.to_dict())
    at.text_input(key="reveal_reason").input("核").run()
    next(b for b in at.button if b.label == "查看完整信息").click().run()
    assert "请说明查看理由" in at.error[0].value and len(at.dataframe) == 1
    before = accounts.audit_count(con)
    at.text_input(key="reveal_reason").input("核对社保缴纳信息")
    next(b for b in at.button if b.label == "查看完整信息").click().run()
    record = dict(zip(at.dataframe[1].value["项目"], at.dataframe[1].value["内容"]))
    assert (record["id_number"], record["phone"], record["name"]) == (id_number, phone, name)
    assert accounts.audit_count(con) == before + 1
    entry = accounts.audit_frame(con, limit=1).iloc[0]
    assert (entry["actor"], entry["action"], entry["detail"]) == ("admin_street", "reveal", "理由：核对社保缴纳信息")


def test_another_streets_people_are_not_found(db):
    con = database.connect(db)
    wid = database.query_rows(con, "SELECT worker_id FROM workers WHERE community_id LIKE '370705001%' LIMIT 1")[0][0]
    at = support.app_test(db, page="reveal", user="admin_street").run()
    at.text_input(key="reveal_search").input(wid).run()
    assert "没有找到" in at.info[0].value and not at.dataframe


@pytest.mark.parametrize("user", ["viewer_district", "analyst_district", "auditor_district"])
def test_only_administrators_can_open_it(db, user):
    at = support.app_test(db, page="reveal", user=user).run()
    assert at.title[0].value != "查看个人完整信息"
