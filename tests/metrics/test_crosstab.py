"""metrics.crosstab: two-way breakdowns checked against counts made by hand from the raw rows."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from cgw import domain
from cgw.storage import database
from metrics import crosstab
from metrics.filters import Filters

ROOT = "370705"


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def test_crosstab_age_band_by_sex_matches_a_hand_count(kuiwen_db):
    con = database.connect(kuiwen_db)
    day = database.as_of_date(con)
    workers = database.query_df(con, "SELECT gender::VARCHAR AS gender, birth_date, hire_date, exit_date FROM workers")
    active = workers[(workers["hire_date"].dt.date <= day)
                     & (workers["exit_date"].isna() | (workers["exit_date"].dt.date > day))]
    ages = active["birth_date"].dt.date.map(lambda b: _age(b, day))
    band = pd.cut(ages, [0, 30, 40, 50, 200], right=False, labels=["30岁以下", "30-39岁", "40-49岁", "50岁及以上"])
    expected = active.groupby([band.astype(str), active["gender"]]).size()

    got = crosstab.crosstab(con, "active_workers", Filters(ROOT, day), "age_band", "gender")
    assert {(a, b): int(v) for a, b, v in zip(got["a"], got["b"], got["value"])} == \
        {k: int(v) for k, v in expected.items() if v}
    assert list(dict.fromkeys(got["a"])) == [b for b in ("30岁以下", "30-39岁", "40-49岁", "50岁及以上")
                                              if b in set(got["a"])]


def test_crosstab_assessment_grades_by_role_matches_a_hand_count(kuiwen_db):
    con = database.connect(kuiwen_db)
    day = database.as_of_date(con)
    year = Filters(ROOT, day).params()["last_year_end"].year
    rows = database.query_df(con, "SELECT role_category::VARCHAR AS r, grade::VARCHAR AS g FROM assessments "
                                  "WHERE year = ?", [year])
    expected = rows.groupby(["r", "g"]).size()
    got = crosstab.crosstab(con, "assessed_workers", Filters(ROOT, day), "role_category", "assessment_grade")
    assert {(a, b): int(v) for a, b, v in zip(got["a"], got["b"], got["value"])} == {k: int(v) for k, v in expected.items()}
    roles = [r for r in domain.values("role_category") if r in set(got["a"])]
    assert list(dict.fromkeys(got["a"])) == roles


def test_crosstab_of_a_share_carries_numerator_and_denominator(kuiwen_db):
    con = database.connect(kuiwen_db)
    day = database.as_of_date(con)
    got = crosstab.crosstab(con, "reserve_90s_share", Filters(ROOT, day), "target_post", "generation")
    born_90s = got[got["b"] == "90后"].set_index("a")["numerator"].to_dict()
    # The calibrated kuiwen preset: 12 / 49 / 76 candidates born in the 1990s by target post.
    assert born_90s == {"正职": 12, "副职": 49, "两委成员": 76}
    with pytest.raises(ValueError):
        crosstab.crosstab(con, "workers_per_10k", Filters(ROOT, day), "region", "gender")
