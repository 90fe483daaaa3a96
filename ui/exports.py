"""Downloads for the data behind a chart (contract used by ui.charts; extended by the presenter tools)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.i18n import tr


def chart_exports(fig, df: pd.DataFrame, name: str) -> None:
    """Download buttons for one chart: `name` is a short file-name stem (filters are appended)."""
    st.download_button(
        tr("下载数据 CSV", "Download CSV"),
        df.to_csv(index=False).encode("utf-8-sig"),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"export_csv_{name}",
    )
