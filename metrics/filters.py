"""The filters every metric takes: a region subtree, an as-of date and a period grain."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from cgw import domain
from cgw.domain import periods


@dataclass(frozen=True)
class Filters:
    region_id: str
    as_of: dt.date
    grain: str = "year"  # the current period for flow metrics: month, quarter or year to date

    def __post_init__(self) -> None:
        if self.grain not in periods.GRAINS:
            raise ValueError(f"grain must be one of {periods.GRAINS}")

    @property
    def period_start(self) -> dt.date:
        return periods.period_start(self.as_of, self.grain)

    def params(self) -> dict[str, object]:
        """Every bound parameter a metric's SQL may use."""
        last_q = periods.quarter_end(*periods.last_completed_quarter(self.as_of))
        year_done = self.as_of.month == 12 and self.as_of.day == 31
        # A grid (网格) is its community's subtree narrowed to the facts that name the grid:
        # $region is the community, $grid the grid ('' above the grid level; see models.render).
        grid = len(self.region_id) > domain.COMMUNITY_CODE_LENGTH
        return {
            "region": self.region_id[: domain.COMMUNITY_CODE_LENGTH] if grid else self.region_id,
            "grid": self.region_id if grid else "",
            "as_of": self.as_of,
            "period_start": self.period_start,
            "last_quarter_end": last_q,
            "last_year_end": dt.date(self.as_of.year - (0 if year_done else 1), 12, 31),
        }

    def at(self, as_of: dt.date) -> Filters:
        return dataclasses.replace(self, as_of=as_of)

    def year_earlier(self) -> Filters:
        """The same period one year earlier (同比)."""
        return self.at(_keep_month_end(self.as_of, periods.shift_years(self.as_of, -1)))

    def previous_period(self) -> Filters:
        """The previous period of the current grain (环比)."""
        return self.at(_keep_month_end(self.as_of, periods.previous_period_as_of(self.as_of, self.grain)))

    def in_region(self, region_id: str) -> Filters:
        return dataclasses.replace(self, region_id=region_id)


def _keep_month_end(original: dt.date, shifted: dt.date) -> dt.date:
    """A month-end as-of date compares with the month end: 30 June one quarter back is 31 March
    (not 30 March, which would drop a day from the quarter), 28 Feb 2025 a year back is 29 Feb 2024."""
    return periods.month_end(shifted) if original == periods.month_end(original) else shifted
