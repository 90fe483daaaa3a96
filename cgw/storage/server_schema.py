"""What a PostgreSQL store gets beyond the logical schema (which comes, transpiled, from
data/schema.sql and the migrations): support functions the compiled SQL calls, and the indexes
that make the metric queries fast. All idempotent; applied after every create or migration."""

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
)


def apply(con) -> None:
    cur = con.cursor()
    try:
        for ddl in dialect.SUPPORT_DDL:
            cur.execute(ddl)
        for ddl in INDEXES:
            cur.execute(ddl)
    finally:
        cur.close()
