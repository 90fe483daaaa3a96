"""Helpers for the robustness suites (tests/test_robust_*.py).

- `NetGuard`: records and refuses every connection attempt to a non-loopback address, in this
  process (`with NetGuard() as guard:`) or, through `guard_site_dir`, in a child process such as
  `streamlit run` (a sitecustomize.py that installs the guard and logs attempts to a file).
- `netlog_requests`: the URL requests in a Chromium NetLog (`--log-net-log=...`), split into those a
  page asked for and those the browser makes on its own.
- `fingerprints`: per-table (row count, bit_xor of row hashes) of every table of a database.
- `run_cli`: `python cli.py ...` in a child process.

Only the standard library is imported at module level: sitecustomize imports this module before
anything else starts in the guarded process.
"""

from __future__ import annotations

import errno
import ipaddress
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOG_ENV = "ROBUST_NETGUARD_LOG"
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def is_loopback(host) -> bool:
    """True for loopback addresses and names (and for "no host", i.e. a local/passive lookup)."""
    if host in (None, "", b""):
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).strip("[]").split("%")[0].lower()
    if host in _LOOPBACK_NAMES:
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False  # any other host name would need a DNS lookup
    mapped = getattr(ip, "ipv4_mapped", None)
    return ip.is_loopback or bool(mapped and mapped.is_loopback)


def _address_host(address) -> object:
    """The host part of a socket address; None for AF_UNIX paths (local by nature)."""
    if isinstance(address, (str, bytes)):
        return None
    if isinstance(address, tuple) and address:
        return address[0]
    return address


class NetGuard:
    """Record and refuse connection attempts to non-loopback addresses.

    Patches socket.socket.connect / connect_ex / sendto, socket.create_connection, getaddrinfo and
    gethostbyname(_ex). `attempts` lists (function, target) of every refused attempt; with
    `log_path`, each attempt (and the installation itself) is also appended to that file as JSON.
    """

    def __init__(self, log_path: str | os.PathLike | None = None):
        self.attempts: list[tuple[str, str]] = []
        self.log_path = str(log_path) if log_path else None
        self._lock = threading.Lock()
        self._saved: list[tuple[object, str, object]] = []

    def _log(self, record: dict) -> None:
        if self.log_path:
            with self._lock, open(self.log_path, "a", encoding="utf-8") as f:
                f.write(json.dumps(record, ensure_ascii=False) + "\n")

    def _refuse(self, function: str, target) -> None:
        with self._lock:
            self.attempts.append((function, repr(target)))
        self._log({"event": "attempt", "pid": os.getpid(), "function": function, "target": repr(target)})

    def install(self) -> NetGuard:
        guard = self
        real_connect = socket.socket.connect
        real_connect_ex = socket.socket.connect_ex
        real_sendto = socket.socket.sendto
        real_create_connection = socket.create_connection
        real_getaddrinfo = socket.getaddrinfo
        real_gethostbyname = socket.gethostbyname
        real_gethostbyname_ex = socket.gethostbyname_ex

        def connect(sock, address):
            if not is_loopback(_address_host(address)):
                guard._refuse("connect", address)
                raise OSError(errno.ENETUNREACH, f"network guard: connection to {address!r} refused")
            return real_connect(sock, address)

        def connect_ex(sock, address):
            if not is_loopback(_address_host(address)):
                guard._refuse("connect_ex", address)
                return errno.ENETUNREACH
            return real_connect_ex(sock, address)

        def sendto(sock, data, *args):
            address = args[-1]
            if not is_loopback(_address_host(address)):
                guard._refuse("sendto", address)
                raise OSError(errno.ENETUNREACH, f"network guard: datagram to {address!r} refused")
            return real_sendto(sock, data, *args)

        def create_connection(address, *args, **kwargs):
            if not is_loopback(_address_host(address)):
                guard._refuse("create_connection", address)
                raise OSError(errno.ENETUNREACH, f"network guard: connection to {address!r} refused")
            return real_create_connection(address, *args, **kwargs)

        def getaddrinfo(host, *args, **kwargs):
            if not is_loopback(host):
                guard._refuse("getaddrinfo", host)
                raise socket.gaierror(socket.EAI_NONAME, f"network guard: lookup of {host!r} refused")
            return real_getaddrinfo(host, *args, **kwargs)

        def gethostbyname(host):
            if not is_loopback(host):
                guard._refuse("gethostbyname", host)
                raise socket.gaierror(socket.EAI_NONAME, f"network guard: lookup of {host!r} refused")
            return real_gethostbyname(host)

        def gethostbyname_ex(host):
            if not is_loopback(host):
                guard._refuse("gethostbyname_ex", host)
                raise socket.gaierror(socket.EAI_NONAME, f"network guard: lookup of {host!r} refused")
            return real_gethostbyname_ex(host)

        self._saved = [
            (socket.socket, "connect", real_connect),
            (socket.socket, "connect_ex", real_connect_ex),
            (socket.socket, "sendto", real_sendto),
            (socket, "create_connection", real_create_connection),
            (socket, "getaddrinfo", real_getaddrinfo),
            (socket, "gethostbyname", real_gethostbyname),
            (socket, "gethostbyname_ex", real_gethostbyname_ex),
        ]
        socket.socket.connect = connect
        socket.socket.connect_ex = connect_ex
        socket.socket.sendto = sendto
        socket.create_connection = create_connection
        socket.getaddrinfo = getaddrinfo
        socket.gethostbyname = gethostbyname
        socket.gethostbyname_ex = gethostbyname_ex
        self._log({"event": "installed", "pid": os.getpid(), "argv": sys.argv[:3]})
        return self

    def uninstall(self) -> None:
        for owner, name, original in reversed(self._saved):
            setattr(owner, name, original)
        self._saved = []

    def __enter__(self) -> NetGuard:
        return self.install()

    def __exit__(self, *exc) -> None:
        self.uninstall()


