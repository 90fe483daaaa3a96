"""Importer settings that deployments may change (environment variables)."""

from __future__ import annotations

import os

# Upload size limit in megabytes (the page and the command line use the same limit).
MAX_UPLOAD_MB_ENV = "CGW_IMPORT_MAX_MB"
DEFAULT_MAX_UPLOAD_MB = 200

# Problems kept in a result (and written to the full report); the count is always exact.
MAX_PROBLEMS = 200_000
# Problems shown in a preview.
PREVIEW_PROBLEMS = 20
# Header search: the header must be within the first rows of a file.
HEADER_SEARCH_ROWS = 30
# Columns a file may have (a table has at most 19; checks are SQL expressions per column).
MAX_COLUMNS = 500


def max_upload_bytes() -> int:
    raw = os.environ.get(MAX_UPLOAD_MB_ENV, "")
    try:
        mb = float(raw) if raw.strip() else DEFAULT_MAX_UPLOAD_MB
    except ValueError:
        mb = DEFAULT_MAX_UPLOAD_MB
    return int(max(mb, 0.001) * 1024 * 1024)
