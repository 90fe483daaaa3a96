"""The data layer: the database connection, its schema and migrations, and named datasets.

The schema file and, ignored by git, the embedded DuckDB files live in `data/` at the top of
the project.
"""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
