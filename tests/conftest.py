"""Shared fixtures. Databases are generated once per session; browser tests share one Chromium.

Helpers for starting the app and the browser live in tests/support/__init__.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cgw.ingest.generator import build, targets
from cgw.storage import database
from tests import support


@pytest.fixture(scope="session")
def kuiwen_db(tmp_path_factory) -> Path:
    """The kuiwen preset, seed 1, with every standard account of tests/support/accounts.py (each
    role at district, street and community level, and `admin`). Shared: open it with
    database.connect, and do not modify it (signing in adds sessions and audit entries only)."""
    from tests.support import accounts

    path = tmp_path_factory.mktemp("kuiwen") / "kuiwen.duckdb"
    build.generate(targets.KUIWEN, path, seed=1)
    accounts.ensure_all(path)
    database.close(path)
    return path


@pytest.fixture(scope="session")
def hongtong_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hongtong") / "hongtong.duckdb"
    build.generate(targets.HONGTONG, path, seed=1)
    return path


@pytest.fixture
def kuiwen_copy(kuiwen_db, tmp_path) -> Path:
    """A private, writable copy of the kuiwen database."""
    database.close(kuiwen_db)  # flush; the shared connection reopens on next use
    path = tmp_path / "kuiwen.duckdb"
    shutil.copy(kuiwen_db, path)
    return path


@pytest.fixture(scope="session")
def import_base(tmp_path_factory) -> Path:
    """The importer tests' small hand-made database (tests/support/import_corpus.py). Do not modify it."""
    from tests.support import import_corpus

    return import_corpus.base_database(tmp_path_factory.mktemp("import") / "base.duckdb")


@pytest.fixture
def import_db(import_base, tmp_path) -> Path:
    """A private, writable copy of the importer tests' database."""
    path = tmp_path / "db.duckdb"
    shutil.copy(import_base, path)
    yield path
    database.close(path)


@pytest.fixture
def fresh_streamlit():
    """AppTest shares caches and modules across runs in one process: start each test clean."""
    support.reset_streamlit()
    yield
    support.reset_streamlit()


@pytest.fixture(scope="session")
def browser():
    with support.chromium() as b:
        yield b


@pytest.fixture(scope="session")
def app_url(kuiwen_db, tmp_path_factory):
    """The app serving a copy of the kuiwen database, for browser tests; every standard account
    (tests/support/accounts.py) has a session: support.new_context(browser, url, user)."""
    from tests.support import accounts

    path = tmp_path_factory.mktemp("served") / "kuiwen.duckdb"
    database.close(kuiwen_db)
    shutil.copy(kuiwen_db, path)
    with support.running_app(path, users=tuple(accounts.STANDARD)) as url:
        yield url


@pytest.fixture(scope="session")
def metrics_fixture_db(tmp_path_factory) -> Path:
    """The small hand-computable database of tests/support/fixture_db.py (as of 2025-06-30). Shared: open
    it with database.connect and do not modify it; build a private one with fixture_db.build."""
    from tests.support import fixture_db

    return fixture_db.build(tmp_path_factory.mktemp("metrics_fixture") / "fixture.duckdb")


# --- server mode: one real PostgreSQL per session ------------------------------------------------

BACKENDS = ("duckdb", "postgres")


@pytest.fixture(scope="session")
def pg_server():
    """A private PostgreSQL server (devtools/pg_server.py), started once per session. No skip: when
    the binaries are missing this fails, and test.sh installs them."""
    from devtools import pg_server as server

    with server.running_server() as s:
        yield s


@pytest.fixture(scope="session")
def metrics_fixture_pg(pg_server) -> str:
    """tests/support/fixture_db.py built on PostgreSQL by the same code (a URL). Do not modify it."""
    from tests.support import fixture_db

    return fixture_db.build(pg_server.create_database("metrics_fixture"))


@pytest.fixture(scope="session", params=BACKENDS)
def metrics_db(request):
    """The hand-computable fixture on each backend: a DuckDB path, then a PostgreSQL URL."""
    return request.getfixturevalue("metrics_fixture_db" if request.param == "duckdb" else "metrics_fixture_pg")


