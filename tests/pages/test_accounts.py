"""账号管理 under AppTest: an administrator sees the accounts of her region, opens one with a
temporary password (shown once), changes its role, resets it; a street administrator manages
her street only; nobody else can open the page."""

from __future__ import annotations

import pytest

from cgw.storage import accounts, database
from tests import support
from tests.support import accounts as test_accounts


@pytest.fixture
def db(kuiwen_copy, fresh_streamlit):
    return kuiwen_copy


def test_an_administrator_opens_and_changes_an_account(db):
    at = support.app_test(db, page="accounts").run()
    assert not at.exception and at.title[0].value == "账号管理"
    table = at.dataframe[0].value
    assert list(table["用户名"]) == sorted(test_accounts.STANDARD)  # the whole database's accounts
    assert table.set_index("用户名").loc["viewer_street", "管辖范围"] == "广文街道（街道 370705006）"
    at.text_input(key="accounts_new_name").input("gw_secretary")
    at.selectbox(key="accounts_new_role").set_value(next(o for o in at.selectbox(key="accounts_new_role").options
                                                         if o.startswith("浏览")))
    at.selectbox(key="accounts_new_region").set_value("广文街道（街道 370705006）")
    at.button[0].click().run()  # the form's submit button
    assert not at.exception and "已创建账号 gw_secretary" in at.success[0].value
    temporary = at.code[0].value
    con = database.connect(db)
    signed = accounts.authenticate(con, "gw_secretary", temporary)
    assert signed.account.must_change and signed.account.region_id == test_accounts.STREET
    assert at.text_input(key="accounts_new_name").value == ""  # an empty form for the next account

    at.run()
    assert not at.code  # the temporary password was shown once
    at.selectbox(key="accounts_pick").set_value("gw_secretary").run()
    role = at.selectbox(key="accounts_role_gw_secretary")
    role.set_value(next(o for o in role.options if o.startswith("分析")))
    next(b for b in at.button if b.label == "保存修改").click().run()
    assert "已保存 gw_secretary 的修改" in at.success[0].value
    assert accounts.get(con, "gw_secretary").role == "analyst"
    at.button(key="accounts_reset").click().run()
    assert "已为 gw_secretary 设置临时密码" in at.success[0].value and at.code[0].value != temporary


def test_a_street_administrator_manages_her_street_only(db):
    at = support.app_test(db, page="accounts", user="admin_street").run()
    names = set(at.dataframe[0].value["用户名"])
    assert names == {f"{role}_{level}" for role in ("viewer", "analyst", "presenter", "admin", "auditor")
                     for level in ("street", "community")}
    regions = at.selectbox(key="accounts_new_region").options
    assert all("370705006" in r for r in regions) and not any("全部区划" in r for r in regions)


@pytest.mark.parametrize("user", ["viewer_district", "analyst_district", "presenter_district", "auditor_district"])
def test_only_administrators_can_open_it(db, user):
    at = support.app_test(db, page="accounts", user=user).run()
    assert not at.exception and at.title[0].value != "账号管理"
    assert "accounts_new_name" not in {t.key for t in at.text_input}