SITECUSTOMIZE = f"""\
# Written by tests/support/robust.guard_site_dir: every Python process started with this folder on
# PYTHONPATH records and refuses connection attempts to non-loopback addresses.
import os
import sys

sys.path.append({str(ROOT)!r})
from tests.support.robust import NetGuard  # noqa: E402

NetGuard(os.environ[{LOG_ENV!r}]).install()
"""


def guard_site_dir(folder: Path, log_path: Path) -> dict[str, str]:
    """Write folder/sitecustomize.py; returns the environment that makes a child process load it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    log_path.write_text("", encoding="utf-8")
    path = os.pathsep.join(p for p in (str(folder), os.environ.get("PYTHONPATH", "")) if p)
    return {"PYTHONPATH": path, LOG_ENV: str(log_path)}


def read_guard_log(log_path: Path) -> tuple[list[dict], list[dict]]:
    """(installations, attempts) recorded by guarded child processes."""
    records = [json.loads(line) for line in log_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in records if r["event"] == "installed"], [r for r in records if r["event"] == "attempt"]


# --- Chromium NetLog ------------------------------------------------------------------------------

NETLOG_ARGS = ["--net-log-capture-mode=Default"]


def _url_is_local(url: str) -> bool:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme in ("file", "data", "blob", "about", "chrome", "devtools", "chrome-extension"):
        return True
    return is_loopback(parts.hostname)


def netlog_requests(path: Path) -> tuple[list[str], list[str], list[str]]:
    """(all URL requests, non-loopback requests a page made, non-loopback requests of the browser
    itself). A request is the browser's own when it has no initiating document ("not an origin")
    and is not a navigation the test made (those go to loopback or file: URLs)."""
    text = Path(path).read_text(encoding="utf-8")
    try:
        log = json.loads(text)
    except json.JSONDecodeError:  # a browser that did not exit cleanly leaves the array open
        log = json.loads(text.rstrip().rstrip(",") + "]}")
    types = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    urls, page_external, browser_external = [], [], []
    for event in log["events"]:
        if types.get(event["type"]) != "URL_REQUEST_START_JOB":
            continue
        params = event.get("params", {})
        url = params.get("url")
        if not url:
            continue
        urls.append(url)
        if _url_is_local(url):
            continue
        if params.get("initiator") == "not an origin":
            browser_external.append(url)
        else:
            page_external.append(url)
    return urls, page_external, browser_external


# --- databases ------------------------------------------------------------------------------------


def fingerprints(con) -> dict[str, tuple]:
    """(row count, bit_xor of row hashes) of every table of the database, the import log included:
    equal fingerprints mean every table holds exactly the same rows. Not the sign-in sessions and
    the audit trail: they record the attempts themselves (a refused import is an audit entry)."""
    from cgw.storage import database

    tables = [r[0] for r in database.query_rows(
        con, "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary "
             "AND database_name = current_database() ORDER BY 1") if r[0] not in ("user_sessions", "audit_log")]
    return {t: tuple(database.query_rows(con, f'SELECT count(*), bit_xor(hash(x)) FROM "{t}" x')[0]) for t in tables}


def file_fingerprints(path: Path) -> dict[str, tuple]:
    """Fingerprints of a database file, opened read-only for the moment (no other holder allowed)."""
    import duckdb

    from cgw.storage import database

    con = duckdb.connect(str(path), read_only=True, config=database.CONNECTION_CONFIG)
    try:
        return fingerprints(con)
    finally:
        con.close()


# --- the command line -----------------------------------------------------------------------------


def run_cli(args: list[str], env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """`python cli.py ARGS` in a child process (text output)."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("CGW_DEBUG", None)
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], cwd=ROOT, env=full_env,
                          capture_output=True, text=True, timeout=timeout, check=False)


class Stopwatch:
    def __init__(self) -> None:
        self.started = time.perf_counter()

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started
