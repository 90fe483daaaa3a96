"""File uploaders in the UI's language. Streamlit writes its drop zone in English ("Upload",
"200MB per file • CSV, XLSX"); `localise` rewrites those texts with CSS (the drop zone has no
text options), so the Chinese UI has no English left in it."""

from __future__ import annotations

import html

import streamlit as st

from cgw.webui.i18n import lang


def localise(limit_mb: float, kinds: list[str] | tuple[str, ...]) -> None:
    """Call just before st.file_uploader: its button and hint in Chinese (nothing in English)."""
    if lang() == "en":
        return
    hint = f"拖放文件到此处 · 单个文件不超过 {limit_mb:g} MB · " + "、".join(k.lstrip(".").upper() for k in kinds)
    st.html(f"""<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{ font-size: 0 !important; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {{
  content: "选择文件"; font-size: 0.875rem; }}
[data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0 !important; }}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{ content: "{html.escape(hint)}"; font-size: 0.8rem; }}
[data-testid="stFileUploaderDeleteBtn"] button::after {{ content: ""; }}
</style>""")
