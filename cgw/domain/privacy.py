"""Masking of personal data. Every view and export passes frames through `mask_frame`."""

from __future__ import annotations

import re

import pandas as pd

ID_COLUMNS = ("id_number", "身份证号")
PHONE_COLUMNS = ("phone", "联系电话", "手机号")
_ID_LIKE = re.compile(r"\d{17}[\dXx]|\d{15}")
_PHONE_LIKE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def mask_id(value: object) -> object:
    """370705199001011234 -> 370705********1234 (area kept, birth date hidden)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return value
    s = str(value)
    if len(s) < 8:
        return "*" * len(s)
    return s[:6] + "*" * (len(s) - 10) + s[-4:] if len(s) > 10 else s[:2] + "*" * (len(s) - 2)


def mask_phone(value: object) -> object:
    """13812345678 -> 138****5678."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return value
    s = str(value)
    return s[:3] + "****" + s[-4:] if len(s) >= 8 else "*" * len(s)


def mask_text(text: str) -> str:
    """Mask ID and phone numbers that appear inside free text."""
    text = _ID_LIKE.sub(lambda m: mask_id(m.group(0)), text)
    return _PHONE_LIKE.sub(lambda m: mask_phone(m.group(0)), text)


def mask_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` with sensitive columns masked, and ID/phone numbers in text cells masked."""
    out = df.copy()
    for col in out.columns:
        if col in ID_COLUMNS:
            out[col] = out[col].map(mask_id)
        elif col in PHONE_COLUMNS:
            out[col] = out[col].map(mask_phone)
        elif out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(lambda v: mask_text(v) if isinstance(v, str) else v)
    return out
