"""The metric layer: catalogue (what each KPI means), engine (how it is computed), quality checks.

No Streamlit here: pages, the command line and the report all call these functions.
"""

from metrics.catalogue import CATALOGUE, Metric, get
from metrics.engine import Comparison, Coverage, breakdown, compare, coverage, evaluate, top_bottom, trend
from metrics.filters import Filters

__all__ = ["CATALOGUE", "Comparison", "Coverage", "Filters", "Metric", "breakdown", "compare", "coverage", "evaluate", "get",
           "top_bottom", "trend"]
