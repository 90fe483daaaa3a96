#!/usr/bin/env bash
# Installs everything the tests need (Debian chromium and CJK fonts when missing, the pinned
# Python packages), then runs ruff, the import-layer contracts and every test. CI runs exactly this
# (.ci/run).
set -euo pipefail
cd "$(dirname "$0")"

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" fontconfig
fi

python -m pip install -q -r requirements-dev.txt
python -m ruff check .
lint-imports --no-cache
python -m pytest "$@"
