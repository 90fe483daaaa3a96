"""Calendar periods shared by the generator, the metrics and the pages."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

GRAINS = ("month", "quarter", "year")


def shift_years(d: dt.date, years: int) -> dt.date:
    """`d` moved by whole calendar years; 29 February becomes 28 February when needed."""
    return d + relativedelta(years=years)


def shift_months(d: dt.date, months: int) -> dt.date:
    """`d` moved by whole months, clamped to the last day of the target month."""
    return d + relativedelta(months=months)


def month_end(d: dt.date) -> dt.date:
    """The last day of `d`'s month."""
    return d + relativedelta(day=31)


def period_start(as_of: dt.date, grain: str) -> dt.date:
    """First day of the month, quarter or year containing `as_of`."""
    if grain == "month":
        return as_of.replace(day=1)
    if grain == "quarter":
        return dt.date(as_of.year, 3 * ((as_of.month - 1) // 3) + 1, 1)
    if grain == "year":
        return dt.date(as_of.year, 1, 1)
    raise ValueError(f"unknown grain {grain!r}")


def previous_period_as_of(as_of: dt.date, grain: str) -> dt.date:
    """The same point one period earlier (环比)."""
    return shift_months(as_of, {"month": -1, "quarter": -3, "year": -12}[grain])


def quarter_end(year: int, quarter: int) -> dt.date:
    return month_end(dt.date(year, 3 * quarter, 1))


def last_completed_quarter(as_of: dt.date) -> tuple[int, int]:
    """(year, quarter) of the latest quarter that has ended on or before `as_of`."""
    q = (as_of.month - 1) // 3 + 1
    if as_of == quarter_end(as_of.year, q):
        return as_of.year, q
    return (as_of.year, q - 1) if q > 1 else (as_of.year - 1, 4)
