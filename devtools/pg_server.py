"""A throwaway PostgreSQL server for the tests and the benchmark: Debian's binaries, `initdb` into a
temporary directory, `pg_ctl` on a free loopback port, trust authentication for local
connections only. Run as root, the server runs as the `postgres` user (`runuser -u postgres --`).

    with running_server() as server:
        url = server.create_database("kuiwen")   # postgresql://postgres@127.0.0.1:PORT/kuiwen
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from devtools.app_server import free_port


def bin_dir() -> Path:
    """Where initdb and pg_ctl are (PostgreSQL 15 or later); raises with the fix when missing."""
    override = os.environ.get("CGW_PG_BIN")
    installed = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: -int(p.parent.name)
                       if p.parent.name.isdigit() else 0)  # Debian's layout, newest first
    for d in ([Path(override)] if override else []) + [d for d in installed if d.parent.name.isdigit()
                                                       and int(d.parent.name) >= 15]:
        if (d / "initdb").exists() and (d / "pg_ctl").exists():
            return d
    raise RuntimeError("PostgreSQL 15+ server binaries not found: apt-get install postgresql (test.sh does)")


def _as_server_user(cmd: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: run them as the `postgres` user."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@dataclass
class Server:
    host: str
    port: int
    data_dir: Path
    user: str = "postgres"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new, empty database (dropped first when it exists); returns its URL."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            con.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\' LOCALE \'C\'')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(cmd: list[str], log: Path) -> None:
    with open(log, "a") as out:
        done = subprocess.run(_as_server_user(cmd), stdout=out, stderr=subprocess.STDOUT)
    if done.returncode:
        tail = log.read_text()[-2000:]
        server_log = log.with_name("server.log")
        if server_log.exists():
            tail += server_log.read_text()[-2000:]
        raise RuntimeError(f"{Path(cmd[0]).name} failed ({done.returncode}): {tail}")


@contextlib.contextmanager
def running_server(settings: dict[str, str] | None = None, root: Path | None = None) -> Iterator[Server]:
    """Start a private server, yield it, stop it. Without `root` its files go to a temporary folder,
    deleted afterwards; with one (the benchmark's), they stay there and are reused next time."""
    binaries = bin_dir()
    keep = root is not None
    root = Path(root) if keep else Path(tempfile.mkdtemp(prefix="cgw-pg-"))
    data, sock, log, server_log = root / "data", root / "sock", root / "setup.log", root / "server.log"
    root.mkdir(parents=True, exist_ok=True)
    sock.mkdir(exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sock, "postgres")
    port = free_port()
    if not (data / "PG_VERSION").exists():
        _run([str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "--encoding=UTF8",
              "--locale=C", "--no-sync"], log)
    options = {
        "listen_addresses": "127.0.0.1",  # loopback only
        "port": str(port),
        "unix_socket_directories": str(sock),
        "max_connections": "200",
        "shared_buffers": "512MB",
        "work_mem": "64MB",
        "maintenance_work_mem": "512MB",
        "fsync": "off",  # a test server: its data are rebuilt on every run
        "synchronous_commit": "off",
        "full_page_writes": "off",
        "max_wal_size": "4GB",
        **(settings or {}),
    }
    opts = " ".join(f"-c {k}={v}" for k, v in options.items())
    server = Server("127.0.0.1", port, data)
    try:
        _run([str(binaries / "pg_ctl"), "-D", str(data), "-l", str(server_log), "-o", opts, "-w", "-t", "60", "start"], log)
        _wait_ready(server)
        yield server
    finally:
        with contextlib.suppress(RuntimeError):
            _run([str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "-t", "30", "stop"], log)
        if not keep:
            shutil.rmtree(root, ignore_errors=True)


def _wait_ready(server: Server, timeout_s: float = 30) -> None:
    import psycopg

    deadline = time.time() + timeout_s
    while True:
        try:
            psycopg.connect(server.url(), connect_timeout=2).close()
            return
        except psycopg.OperationalError:
            if time.time() > deadline:
                raise
            time.sleep(0.2)
