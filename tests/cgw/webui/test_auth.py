"""Signing in under AppTest: the sign-in form, the lockout after 5 failed sign-ins, the idle
timeout, the temporary password changed at first sign-in, signing out, an account disabled while
signed in. Each step leaves exactly the audit entries it should (counted in the database)."""

from __future__ import annotations

import datetime as dt

import pytest

from cgw.domain import access
from cgw.storage import accounts, database
from tests import support
from tests.support import accounts as test_accounts


@pytest.fixture
def db(kuiwen_copy, fresh_streamlit):
    return kuiwen_copy


def entries(db, after: int) -> list[tuple]:
    """(actor, action, outcome, region, detail) of the audit entries after sequence `after`."""
    df = accounts.audit_frame(database.connect(db), after_seq=after).sort_values("seq")
    df = df.astype(object).where(df.notna(), None)
    return [(r.actor, r.action, r.outcome, r.region_id, r.detail) for r in df.itertuples()]


def last_seq(db) -> int:
    df = accounts.audit_frame(database.connect(db), limit=1)
    return int(df["seq"].iloc[0]) if len(df) else 0


def signed_out(db):
    at = support.app_test(db, user=None)
    at.run()
    assert not at.exception
    return at


def sign_in(at, name: str, password: str):
    at.text_input(key="cgw_login_name").input(name)
    at.text_input(key="cgw_login_password").input(password)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def test_nothing_is_shown_before_signing_in_and_a_sign_in_is_recorded(db):
    at = signed_out(db)
    assert at.title[0].value == "社区工作者队伍数据看板" and not at.metric and not at.get("bidi_component")
    before = last_seq(db)
    sign_in(at, "viewer_street", "not-the-password")
    assert at.error[0].value == "用户名或密码错误。" and not at.metric
    sign_in(at, "viewer_street", test_accounts.PASSWORD)
    assert at.title[0].value == "总览" and len(at.metric) >= 4
    assert at.session_state["region"] == test_accounts.STREET  # her own street, not the district
    assert entries(db, before) == [
        ("viewer_street", "login", "failure", test_accounts.STREET, "密码错误"),
        ("viewer_street", "login", "success", test_accounts.STREET, None),
    ]


def test_five_failed_sign_ins_lock_the_account_for_fifteen_minutes(db):
    at = signed_out(db)
    before = last_seq(db)
    started = dt.datetime.now()
    for _ in range(access.MAX_FAILED_LOGINS):
        sign_in(at, "analyst_street", "wrong-password")
    assert "账号已锁定" in at.error[0].value
    sign_in(at, "analyst_street", test_accounts.PASSWORD)  # the right password, too late
    assert "账号已锁定" in at.error[0].value and not at.metric
    locked = accounts.get(database.connect(db), "analyst_street").locked_until
    assert dt.timedelta(minutes=14, seconds=50) < locked - started < dt.timedelta(minutes=15, seconds=30)
    got = entries(db, before)
    assert [(a, act, o) for a, act, o, _, _ in got] == [("analyst_street", "login", "failure")] * 6
    assert [d for *_, d in got] == ["密码错误"] * 4 + [f"密码错误，连续 5 次，账号锁定至 {locked:%H:%M}", "账号已锁定"]
    # Other accounts are not affected.
    sign_in(at, "viewer_street", test_accounts.PASSWORD)
    assert at.title[0].value == "总览"


def test_an_unknown_name_is_refused_like_a_wrong_password_and_recorded(db):
    at = signed_out(db)
    before = last_seq(db)
    sign_in(at, "nobody", "whatever-1")
    assert at.error[0].value == "用户名或密码错误。"
    assert entries(db, before) == [("nobody", "login", "failure", None, "用户名不存在")]


