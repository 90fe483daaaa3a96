"""The product's layers below the pages and the metrics, one package each, in import order
(a package imports only those after it; `lint-imports` checks it):

- webui: the Streamlit helpers the pages draw with (view state, charts, cards, layout);
- outputs: briefing report and file exports;
- commands: the command line (`cli.py`), beside the pages at the top;
- ingest: the importer and the demo-data generator;
- storage: the database (connection, schema, migrations) and named datasets;
- domain: vocabulary and rules (categories, ID numbers, masking, calendar periods).

`metrics/` (the KPI catalogue and its engine) sits between outputs and ingest.
"""
