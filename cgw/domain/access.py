"""Who may do what: roles, their permissions, region scope, the password policy, session and
lockout limits, and the audit trail's vocabulary.

Five roles, least privilege (等保 2.0 三员分立: the administrator manages accounts and data, the
auditor reads the audit trail and nothing else, and nobody can change the trail):

| role | may |
|---|---|
| 浏览 viewer | dashboards, drill-downs, chart exports, the briefing |
| 分析 analyst | + import, undo of batches in scope, data quality |
| 演示 presenter | + the demo studio, into named demo datasets only (never the live one) |
| 管理 admin | all of the above + accounts, any batch, revealing one person's ID and phone |
| 审计 auditor | the audit trail only |

Every account is bound to a region (a district, street or community; none means the whole
database) and sees only that subtree. Passwords are hashed with argon2id (argon2-cffi).
"""

from __future__ import annotations

import os
import re
import secrets
import string

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

VIEWER, ANALYST, PRESENTER, ADMIN, AUDITOR = "viewer", "analyst", "presenter", "admin", "auditor"
ROLES: dict[str, tuple[str, str]] = {
    VIEWER: ("浏览", "Viewer"),
    ANALYST: ("分析", "Analyst"),
    PRESENTER: ("演示", "Presenter"),
    ADMIN: ("管理", "Administrator"),
    AUDITOR: ("审计", "Auditor"),
}
ROLE_DESCRIPTIONS: dict[str, tuple[str, str]] = {
    VIEWER: ("看板、下钻、图表导出和简报", "dashboards, drill-down, chart exports and the briefing"),
    ANALYST: ("另可导入数据、撤销本辖区的导入批次、查看数据质量", "also import, undo batches in scope, data quality"),
    PRESENTER: ("另可在演示数据工作室生成命名演示数据集（不能改动正式数据）",
                "also the demo studio, into named demo datasets only (never the live data)"),
    ADMIN: ("另可管理账号、撤销任何导入批次、说明理由后查看个人完整信息",
            "also accounts, any import batch, revealing one person's record with a reason"),
    AUDITOR: ("只能查看和导出审计日志", "the audit trail only"),
}

# Permissions: what a page or an action needs.
DASHBOARDS = "dashboards"  # dashboard pages, drill-down, chart exports, the briefing
QUALITY = "quality"  # the data-quality page
IMPORT = "import"  # import files, undo batches in scope
STUDIO = "studio"  # the demo studio: named demo datasets only
ACCOUNTS = "accounts"  # create, change, disable accounts; reset passwords
ALL_BATCHES = "all_batches"  # undo any import batch, whatever its region
REVEAL = "reveal"  # see one person's unmasked ID and phone numbers, with a stated reason
AUDIT = "audit"  # read and export the audit trail
PERMISSIONS = (DASHBOARDS, QUALITY, IMPORT, STUDIO, ACCOUNTS, ALL_BATCHES, REVEAL, AUDIT)

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    VIEWER: frozenset({DASHBOARDS}),
    ANALYST: frozenset({DASHBOARDS, IMPORT, QUALITY}),
    PRESENTER: frozenset({DASHBOARDS, STUDIO}),
    ADMIN: frozenset({DASHBOARDS, IMPORT, QUALITY, STUDIO, ACCOUNTS, ALL_BATCHES, REVEAL, AUDIT}),
    AUDITOR: frozenset({AUDIT}),
}


PERMISSION_LABELS: dict[str, tuple[str, str]] = {
    DASHBOARDS: ("查看看板", "dashboards"),
    QUALITY: ("数据质量", "data quality"),
    IMPORT: ("数据导入", "import"),
    STUDIO: ("演示数据", "demo studio"),
    ACCOUNTS: ("账号管理", "accounts"),
    ALL_BATCHES: ("撤销任何导入批次", "any import batch"),
    REVEAL: ("查看个人信息", "reveal personal data"),
    AUDIT: ("审计日志", "audit trail"),
}


class AccessDenied(Exception):
    """An action or a read the signed-in account may not do: one line for the user (Chinese)."""


def permission_label(permission: str, lang: str = "zh") -> str:
    zh, en = PERMISSION_LABELS.get(permission, (permission, permission))
    return en if lang == "en" else zh


def can(role: str | None, permission: str) -> bool:
    return permission in ROLE_PERMISSIONS.get(role or "", frozenset())


def role_label(role: str, lang: str = "zh") -> str:
    zh, en = ROLES.get(role, (role, role))
    return en if lang == "en" else zh


