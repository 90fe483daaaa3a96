"""cgw.domain.periods: calendar arithmetic (dateutil) and period boundaries, by hand."""

from __future__ import annotations

import datetime as dt

from cgw.domain import periods

D = dt.date


def test_shifts_clamp_to_the_end_of_a_shorter_month():
    assert periods.shift_years(D(2024, 2, 29), -1) == D(2023, 2, 28)
    assert periods.shift_years(D(2024, 2, 29), 4) == D(2028, 2, 29)
    assert periods.shift_months(D(2025, 3, 31), -1) == D(2025, 2, 28)
    assert periods.shift_months(D(2025, 1, 31), 13) == D(2026, 2, 28)
    assert periods.shift_months(D(2025, 6, 30), -3) == D(2025, 3, 30)
    assert periods.month_end(D(2024, 2, 10)) == D(2024, 2, 29)


def test_period_starts_and_quarters():
    assert periods.period_start(D(2025, 8, 17), "month") == D(2025, 8, 1)
    assert periods.period_start(D(2025, 8, 17), "quarter") == D(2025, 7, 1)
    assert periods.period_start(D(2025, 8, 17), "year") == D(2025, 1, 1)
    assert periods.previous_period_as_of(D(2025, 5, 31), "quarter") == D(2025, 2, 28)
    assert [periods.quarter_end(2025, q) for q in (1, 2, 3, 4)] == [D(2025, 3, 31), D(2025, 6, 30), D(2025, 9, 30),
                                                                    D(2025, 12, 31)]
    assert periods.last_completed_quarter(D(2025, 6, 30)) == (2025, 2)
    assert periods.last_completed_quarter(D(2025, 6, 29)) == (2025, 1)
    assert periods.last_completed_quarter(D(2025, 2, 1)) == (2024, 4)
