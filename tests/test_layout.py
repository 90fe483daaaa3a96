"""The tree keeps its architecture: the top level of the design card, SQL only in the layers that
own it, the import-layer contracts (lint-imports), and tests found from the module they test."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

from tests.support import ROOT

TOP_LEVEL = {"app.py", "cli.py", "pages", "data", "metrics", "cgw", "devtools", "tests", "requirements.txt",
             "requirements-dev.txt", "pyproject.toml", "README.md", "test.sh"}
# Packages whose modules may hold SQL text: the data layer, getting data in, and the metrics.
SQL_OWNERS = ("cgw/storage", "cgw/ingest", "metrics")
# Developer tools compare the product against hand-written SQL on purpose (the benchmark).
SQL_EXEMPT = ("devtools", "tests")
SQL_WORDS = ("SELECT ", "INSERT INTO", "DELETE FROM", "CREATE TABLE", "ALTER TABLE", "DROP TABLE", " UPDATE ",
             "GROUP BY", "ORDER BY", "JOIN ")
# Test folders that group by what they exercise rather than mirror a module (tests/README.md).
TEST_GROUPS = ("tests/browser", "tests/robustness", "tests/support")


def tracked(pattern: str) -> list[Path]:
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", pattern], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout.split()
    return [ROOT / p for p in out if (ROOT / p).exists()]


def test_the_top_level_is_the_design_cards():
    entries = {p.relative_to(ROOT).parts[0] for p in tracked("*")} - {".ci", ".streamlit", ".gitignore"}
    assert entries == TOP_LEVEL
    loose = sorted(p.name for p in ROOT.glob("*.py"))
    assert loose == ["app.py", "cli.py"]


def _strings(path: Path) -> list[tuple[int, str]]:
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    return [(t.start[0], t.string) for t in tokens if t.type == tokenize.STRING]


def test_sql_text_only_in_storage_ingest_and_metrics():
    found = []
    for path in tracked("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(SQL_OWNERS + SQL_EXEMPT):
            continue
        for line, text in _strings(path):
            upper = text.upper() if text.isupper() else text
            if any(word in upper for word in SQL_WORDS):
                found.append(f"{rel}:{line}: {text[:60]}")
    assert found == []


def test_the_sql_check_finds_sql():
    """The check above is not blind: it flags a query in a string."""
    probe = ROOT / "tests" / "support" / "_probe_sql.py"
    probe.write_text('Q = "SELECT name FROM regions"\n', encoding="utf-8")
    try:
        assert any("SELECT " in s for _, s in _strings(probe))
    finally:
        probe.unlink()


def test_import_layers_hold():
    """lint-imports (import-linter) with the contracts in pyproject.toml; CI runs it too."""
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    run = subprocess.run([command, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "3 kept, 0 broken" in run.stdout


@pytest.mark.parametrize("test_file", [p for p in tracked("tests/*.py") if p.name.startswith("test_")],
                         ids=lambda p: p.relative_to(ROOT).as_posix())
def test_each_test_module_is_named_after_what_it_tests(test_file: Path):
    """tests/<package path>/test_<module>.py tests <package path>/<module>.py (or the package
    <module>/); tests/test_<entry>.py tests an entry point or the tree itself."""
    rel = test_file.relative_to(ROOT)
    if rel.as_posix().startswith(TEST_GROUPS):
        return
    if rel == Path("tests/test_layout.py"):
        return  # the tree itself
    package = Path(*rel.parts[1:-1])
    name = rel.name.removeprefix("test_").removesuffix(".py")
    target = package / name
    candidates = [ROOT / target.with_suffix(".py"), ROOT / target / "__init__.py"]
    if package.parts and name == package.parts[-1]:  # tests/pages/test_pages.py: the package itself
        candidates.append(ROOT / package / "__init__.py")
    assert any(c.exists() for c in candidates), f"{rel}: no module {target}"