def test_a_session_idle_for_30_minutes_ends_with_one_entry(db):
    at = support.app_test(db, user="viewer_community")
    at.run()
    assert at.title[0].value == "总览"
    token = at.session_state["_cgw_token"]
    accounts.age_session(database.connect(db), token, 29)
    at.run()
    assert at.title[0].value == "总览"  # 29 minutes: still signed in (and now used again)
    accounts.age_session(database.connect(db), token, 30.5)
    before = last_seq(db)
    at.run()
    assert at.title[0].value == "社区工作者队伍数据看板" and not at.metric
    assert "超过 30 分钟未操作" in at.info[0].value
    assert entries(db, before) == [("viewer_community", "logout", "success", test_accounts.COMMUNITY,
                                    "超过 30 分钟未操作，会话自动结束")]
    at.run()  # the ended session stays ended, and is not recorded twice
    assert entries(db, before)[1:] == [] and at.title[0].value == "社区工作者队伍数据看板"


def test_a_temporary_password_must_be_changed_at_first_sign_in(db):
    con = database.connect(db)
    accounts.create(con, "newcomer", access.VIEWER, test_accounts.STREET, "temp-pass-123", temporary=True)
    at = signed_out(db)
    sign_in(at, "newcomer", "temp-pass-123")
    assert at.title[0].value == "请设置新密码" and not at.metric
    for new, again, message in [("own-pass-456", "own-pass-789", "不一致"), ("temp-pass-123", "temp-pass-123", "不能与原密码相同"),
                                ("newcomer", "newcomer", "不能与用户名相同")]:
        at.text_input(key="cgw_new_password").input(new)
        at.text_input(key="cgw_new_again").input(again)
        at.button[0].click().run()
        assert message in at.error[0].value and at.title[0].value == "请设置新密码"
    before = last_seq(db)
    at.text_input(key="cgw_new_password").input("own-pass-456")
    at.text_input(key="cgw_new_again").input("own-pass-456")
    at.button[0].click().run()
    assert at.title[0].value == "总览"
    assert not accounts.get(con, "newcomer").must_change
    assert entries(db, before) == [("newcomer", "password_change", "success", test_accounts.STREET, None)]


def test_signing_out_ends_the_session_with_one_entry(db):
    at = support.app_test(db, user="presenter_district")
    at.run()
    token = at.session_state["_cgw_token"]
    before = last_seq(db)
    at.button(key="cgw_sign_out").click().run()
    assert at.title[0].value == "社区工作者队伍数据看板"
    assert accounts.check_session(database.connect(db), token, 30).reason == "unknown"
    assert entries(db, before) == [("presenter_district", "logout", "success", test_accounts.DISTRICT, None)]


def test_an_account_disabled_while_signed_in_is_out_at_its_next_click(db):
    at = support.app_test(db, user="viewer_street")
    at.run()
    accounts.change(database.connect(db), "viewer_street", active=False)
    at.run()
    assert at.title[0].value == "社区工作者队伍数据看板" and not at.metric  # disabling ended her sessions


def test_the_first_administrator_form_appears_only_without_accounts(db):
    at = signed_out(db)
    assert at.title[0].value == "社区工作者队伍数据看板"  # accounts exist: the sign-in form
    database.connect(db).cursor().execute("DELETE FROM user_accounts")
    at.run()
    assert at.title[0].value == "创建管理员账号"
    at.text_input(key="cgw_setup_name").input("chief")
    at.text_input(key="cgw_setup_password").input("chief-pass-1")
    at.text_input(key="cgw_setup_again").input("chief-pass-2")
    at.button[0].click().run()
    assert "不一致" in at.error[0].value and not accounts.has_accounts(database.connect(db))
    before = last_seq(db)
    at.text_input(key="cgw_setup_again").input("chief-pass-1")
    at.button[0].click().run()
    assert at.title[0].value == "总览"
    assert entries(db, before) == [("chief", "account_create", "success", None, "首次启动：创建第一个管理员（全部区划）"),
                                   ("chief", "login", "success", None, "首次启动")]
