"""`cli.py users add/list/disable/enable/reset` on the hand-made fixture database: passwords from
stdin or generated, the policy, roles by either name, the audit entries (client "cli"), and the
refusals (a missing database, an unknown region, the last administrator)."""

from __future__ import annotations

import io

import pytest

from cgw.storage import accounts, database
from tests.cgw.commands import test_kpis
from tests.support import fixture_db as fx


@pytest.fixture
def db(tmp_path):
    return fx.build(tmp_path / "fixture.duckdb")


def run_cli(capsys, monkeypatch, *argv, stdin: str | None = None) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin or ""))  # not a terminal: no prompt
    return test_kpis.run_cli(capsys, *argv)


def audit(db) -> list[tuple]:
    con = database.connect(db)
    try:
        df = accounts.audit_frame(con).sort_values("seq")
        return [(r.actor.startswith("命令行"), r.action, r.target, r.region_id, r.client, r.detail) for r in
                df.astype(object).where(df.notna(), None).itertuples()]
    finally:
        database.close(db)


def test_add_list_disable_enable_reset(db, capsys, monkeypatch):
    code, out, err = run_cli(capsys, monkeypatch, "users", "add", "chief", "--role", "admin", "--db", str(db),
                             "--password-stdin", stdin="chief-pass-1\n")
    assert (code, out.strip(), err) == (0, "已新建账号 chief（管理，全部区划）", "")
    code, out, _ = run_cli(capsys, monkeypatch, "users", "add", "东街道书记", "--role", "浏览", "--region", "东街道",
                           "--db", str(db), "--temporary")
    assert code == 0 and out.startswith("已新建账号 东街道书记（浏览，370799001）")
    temporary = out.split("临时密码：")[1].split("（")[0]
    con = database.connect(db)
    signed = accounts.authenticate(con, "东街道书记", temporary)
    assert signed.account.must_change and signed.account.region_id == fx.S1
    database.close(db)

    code, out, _ = run_cli(capsys, monkeypatch, "users", "list", "--db", str(db))
    lines = out.splitlines()
    assert code == 0 and len(lines) == 3
    assert lines[1].split()[:4] == ["chief", "管理", "全部区划", "正常"]
    assert lines[2].split()[:4] == ["东街道书记", "浏览", "370799001", "待改临时密码"]

    assert run_cli(capsys, monkeypatch, "users", "disable", "东街道书记", "--db", str(db))[:2] == (0, "已停用账号 东街道书记\n")
    assert accounts.authenticate(database.connect(db), "东街道书记", temporary).reason == "disabled"
    database.close(db)
    assert run_cli(capsys, monkeypatch, "users", "enable", "东街道书记", "--db", str(db))[0] == 0
    for _ in range(5):  # locked out …
        accounts.authenticate(database.connect(db), "东街道书记", "wrong-password")
    database.close(db)
    code, out, _ = run_cli(capsys, monkeypatch, "users", "reset", "东街道书记", "--db", str(db))
    fresh = out.split("临时密码：")[1].split("（")[0]
    assert code == 0 and fresh != temporary and "并解锁" in out
    assert accounts.authenticate(database.connect(db), "东街道书记", fresh).account is not None  # … and unlocked
    database.close(db)
    assert audit(db) == [
        (True, "account_create", "chief", None, "cli", "角色 管理；管辖 全部区划"),
        (True, "account_create", "东街道书记", fx.S1, "cli", "角色 浏览；管辖 370799001；临时密码"),
        (True, "account_change", "东街道书记", fx.S1, "cli", "停用"),
        (True, "account_change", "东街道书记", fx.S1, "cli", "启用"),
        (True, "password_reset", "东街道书记", fx.S1, "cli", "设置临时密码，首次登录须修改"),
    ]


@pytest.mark.parametrize("argv, stdin, message", [
    (["users", "add", "wang", "--role", "viewer", "--password-stdin"], "short\n", "至少需要 8 个字符"),
    (["users", "add", "wangwang", "--role", "viewer", "--password-stdin"], "wangwang\n", "不能与用户名相同"),
    (["users", "add", "wang", "--role", "viewer"], "", "--password-stdin"),
    (["users", "add", "wang", "--role", "viewer", "--region", "西城", "--password-stdin"], "good-pass-1\n", "找不到唯一的区划"),
    (["users", "add", "wang", "--role", "root", "--password-stdin"], "good-pass-1\n", "角色 'root' 无效"),
    (["users", "disable", "nobody"], "", "账号 nobody 不存在"),
])  # fmt: skip
def test_refusals_are_one_line(db, capsys, monkeypatch, argv, stdin, message):
    code, out, err = run_cli(capsys, monkeypatch, *argv, "--db", str(db), stdin=stdin)
    assert code != 0 and out == "" and message in err and len(err.strip().splitlines()) == 1


def test_the_last_administrator_cannot_be_disabled(db, capsys, monkeypatch):
    run_cli(capsys, monkeypatch, "users", "add", "chief", "--role", "admin", "--db", str(db), "--password-stdin",
            stdin="chief-pass-1\n")
    code, _, err = run_cli(capsys, monkeypatch, "users", "disable", "chief", "--db", str(db))
    assert code == 1 and "至少要保留一个启用的管理员账号" in err


def test_a_missing_database_is_not_created_empty(tmp_path, capsys, monkeypatch):
    path = tmp_path / "none.duckdb"
    code, _, err = run_cli(capsys, monkeypatch, "users", "add", "chief", "--role", "admin", "--db", str(path),
                           "--password-stdin", stdin="chief-pass-1\n")
    assert code == 1 and "不存在" in err and "cli.py demo" in err and not path.exists()
