"""The competency model (胜任力测评) as pages and the briefing see it: its dimensions in display
order, each with its threshold and the training programme that addresses a weakness in it."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from cgw.storage import database


@dataclass(frozen=True)
class Dimension:
    dimension_id: str
    name_zh: str
    name_en: str
    threshold: float
    programme: str | None  # a training_programme value, or None when none is linked

    def name(self, lang: str = "zh") -> str:
        return self.name_en if lang == "en" else self.name_zh


def dimensions(con: duckdb.DuckDBPyConnection) -> list[Dimension]:
    """The dimensions of the competency model, in display order."""
    rows = database.query_rows(
        con,
        "SELECT dimension_id, name_zh, name_en, CAST(threshold AS DOUBLE), CAST(programme AS VARCHAR) "
        "FROM competency_dimensions ORDER BY display_order, dimension_id",
    )
    return [Dimension(*r) for r in rows]
