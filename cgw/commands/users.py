"""`cli.py users`: accounts for scripts and for the first administrator without a browser.

    python cli.py users add NAME --role ROLE [--region REGION] --db DB [--password-stdin] [--temporary]
    python cli.py users list --db DB
    python cli.py users disable NAME --db DB      (enable NAME undoes it)
    python cli.py users reset NAME --db DB        (prints a temporary password; unlocks the account)

Every change is recorded in the audit trail (client "cli"). The database must not be open in the
running dashboard (one process holds a DuckDB file read-write).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from pathlib import Path

from cgw.commands import add_db_argument, as_user
from cgw.domain import access
from cgw.storage import accounts, database


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("users", help="账号管理：新建、列出、停用、重置密码")
    users = p.add_subparsers(dest="action", required=True, parser_class=type(p))
    add = users.add_parser("add", help="新建账号")
    add.add_argument("name", help="用户名")
    add.add_argument("--role", required=True, type=_role,
                     help="角色：" + "、".join(f"{r}（{zh}）" for r, (zh, _) in access.ROLES.items()))
    add.add_argument("--region", help="管辖区划（代码或唯一名称），省略则为全部区划")
    add.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（一行），便于脚本调用")
    add.add_argument("--temporary", action="store_true",
                     help="临时密码：首次登录须修改（未给密码时自动生成并显示）")
    add_db_argument(add)
    listing = users.add_parser("list", help="列出账号")
    add_db_argument(listing)
    for action, text in (("disable", "停用账号（并结束其登录会话）"), ("enable", "重新启用账号"),
                         ("reset", "重置为临时密码（并解锁），首次登录须修改")):
        q = users.add_parser(action, help=text)
        q.add_argument("name", help="用户名")
        add_db_argument(q)
    p.set_defaults(run=run)


def _role(text: str) -> str:
    try:
        return access.parse_role(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _password(args: argparse.Namespace) -> tuple[str, bool]:
    """(password, generated): from stdin, a prompt, or generated for --temporary."""
    if args.password_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n"), False
    if sys.stdin.isatty():
        first = getpass.getpass("密码：")
        if getpass.getpass("再次输入：") != first:
            raise ValueError("两次输入的密码不一致")
        return first, False
    if args.temporary:
        return access.temporary_password(), True
    raise ValueError("请用 --password-stdin 从标准输入提供密码，或加 --temporary 自动生成临时密码")


def _state(a: accounts.Account) -> str:
    if not a.active:
        return "已停用"
    if a.locked(dt.datetime.now()):
        return f"锁定至 {a.locked_until:%H:%M}"
    return "待改临时密码" if a.must_change else "正常"


def run(args: argparse.Namespace) -> int:
    if not Path(args.db).exists():
        raise ValueError(f"数据库 {args.db} 不存在：请先启动看板（首次启动会生成演示数据），或用 "
                         f"`python cli.py demo --db {args.db}` 生成，再添加账号")
    con = database.connect(args.db)
    try:
        return _run(con, args)
    except accounts.AccountError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 1
    finally:
        database.close(args.db)


def _run(con, args: argparse.Namespace) -> int:
    if args.action == "list":
        rows = accounts.list_accounts(con)
        if not rows:
            print("还没有账号：用 `python cli.py users add NAME --role admin --db …` 新建第一个管理员，或打开看板按提示创建")
            return 0
        print(f"{'用户名':<20}{'角色':<6}{'管辖范围':<16}{'状态':<12}最近登录")
        for a in rows:
            last = f"{a.last_login:%Y-%m-%d %H:%M}" if a.last_login else "—"
            print(f"{a.name:<20}{access.role_label(a.role):<6}{a.region_id or '全部区划':<16}{_state(a):<12}{last}")
        return 0
    if args.action == "add":
        region = accounts.resolve_region(con, args.region)
        password, generated = _password(args)
        account = accounts.create(con, args.name, args.role, region, password, temporary=args.temporary,
                                  created_by="cli")
        as_user.audit(con, None, "account_create", target=account.name, region_id=region,
                      detail=f"角色 {access.role_label(account.role)}；管辖 {region or '全部区划'}"
                             + ("；临时密码" if args.temporary else ""))
        print(f"已新建账号 {account.name}（{access.role_label(account.role)}，{region or '全部区划'}）")
        if generated:
            print(f"临时密码：{password}（首次登录须修改）")
        return 0
    if args.action in ("disable", "enable"):
        account = accounts.change(con, args.name, active=args.action == "enable")
        as_user.audit(con, None, "account_change", target=account.name, region_id=account.region_id,
                      detail="启用" if account.active else "停用")
        print(f"已{'启用' if account.active else '停用'}账号 {account.name}")
        return 0
    password = access.temporary_password()
    account = accounts.set_password(con, args.name, password, temporary=True)
    as_user.audit(con, None, "password_reset", target=account.name, region_id=account.region_id,
                  detail="设置临时密码，首次登录须修改")
    print(f"已重置 {account.name} 的密码并解锁。临时密码：{password}（首次登录须修改）")
    return 0
