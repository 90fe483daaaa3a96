"""The metric layer: catalogue (what each KPI means), engine (how it is computed), quality checks.

No Streamlit here: pages, the command line and the report all call these functions.
"""

from metrics.catalogue import CATALOGUE, Metric, get
from metrics.engine import Comparison, breakdown, compare, evaluate, top_bottom, trend
from metrics.filters import Filters

__all__ = ["CATALOGUE", "Comparison", "Filters", "Metric", "breakdown", "compare", "evaluate", "get", "top_bottom", "trend"]
