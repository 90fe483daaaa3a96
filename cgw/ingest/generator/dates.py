"""Vectorised calendar arithmetic on numpy datetime64[D] arrays."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from cgw.domain.periods import shift_years

DAY = np.timedelta64(1, "D")


def d64(d: dt.date) -> np.datetime64:
    return np.datetime64(d.isoformat(), "D")


def years_before(as_of: dt.date, years: np.ndarray) -> np.ndarray:
    """as_of minus each number of whole years, as datetime64[D]."""
    years = np.asarray(years, dtype=np.int64)
    lo, hi = int(years.min(initial=0)), int(years.max(initial=0))
    table = np.array([d64(shift_years(as_of, -y)) for y in range(lo, hi + 1)])
    return table[years - lo]


def birth_for_age(as_of: dt.date, age: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Birth dates whose completed age (周岁) on `as_of` is exactly `age`."""
    return years_before(as_of, age) - rng.integers(0, 365, len(age)) * DAY


def add_years(dates: np.ndarray, years: int) -> np.ndarray:
    """Each date plus whole calendar years (29 February maps to 28 February)."""
    shifted = pd.DatetimeIndex(np.asarray(dates, dtype="datetime64[D]")) + pd.DateOffset(years=years)
    return shifted.values.astype("datetime64[D]")


def uniform_dates(rng: np.random.Generator, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """A uniform date in [start, end] for each pair (end is clamped to at least start)."""
    start = np.asarray(start, dtype="datetime64[D]")
    end = np.maximum(np.asarray(end, dtype="datetime64[D]"), start)
    span = (end - start).astype(np.int64) + 1
    return start + np.floor(rng.random(np.broadcast(start, end).shape) * span).astype(np.int64) * DAY


def year_of(dates: np.ndarray) -> np.ndarray:
    return dates.astype("datetime64[Y]").astype(np.int64) + 1970
