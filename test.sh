#!/usr/bin/env bash
# Installs everything the tests need (Debian chromium, CJK fonts and the PostgreSQL server when
# missing, the pinned Python packages), then runs ruff, the import-layer contracts and every test.
# The tests start their own PostgreSQL (tests/conftest.py: initdb into a temporary folder, loopback
# only). CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")"

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" fontconfig
fi

python -m pip install -q -r requirements-dev.txt
python -m ruff check .
lint-imports --no-cache
# Two workers (pytest-xdist), a test file per worker at a time: the machine has 2 cores and most
# tests wait on a browser, an app process or PostgreSQL.
python -m pytest -n 2 --dist loadfile "$@"
