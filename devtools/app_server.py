"""Run the dashboard as a real server on a loopback port (for the benchmark and browser tests)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def session_cookie(db_path: Path, name: str = "bench-admin", host: str = "127.0.0.1") -> dict:
    """A Playwright cookie signing a browser in as an administrator of the whole database (the
    account is created when missing). Call it before `running_app`: the app then holds the file."""
    import secrets

    from cgw.domain import access
    from cgw.storage import accounts, database

    con = database.connect(db_path)
    try:
        if accounts.get(con, name) is None:
            accounts.create(con, name, access.ADMIN, None, secrets.token_urlsafe(16), created_by="devtools")
        token = accounts.start_session(con, name, "devtools")
    finally:
        database.close(db_path)
    return {"name": "cgw_session", "value": token, "domain": host, "path": "/", "sameSite": "Strict"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_app(db_path: Path | str, extra_env: dict[str, str] | None = None, log_path: Path | None = None,
                timeout_s: float = 60, root: Path = ROOT) -> Iterator[tuple[str, subprocess.Popen]]:
    """`streamlit run app.py` (of checkout `root`) on `db_path`; yields (base URL without a
    trailing slash, process)."""
    port = free_port()
    env = {**os.environ, "CGW_DB": str(db_path), **(extra_env or {})}
    if log_path is None and str(db_path).startswith(("postgresql://", "postgres://")):
        log_path = Path(tempfile.mkdtemp(prefix="cgw-app-")) / f"server-{port}.log"
    log_path = log_path or Path(db_path).with_suffix(".server.log")
    log = open(log_path, "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(root / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + timeout_s
        while time.time() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited early: {log_path.read_text()}")
            with contextlib.suppress(OSError):
                if urllib.request.urlopen(url + "/_stcore/health", timeout=2).status == 200:
                    break
            time.sleep(0.3)
        else:
            raise RuntimeError(f"streamlit did not become healthy in {timeout_s:.0f} s")
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
