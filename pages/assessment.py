"""Placeholder: this page is being built."""

import streamlit as st

from ui import layout
from ui.i18n import tr

layout.header(tr("建设中", "Under construction"))
st.info(tr("本页面正在建设中。", "This page is being built."))
