"""Roles and permissions, region scope, the password policy and argon2 hashing."""

from __future__ import annotations

import pytest

from cgw.domain import access


def test_each_role_has_exactly_its_permissions():
    allowed = {role: {p for p in access.PERMISSIONS if access.can(role, p)} for role in access.ROLES}
    assert allowed == {
        "viewer": {"dashboards"},
        "analyst": {"dashboards", "import", "quality"},
        "presenter": {"dashboards", "studio"},
        "admin": {"dashboards", "import", "quality", "studio", "accounts", "all_batches", "reveal", "audit"},
        "auditor": {"audit"},
    }
    assert not access.can(None, access.DASHBOARDS) and not access.can("root", access.DASHBOARDS)
    assert [access.role_label(r) for r in access.ROLES] == ["浏览", "分析", "演示", "管理", "审计"]


@pytest.mark.parametrize("text, role", [("admin", "admin"), ("管理", "admin"), ("Viewer", "viewer"), (" 审计 ", "auditor"),
                                        ("presenter", "presenter")])
def test_a_role_is_named_in_english_or_chinese(text, role):
    assert access.parse_role(text) == role


def test_an_unknown_role_names_the_choices():
    with pytest.raises(ValueError, match="viewer（浏览）"):
        access.parse_role("root")


def test_scope_is_a_region_code_prefix():
    assert access.in_scope("370705006003", "370705006")
    assert access.in_scope("370705006", "370705006")
    assert not access.in_scope("370705001003", "370705006")
    assert not access.in_scope("370705", "370705006")  # the district is above a street account
    assert access.in_scope("370705001", None) and not access.in_scope(None, "370705")


@pytest.mark.parametrize("password, name, ok", [
    ("1234567", "wang", False),  # 7 characters
    ("12345678", "wang", True),
    ("wangxiaoming", "wangxiaoming", False),
    ("WangXiaoMing", "wangxiaoming", False),  # the name in other case
    ("王小明王小明王小明", "王小明", True),
    ("x" * 129, "wang", False),
])  # fmt: skip
def test_password_policy(password, name, ok):
    assert (access.check_password(password, name) is None) == ok


def test_account_names():
    assert access.check_name("street_admin.1") is None and access.check_name("王小明") is None
    assert access.check_name("a") and access.check_name("has space") and access.check_name("x" * 33)


def test_argon2_hashes_verify_and_differ():
    first, second = access.hash_password("a-good-password"), access.hash_password("a-good-password")
    assert first.startswith("$argon2id$") and first != second  # salted
    assert access.verify_password(first, "a-good-password")
    assert not access.verify_password(first, "a-good-passworD")
    assert not access.verify_password(None, "a-good-password") and not access.verify_password("garbage", "x")


def test_temporary_passwords_pass_the_policy_and_avoid_look_alikes():
    words = {access.temporary_password() for _ in range(50)}
    assert len(words) == 50
    assert all(len(w) == 12 and access.check_password(w, "someone") is None and not set(w) & set("0O1lI") for w in words)


def test_idle_timeout_and_retention_come_from_the_environment(monkeypatch):
    assert (access.idle_minutes(), access.retention_days()) == (30, 180)
    monkeypatch.setenv("CGW_SESSION_IDLE_MINUTES", "0.5")
    monkeypatch.setenv("CGW_AUDIT_RETENTION_DAYS", "365")
    assert (access.idle_minutes(), access.retention_days()) == (0.5, 365)
    monkeypatch.setenv("CGW_AUDIT_RETENTION_DAYS", "30")  # less than six months is not allowed
    monkeypatch.setenv("CGW_SESSION_IDLE_MINUTES", "soon")
    assert (access.idle_minutes(), access.retention_days()) == (30, 180)
