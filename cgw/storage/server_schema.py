"""What a PostgreSQL store gets beyond the logical schema (which comes, transpiled, from
data/schema.sql and the migrations): support functions the compiled SQL calls, the indexes that
make the metric queries fast, and the summary tables of per-community partial aggregates
(metrics/parts.py). All idempotent; applied after every create or migration."""

from __future__ import annotations

from cgw.storage import dialect

# Region filters are prefix tests on the region codes; "C"-collated text columns let a b-tree serve them.
INDEXES = (
    "CREATE INDEX IF NOT EXISTS workers_community ON workers (community_id)",
    "CREATE INDEX IF NOT EXISTS certificates_obtained ON certificates (worker_id, obtained_on)",
    "CREATE INDEX IF NOT EXISTS reserve_community ON reserve_candidates (community_id)",
    "CREATE INDEX IF NOT EXISTS trainings_worker ON trainings (worker_id)",
    "CREATE INDEX IF NOT EXISTS trainings_date ON trainings (start_date)",
    "CREATE INDEX IF NOT EXISTS assessments_year ON assessments (year)",
    "CREATE INDEX IF NOT EXISTS partner_communities_community ON partner_communities (community_id)",
    "CREATE INDEX IF NOT EXISTS issues_community ON livelihood_issues (community_id)",
    "CREATE INDEX IF NOT EXISTS wishes_community ON wishes (community_id)",
    "CREATE INDEX IF NOT EXISTS ledger_community ON points_ledger (community_id, entry_date)",
    "CREATE INDEX IF NOT EXISTS ledger_account ON points_ledger (account_id)",
    "CREATE INDEX IF NOT EXISTS undo_batch ON import_undo (batch_id, action)",
    # version 6
    "CREATE INDEX IF NOT EXISTS needs_community ON resident_needs (community_id, category)",
    "CREATE INDEX IF NOT EXISTS supply_communities_community ON supply_communities (community_id)",
    "CREATE INDEX IF NOT EXISTS party_households_community ON party_households (community_id)",
    "CREATE INDEX IF NOT EXISTS competency_worker ON competency_scores (worker_id)",
    "CREATE INDEX IF NOT EXISTS rotations_worker ON rotations (worker_id)",
    "CREATE INDEX IF NOT EXISTS secondments_worker ON secondments (worker_id)",
    "CREATE INDEX IF NOT EXISTS outcomes_worker ON assessment_outcomes (worker_id)",
)

# Partial aggregates per community (metrics/parts.py), keyed by the data version they were computed
# from, so an import or a generation makes them stale by itself. PostgreSQL's own SQL: these
# tables exist on the server only.
SUMMARY_DDL = (
    # leaf: a community's own rows (as the facts name it); otherwise the sum over the communities of a
    # province, city, district or street (the codes' prefixes), so any of them is one row per part.
    """CREATE TABLE IF NOT EXISTS kpi_parts (
        version TEXT COLLATE "C" NOT NULL, as_of DATE NOT NULL, grain TEXT NOT NULL, part TEXT COLLATE "C" NOT NULL,
        region_id TEXT COLLATE "C" NOT NULL, leaf BOOLEAN NOT NULL, value NUMERIC,
        PRIMARY KEY (version, as_of, grain, part, region_id, leaf))""",
    """CREATE TABLE IF NOT EXISTS kpi_parts_done (
        version TEXT COLLATE "C" NOT NULL, as_of DATE NOT NULL, grain TEXT NOT NULL, model TEXT NOT NULL,
        computed_at TIMESTAMP NOT NULL DEFAULT now(), PRIMARY KEY (version, as_of, grain, model))""",
)


def apply(con) -> None:
    cur = con.cursor()
    try:
        for ddl in dialect.SUPPORT_DDL:
            cur.execute(ddl)
        for ddl in INDEXES:
            cur.execute(ddl)
        for ddl in SUMMARY_DDL:
            cur.execute_native(ddl)
    finally:
        cur.close()
