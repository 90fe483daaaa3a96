"""Analyst import: CSV/TSV/Excel files → validated, all-or-nothing loads with undo.

One code path behind the upload page (pages/import_data.py) and `python cli.py import`:

    result = importer.import_file(con, "workers", "花名册.csv", mode="upsert")
    preview = importer.preview(con, "workers", data_bytes, file_name="花名册.xlsx")
    importer.undo(con, result.batch_id)
    # the analyst's column and value choices, saved by name and reused (page and --profile):
    importer.profiles.save(con, "大虞街道花名册", "workers", preview.mapping)
    importer.preview(con, "workers", data_bytes, mapping=importer.profiles.load(con, "大虞街道花名册", "workers"))

Only ImportFailed (a Chinese message naming the file and the fix) is raised; a file with bad rows
gives a result whose `problems` list file, row, column, value, reason and fix, and nothing is
written unless `accept_valid`. `TABLES`/`tables()` list the importable tables in foreign-key order
and `spec(table).columns[i].header_zh` gives each column's template header.
"""

from cgw.ingest.importer import profiles
from cgw.ingest.importer.batches import batches, undo
from cgw.ingest.importer.errors import ImportFailed
from cgw.ingest.importer.pipeline import FileColumn, ImportResult, Preview, import_file, preview
from cgw.ingest.importer.profiles import Mapping
from cgw.ingest.importer.reading import file_headers, guess_tables, sheet_names
from cgw.ingest.importer.report import report_bytes
from cgw.ingest.importer.specs import TABLES, ColumnSpec, TableSpec, spec, tables
from cgw.ingest.importer.templates import template_csv, template_xlsx

__all__ = [
    "TABLES",
    "ColumnSpec",
    "FileColumn",
    "ImportFailed",
    "ImportResult",
    "Mapping",
    "Preview",
    "TableSpec",
    "batches",
    "file_headers",
    "guess_tables",
    "import_file",
    "preview",
    "profiles",
    "report_bytes",
    "sheet_names",
    "spec",
    "tables",
    "template_csv",
    "template_xlsx",
    "undo",
]
