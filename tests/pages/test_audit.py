"""审计日志 under AppTest: auditors and administrators read it, filtered; a street auditor reads her
street's entries; the integrity check reports a tampered entry; nobody else opens the page."""

from __future__ import annotations

import pytest

from cgw.storage import accounts, database
from tests import support
from tests.support import accounts as test_accounts


@pytest.fixture
def db(kuiwen_copy, fresh_streamlit):
    con = database.connect(kuiwen_copy)
    test_accounts.empty_audit_trail(con)
    for actor, action, outcome, region in [
        ("viewer_street", "login", "success", test_accounts.STREET), ("viewer_street", "export", "success", test_accounts.STREET),
        ("analyst_district", "import", "failure", "370705"), ("nobody", "login", "failure", None),
        ("viewer_community", "login", "success", test_accounts.COMMUNITY), ("viewer_district", "briefing", "success", "370705001"),
    ]:  # fmt: skip
        accounts.append_audit(con, actor=actor, role="viewer", action=action, outcome=outcome, region_id=region,
                              client="10.1.2.3")
    return kuiwen_copy


def table(at):
    return at.dataframe[0].value


def test_an_auditor_reads_and_filters_the_trail(db):
    at = support.app_test(db, page="audit", user="auditor_district").run()
    assert not at.exception and at.title[0].value == "审计日志"
    assert "完整性校验通过：6 条记录" in at.success[0].value
    shown = table(at)
    assert list(shown["用户"]) == ["viewer_district", "viewer_community", "analyst_district", "viewer_street", "viewer_street"]
    assert set(shown["客户端地址"]) == {"10.1.2.3"} and shown["区划"].iloc[0] == "大虞街道（370705001）"
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["记录"], metrics["登录失败"], metrics["导出与简报"]) == ("5", "0", "2")  # 'nobody' has no region
    at.selectbox(key="audit_outcome").set_value("failure").run()
    assert list(table(at)["操作"]) == ["导入数据"]
    at.selectbox(key="audit_outcome").set_value("").run()
    at.multiselect(key="audit_actions").set_value(["login"]).run()
    assert list(table(at)["用户"]) == ["viewer_community", "viewer_street"]


def test_an_administrator_reads_everything_and_a_street_auditor_her_street(db):
    at = support.app_test(db, page="audit").run()  # admin, all regions
    assert len(table(at)) == 6
    at = support.app_test(db, page="audit", user="auditor_street").run()
    assert list(table(at)["用户"]) == ["viewer_community", "viewer_street", "viewer_street"]


def test_a_tampered_entry_is_reported(db):
    database.connect(db).cursor().execute("UPDATE audit_log SET actor = 'someone' WHERE seq = 2")
    at = support.app_test(db, page="audit", user="auditor_district").run()
    assert "完整性校验失败：第 2 条" in at.error[0].value


@pytest.mark.parametrize("user", ["viewer_district", "analyst_district", "presenter_district"])
def test_other_roles_cannot_open_it(db, user):
    at = support.app_test(db, page="audit", user=user).run()
    assert at.title[0].value != "审计日志" and not any("完整性" in s.value for s in at.success)