@pytest.fixture(scope="session")
def kuiwen_pg(pg_server) -> str:
    """The kuiwen preset, seed 1, generated into PostgreSQL (a URL). Shared: do not modify it."""
    url = pg_server.create_database("kuiwen")
    build.generate(targets.KUIWEN, url, seed=1)
    return url


@pytest.fixture(scope="session")
def hongtong_pg(pg_server) -> str:
    url = pg_server.create_database("hongtong")
    build.generate(targets.HONGTONG, url, seed=1)
    return url


@pytest.fixture(scope="session", params=BACKENDS)
def kuiwen_any(request):
    """The kuiwen preset on each backend."""
    return request.getfixturevalue("kuiwen_db" if request.param == "duckdb" else "kuiwen_pg")


@pytest.fixture(scope="session", params=BACKENDS)
def hongtong_any(request):
    return request.getfixturevalue("hongtong_db" if request.param == "duckdb" else "hongtong_pg")


_new_databases = iter(range(1, 1_000_000))


@pytest.fixture(params=BACKENDS)
def new_database(request, tmp_path):
    """make(name) → where a new database goes: a file under tmp_path, then (second run) a new, empty
    PostgreSQL database's URL. Each made database is closed after the test."""
    made = []

    def make(name: str):
        if request.param == "duckdb":
            target = tmp_path / f"{name}.duckdb"
        else:
            target = request.getfixturevalue("pg_server").create_database(f"{name}_{next(_new_databases)}")
        made.append(target)
        return target

    yield make
    for target in made:
        database.close(target)


def pg_copy(server, source: Path, name: str) -> str:
    """A new PostgreSQL database holding the rows of the DuckDB file `source` (its URL)."""
    from cgw.storage import backends

    url = server.create_database(f"{name}_{next(_new_databases)}")
    database.close(source)
    src = database.open_database(source, read_only=True)
    try:
        backends.replace_all(database.connect(url), src, database.DATA_TABLES)
    finally:
        src.close()
    return url


@pytest.fixture
def pg_copy_of(request):
    """make(duckdb_path, name) → a new PostgreSQL database with that file's rows (its URL), closed after the test."""
    made = []

    def make(source: Path, name: str) -> str:
        url = pg_copy(request.getfixturevalue("pg_server"), source, name)
        made.append(url)
        return url

    yield make
    for url in made:
        database.close(url)


@pytest.fixture(params=BACKENDS)
def import_any(request, import_base, tmp_path):
    """A private, writable copy of the importer tests' database: a DuckDB file, then a PostgreSQL store."""
    if request.param == "duckdb":
        target = tmp_path / "db.duckdb"
        shutil.copy(import_base, target)
    else:
        target = pg_copy(request.getfixturevalue("pg_server"), import_base, "import")
    yield target
    database.close(target)


@pytest.fixture
def chinese(monkeypatch):
    """Outside a Streamlit session the UI helpers read no session state: Chinese."""
    from cgw.webui import charts, i18n, kpi

    for module in (i18n, charts, kpi):
        monkeypatch.setattr(module, "lang", lambda: "zh")


@pytest.fixture
def english(monkeypatch):
    from cgw.webui import charts, i18n, kpi

    for module in (i18n, charts, kpi):
        monkeypatch.setattr(module, "lang", lambda: "en")


# --- order: the longest files first ------------------------------------------------------------------

# Minutes each on this 2-core machine; test.sh hands whole files to two workers in collection order,
# so starting these first keeps one worker from running the last long file alone.
LONG_FILES = (
    "tests/robustness/test_fuzz.py", "tests/pages/test_pages.py", "tests/browser/test_pages.py",
    "tests/robustness/test_scope.py", "tests/devtools/test_benchmark.py", "tests/browser/test_access.py",
    "tests/robustness/test_offline.py", "tests/robustness/test_url.py", "tests/robustness/test_server_mode.py",
)


def pytest_collection_modifyitems(session, config, items):
    rank = {name: i for i, name in enumerate(LONG_FILES)}

    def key(item):
        path = item.nodeid.split("::", 1)[0]
        return rank.get(path, len(LONG_FILES))

    items.sort(key=key)  # stable: the rest keep their order