def parse_role(text: str) -> str:
    """A role from its English id or Chinese name (`admin`, `管理`); ValueError names the choices."""
    text = (text or "").strip()
    for role, (zh, en) in ROLES.items():
        if text.lower() in (role, en.lower()) or text == zh:
            return role
    choices = "、".join(f"{r}（{zh}）" for r, (zh, _) in ROLES.items())
    raise ValueError(f"角色 {text!r} 无效：可选 {choices}")


# --- region scope -------------------------------------------------------------------------------


def in_scope(region_id: str | None, scope: str | None) -> bool:
    """True when `region_id` lies in the subtree of `scope` (None: the whole database). Region
    codes are 统计用区划代码, so a child's code starts with its parent's."""
    if scope is None:
        return True
    return isinstance(region_id, str) and region_id.startswith(scope)


# --- accounts and passwords ---------------------------------------------------------------------

MIN_PASSWORD = 8
MAX_PASSWORD = 128
_NAME = re.compile(r"^[\w\u4e00-\u9fff.@-]{2,32}$")


def check_name(name: str) -> str | None:
    """Why `name` cannot be an account name, or None."""
    if not isinstance(name, str) or not _NAME.match(name):
        return "用户名应为 2–32 个字符：中文、字母、数字或 . _ - @，不含空格"
    return None


def check_password(password: str, name: str) -> str | None:
    """Why `password` is not acceptable for account `name`, or None."""
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        return f"密码至少需要 {MIN_PASSWORD} 个字符"
    if len(password) > MAX_PASSWORD:
        return f"密码最长 {MAX_PASSWORD} 个字符"
    if password.strip().casefold() == (name or "").strip().casefold():
        return "密码不能与用户名相同"
    return None


def temporary_password(length: int = 12) -> str:
    """Letters and digits without look-alikes (0/O, 1/l/I), to be read out to a person."""
    alphabet = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")
    return "".join(secrets.choice(alphabet) for _ in range(length))


_hasher = PasswordHasher()  # argon2id with the library's recommended parameters (RFC 9106)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Constant-work check: an unknown account still costs one hash, so timing does not tell
    whether a name exists."""
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


_DUMMY_HASH = _hasher.hash("not-a-password-of-anyone")

# --- sessions, lockout, retention ---------------------------------------------------------------

MAX_FAILED_LOGINS = 5  # consecutive failures that lock an account
LOCK_MINUTES = 15
IDLE_MINUTES = 30  # a session ends after this long without use (CGW_SESSION_IDLE_MINUTES)
RETENTION_DAYS = 180  # audit entries are kept at least this long (CGW_AUDIT_RETENTION_DAYS); 网络安全法: ≥ 6 months


def _env_number(name: str, default: float, minimum: float) -> float:
    try:
        value = float(os.environ.get(name, default))
    except ValueError:
        return default
    return max(minimum, value)


def idle_minutes() -> float:
    """The idle timeout; CGW_SESSION_IDLE_MINUTES overrides (fractions allowed, for tests)."""
    return _env_number("CGW_SESSION_IDLE_MINUTES", IDLE_MINUTES, 0.05)


def retention_days() -> int:
    """How long audit entries are kept; CGW_AUDIT_RETENTION_DAYS sets more, never less than 180."""
    return int(_env_number("CGW_AUDIT_RETENTION_DAYS", RETENTION_DAYS, RETENTION_DAYS))


# --- the audit trail ----------------------------------------------------------------------------

SUCCESS, FAILURE, DENIED = "success", "failure", "denied"
OUTCOMES: dict[str, tuple[str, str]] = {SUCCESS: ("成功", "Success"), FAILURE: ("失败", "Failure"),
                                        DENIED: ("拒绝", "Denied")}
ACTIONS: dict[str, tuple[str, str]] = {
    "login": ("登录", "Sign-in"),
    "logout": ("退出", "Sign-out"),
    "import": ("导入数据", "Import"),
    "undo": ("撤销导入", "Undo import"),
    "export": ("导出", "Export"),
    "briefing": ("生成简报", "Briefing"),
    "demo": ("生成演示数据", "Demo data"),
    "reveal": ("查看个人信息", "Reveal personal data"),
    "account_create": ("新建账号", "Account created"),
    "account_change": ("修改账号", "Account changed"),
    "password_change": ("修改密码", "Password changed"),
    "password_reset": ("重置密码", "Password reset"),
    "audit_purge": ("清理过期日志", "Expired entries removed"),
    "access": ("越权访问", "Access refused"),
}
CLI_CLIENT = "cli"  # the client address recorded for command-line actions


def action_label(action: str, lang: str = "zh") -> str:
    zh, en = ACTIONS.get(action, (action, action))
    return en if lang == "en" else zh
