"""Chart palette: every category value has one colour everywhere, distinct within its dimension."""

from __future__ import annotations

from cgw.outputs.charts import palette
from metrics.models import DIMENSIONS


def test_every_dimension_value_has_its_own_colour_within_the_dimension():
    for name, dim in DIMENSIONS.items():
        if dim.order:
            colours = [palette.colour(v) for v in dim.order]
            assert len(set(colours)) == len(colours), name


def test_a_value_has_one_colour_everywhere_and_meaningful_ones_are_fixed():
    # 优秀 is both a training result and an assessment grade: same colour.
    assert palette.colour("优秀") == palette.colour("优秀") == "#2E9E5B"
    assert palette.colour("不称职") == palette.colour("不合格") == "#D62728"
    assert palette.colour("其他") == palette.colour("未持证") == palette.GREY
    assert palette.colour("一个没有的值") == palette.GREY
