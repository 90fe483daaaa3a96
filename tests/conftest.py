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
